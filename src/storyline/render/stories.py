"""Text of the story store's listings: the stories table (plain, CSV, JSON Lines), from their
JSON-ready records. Light to import: `storyline stories` loads nothing of the pipeline."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

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
