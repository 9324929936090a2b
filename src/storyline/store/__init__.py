"""The story store: articles, stories with stable ids, the clusterer's state and every brief
version, kept in SQLite (one file) or PostgreSQL, grown one batch at a time by `storyline add`."""

from .add import BatchReport, add_articles, read_inputs
from .briefs import build_due_briefs, due_stories, read_brief
from .changes import diff_briefs, story_changes
from .db import StoreError, open_store, store_url
from .query import StoryRow, export_records, list_stories, recent_stories, store_counts, story_row

__all__ = ["BatchReport", "StoreError", "StoryRow", "add_articles", "build_due_briefs",
           "diff_briefs", "due_stories", "export_records", "list_stories", "open_store",
           "read_brief", "read_inputs", "recent_stories", "store_counts", "store_url",
           "story_changes", "story_row"]
