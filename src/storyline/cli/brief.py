"""`storyline brief`: one cited brief from reports of the same story (or one per cluster)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..errors import StorylineError
from ..model import Brief
from ..settings import Settings
from .common import EXIT_NOTHING, EXIT_OK, EXIT_PARTIAL, load_settings, output, report


def add_brief_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline brief` on the CLI's subparsers."""
    p = sub.add_parser("brief", help="write one cited brief from reports of the same story")
    p.add_argument("paths", nargs="*", help="files, folders, globs, or - for stdin")
    p.add_argument("--words", type=int, help="summary budget in words (default 120)")
    p.add_argument("--format", choices=("md", "json", "jsonl", "html"), default="md")
    p.add_argument("--method", help="summarizer: storyline, lead, lexrank, textrank, random")
    p.add_argument("--clusters", metavar="FILE.jsonl", help="one story per line; JSONL out")
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

    codes = []
    for cluster in read_clusters(args.clusters, settings):
        brief = build_brief(cluster.articles, cluster.inputs, settings)
        out.write(to_jsonl(brief) + "\n")
        codes.append(report(brief.diagnostics.inputs, args.quiet, sys.stderr))
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
    code = report(brief.diagnostics.inputs, args.quiet, sys.stderr)
    if code == EXIT_NOTHING:
        print(
            "storyline: nothing usable was given: every input was skipped "
            "(see the reasons above); pass news articles as text, HTML or JSON",
            file=sys.stderr,
        )
        return code
    out.write(_render(brief, args.format))
    return code
