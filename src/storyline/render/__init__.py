"""Rendering: the only place that turns a `Brief` into text (JSON, JSONL, Markdown, HTML)."""

from .canonical import to_json, to_jsonl
from .html import to_html
from .markdown import to_markdown
from .text import md_escape

__all__ = ["md_escape", "to_html", "to_json", "to_jsonl", "to_markdown"]
