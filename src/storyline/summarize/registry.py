"""The summarizers by name: storyline's StoryRank and the baselines, each built from `Settings`."""

from __future__ import annotations

from typing import Any, Protocol

from ..errors import SettingsError
from ..settings import Settings
from .base import Summarizer
from .baselines import Lead, LexRank, RandomPick, TextRank
from .storyrank import StoryRank


class Method(Protocol):
    """A summarizer class: built from the settings, the same way for every method."""
    def __call__(self, *args: Any, **options: Any) -> Summarizer:
        """Build it with constructor keywords."""

    def from_settings(self, settings: Settings, *, overflow: bool = False) -> Summarizer:
        """Return the summarizer configured by `settings`."""


METHODS: dict[str, Method] = {
    "storyline": StoryRank,
    "lead": Lead,
    "lexrank": LexRank,
    "textrank": TextRank,
    "random": RandomPick,
}
METHOD_NAMES = tuple(METHODS)


def _method(name: str) -> Method:
    if name not in METHODS:
        raise SettingsError(f"unknown method {name!r}; choose one of {', '.join(METHOD_NAMES)}")
    return METHODS[name]


def build_summarizer(settings: Settings, *, overflow: bool = False) -> Summarizer:
    """Return the summarizer `settings.method` names, configured by `settings`."""
    return _method(settings.method).from_settings(settings, overflow=overflow)


def get_summarizer(name: str, **options: object) -> Summarizer:
    """Return the summarizer registered under `name`, built with constructor `options`."""
    return _method(name)(**options)
