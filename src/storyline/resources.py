"""Load rule files and word lists shipped in `storyline/data` (rules are data, not code)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    """Return the text of a packaged data file."""
    return resources.files("storyline.data").joinpath(name).read_text(encoding="utf-8")


@cache
def load_words(name: str) -> frozenset[str]:
    """Return the lower-cased entries of a one-word-per-line list (# starts a comment)."""
    words = set()
    for line in read_text(name).splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    return frozenset(words)


@cache
def load_toml(name: str) -> dict[str, Any]:
    """Return a packaged TOML rule file as a dict."""
    return tomllib.loads(read_text(name))
