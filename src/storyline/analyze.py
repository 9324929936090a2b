"""The analysis stages: per-source coverage (and, as they land, timeline, figures, quotes,
entities). Each is a plain function of the brief and the prepared story."""

from __future__ import annotations

from dataclasses import replace

from .cite import supporting
from .features import StoryFeatures
from .model import Brief, Citation, Coverage
from .settings import Settings


def coverage(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Coverage, ...]:
    """Per article: sentences no other article supports, and which summary lines it backs."""
    backs: dict[str, list[int]] = {a.id: [] for a in brief.articles}
    for n, sent in enumerate(brief.summary):
        for article in sorted({c.article for c in sent.citations}):
            backs.setdefault(article, []).append(n)
    unique: dict[str, list[Citation]] = {a.id: [] for a in brief.articles}
    if story.n_docs > 1:
        for i, source in enumerate(story.sents):
            if len(story.terms[i]) < 4:
                continue
            if len(supporting(story, i, settings.support_threshold)) == 1:
                unique[source.article].append(source.citation())
    return tuple(
        Coverage(a.id, tuple(unique[a.id]), tuple(backs[a.id])) for a in brief.articles
    )


def analyze(brief: Brief, story: StoryFeatures, settings: Settings) -> Brief:
    """Run every analysis stage in order and return the enriched brief."""
    return replace(brief, coverage=coverage(brief, story, settings))
