"""Summarizers: the contract (`base`), the baselines, StoryRank, and the registry by name."""

from .base import Summarizer, candidates, fill_budget, reading_order
from .registry import METHOD_NAMES, METHODS, build_summarizer, get_summarizer

__all__ = ["METHODS", "METHOD_NAMES", "Summarizer", "build_summarizer", "candidates",
           "fill_budget", "get_summarizer", "reading_order"]
