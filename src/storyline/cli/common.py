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


def load_settings(args: argparse.Namespace) -> Settings:
    """Return the settings of a command: its `--settings` file, then its flags over it."""
    base = Settings.from_toml(args.settings) if getattr(args, "settings", None) else Settings()
    changes = {"words": getattr(args, "words", None), "method": getattr(args, "method", None)}
    if getattr(args, "no_analysis", False):
        changes["analyze"] = False
    return base.with_(**changes)


def report(records: Sequence[InputRecord], quiet: bool, err: TextIO) -> int:
    """Name every skipped input on `err` (unless quiet); return the exit code they imply."""
    used = sum(r.status == "used" for r in records)
    skipped = [r for r in records if r.status != "used"]
    if not quiet:
        for r in skipped:
            print(f"storyline: skipped {r.origin}: {r.reason}", file=err)
    if not used:
        return EXIT_NOTHING
    return EXIT_PARTIAL if skipped else EXIT_OK


@contextlib.contextmanager
def output(path: str | None) -> Iterator[TextIO]:
    """Yield the file at `path` (LF line ends, UTF-8), or stdout when no path is given."""
    if not path:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        yield handle
