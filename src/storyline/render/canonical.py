"""The canonical JSON form of a `Brief` (and its one-line JSONL twin); every other format
renders the same object.

The text is always encodable as UTF-8: ingest replaces lone surrogates, and any that reach
here another way (an `Article` built by hand) are written as U+FFFD, so one bad character
never stops a run at output time."""

from __future__ import annotations

import json
import re
from typing import Any

from ..model import Brief
from .text import shown_origin

_SURROGATE = re.compile("[\ud800-\udfff]")


def to_json(brief: Brief, indent: int | None = 2) -> str:
    """Return the canonical JSON form (stable field order, UTF-8, no trailing spaces)."""
    return json_text(shareable(brief.to_dict()), indent=indent)


def to_jsonl(brief: Brief) -> str:
    """Return the brief as one JSON line."""
    return json_text(shareable(brief.to_dict()), separators=(",", ":"))


def shareable(value: Any) -> Any:
    """The JSON form with every `origin` named as the other formats name it: as given when it
    is relative, by its file name (and line or record) when it is an absolute local path."""
    if isinstance(value, dict):
        return {k: shown_origin(v) if k == "origin" and isinstance(v, str) else shareable(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [shareable(v) for v in value]
    return value


def json_text(value: Any, **options: Any) -> str:
    """Return `json.dumps(value)` with non-ASCII kept and lone surrogates written as U+FFFD."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)
