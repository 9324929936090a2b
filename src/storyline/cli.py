"""The `storyline` command: parse arguments, call one library function, format the result."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from . import __version__
from .errors import StorylineError
from .model import Brief, InputRecord
from .settings import Settings

EXIT_OK, EXIT_PARTIAL, EXIT_NOTHING = 0, 1, 2


def _settings(args: argparse.Namespace) -> Settings:
    base = Settings.from_toml(args.settings) if getattr(args, "settings", None) else Settings()
    changes = {"words": getattr(args, "words", None), "method": getattr(args, "method", None)}
    if getattr(args, "no_analysis", False):
        changes["analyze"] = False
    return base.with_(**changes)


def _add_brief(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="storyline", description="One cited brief from many reports of the same story."
    )
    parser.add_argument("--version", action="version", version=f"storyline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_brief(sub)
    from .cli_eval import add_eval_parser

    add_eval_parser(sub)
    from .cli_serve import add_serve_parser

    add_serve_parser(sub)
    from .cli_stream import add_cluster_parser

    add_cluster_parser(sub)
    from .spark import add_spark_parser

    add_spark_parser(sub)
    return parser


def _report(records: Sequence[InputRecord], quiet: bool, err: TextIO) -> int:
    used = sum(r.status == "used" for r in records)
    skipped = [r for r in records if r.status != "used"]
    if not quiet:
        for r in skipped:
            print(f"storyline: skipped {r.origin}: {r.reason}", file=err)
    if not used:
        return EXIT_NOTHING
    return EXIT_PARTIAL if skipped else EXIT_OK


def _render(brief: Brief, fmt: str) -> str:
    from . import render

    if fmt == "json":
        return render.to_json(brief) + "\n"
    if fmt == "jsonl":
        return render.to_jsonl(brief) + "\n"
    if fmt == "html":
        from .html import to_html

        return to_html(brief)
    return render.to_markdown(brief)


def _run_clusters(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from .brief import build_brief
    from .ingest import read_clusters
    from .render import to_jsonl

    codes = []
    for cluster in read_clusters(args.clusters, settings):
        brief = build_brief(cluster.articles, cluster.inputs, settings)
        out.write(to_jsonl(brief) + "\n")
        codes.append(_report(brief.diagnostics.inputs, args.quiet, sys.stderr))
    if not codes:
        return EXIT_NOTHING
    return EXIT_OK if all(c == EXIT_OK for c in codes) else EXIT_PARTIAL


def run_brief(args: argparse.Namespace) -> int:
    """Run `storyline brief`."""
    settings = _settings(args)
    with output(args.output) as out:
        if args.clusters:
            return _run_clusters(args, settings, out)
        return _brief_paths(args, settings, out)


@contextlib.contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """Yield the file at `path` (LF line ends, UTF-8), or stdout when no path is given."""
    if not path:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        yield handle


def _brief_paths(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from .brief import build_brief
    from .ingest import ingest

    if not args.paths:
        raise StorylineError(
            "no input given: pass files, folders or globs (or - for stdin), "
            "e.g. storyline brief examples/harbor-fire/"
        )
    ingested = ingest(args.paths, settings)
    brief = build_brief(ingested.articles, ingested.inputs, settings)
    code = _report(brief.diagnostics.inputs, args.quiet, sys.stderr)
    if code == EXIT_NOTHING:
        print(
            "storyline: nothing usable was given: every input was skipped "
            "(see the reasons above); pass news articles as text, HTML or JSON",
            file=sys.stderr,
        )
        return code
    out.write(_render(brief, args.format))
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `storyline` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "brief":
            return run_brief(args)
        if args.command == "eval":
            from .cli_eval import run_eval

            return run_eval(args)
        if args.command == "serve":
            from .cli_serve import run_serve

            return run_serve(args)
        if args.command == "cluster":
            from .cli_stream import run_cluster

            return run_cluster(args)
        if args.command == "spark":
            from .spark import run_spark

            return run_spark(args)
    except StorylineError as exc:
        print(f"storyline: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("storyline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_NOTHING


if __name__ == "__main__":
    sys.exit(main())


