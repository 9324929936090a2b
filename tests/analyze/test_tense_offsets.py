"""Tense markers index the original text even when lower-casing changes a string's length."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyze.tense import _CLAUSE_END, clause_bounds, same_length_lower, tense_markers


def test_a_dotted_capital_keeps_every_later_offset() -> None:
    text = "İstanbul officials said the ferry sailed on Monday and will return Friday."
    assert len("İ".lower()) == 2  # the trap: str.lower() is longer here
    lowered = same_length_lower(text)
    assert len(lowered) == len(text) and lowered[1:] == text[1:].lower()
    found = {text[s:e].lower(): kind for s, e, kind in tense_markers(text)}
    assert found.get("sailed") == "past" and found.get("will") == "future"  # at their words


def _old_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    hit = _CLAUSE_END.search(text, end)
    return lo, hit.start() if hit else len(text)


@given(st.lists(st.sampled_from(["ships", "sailed", ",", ";", " ", "(", "”", " - ", "dock",
                                 "were"]), max_size=30), st.data())
def test_clause_bounds_match_a_scan_from_the_start(parts: list[str], data: st.DataObject) -> None:
    text = " ".join(parts)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    if not re.search(r"\s(?:and|but|while)\s", text):  # lookahead-free breaks: exactly equal
        assert clause_bounds(text, start, end) == _old_bounds(text, start, end)
