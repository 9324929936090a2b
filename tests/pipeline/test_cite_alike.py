"""One sentence, one set of sources: the timeline cites what the summary cites, and both
renderers show one marker per source."""

from __future__ import annotations

import pytest
from briefs import sample_brief
from helpers import SEEDS

from storyline.cite import cited_alike
from storyline.model import Citation, Event, SummarySentence
from storyline.render.labels import per_source


def test_a_timeline_entry_repeating_a_summary_line_takes_its_sources() -> None:
    line = SummarySentence("The bridge closed on Monday.", (
        Citation("a", 10, 38), Citation("b", 0, 30), Citation("c", 5, 33)))
    same = Event("2031-05-05", "day", "The bridge closed on Monday.",
                 (Citation("a", 10, 38), Citation("d", 40, 70)))
    clause = Event("2031-05-05", "day", "closed on Monday", (Citation("a", 21, 37),))
    other = Event("2031-05-09", "day", "Ferries added.", (Citation("a", 50, 64),
                                                          Citation("b", 31, 50)))
    got = cited_alike((same, clause, other), (line,))
    assert [c.article for c in got[0].citations] == ["a", "b", "c"]
    assert got[1].citations[0] == Citation("a", 21, 37)  # its own clause span stays first
    assert {c.article for c in got[1].citations} == {"a", "b", "c"}
    assert got[2] is other  # a different sentence keeps its own sources


def test_markers_are_one_per_source_in_order() -> None:
    numbers = {"x": 2, "y": 1}
    cites = [Citation("x", 90, 99), Citation("x", 10, 20), Citation("y", 5, 9),
             Citation("gone", 0, 3)]
    assert per_source(numbers, cites) == [Citation("y", 5, 9), Citation("x", 10, 20)]


def test_split_quote_markers_are_not_doubled() -> None:
    from dataclasses import replace

    from storyline.render import to_html, to_markdown

    brief = sample_brief()
    quote = brief.quotes[0]
    first = quote.citations[0]
    split = replace(quote, citations=(first, replace(first, start=first.end + 1,
                                                     end=first.end + 3)))
    doubled = replace(brief, quotes=(split, *brief.quotes[1:]))
    page = to_html(doubled)
    block = page[page.index('id="quotes"'):]
    block = block[:block.index("</section>")]
    expected = sum(len({c.article for c in q.citations}) for q in doubled.quotes)
    assert block.count('<a class="cite"') == expected
    markdown = to_markdown(doubled)
    assert "[1][1]" not in markdown


def test_seeds_summary_and_timeline_credit_a_sentence_alike() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    from storyline.ingest import ingest
    from storyline.pipeline import build_brief

    got = ingest([str(SEEDS)])
    brief = build_brief(got.articles, got.inputs)
    pairs = 0
    for event in brief.timeline:
        for line in brief.summary:
            a, b = event.citations[0], line.citations[0]
            if a.article == b.article and a.start < b.end and b.start < a.end:
                pairs += 1
                assert {c.article for c in event.citations} == {c.article for c in line.citations}
    assert pairs >= 1
