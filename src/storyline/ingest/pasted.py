"""Several plain-text articles in one stream: the rule shared by stdin and the web page.

A line holding only three or more dashes (spaces around them allowed) ends one article and
starts the next. It applies to plain text only: JSON, HTML and feeds keep their own structure,
and a lone "--" or a dash inside a line never splits.
"""

from __future__ import annotations

import re

SEPARATOR = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.MULTILINE)


def split_articles(text: str) -> list[str]:
    """The non-empty articles of a text, split at separator lines, each stripped."""
    pieces = (p.strip() for p in SEPARATOR.split(text.replace("\r\n", "\n")))
    return [p for p in pieces if p]


def has_separator(text: str) -> bool:
    """True when the text holds at least one separator line."""
    return SEPARATOR.search(text) is not None
