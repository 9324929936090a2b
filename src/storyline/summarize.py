"""Sentence selection: storyline's multi-document method and baselines behind one interface.

Every summarizer is a callable `summarizer(story, words) -> list[int]` returning indices into
`story.sents` in reading order, configured only through constructor keywords (sumy's shape).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import Protocol

from .features import StoryFeatures, word_count


class Summarizer(Protocol):
    """The one interface every summarizer implements."""

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Return chosen sentence indices in reading order, within `words`."""


def candidates(story: StoryFeatures, min_words: int = 6, max_words: int = 60) -> list[int]:
    """Return indices of sentences fit to appear in a summary (no fragments, no run-ons)."""
    keep = []
    for i, text in enumerate(story.texts):
        n = word_count(text)
        if min_words <= n <= max_words and not text.rstrip().endswith("?"):
            keep.append(i)
    return keep or list(range(len(story.texts)))


def fill_budget(
    story: StoryFeatures,
    ranked: Sequence[int],
    words: int,
    overflow: bool = False,
    redundancy: float = 1.01,
) -> list[int]:
    """Take ranked sentences while they fit, skipping near-repeats; restore source order.

    With `overflow`, the last sentence may cross the budget (the caller truncates), which is
    how fixed-length ROUGE evaluation treats every system alike.
    """
    chosen: list[int] = []
    total = 0
    for i in ranked:
        n = word_count(story.texts[i])
        if total + n > words and not overflow:
            continue
        if chosen and redundancy <= 1.0:
            sims = story.vectors[chosen] @ story.vectors[i]
            if float(sims.max()) >= redundancy:
                continue
        chosen.append(i)
        total += n
        if total >= words:
            break
    return reading_order(story, chosen)


def reading_order(story: StoryFeatures, chosen: Sequence[int]) -> list[int]:
    """Order chosen sentences so the summary reads as a story: leads first, then by date."""

    docs, sents, articles = story.doc_index, story.sents, story.articles

    def key(i: int) -> tuple[float, str, int, int]:
        doc, place = docs[i], sents[i].index
        rel = place / max(story.doc_length(doc), 1)
        return (round(rel, 1), articles[doc].published or "9999", doc, place)

    return sorted(chosen, key=key)


class Lead:
    """Round-robin first sentences of each article (the classic news baseline)."""

    def __init__(self, *, overflow: bool = False, min_words: int = 6) -> None:
        self.overflow = overflow
        self.min_words = min_words

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Take sentence 1 of every article, then sentence 2, and so on."""
        pool = set(candidates(story, self.min_words))
        by_doc: dict[int, list[int]] = {}
        for i in sorted(pool):
            by_doc.setdefault(story.doc_index[i], []).append(i)
        ranked: list[int] = []
        depth = 0
        while any(depth < len(v) for v in by_doc.values()):
            ranked.extend(v[depth] for _, v in sorted(by_doc.items()) if depth < len(v))
            depth += 1
        chosen = fill_budget(story, ranked, words, self.overflow, redundancy=0.9)
        return sorted(chosen, key=ranked.index)


def _pagerank(matrix: Sequence[Sequence[float]] | object, damping: float = 0.85) -> list[float]:
    import numpy as np

    m = np.asarray(matrix, dtype=np.float64)
    n = m.shape[0]
    if n == 0:
        return []
    rows = m.sum(axis=1, keepdims=True)
    m = np.where(rows > 0, m / np.where(rows == 0, 1, rows), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        new = (1 - damping) / n + damping * (m.T @ scores)
        if float(np.abs(new - scores).sum()) < 1e-8:
            scores = new
            break
        scores = new
    return [float(s) for s in scores]


class LexRank:
    """LexRank (Erkan & Radev 2004): PageRank over thresholded TF-IDF cosine."""

    def __init__(self, *, threshold: float = 0.1, overflow: bool = False) -> None:
        self.threshold = threshold
        self.overflow = overflow

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Rank by centrality, take the top sentences that fit."""
        pool = candidates(story)
        sim = story.similarity()[pool][:, pool]
        adj = (sim >= self.threshold).astype(float)
        scores = _pagerank(adj)
        ranked = [pool[j] for j in sorted(range(len(pool)), key=lambda j: (-scores[j], j))]
        return fill_budget(story, ranked, words, self.overflow, redundancy=0.9)


class TextRank:
    """TextRank (Mihalcea & Tarau 2004): PageRank over normalised word overlap."""

    def __init__(self, *, overflow: bool = False) -> None:
        self.overflow = overflow

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Rank by overlap centrality, take the top sentences that fit."""
        pool = candidates(story)
        sets = [set(story.terms[i]) for i in pool]
        n = len(pool)
        weights = [[0.0] * n for _ in range(n)]
        for a in range(n):
            for b in range(a + 1, n):
                common = len(sets[a] & sets[b])
                if common and len(sets[a]) > 1 and len(sets[b]) > 1:
                    w = common / (math.log(len(sets[a])) + math.log(len(sets[b])))
                    weights[a][b] = weights[b][a] = w
        scores = _pagerank(weights)
        ranked = [pool[j] for j in sorted(range(n), key=lambda j: (-scores[j], j))]
        return fill_budget(story, ranked, words, self.overflow, redundancy=0.9)


class RandomPick:
    """Random sentences (a lower bound), seeded so runs repeat."""

    def __init__(self, *, seed: int = 13, overflow: bool = False) -> None:
        self.seed = seed
        self.overflow = overflow

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Shuffle candidates with a fixed seed and take what fits."""
        pool = candidates(story)
        random.Random(self.seed + len(story.texts)).shuffle(pool)
        return fill_budget(story, pool, words, self.overflow)


def _methods() -> dict[str, Callable[..., Summarizer]]:
    from .storyrank import StoryRank

    return {
        "storyline": StoryRank,
        "lead": Lead,
        "lexrank": LexRank,
        "textrank": TextRank,
        "random": RandomPick,
    }


METHOD_NAMES = ("storyline", "lead", "lexrank", "textrank", "random")


def get_summarizer(name: str, **options: object) -> Summarizer:
    """Return the summarizer registered under `name`, built with `options`."""
    from .errors import SettingsError

    methods = _methods()
    if name not in methods:
        raise SettingsError(f"unknown method {name!r}; choose one of {', '.join(METHOD_NAMES)}")
    return methods[name](**options)
