"""Citations: find every article that carries the same content as a summary sentence."""

from __future__ import annotations

from .model import Citation
from .text.features import StoryFeatures


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
