"""A syndicated copy is shown as a copy of its original and never counts as independent
corroboration: not in citations, not in figures' agreement, not in coverage."""

from __future__ import annotations

from storyline import build_brief
from storyline.model import Article, content_id

WIRE = (
    "Floodwater closed the Mallow Bridge in Tarnby on Tuesday, the county said.\n"
    "Engineers said 14 homes near the river were evacuated overnight as the water rose.\n"
    "The bridge will stay shut until inspectors have checked its piers, officials said.\n"
    "Volunteers handed out 230 sandbags to residents on Monday evening."
)
OTHER = (
    "Fourteen homes were cleared in Tarnby, where engineers said 14 homes near the river "
    "were evacuated overnight as the water rose.\n"
    "Shopkeepers on the high street stacked sandbags against their doors."
)


def raw(text: str, source: str, day: str) -> Article:
    """A raw (uncleaned) article from a fictional outlet."""
    return Article(id=content_id(source, text), origin=f"{source}.txt", text=text,
                   source=source, published=day, title=f"{source} flood report")


def brief_with_copy():  # type: ignore[no-untyped-def]
    original = raw(WIRE, "Tarn Wire", "2031-03-04")
    copy = raw(WIRE, "Valley Reposter", "2031-03-05")
    other = raw(OTHER, "Riverside Gazette", "2031-03-05")
    return build_brief([original, copy, other])


def test_the_copy_is_marked_as_a_copy_of_its_original() -> None:
    brief = brief_with_copy()
    by_source = {a.source: a for a in brief.articles}
    assert by_source["Valley Reposter"].duplicate_of == by_source["Tarn Wire"].id
    assert by_source["Riverside Gazette"].duplicate_of is None


def test_a_copy_never_supports_a_summary_line() -> None:
    brief = brief_with_copy()
    copy = next(a.id for a in brief.articles if a.duplicate_of)
    cited = [{c.article for c in s.citations} for s in brief.summary]
    assert cited, "the brief has a summary"
    for line in cited:
        assert copy not in line or len(line) == 1  # a copy's own line counts once, alone


def test_original_and_copy_do_not_make_an_agreement() -> None:
    brief = brief_with_copy()
    copy = next(a.id for a in brief.articles if a.duplicate_of)
    original = next(a.duplicate_of for a in brief.articles if a.duplicate_of)
    pairs = [fig for fig in brief.figures if {m.article for m in fig.mentions} == {copy, original}]
    assert pairs, "the sandbag count is reported by the original and its copy only"
    assert all(fig.status == "single" for fig in pairs), pairs


def test_coverage_does_not_count_the_copy_as_backing() -> None:
    brief = brief_with_copy()
    copy = next(a.id for a in brief.articles if a.duplicate_of)
    backs = {c.article: c.supports for c in brief.coverage}
    backed_by_copy = [n for n in backs[copy]
                      if len({c.article for c in brief.summary[n].citations}) > 1]
    assert backed_by_copy == []
