"""Languages (English only so far, others refused with a reason) and the brief's headline."""

from __future__ import annotations

from helpers import article

from storyline import build_brief
from storyline.analyze.headline import clean_title
from storyline.model import Article, content_id
from storyline.text.language import detect

ENGLISH = ("The Brisk harbour council voted on Tuesday to rebuild the north pier after the "
           "storm, and the mayor said the work would start in the spring if the money came in.")
SPANISH = ("El consejo del puerto de Brisk votó el martes reconstruir el muelle norte después "
           "de la tormenta, y la alcaldesa dijo que las obras empezarían en primavera.")


def raw(text: str, source: str, title: str | None = None) -> Article:
    """A raw article of a fictional outlet."""
    return Article(id=content_id(source, text), origin=f"{source}.txt", text=text,
                   source=source, title=title, published="2031-05-06")


def test_detect_english_spanish_and_too_short() -> None:
    assert detect(ENGLISH)[0] == "en"
    assert detect(SPANISH)[0] == "es"
    assert detect("Pier rebuilt.") == (None, 0.0)


def test_a_spanish_article_is_refused_with_a_reason() -> None:
    brief = build_brief([raw(ENGLISH, "Brisk Post"), raw(SPANISH, "Diario de Brisk")])
    assert [a.source for a in brief.articles] == ["Brisk Post"]
    assert brief.articles[0].language == "en"
    skipped = {r.origin: r.reason for r in brief.diagnostics.inputs if r.status == "skipped"}
    assert "not supported yet: es" in skipped["Diario de Brisk.txt"]


def test_clean_title_drops_slugs_and_outlet_suffixes() -> None:
    cleaned = clean_title("The Latest: Pier to be rebuilt after storm")
    assert cleaned == "Pier to be rebuilt after storm"
    assert clean_title("Council backs pier plan | Brisk Post") == "Council backs pier plan"
    assert clean_title("Live updates: harbour storm") == "harbour storm"
    assert clean_title("Brisk pier storm: what we know so far") == "Brisk pier storm"


def test_headline_is_the_most_central_title_not_the_first() -> None:
    texts = [ENGLISH,
             "Councillors in Brisk backed a plan on Tuesday to rebuild the storm-damaged north "
             "pier. Fishermen had asked for the repair for months, a harbour official said.",
             "Work on the north pier of Brisk will begin in spring, the council decided after a "
             "long debate. The storm in March tore away a third of the pier's deck, engineers say."]
    titles = ["Live updates: Brisk weather", "Brisk council votes to rebuild north pier",
              "Council votes to rebuild storm-hit pier in Brisk"]
    brief = build_brief([raw(t, f"Outlet {n}", title) for n, (t, title)
                         in enumerate(zip(texts, titles, strict=True))])
    assert brief.title in titles[1:]
    assert set(brief.title_articles) >= {a.id for a in brief.articles if a.title == brief.title}


def test_no_title_when_no_source_has_one() -> None:
    brief = build_brief([article(ENGLISH)])
    assert brief.title is None and brief.title_articles == ()
