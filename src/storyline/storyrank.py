"""storyline's own multi-document sentence selection.

What a single-document summarizer cannot use, this method does:
- agreement across sources: a content bigram's weight is the number of articles that carry it;
- redundancy across sources: concepts already covered add nothing, and near-repeats are skipped;
- position in each article: news leads carry the story, so early sentences get a prior.
Selection is the greedy budgeted maximisation of covered concept weight (Lin & Bilmes 2010
style), with a length exponent so short and long sentences compete fairly.
"""

from __future__ import annotations

from collections.abc import Sequence

from .features import StoryFeatures, stem, stopwords, tokens, word_count
from .summarize import candidates, reading_order


def sentence_concepts(text: str) -> set[tuple[str, str]]:
    """Return stemmed word bigrams of a sentence, skipping pairs of two stopwords."""
    stop = stopwords()
    toks = [t for t in tokens(text) if len(t) > 1 or t.isdigit()]
    out = set()
    for a, b in zip(toks, toks[1:], strict=False):
        if a in stop and b in stop:
            continue
        out.add((stem(a), stem(b)))
    return out


class StoryRank:
    """Concept coverage x cross-source agreement x position, greedy within the word budget."""

    def __init__(
        self,
        *,
        length_power: float = 0.6,
        position_weight: float = 1.0,
        min_df: int = 2,
        redundancy: float = 0.5,
        min_words: int = 6,
        max_words: int = 60,
        overflow: bool = False,
    ) -> None:
        # Defaults chosen on the dev sets by bench/quality.py (see docs/benchmarks.md).
        self.length_power = length_power
        self.position_weight = position_weight
        self.min_df = min_df
        self.redundancy = redundancy
        self.min_words = min_words
        self.max_words = max_words
        self.overflow = overflow

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Select sentences covering the most cross-source content within `words`."""
        pool = candidates(story, self.min_words, self.max_words)
        concepts = [sentence_concepts(t) for t in story.texts]
        weights = self._weights(story, concepts)
        prior = [self._prior(story, i) for i in range(len(story.texts))]
        chosen = self._greedy(story, pool, concepts, weights, prior, words)
        return reading_order(story, chosen)

    def _weights(
        self, story: StoryFeatures, concepts: Sequence[set[tuple[str, str]]]
    ) -> dict[tuple[str, str], float]:
        docs: dict[tuple[str, str], set[int]] = {}
        for i, sent_concepts in enumerate(concepts):
            for c in sent_concepts:
                docs.setdefault(c, set()).add(story.doc_index[i])
        min_df = self.min_df if story.n_docs >= self.min_df else 1
        return {c: float(len(d)) for c, d in docs.items() if len(d) >= min_df}

    def _prior(self, story: StoryFeatures, i: int) -> float:
        return 1.0 + self.position_weight / (1.0 + story.sents[i].index)

    def _greedy(
        self,
        story: StoryFeatures,
        pool: Sequence[int],
        concepts: Sequence[set[tuple[str, str]]],
        weights: dict[tuple[str, str], float],
        prior: Sequence[float],
        words: int,
    ) -> list[int]:
        covered: set[tuple[str, str]] = set()
        chosen: list[int] = []
        total = 0
        remaining = list(pool)
        while remaining and total < words:
            best, best_score = -1, 0.0
            for i in remaining:
                n = word_count(story.texts[i])
                if total + n > words and not self.overflow:
                    continue
                gain = sum(weights.get(c, 0.0) for c in concepts[i] - covered)
                score = prior[i] * gain / (n**self.length_power)
                if score > best_score:
                    best, best_score = i, score
            if best < 0:
                break
            remaining.remove(best)
            overlap = float((story.vectors[chosen] @ story.vectors[best]).max()) if chosen else 0.0
            if overlap >= self.redundancy:
                continue
            chosen.append(best)
            covered |= concepts[best]
            total += word_count(story.texts[best])
        return chosen
