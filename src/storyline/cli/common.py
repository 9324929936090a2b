"""What every command shares: exit codes, settings from flags, the output file, the report of
skipped inputs on stderr."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from ..model import InputRecord
from ..settings import Settings

EXIT_OK, EXIT_PARTIAL, EXIT_NOTHING = 0, 1, 2


class Formatter(argparse.RawDescriptionHelpFormatter):
    """--help that shows each option's default (when it has one) and keeps the examples'
    line breaks."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default not in (None, False, argparse.SUPPRESS, []) and "%(default)" not in text:
            text += " (default: %(default)s)"
        return text


def examples(*lines: str) -> str:
    """An epilog of example command lines for a --help."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def load_settings(args: argparse.Namespace) -> Settings:
    """Return the settings of a command: its `--settings` file, then its flags over it."""
    base = Settings.from_toml(args.settings) if getattr(args, "settings", None) else Settings()
    changes = {"words": getattr(args, "words", None), "method": getattr(args, "method", None)}
    if getattr(args, "no_analysis", False):
        changes["analyze"] = False
    return base.with_(**changes)


def report(records: Sequence[InputRecord], quiet: bool, err: TextIO,
           notes: Sequence[str] = ()) -> int:
    """Name every skipped input and every note on `err` (unless quiet); return the exit code
    they imply (a note, such as "these look like several stories", makes it partial)."""
    used = sum(r.status == "used" for r in records)
    skipped = [r for r in records if r.status != "used"]
    if not quiet:
        for r in skipped:
            print(f"storyline: skipped {r.origin}: {r.reason}", file=err)
        for note in notes:
            print(f"storyline: warning: {note}", file=err)
    if not used:
        return EXIT_NOTHING
    return EXIT_PARTIAL if skipped or notes else EXIT_OK


@contextlib.contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """Yield the file at `path` (LF line ends, UTF-8), or stdout when no path is given."""
    if not path:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        yield handle
