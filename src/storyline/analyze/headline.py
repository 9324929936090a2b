"""The brief's headline: a short neutral title chosen from the sources' own titles.

The most central title wins: the one whose content words the other outlets' titles and the
summary share most. Live-blog slugs ("The Latest: ...", "Live updates"), explainer tails
("...: what we know so far"), outlet suffixes ("... | Outlet", "... - Outlet") are cut, and
titles too short or too long are not headlines; a copy's title is its
original's and counts once. Returns the title and the articles whose titles back it.
"""

from __future__ import annotations

import re

from ..model import Brief
from ..settings import Settings
from ..text.features import StoryFeatures, content_terms

_SLUG = re.compile(r"^\s*(?:the latest|live(?: updates?| blog)?|update[ds]?|breaking(?: news)?)"
                   r"\s*[:\-–—|]\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s+[|\-–—]\s+[^|\-–—]{1,40}$")
# Explainer and live-page tails: "...: what we know so far", "...: live updates".
_TAIL = re.compile(r"\s*[:\-–—|]\s*(?:what we know(?: so far)?|what we know now|live(?: updates?)?|"
                   r"latest(?: updates?| news)?|key facts|explained)\s*$", re.IGNORECASE)
MIN_WORDS = 3  # shorter titles ("Fire", "Update") say too little to head a brief
MAX_WORDS = 20  # longer ones are a lead sentence, not a headline


def clean_title(title: str) -> str:
    """A title without a live-blog prefix or an outlet suffix."""
    title = _TAIL.sub("", _SLUG.sub("", " ".join(title.split())))
    return _SUFFIX.sub("", title).strip()


def headline(brief: Brief, story: StoryFeatures, settings: Settings
             ) -> tuple[str | None, tuple[str, ...]]:
    """Return the brief's headline and the articles whose titles share its content."""
    del story, settings  # the stage signature
    candidates = []
    for n, art in enumerate(brief.articles):
        if art.duplicate_of or not art.title:
            continue
        text = clean_title(art.title)
        if MIN_WORDS <= len(text.split()) <= MAX_WORDS:
            candidates.append((n, art.id, text, frozenset(content_terms(text))))
    if not candidates:
        return None, ()
    summary = frozenset(t for s in brief.summary for t in content_terms(s.text))

    def centrality(c: tuple[int, str, str, frozenset[str]]) -> tuple[float, int]:
        shared = sum(len(c[3] & o[3]) / (len(c[3] | o[3]) or 1) for o in candidates if o is not c)
        return shared + len(c[3] & summary) / (len(c[3]) or 1), -c[0]

    best = max(candidates, key=centrality)
    backing = tuple(c[1] for c in candidates if c is best or c[3] & best[3])
    return best[2], backing
