"""The timeline: fictional Port Caldera fire reports (unit tests) and the five seeds."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers import SEEDS, article

from storyline.analyze.timeline import infer_published, publication_dates, timeline
from storyline.model import Article, Brief, Event, Section
from storyline.render.sections import timeline_lines as markdown_lines
from storyline.settings import Settings
from storyline.text.features import StoryFeatures, build_features
from storyline.text.segment import segment

SETTINGS = Settings()

COURIER = """A fire broke out at the Port Caldera container terminal late Thursday, officials said.
Harbour master Ines Okafor said on Friday that two cranes were destroyed in the blaze.
The terminal opened in the 1990s to serve the fishing fleet.
Its eastern quay was rebuilt in 2012 after a winter storm.
Inspectors will visit the container terminal on Monday, the port authority said.
Inspectors last week reported faulty wiring in a warehouse near the quay.
The fire service said its first engine arrived at 11:40 p.m. on Thursday.
Will the terminal reopen on Monday?
By Jo Reed, June 14, 2024"""

GAZETTE = """Fire crews battled a blaze at the Port Caldera container terminal late Thursday, \
the harbour master said.
The *Sea Star* ferry was diverted yesterday to the western quay of Port Caldera.
Inspectors will visit the container terminal on Monday to assess the damage.
Dock workers returned to the western quay on Saturday morning."""

LIVE = """The port authority has closed the eastern quay to all traffic.
It said ferries would use the western quay until further notice.
Ferry services resumed from the western quay this evening."""

POST = """Crews searched the damaged warehouse on Friday morning, the harbour master said.
The fire that began late Thursday at the Port Caldera container terminal was the largest in \
a decade.
Firefighters hosed down the terminal on June 14, 2024, after the blaze."""


def build(*articles: Article) -> StoryFeatures:
    """Prepared features for hand-made articles."""
    return build_features(articles, [segment(a) for a in articles])


def live_blog() -> Article:
    third = LIVE.index("Ferry services")
    return replace(
        article(LIVE, source="Harbour Live", published="2024-06-14"),
        sections=(Section(0, "7:15 a.m."), Section(third, "9:30 p.m.")),
    )


def caldera() -> tuple[list[Article], tuple[Event, ...]]:
    arts = [
        article(COURIER, source="Caldera Courier", published="2024-06-14"),
        article(GAZETTE, source="Bay Gazette", published="2024-06-15"),
        live_blog(),
        article(POST, source="Coast Post"),
    ]
    return arts, timeline(Brief("t", tuple(arts), ()), build(*arts), SETTINGS)


def find(events: tuple[Event, ...], fragment: str) -> Event:
    """The event one of whose cited spans contains `fragment`."""
    hits = [e for e in events if fragment in e.text]
    assert len(hits) == 1, (fragment, [e.text for e in events])
    return hits[0]


def sources(event: Event, arts: list[Article]) -> list[str | None]:
    by_id = {a.id: a for a in arts}
    return sorted({by_id[c.article].source for c in event.citations}, key=str)


def test_same_event_from_several_outlets_is_one_entry() -> None:
    arts, events = caldera()
    fire = [e for e in events if e.date == "2024-06-13" and "Port Caldera container" in e.text]
    assert len(fire) == 1
    assert sources(fire[0], arts) == ["Bay Gazette", "Caldera Courier", "Coast Post"]
    visit = [e for e in events if e.date == "2024-06-17"]
    assert len(visit) == 1 and sources(visit[0], arts) == ["Bay Gazette", "Caldera Courier"]


def test_weekdays_resolve_against_each_articles_own_date() -> None:
    _, events = caldera()
    assert find(events, "two cranes were destroyed").date == "2024-06-14"  # Friday, same day
    assert find(events, "diverted yesterday").date == "2024-06-14"  # read on Saturday
    assert find(events, "Saturday morning").date == "2024-06-15"
    assert find(events, "will visit the container terminal").date == "2024-06-17"  # future


def test_precisions() -> None:
    _, events = caldera()
    decade = find(events, "in the 1990s")
    assert (decade.date, decade.precision) == ("1990s", "decade")
    year = find(events, "rebuilt in 2012")
    assert (year.date, year.precision) == ("2012", "year")
    week = find(events, "last week")
    assert (week.date, week.precision) == ("2024-06-03/2024-06-09", "range")


def test_clock_time_in_sentence() -> None:
    _, events = caldera()
    engine = find(events, "11:40 p.m.")
    assert (engine.date, engine.time) == ("2024-06-13", "23:40")


def test_live_blog_headings_date_and_time_their_entries() -> None:
    _, events = caldera()
    closed = find(events, "has closed the eastern quay")  # lede, no date of its own
    assert (closed.date, closed.time) == ("2024-06-14", "07:15")
    resumed = find(events, "resumed from the western quay this evening")
    assert (resumed.date, resumed.time) == ("2024-06-14", "21:30")
    # A later sentence of an entry with no date of its own is not an event.
    assert not [e for e in events if "until further notice" in e.text]


def test_undated_article_gets_an_inferred_date() -> None:
    arts, events = caldera()
    pubs = publication_dates(arts)
    assert pubs[3] == (date(2024, 6, 14), True)  # caption date + "Friday" in its text
    searched = find(events, "searched the damaged warehouse")
    assert (searched.date, searched.inferred) == ("2024-06-14", True)
    caption = find(events, "hosed down the terminal")
    assert (caption.date, caption.inferred) == ("2024-06-14", False)  # explicit date


def test_bylines_and_questions_are_not_events() -> None:
    _, events = caldera()
    assert not [e for e in events if "Jo Reed" in e.text or e.text.endswith("?")]


def test_sorted_by_date_then_time() -> None:
    _, events = caldera()
    dates = [e.date for e in events]
    assert dates[:2] == ["1990s", "2012"]
    days = [(e.date, e.time or "") for e in events if e.precision == "day"]
    assert days == sorted(days)
    assert [e.time for e in events if e.date == "2024-06-14" and e.time] == ["07:15", "21:30"]


def test_citations_round_trip() -> None:
    arts, events = caldera()
    by_id = {a.id: a for a in arts}
    for event in events:
        spans = [by_id[c.article].text[c.start : c.end] for c in event.citations]
        assert event.text in spans
        assert all(s.strip() == s and s for s in spans)


def test_deterministic() -> None:
    arts, events = caldera()
    again = timeline(Brief("t", tuple(arts), ()), build(*arts), SETTINGS)
    assert again == events
    flipped = timeline(Brief("t", tuple(arts[::-1]), ()), build(*arts[::-1]), SETTINGS)
    # Citations follow article order, so compare them as sets.
    assert {(e.date, frozenset(e.citations)) for e in flipped} == {
        (e.date, frozenset(e.citations)) for e in events}


def test_unresolvable_relative_date_is_undated() -> None:
    lone = article("Divers searched the harbour on Tuesday for a missing crew member.",
                   source="Quay Radio")
    events = timeline(Brief("t", (lone,), ()), build(lone), SETTINGS)
    assert len(events) == 1
    assert (events[0].date, events[0].precision, events[0].inferred) == (None, "none", False)


def test_undated_report_joins_its_dated_event() -> None:
    vague = article("Divers searched the harbour on Tuesday for a missing crew member.",
                    source="Quay Radio")
    exact = article("Divers searched the harbour on June 11, 2024 for a missing crew member.",
                    source="Harbour Log")
    events = timeline(Brief("t", (vague, exact), ()), build(vague, exact), SETTINGS)
    assert [(e.date, len(e.citations)) for e in events] == [("2024-06-11", 2)]
    assert events[0].inferred is False


def test_infer_published() -> None:
    texts = ["Lee told reporters Thursday morning the quay was safe.",
             "The council called Wednesday for an inquiry."]
    others = [date(2024, 6, 13), date(2024, 6, 14), date(2024, 6, 15)]
    assert infer_published(texts, others) == date(2024, 6, 13)  # the latest weekday: Thursday
    assert infer_published(["Crews worked through the night."], others) == date(2024, 6, 15)
    assert infer_published(["Photo taken on June 12, 2024 at the quay."], []) == date(2024, 6, 12)
    assert infer_published(["The fire was put out on Thursday."], []) is None
    # Future weekdays say nothing about when the article was written.
    assert infer_published(["Inspectors will visit on Monday."], others) == date(2024, 6, 15)


def test_markdown() -> None:
    arts, events = caldera()
    brief = Brief("t", tuple(arts), (), timeline=events)
    lines = markdown_lines(brief)
    assert lines[:3] == ["", "## Timeline", ""]
    assert "**1990s**" in lines and "**2024-06-13 (Thursday)**" in lines
    assert lines.index("**2024-06-13 (Thursday)**") < lines.index("**2024-06-14 (Friday)**")
    fire = next(line for line in lines if "Fire crews battled" in line or "A fire broke" in line)
    assert fire.endswith("[1][2][4]")
    assert any(line.startswith("- 21:30 — Ferry services resumed") for line in lines)
    assert any("\\*Sea Star\\*" in line for line in lines)  # untrusted text is escaped
    assert any(line.endswith("_(date inferred)_") and "searched" in line for line in lines)
    assert markdown_lines(Brief("t", tuple(arts), ())) == []


def test_markdown_undated_last() -> None:
    lone = article("Divers searched the harbour on Tuesday for a missing crew member.",
                   source="Quay Radio")
    dated = article("The quay was rebuilt in 2012 after a storm hit the port.", source="Log")
    events = timeline(Brief("t", (lone, dated), ()), build(lone, dated), SETTINGS)
    lines = markdown_lines(Brief("t", (lone, dated), (), timeline=events))
    assert [line for line in lines if line.startswith("**")] == ["**2012**", "**Undated**"]


# --- seeds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> tuple[StoryFeatures, tuple[Event, ...], dict[str, str]]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not found")
    from storyline.ingest import ingest
    from storyline.pipeline import clean_articles, prepare

    arts, _, _ = clean_articles(ingest([str(SEEDS)]).articles, SETTINGS)
    story = prepare(arts)
    events = timeline(Brief("seeds", tuple(arts), ()), story, SETTINGS)
    names = {a.id: Path(a.origin).name[:3] for a in arts}
    return story, events, names


Seeds = tuple[StoryFeatures, tuple[Event, ...], dict[str, str]]


def cited(event: Event, names: dict[str, str]) -> set[str]:
    return {names[c.article] for c in event.citations}


def seed_event(seeds: Seeds, fragment: str) -> Event:
    story, events, _ = seeds
    by_id = {a.id: a for a in story.articles}
    hits = [e for e in events
            if any(fragment in by_id[c.article].text[c.start : c.end] for c in e.citations)]
    assert len(hits) == 1, fragment
    return hits[0]


def test_seed_publication_dates(seeds: Seeds) -> None:
    story, _, names = seeds
    pubs = dict(zip([names[a.id] for a in story.articles],
                    publication_dates(story.articles, story), strict=True))
    assert pubs["000"] == (date(2016, 12, 9), False)
    assert pubs["001"] == (date(2016, 12, 10), True)
    assert pubs["003"] == (date(2016, 12, 8), True)


def test_seed_kerry_lavrov_meeting(seeds: Seeds) -> None:
    event = seed_event(seeds, "Lavrov met earlier in the day")
    assert (event.date, event.precision, event.inferred) == ("2016-12-08", "day", True)


def test_seed_general_assembly_vote(seeds: Seeds) -> None:
    event = seed_event(seeds, "122 to 13")
    assert event.date == "2016-12-09"
    assert event.time == "21:30"  # the live-blog heading above it


def test_seed_geneva_talks_one_entry(seeds: Seeds) -> None:
    _, events, names = seeds
    geneva = [e for e in events if e.date == "2016-12-10" and "Geneva" in e.text]
    assert len(geneva) == 1
    assert {"000", "001", "002", "004"} <= cited(geneva[0], names)


def test_seed_other_events(seeds: Seeds) -> None:
    _, _, names = seeds
    captured = seed_event(seeds, "captured by the opposition in 2012")
    assert (captured.date, captured.precision) == ("2012", "year")
    assert seed_event(seeds, "recaptured Palmyra").date == "2016-03"
    assert seed_event(seeds, "Churkin said Friday").date == "2016-12-09"
    called = seed_event(seeds, "called Wednesday for an immediate cease-fire")
    assert called.date == "2016-12-07" and cited(called, names) == {"003", "004"}
    assert seed_event(seeds, "Monitors last week").date == "2016-11-28/2016-12-04"
    assert seed_event(seeds, "Lavrov on Thursday said").date == "2016-12-08"
    assert seed_event(seeds, "fighting still raged on Saturday").date == "2016-12-10"


def test_seed_caption_dec_5(seeds: Seeds) -> None:
    story, _, _ = seeds
    if any("Dec. 5, 2016" in t for t in story.texts):
        assert seed_event(seeds, "Dec. 5, 2016").date == "2016-12-05"
        return
    # Cleaning drops photo captions; the raw article still dates it right.
    from storyline.ingest import ingest

    raw = [a for a in ingest([str(SEEDS)]).articles if Path(a.origin).name.startswith("003")]
    events = timeline(Brief("raw", tuple(raw), ()), build(*raw), SETTINGS)
    caption = [e for e in events if "Dec. 5, 2016" in e.text]
    assert [(e.date, e.inferred) for e in caption] == [("2016-12-05", False)]


def test_seed_citations_round_trip_and_speed(seeds: Seeds) -> None:
    story, events, _ = seeds
    by_id = {a.id: a for a in story.articles}
    for event in events:
        assert event.text in [by_id[c.article].text[c.start : c.end] for c in event.citations]
    brief = Brief("seeds", story.articles, ())
    start = time.perf_counter()
    again = timeline(brief, story, SETTINGS)
    assert time.perf_counter() - start < 0.05
    assert again == events


def one_article(text: str, published: str = "2024-06-14") -> tuple[Article, tuple[Event, ...]]:
    art = article(text, source="Harbour Herald", published=published)
    return art, timeline(Brief("t", (art,), ()), build(art), SETTINGS)


def test_each_dated_clause_is_its_own_entry() -> None:
    art, events = one_article(
        "The crane that toppled onto the quay on June 3 was repaired, and the ferry "
        "operator said on Thursday that berths would reopen on Monday.")
    dates = sorted(e.date or "" for e in events)
    assert dates == ["2024-06-03", "2024-06-13", "2024-06-17"]
    for event in events:  # each entry shows and cites its own clause
        cite = event.citations[0]
        assert art.text[cite.start : cite.end] == event.text
    assert "June 3" in find(events, "toppled").text and "Monday" not in find(
        events, "toppled").text
    assert find(events, "reopen").date == "2024-06-17"


def test_a_date_too_short_to_stand_alone_joins_its_clause() -> None:
    _, events = one_article(
        "Following Friday's blaze, the port authority suspended the lease it signed last "
        "month with the ferry operator.")
    assert [e.date for e in events] == ["2024-06-14"]
    _, events = one_article(
        "The mayor said crews would work into the night Friday and into Saturday but "
        "would leave the quay to inspectors by Sunday.")
    assert sorted(e.date or "" for e in events) == ["2024-06-14", "2024-06-16"]
    assert "inspectors" in next(e.text for e in events if e.date == "2024-06-16")


def test_a_week_span_dates_only_when_nothing_finer_is_said() -> None:
    _, events = one_article(
        "The harbour master said last week that the quay, rebuilt in 2012 after a storm, "
        "was safe.")
    assert [e.date for e in events] == ["2012"]


def test_year_range_entry() -> None:
    art, events = one_article("Partial shutdowns of the port in 1995 and 1996 cost the fleet "
                              "dearly, the harbour master said.")
    assert [(e.date, e.precision) for e in events] == [("1995/1996", "range")]
    lines = markdown_lines(Brief("t", (art,), (), timeline=events))
    assert any("1995 to 1996" in line for line in lines)
