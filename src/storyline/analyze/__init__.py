"""Analysis: per story, the timeline, key figures, quotes and speakers, entities, and what each
source adds. Every stage returns data (model objects); `render/` turns it into text."""

from .stages import Stage, analyze, stages

__all__ = ["Stage", "analyze", "stages"]
