"""`storyline brief`: one cited brief from reports of the same story (or one per cluster)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..console import progress, tally
from ..errors import StorylineError
from ..model import Brief
from ..settings import Settings
from .common import (
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_PARTIAL,
    Formatter,
    examples,
    load_settings,
    output,
    report,
)


def add_brief_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline brief` on the CLI's subparsers."""
    p = sub.add_parser(
        "brief", help="write one cited brief from reports of the same story",
        description="Read reports of one story (text, HTML, JSON/JSONL, feeds) and write its "
        "brief: a cited summary, timeline, key figures, quotes, entities and what each source "
        "adds. Every input is used or named on stderr with the reason it was skipped.",
        formatter_class=Formatter,
        epilog=examples("storyline brief examples/harbor-fire/",
                        "storyline brief a.txt b.html --format json -o brief.json",
                        "storyline brief 'archive/*.jsonl' --words 200 --format html -o b.html",
                        "cat page.html | storyline brief -",
                        "storyline brief --clusters clusters.jsonl > briefs.jsonl"),
    )
    p.add_argument("paths", nargs="*", help="files, folders, globs, or - for stdin")
    p.add_argument("--words", type=int, help="summary budget in words (settings: words = 120)")
    p.add_argument("--format", choices=("md", "json", "jsonl", "html"),
                   help="output format (md; jsonl with --clusters)")
    p.add_argument("--method", help="summarizer: storyline (settings' default), lead, lexrank, "
                   "textrank, random")
    p.add_argument("--clusters", metavar="FILE.jsonl",
                   help="one story per line ({id, documents}); one JSONL brief per line out")
    p.add_argument("--settings", metavar="FILE.toml", help="settings file")
    p.add_argument("--no-analysis", action="store_true", help="summary only")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="no messages on stderr")


def _render(brief: Brief, fmt: str) -> str:
    from .. import render  # start-up: `storyline --help` does not load the renderers

    if fmt == "json":
        return render.to_json(brief) + "\n"
    if fmt == "jsonl":
        return render.to_jsonl(brief) + "\n"
    if fmt == "html":
        return render.to_html(brief)
    return render.to_markdown(brief)


def _run_clusters(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    # start-up: `storyline --help` does not load the pipeline
    from ..ingest import read_clusters
    from ..pipeline import build_brief
    from ..render import to_jsonl

    if args.format not in (None, "jsonl"):
        raise StorylineError(f"--clusters writes one JSON line per story; --format "
                             f"{args.format} is not available with it (use --format jsonl, or "
                             "brief one story at a time)")
    codes = []
    records = 0
    for cluster in progress(read_clusters(args.clusters, settings), args.quiet, "cluster",
                            "briefing"):
        # The cluster's own id names its brief; without one, the hash of its article ids.
        brief = build_brief(cluster.articles, cluster.inputs, settings, brief_id=cluster.ref)
        out.write(to_jsonl(brief) + "\n")
        records += len(brief.diagnostics.inputs)
        codes.append(report(brief.diagnostics.inputs, args.quiet, sys.stderr,
                            brief.diagnostics.notes))
    tally(args.quiet, clusters=len(codes), inputs=records,
          with_skipped_inputs=sum(c != EXIT_OK for c in codes))
    if not codes:
        return EXIT_NOTHING
    return EXIT_OK if all(c == EXIT_OK for c in codes) else EXIT_PARTIAL


def run_brief(args: argparse.Namespace) -> int:
    """Run `storyline brief`."""
    settings = load_settings(args)
    with output(args.output) as out:
        if args.clusters:
            return _run_clusters(args, settings, out)
        return _brief_paths(args, settings, out)


def _brief_paths(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from ..ingest import ingest  # start-up: `storyline --help` does not load the pipeline
    from ..pipeline import build_brief

    if not args.paths:
        raise StorylineError(
            "no input given: pass files, folders or globs (or - for stdin), "
            "e.g. storyline brief examples/harbor-fire/"
        )
    ingested = ingest(args.paths, settings)
    brief = build_brief(ingested.articles, ingested.inputs, settings)
    code = report(brief.diagnostics.inputs, args.quiet, sys.stderr, brief.diagnostics.notes)
    if code == EXIT_NOTHING:
        print(
            "storyline: nothing usable was given: every input was skipped "
            "(see the reasons above); pass news articles as text, HTML or JSON",
            file=sys.stderr,
        )
        return code
    out.write(_render(brief, args.format or "md"))
    return code
