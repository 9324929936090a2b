"""The story store: articles, stories with stable ids, the clusterer's state and every brief
version, kept in SQLite (one file) or PostgreSQL, grown one batch at a time by `storyline add`.

The names below load on first use, so reading a store (`storyline stories`) imports neither the
clusterer nor the pipeline."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:

    from .add import BatchReport, add_articles, read_inputs
    from .briefs import build_due_briefs, due_stories, read_brief
    from .changes import diff_briefs, story_changes
    from .db import StoreError, open_store, store_url
    from .query import (
        StoryRow,
        export_records,
        list_stories,
        recent_stories,
        store_counts,
        story_row,
    )

_HOME = {"BatchReport": "add", "add_articles": "add", "read_inputs": "add",
         "build_due_briefs": "briefs", "due_stories": "briefs", "read_brief": "briefs",
         "diff_briefs": "changes", "story_changes": "changes", "StoreError": "db",
         "open_store": "db", "store_url": "db", "StoryRow": "query", "export_records": "query",
         "list_stories": "query", "recent_stories": "query", "store_counts": "query",
         "story_row": "query"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)

__all__ = ["BatchReport", "StoreError", "StoryRow", "add_articles", "build_due_briefs",
           "diff_briefs", "due_stories", "export_records", "list_stories", "open_store",
           "read_brief", "read_inputs", "recent_stories", "store_counts", "store_url",
           "story_changes", "story_row"]
