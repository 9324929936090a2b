"""The pages of a served story store (`storyline serve --store`): the front page of stories,
newest activity first, with a search box; a story's page (its brief, with a "what's new" block
on top). Built from the JSON-ready records of storyline.store; every value is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ..model import Brief
from .html import esc, page, to_html
from .labels import number


def ago(seconds: float) -> str:
    """How long ago, as a reader says it: "just now", "5 min ago", "2 h ago", "3 days ago"."""
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days != 1 else ''} ago"


def _span(row: dict[str, Any]) -> str:
    first, last = row.get("first_seen"), row.get("last_seen")
    if not first:
        return "undated"
    return esc(first) if first == last or not last else f"{esc(first)} to {esc(last)}"


def _story_item(row: dict[str, Any], now: float) -> str:
    link = f"/stories/{quote(row['story'])}"
    title = esc(row.get("title") or "(untitled story)")
    outlets, count = row["outlets"], row["articles"]
    due = " · brief being updated" if row.get("brief_due") else ""
    return (f'<li class="story"><a href="{link}"><strong>{title}</strong></a>'
            f'<p class="meta">{count} article{"s" if count != 1 else ""} from {outlets} '
            f'outlet{"s" if outlets != 1 else ""} · {_span(row)} · updated '
            f'{ago(max(0.0, now - row["updated_at"]))}{due}</p></li>')


def front_page(rows: Sequence[dict[str, Any]], query: str | None, now: float,
               totals: dict[str, int]) -> str:
    """The front page: a search box, then the stories most lately grown first."""
    search = (f'<form class="search" method="get" action="/stories" role="search">'
              f'<input type="search" name="q" value="{esc(query or "")}" '
              'placeholder="Search headlines and names" aria-label="search stories">'
              '<button type="submit">Search</button></form>')
    items = "".join(_story_item(r, now) for r in rows)
    found = (f"<p>{len(rows)} stor{'ies' if len(rows) != 1 else 'y'} matching "
             f"&ldquo;{esc(query)}&rdquo;.</p>" if query else "")
    empty = "" if rows else "<p>No stories yet: add articles with storyline add.</p>"
    body = (f'<header class="top"><p class="kicker">Storyline</p><h1>Stories</h1>'
            f'<p class="meta">{totals.get("stories", 0):,} stories from '
            f'{totals.get("articles", 0):,} articles · <a href="/stories.json">JSON</a></p>'
            f"</header>\n<main>{search}{found}{empty}<ol class=\"stories\">{items}</ol></main>")
    return page("Stories", body, served=True)


def whats_new_html(changes: dict[str, Any]) -> str:
    """The "what's new" block of a story page: what its latest brief adds."""
    if not changes.get("since"):
        return ('<section id="whats-new" class="whats-new"><h2>What\'s new</h2>'
                "<p>This is the story's first brief.</p></section>\n")
    items = [f"{len(changes['articles'])} new article(s): " + esc(", ".join(
        a.get("source") or "?" for a in changes["articles"]))] if changes["articles"] else []
    items += [esc(s["text"]) + _by(s["sources"]) for s in changes["sentences"]]
    for figure in changes["figures"]:
        value = number(figure["headline"]) if figure.get("headline") is not None else "?"
        items.append(f"{esc(figure['label'])}: {esc(value)} ({esc(figure['change'])})")
    items += [f"{esc(e.get('date') or 'undated')}: {esc(e['text'])}{_by(e['sources'])}"
              for e in changes["timeline"]]
    listed = "".join(f"<li>{item}</li>" for item in items) or "<li>No new content.</li>"
    return (f'<section id="whats-new" class="whats-new"><h2>What\'s new since version '
            f'{changes["since"]}</h2><ul>{listed}</ul></section>\n')


def _by(sources: Sequence[str]) -> str:
    return f" <span class=\"meta\">({esc(', '.join(sources))})</span>" if sources else ""


def story_page(brief: Brief, changes: dict[str, Any], version: int) -> str:
    """A stored story's page: its brief as `--format html` writes it, "what's new" on top."""
    html = to_html(brief)
    nav = (f'<nav class="crumbs"><a href="/stories">All stories</a> · version {version} · '
           f'<a href="/stories/{quote(changes["story"])}.json">JSON</a></nav>\n')
    block = nav + whats_new_html(changes)
    marker = '<div class="layout">'
    return html.replace(marker, block + marker, 1) if marker in html else html
