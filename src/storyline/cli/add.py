"""`storyline add`: grow a story store with new articles; rebuild the briefs that changed."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from ..console import tally
from ..errors import require
from ..model import InputRecord
from .common import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, Formatter, examples, load_settings

if TYPE_CHECKING:
    from ..store.add import BatchReport


def add_store_option(p: argparse.ArgumentParser) -> None:
    """The --store option every store command takes."""
    p.add_argument("--store", required=True, metavar="PATH|URL",
                   help="the store: a SQLite file (created on first use) or postgresql://...")


def add_add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline add`."""
    p = sub.add_parser(
        "add", help="add articles to a story store (needs storyline[store])",
        description="Read articles like `cluster` does, add the ones the store does not have "
        "yet (same URL, same id from the same outlet, or the same outlet and text are "
        "duplicates), put each in its story with the store's own clusterer, and rebuild the "
        "briefs of the stories that grew. Adding the same inputs again adds nothing; with no "
        "inputs, only the briefs still due are built.",
        formatter_class=Formatter,
        epilog=examples("storyline add feeds/ --store news.db",
                        "storyline add 'archive/2025-03-*.jsonl' --store news.db --no-briefs",
                        "storyline add --store news.db   # build the briefs still due",
                        "storyline add today.jsonl --store postgresql://localhost/news"),
    )
    p.add_argument("paths", nargs="*", help="files, folders, globs, or - for stdin")
    add_store_option(p)
    p.add_argument("--no-briefs", action="store_true",
                   help="only add and cluster; the grown stories' briefs stay due")
    p.add_argument("--log", metavar="FILE.jsonl",
                   help="write what became of every input (added, duplicate, skipped)")
    p.add_argument("--settings", metavar="FILE.toml", help="settings file")
    p.add_argument("-q", "--quiet", action="store_true", help="no messages on stderr")


def run_add(args: argparse.Namespace) -> int:
    """Run `storyline add`; return the exit code."""
    require("sqlalchemy", "store")
    from ..store.add import add_articles, read_inputs
    from ..store.briefs import build_due_briefs
    from ..store.db import open_store

    settings = load_settings(args)
    engine = open_store(args.store)
    skipped: list[InputRecord] = []
    articles = read_inputs(args.paths, settings, skipped.append) if args.paths else []
    report = add_articles(engine, articles, settings, args.paths, skipped)
    if not args.quiet:
        for record in report.skipped:
            print(f"storyline: skipped {record.origin}: {record.reason}", file=sys.stderr)
        for origin, of, why in report.duplicates:
            print(f"storyline: duplicate {origin}: {why} as article {of}", file=sys.stderr)
    if args.log:
        _write_log(args.log, report)
    built = 0 if args.no_briefs else build_due_briefs(engine, settings)
    tally(args.quiet, added=len(report.added), duplicates=len(report.duplicates),
          skipped=len(report.skipped), new_stories=report.new_stories,
          grown_stories=report.grown_stories, briefs_built=built)
    if args.paths and not (report.added or report.duplicates):
        return EXIT_NOTHING
    return EXIT_PARTIAL if report.skipped else EXIT_OK


def _write_log(path: str, report: BatchReport) -> None:
    """One JSON line per input: added (article, story), duplicate (of which), skipped (why)."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for origin, article, story in report.added:
            out.write(json.dumps({"input": origin, "status": "added", "article": article,
                                  "story": story}) + "\n")
        for origin, of, why in report.duplicates:
            out.write(json.dumps({"input": origin, "status": "duplicate", "of": of,
                                  "reason": why}) + "\n")
        for record in report.skipped:
            out.write(json.dumps({"input": record.origin, "status": "skipped",
                                  "reason": record.reason}) + "\n")
