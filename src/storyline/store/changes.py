"""What a story's latest brief adds to the one before: new articles, summary sentences,
figures (new, or changed: another value, status or source), timeline entries and quotes.
Each item names the outlets behind it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine

from ..model import Brief, Citation, Figure
from .briefs import read_brief_in


def _outlets(brief: Brief, ids: Iterable[str]) -> list[str]:
    names: dict[str, None] = {}
    by_id = {a.id: a for a in brief.articles}
    for article_id in ids:
        article = by_id.get(article_id)
        if article is not None:
            names[article.source or article.origin] = None
    return list(names)


def _cited(brief: Brief, citations: Iterable[Citation]) -> list[str]:
    return _outlets(brief, (c.article for c in citations))


def _figure_view(figure: Figure) -> tuple[str, float | None, tuple[tuple[float, str], ...]]:
    values = tuple(sorted((m.value, m.article) for m in figure.mentions))
    return figure.status, figure.headline, values


def diff_briefs(new: Brief, old: Brief | None) -> dict[str, Any]:
    """The additions of `new` over `old` (everything, when there is no `old`)."""
    before = old or Brief(id="", articles=(), summary=())
    old_ids = {a.id for a in before.articles}
    added = [{"article": a.id, "source": a.source, "title": a.title, "url": a.url}
             for a in new.articles if a.id not in old_ids]
    old_sentences = {s.text for s in before.summary}
    sentences = [{"text": s.text, "sources": _cited(new, s.citations)}
                 for s in new.summary if s.text not in old_sentences]
    old_events = {(e.date, e.text) for e in before.timeline}
    events = [{"date": e.date, "time": e.time, "text": e.text,
               "sources": _cited(new, e.citations)}
              for e in new.timeline if (e.date, e.text) not in old_events]
    old_quotes = {q.text for q in before.quotes}
    quotes = [{"speaker": q.speaker, "text": q.text, "sources": _cited(new, q.citations)}
              for q in new.quotes if q.text not in old_quotes]
    return {"articles": added, "sentences": sentences, "figures": _figures(new, before),
            "timeline": events, "quotes": quotes,
            "title": new.title if new.title != before.title else None}


def _figures(new: Brief, old: Brief) -> list[dict[str, Any]]:
    previous = {f.label: f for f in old.figures}
    out = []
    for figure in new.figures:
        was = previous.get(figure.label)
        if was is not None and _figure_view(was) == _figure_view(figure):
            continue
        out.append({
            "label": figure.label, "status": figure.status, "headline": figure.headline,
            "change": "new" if was is None else "changed",
            "before": None if was is None else {"status": was.status, "headline": was.headline},
            "mentions": [{"value": m.value, "text": m.text,
                          "source": (_outlets(new, [m.article]) or [m.article])[0]}
                         for m in figure.mentions],
        })
    return out


def story_changes(engine: Engine, story: str, version: int | None = None) -> dict[str, Any]:
    """What version N (default the latest) of a story's brief adds to version N - 1."""
    with engine.connect() as conn:
        new, number = read_brief_in(conn, story, version)
        old = read_brief_in(conn, story, number - 1)[0] if number > 1 else None
    return {"story": story, "version": number, "since": number - 1 if old else None,
            "headline": new.title, **diff_briefs(new, old)}
