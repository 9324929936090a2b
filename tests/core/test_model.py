from __future__ import annotations

import json

from storyline.model import (
    Article,
    Brief,
    Citation,
    Coverage,
    Diagnostics,
    Dropped,
    Entity,
    Event,
    Figure,
    FigureMention,
    InputRecord,
    Quote,
    Section,
    SummarySentence,
    content_id,
)


def full_brief() -> Brief:
    art = Article(
        id="a1", origin="x.txt", text="Fire broke out. Crews came.", title="Fire",
        source="Wire", published="2025-03-11", published_time="18:40",
        published_from="metadata", sections=(Section(0, "9:15 p.m."),),
        dropped=(Dropped("a1", "Credit: Someone", "photo credit"),),
    )
    cit = Citation("a1", 0, 15)
    return Brief(
        id="b1", articles=(art,), summary=(SummarySentence("Fire broke out.", (cit,)),),
        diagnostics=Diagnostics((InputRecord("x.txt", "used"),), art.dropped),
        timeline=(Event("2025-03-11", "day", "Fire broke out.", (cit,)),),
        figures=(Figure("people injured", "single",
                        (FigureMention("a1", 12.0, "12 people", 0, 9, "at least"),)),),
        quotes=(Quote("Ana Ruiz", "We are safe.", (cit,)),),
        entities=(Entity("Ana Ruiz", "person", ("Ana Ruiz", "Ruiz"), ("a1",), 2),),
        coverage=(Coverage("a1", (cit,), (0,)),),
    )


def test_every_type_round_trips_through_json() -> None:
    brief = full_brief()
    data = json.loads(json.dumps(brief.to_dict()))
    assert Brief.from_dict(data) == brief


def test_content_id_is_stable_and_content_derived() -> None:
    assert content_id("a", "b") == content_id("a", "b")
    assert content_id("a", "b") != content_id("ab")
    assert len(content_id("x")) == 12
