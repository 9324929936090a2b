"""The analysis stages: timeline, figures, quotes, entities and per-source coverage.

Each stage is a plain function `(brief, story, settings) -> tuple[...]` filling one field of the
brief; `stages()` lists them in order, so a caller can run, time or skip any of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..cite import cited_alike
from ..model import Brief, Event
from ..settings import Settings
from ..text.features import StoryFeatures
from .coverage import coverage
from .entities import entities
from .figures import figures
from .quotes import quotes
from .timeline import timeline

Stage = Callable[[Brief, StoryFeatures, Settings], tuple[Any, ...]]


def stages() -> tuple[tuple[str, Stage], ...]:
    """The analysis stages in order, as (brief field, function)."""
    return (
        ("timeline", timeline_cited),
        ("figures", figures),
        ("entities", entities),
        ("quotes", quotes),
        ("coverage", coverage),
    )


def timeline_cited(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Event, ...]:
    """The timeline, an entry that repeats a summary line citing what that line cites."""
    return cited_alike(timeline(brief, story, settings), brief.summary)


def analyze(brief: Brief, story: StoryFeatures, settings: Settings) -> Brief:
    """Run every analysis stage in order and return the enriched brief."""
    for field, stage in stages():
        fields: dict[str, Any] = {field: stage(brief, story, settings)}
        brief = replace(brief, **fields)
    return brief
