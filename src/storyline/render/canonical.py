"""The canonical JSON form of a `Brief` (and its one-line JSONL twin); every other format
renders the same object."""

from __future__ import annotations

import json

from ..model import Brief


def to_json(brief: Brief, indent: int | None = 2) -> str:
    """Return the canonical JSON form (stable field order, UTF-8, no trailing spaces)."""
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=indent)


def to_jsonl(brief: Brief) -> str:
    """Return the brief as one JSON line."""
    return json.dumps(brief.to_dict(), ensure_ascii=False, separators=(",", ":"))
