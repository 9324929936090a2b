"""Text of the story store's listings: the stories table (plain, CSV, JSON Lines) and the
"what changed" report of a story (Markdown), from their JSON-ready records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from .labels import number
from .text import md_escape

STORY_FIELDS = ("story", "title", "articles", "outlets", "first_seen", "last_seen", "versions")
# Widths of the plain table's columns; the headline takes the rest and is cut with "…".
_TITLE_WIDTH = 60


def stories_jsonl(rows: Iterable[dict[str, Any]]) -> str:
    """One JSON line per story."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def stories_csv(rows: Iterable[dict[str, Any]]) -> str:
    """CSV with a header row, the table's columns."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=STORY_FIELDS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def stories_table(rows: Sequence[dict[str, Any]]) -> str:
    """An aligned plain-text table, one story per line."""
    lines = [f"{'story':<12}  {'articles':>8}  {'outlets':>7}  {'first seen':<16}  "
             f"{'last seen':<16}  headline"]
    for r in rows:
        title = _cut(" ".join((r.get("title") or "(untitled)").split()), _TITLE_WIDTH)
        due = " (brief due)" if r.get("brief_due") else ""
        lines.append(f"{r['story']:<12}  {r['articles']:>8,}  {r['outlets']:>7,}  "
                     f"{r.get('first_seen') or '-':<16}  {r.get('last_seen') or '-':<16}  "
                     f"{title}{due}")
    return "\n".join(lines) + "\n"


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
