"""What each source adds: the sentences no other article supports, and which summary lines
each article backs (the coverage matrix)."""

from __future__ import annotations

from ..cite import supporting
from ..model import Brief, Citation, Coverage
from ..settings import Settings
from ..text.features import StoryFeatures

#: A sentence needs this many content terms to count as "unique content" (shorter ones are
#: fragments like "He said." that carry nothing on their own).
MIN_UNIQUE_TERMS = 4


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
