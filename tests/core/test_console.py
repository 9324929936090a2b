"""Progress, step lines and the closing tally: shown on a terminal, silent when piped or -q."""

from __future__ import annotations

import io
import sys

import pytest
from helpers import Terminal

from storyline.console import live, progress, step, tally


def test_a_pipe_gets_the_items_untouched_and_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    items = ["a", "b", "c"]
    assert progress(items, False, "input", "planning") is items
    step(False, "spark: planned 3 files")
    assert pipe.getvalue() == "" and not live(False)


def test_a_terminal_gets_a_bar_and_step_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert list(progress(range(4), False, "input", "planning")) == [0, 1, 2, 3]
    step(False, "spark: clustered into 2 stories, 0.1 s")
    shown = screen.getvalue()
    assert "planning" in shown and "/4 " in shown  # the bar knows the total
    assert "storyline: spark: clustered into 2 stories" in shown


def test_quiet_silences_everything_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert list(progress("ab", True, "input", "planning")) == ["a", "b"]
    step(True, "never shown")
    tally(True, read=3)
    assert screen.getvalue() == ""


def test_the_tally_is_for_every_run_not_under_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    tally(False, read=1878, skipped=59, near_duplicates=2)
    assert pipe.getvalue() == "storyline: 1,878 read, 59 skipped, 2 near duplicates\n"
