"""Citations: find every article that carries the same content as a summary sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from .model import Citation
from .text.features import StoryFeatures


class Cited(Protocol):
    """Anything that cites its sources: a summary sentence, a timeline event."""

    @property
    def citations(self) -> tuple[Citation, ...]: ...


T = TypeVar("T", bound=Any)


def supporting(story: StoryFeatures, i: int, threshold: float) -> list[int]:
    """Return indices of sentences (one per article, best match) that say what sentence i says.

    The sentence itself always comes first. Other articles support it when their best-matching
    sentence reaches `threshold` cosine on content-word TF-IDF, which catches light rewrites
    but not merely related sentences (see Settings.support_threshold). A syndicated copy is
    never independent support: copies (`duplicate_of`) are left out, and a sentence taken from
    a copy counts once (its original is not added beside it; the sources list names it).
    """
    sims = story.vectors @ story.vectors[i]
    best: dict[int, tuple[float, int]] = {}
    original = story.original_doc
    own_doc = story.doc_index[i]
    for j, doc in enumerate(story.doc_index):
        if doc == own_doc or original[doc] != doc or doc == original[own_doc]:
            continue
        score = float(sims[j])
        if score >= threshold and (doc not in best or score > best[doc][0]):
            best[doc] = (score, j)
    return [i] + [j for _, (_, j) in sorted(best.items())]


def citations_for(story: StoryFeatures, i: int, threshold: float) -> tuple[Citation, ...]:
    """Return the citations of sentence i: its own span, then each supporting article's span."""
    return tuple(story.sents[j].citation() for j in supporting(story, i, threshold))


def _overlap(a: Citation, b: Citation) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end


def cited_alike(items: Sequence[T], others: Sequence[Cited]) -> tuple[T, ...]:
    """Give an item that repeats another's sentence the other's sources (the timeline entry
    that repeats a summary line cites what the summary line cites).

    The two are the same sentence when their own spans (each one's first citation) overlap in
    one article. The item keeps its own span first, then cites every other article the other
    found in support, at the other's spans, and no more: support is decided once, by the
    summary's sentence-level test, so a reader never sees one sentence credited two ways.
    """
    out = []
    for item in items:
        twin = next((o for o in others if item.citations and o.citations
                     and _overlap(item.citations[0], o.citations[0])), None)
        if twin is None:
            out.append(item)
            continue
        own = item.citations[0]
        cites = (own, *(c for c in twin.citations if c.article != own.article))
        out.append(replace(item, citations=cites) if cites != item.citations else item)
    return tuple(out)
