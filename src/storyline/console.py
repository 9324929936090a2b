"""What a long run tells a person at a terminal: a progress bar, step lines and the closing
tally, all on stderr. Bars and step lines show only when stderr is a terminal and never under
-q, so piped and scripted runs stay quiet; the tally is for every batch run not under -q.

Shared by the CLI commands and the Spark job (which sit side by side and may not import each
other), so it lives at the bottom of the house with the model and the errors."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def live(quiet: bool) -> bool:
    """True when progress may be shown: stderr is a terminal and the run is not under -q."""
    return not quiet and sys.stderr.isatty()


def progress(items: Iterable[T], quiet: bool, unit: str, desc: str) -> Iterable[T]:
    """Wrap a long run's items in a progress bar on stderr: only on a terminal, never under -q."""
    if not live(quiet):
        return items
    from tqdm import tqdm  # start-up: only long runs on a terminal need it

    bar: Iterable[T] = tqdm(items, unit=unit, desc=desc, file=sys.stderr, leave=False)
    return bar


def step(quiet: bool, message: str) -> None:
    """Say on stderr that a step of a long run is done ("storyline: spark: cluster, 4.2 s")."""
    if live(quiet):
        print(f"storyline: {message}", file=sys.stderr, flush=True)


def tally(quiet: bool, **counts: int) -> None:
    """Print the closing one-line tally of a batch run on stderr ("1,878 read, 59 skipped")."""
    if not quiet:
        words = ", ".join(f"{n:,} {what.replace('_', ' ')}" for what, n in counts.items())
        print(f"storyline: {words}", file=sys.stderr)
