"""Markdown sections for the analysis parts of a brief (timeline, figures, quotes, entities)."""

from __future__ import annotations

from .model import Brief


def analysis_sections(brief: Brief) -> list[str]:
    """Return Markdown lines for every non-empty analysis section."""
    return []
