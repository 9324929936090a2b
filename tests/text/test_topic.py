"""Off-topic input: an article that belongs to none of the others is left out with a reason;
inputs that look like several stories are said to be so, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import build_brief
from storyline.cli import main
from storyline.model import Article, content_id

FLOOD = [
    "The river Tarn burst its banks in Millbrook on Sunday, flooding 40 homes and closing the "
    "main bridge, the county council said. Rescue boats moved residents to the school hall.",
    "Flood water from the Tarn covered Millbrook's high street on Sunday. Forty homes were "
    "flooded and the bridge was shut while engineers checked it, council officials said.",
    "Millbrook residents spent Sunday night in the school hall after the Tarn flooded their "
    "homes. The council said the bridge over the river would stay closed until Tuesday.",
]
OTHER = [
    "The Redhill Rovers beat Ashford United 3-1 in the league final, with two goals from the "
    "young striker in the second half and a late penalty saved by the goalkeeper.",
    "A new bakery opened on Orchard Lane, selling rye loaves and cinnamon buns from a recipe "
    "the owner brought from her grandmother's village, with queues around the corner.",
    "Astronomers at the Kell Observatory reported a faint comet passing close to Jupiter, "
    "visible with small telescopes before dawn for the next two weeks.",
    "The city orchestra announced a season of Baltic composers, opening in October with a "
    "symphony not performed here for forty years and a new violin concerto.",
    "A chess prodigy aged eleven won the regional open tournament undefeated, drawing only one "
    "game against the reigning champion in a long endgame.",
]


def raw(text: str, n: int) -> Article:
    """A raw article of a fictional outlet."""
    return Article(id=content_id(str(n), text), origin=f"item{n}.txt", text=text,
                   source=f"Outlet {n}", published="2031-04-06")


def test_an_unrelated_item_is_left_out_as_off_topic() -> None:
    brief = build_brief([raw(t, n) for n, t in enumerate([*FLOOD, OTHER[0]])])
    assert len(brief.articles) == 3
    reasons = {r.origin: r.reason for r in brief.diagnostics.inputs if r.status == "skipped"}
    assert reasons["item3.txt"].startswith("off-topic:")
    assert all("Rovers" not in s.text for s in brief.summary)
    assert brief.diagnostics.notes == ()


def test_many_stories_are_named_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief = build_brief([raw(t, n) for n, t in enumerate([FLOOD[0], *OTHER])])
    assert len(brief.diagnostics.notes) == 1
    assert "these 6 articles look like 6 stories" in brief.diagnostics.notes[0]
    for n, text in enumerate([FLOOD[0], *OTHER]):
        (tmp_path / f"item{n}.txt").write_text(text, encoding="utf-8")
    assert main(["brief", str(tmp_path), "-o", str(tmp_path / "out.md")]) == 1
    assert "use storyline cluster --brief" in capsys.readouterr().err


def test_one_story_is_left_alone() -> None:
    brief = build_brief([raw(t, n) for n, t in enumerate(FLOOD)])
    assert len(brief.articles) == 3 and brief.diagnostics.notes == ()
    assert all(r.status == "used" for r in brief.diagnostics.inputs)
