"""`storyline cluster`: group a mixed stream of articles into stories (JSONL out)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from ..console import progress, tally
from ..model import Article, InputRecord
from ..settings import Settings
from .common import Formatter, examples, output


def add_cluster_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline cluster` on the CLI's subparsers."""
    p = sub.add_parser(
        "cluster",
        help="group a mixed stream of articles into stories (JSONL, one story per line)",
        description="Read articles (text, HTML, JSON/JSONL, RSS/Atom, WARC), order them by "
        "publication time, and group them online into stories: one JSON line per story with "
        "its articles, or its brief with --brief.",
        formatter_class=Formatter,
        epilog=examples("storyline cluster mixed-feed/ > stories.jsonl",
                        "storyline cluster 'archive/*.jsonl' --brief -o briefs.jsonl",
                        "cat feed.jsonl | storyline cluster -"),
    )
    p.add_argument("paths", nargs="+", help="files, folders, globs, or - for stdin")
    p.add_argument("--brief", action="store_true", help="write one brief per story instead")
    p.add_argument("--threshold", type=float,
                   help="cosine to join a story (settings: cluster_threshold)")
    p.add_argument("--window", type=int,
                   help="days without news before a story closes (settings: cluster_window_days)")
    p.add_argument("--settings", metavar="FILE.toml", help="settings file")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="no messages on stderr")


def run_cluster(args: argparse.Namespace) -> int:
    """Run `storyline cluster`; return the exit code.

    Inputs are read one at a time (stdin JSON Lines line by line) and skipped inputs are
    reported as they are met, so an endless feed runs in bounded memory.
    """
    from ..cluster import write_stories  # start-up: `storyline --help` does not load them
    from ..ingest import iter_ingest

    base = Settings.from_toml(args.settings) if args.settings else Settings()
    settings = base.with_(cluster_threshold=args.threshold, cluster_window_days=args.window)
    skipped: list[str] = []

    def report(record: InputRecord) -> None:
        skipped.append(record.origin)
        if not args.quiet:
            print(f"storyline: skipped {record.origin}: {record.reason}", file=sys.stderr)

    read = 0

    def articles() -> Iterator[Article]:
        nonlocal read
        items = iter_ingest(args.paths, settings, stream_stdin=True)
        for item in progress(items, args.quiet, "input", "clustering"):
            if isinstance(item, Article):
                read += 1
                yield item
            else:
                report(item)

    with output(args.output) as out:
        count = write_stories(articles(), settings, out, args.brief, report)
    tally(args.quiet, articles_read=read, skipped=len(skipped), stories=count)
    if not count:
        return 2
    return 1 if skipped else 0
