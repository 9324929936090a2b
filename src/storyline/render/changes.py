"""The "what changed" report of a stored story (`storyline changes`), in Markdown, from its
JSON-ready record (storyline.store.changes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .labels import number
from .text import md_escape


def _by(sources: Sequence[str]) -> str:
    return f" ({md_escape(', '.join(sources))})" if sources else ""


def changes_markdown(changes: dict[str, Any]) -> str:
    """The Markdown report of `storyline changes`."""
    since = changes.get("since")
    head = (f"# What's new in {md_escape(changes.get('headline') or changes['story'])}\n\n"
            f"Version {changes['version']} of story {changes['story']}"
            + (f", since version {since}." if since else " (its first brief)."))
    parts = [head]
    if changes.get("title"):
        parts.append(f"New headline: {md_escape(changes['title'])}")
    parts.append(_list("New articles", [
        f"{md_escape(a.get('source') or '?')}: {md_escape(a.get('title') or a['article'])}"
        for a in changes["articles"]]))
    parts.append(_list("New in the summary", [
        md_escape(s["text"]) + _by(s["sources"]) for s in changes["sentences"]]))
    parts.append(_list("Figures", [_figure_line(f) for f in changes["figures"]]))
    parts.append(_list("New on the timeline", [
        f"{e.get('date') or 'undated'}{' ' + e['time'] if e.get('time') else ''}: "
        f"{md_escape(e['text'])}{_by(e['sources'])}" for e in changes["timeline"]]))
    parts.append(_list("New quotes", [
        f"{md_escape(q.get('speaker') or 'unattributed')}: \u201c{md_escape(q['text'])}\u201d"
        f"{_by(q['sources'])}" for q in changes["quotes"]]))
    return "\n\n".join(p for p in parts if p) + "\n"


def _figure_line(figure: dict[str, Any]) -> str:
    value = number(figure["headline"]) if figure.get("headline") is not None else "?"
    line = f"{md_escape(figure['label'])}: {value} ({figure['status']}, {figure['change']}"
    before = figure.get("before")
    if before:
        was = number(before["headline"]) if before.get("headline") is not None else "?"
        line += f"; was {was}, {before['status']}"
    sources = [f"{m['text']} per {m['source']}" for m in figure["mentions"]]
    return line + ")" + (": " + md_escape("; ".join(sources)) if sources else "")


def _list(heading: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    return f"## {heading}\n\n" + "\n".join(f"- {item}" for item in items)
