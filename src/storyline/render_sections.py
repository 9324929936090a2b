"""Markdown sections for the analysis parts of a brief (timeline, figures, quotes, entities,
what each source adds). Each analysis module renders its own section."""

from __future__ import annotations

from .model import Brief


def analysis_sections(brief: Brief) -> list[str]:
    """Return Markdown lines for every non-empty analysis section, in reading order."""
    from . import coverage, entities, figures, quotes, timeline

    lines: list[str] = []
    for module in (timeline, figures, quotes, entities, coverage):
        lines.extend(module.markdown_lines(brief))
    return lines
