"""The `storyline` command: parse arguments, call one library function, format the result."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import StorylineError
from ..spark.options import add_spark_parser
from .add import add_add_parser, run_add
from .brief import add_brief_parser, run_brief
from .cluster import add_cluster_parser, run_cluster
from .common import EXIT_NOTHING, EXIT_OK
from .eval import add_eval_parser, run_eval
from .serve import add_serve_parser, run_serve
from .show import add_changes_parser, add_show_parser, run_changes, run_show
from .stories import add_export_parser, add_stories_parser, run_export, run_stories


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="storyline", description="One cited brief from many reports of the same story.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="run 'storyline COMMAND --help' for a command's options and examples",
    )
    parser.add_argument("--version", action="version", version=f"storyline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    add_brief_parser(sub)
    add_eval_parser(sub)
    add_serve_parser(sub)
    add_cluster_parser(sub)
    add_spark_parser(sub)
    for add_store_parser in (add_add_parser, add_stories_parser, add_show_parser,
                             add_changes_parser, add_export_parser):
        add_store_parser(sub)
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "spark":
        from ..spark.job import run_spark  # start-up: the job's stages load only when it runs

        return run_spark(args)
    commands = {"brief": run_brief, "eval": run_eval, "serve": run_serve, "cluster": run_cluster,
                "add": run_add, "stories": run_stories, "show": run_show,
                "changes": run_changes, "export": run_export}
    return commands[args.command](args)


COMMANDS = ("add", "brief", "changes", "cluster", "eval", "export", "serve", "show", "spark",
            "stories")


def _unknown_command(argv: Sequence[str]) -> str | None:
    """Return a "did you mean" message when the first word is not a command."""
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is None or first in COMMANDS or argv[0].startswith("-"):
        return None
    close = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else f"; commands: {', '.join(COMMANDS)}"
    return f"storyline: unknown command '{first}'{hint} (storyline --help lists them)"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `storyline` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv:
        parser.print_help()
        return EXIT_OK
    wrong = _unknown_command(argv)
    if wrong:
        print(wrong, file=sys.stderr)
        return EXIT_NOTHING
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except StorylineError as exc:
        print(f"storyline: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("storyline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_NOTHING
