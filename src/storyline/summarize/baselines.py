"""The baselines: lead, LexRank, TextRank and random sentences, behind the summarizer contract."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from ..settings import Settings
from ..text.features import StoryFeatures
from .base import candidates, fill_budget


class Lead:
    """Round-robin first sentences of each article (the classic news baseline)."""
    def __init__(self, *, overflow: bool = False, min_words: int = 6) -> None:
        self.overflow = overflow
        self.min_words = min_words

    @classmethod
    def from_settings(cls, settings: Settings, *, overflow: bool = False) -> Lead:
        """Build it from the settings (the shortest sentence it may take)."""
        return cls(overflow=overflow, min_words=settings.min_sentence_words)

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

    @classmethod
    def from_settings(cls, settings: Settings, *, overflow: bool = False) -> LexRank:
        """Build it from the settings (it reads none: its threshold is the paper's)."""
        return cls(overflow=overflow)

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

    @classmethod
    def from_settings(cls, settings: Settings, *, overflow: bool = False) -> TextRank:
        """Build it from the settings (it reads none)."""
        return cls(overflow=overflow)

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

    @classmethod
    def from_settings(cls, settings: Settings, *, overflow: bool = False) -> RandomPick:
        """Build it from the settings: `settings.seed` seeds the draw."""
        return cls(seed=settings.seed, overflow=overflow)

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Shuffle candidates with a fixed seed and take what fits."""
        pool = candidates(story)
        random.Random(self.seed + len(story.texts)).shuffle(pool)
        return fill_budget(story, pool, words, self.overflow)
