"""storyline's own multi-document sentence selection.

What a single-document summarizer cannot use, this method does:
- agreement across sources: a content bigram's weight grows with the number of articles that
  carry it, and a sentence's "support" counts the other articles that say the same thing;
- redundancy across sources: concepts already covered add nothing, and near-repeats are skipped;
- position in each article: news leads carry the story.
A small quadratic model (weights in data/storyrank_model.json, by bench/train_storyrank.py)
turns position, length, support and concept features into a per-sentence salience. Selection is
the greedy budgeted maximisation of covered concept weight (Lin & Bilmes 2010 style), each
gain scaled by that salience and by a length exponent so short and long sentences compete fairly.

Speed: everything is counted on the integer ids of the story's TokenIndex (features.py) with
numpy, with the same values, bit for bit, as the plain per-sentence definitions.
"""

from __future__ import annotations

import functools
import heapq
import json
import math
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..resources import read_text
from ..settings import Settings
from ..text.features import (
    STOPWORD,
    StoryFeatures,
    TokenIndex,
    distinct,
    run_firsts,
    stem,
    stopwords,
    tokens,
)
from .base import reading_order
from .select import Picker, not_prose

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.intp]
    Floats = npt.NDArray[np.float32]

Concept = tuple[str, str]
_DIGIT = re.compile(r"\d")
# Per-sentence features of the salience model, in the column order of feature_matrix().
FEATURES = (
    "lead",  # 1 / (1 + position in its article)
    "first",  # 1 for an article's first sentence
    "relpos",  # position / article length
    "loglen",  # log of the word count
    "support",  # share of other articles with a sentence at cosine >= SUPPORT_COSINE
    "centrality",  # mean over other articles of the best cosine to one of their sentences
    "bigram_df",  # mean share of other articles carrying each of the sentence's bigrams
    "term_df",  # mean share of other articles carrying each of its content words
    "quote",  # 1 when the sentence holds a quotation mark (quotes rarely make references)
    "centroid",  # cosine to the mean TF-IDF vector of the whole story (MEAD's centroid)
    "word_prob",  # mean in-story frequency of its content words, x 100 (SumBasic's signal)
    "digits",  # 1 when it holds a number (figures make news summaries)
)
# Cosine at which another article's sentence counts as support (the "support" feature). Set
# between Settings.support_threshold (0.6, copies) and the redundancy cut; not tuned on its own.
# Changing it changes the features: re-run bench/train_storyrank.py.
SUPPORT_COSINE = 0.5


def sentence_concepts(text: str) -> set[Concept]:
    """Return stemmed word bigrams of a sentence, skipping pairs of two stopwords."""
    stop = stopwords()
    toks = [t for t in tokens(text) if len(t) > 1 or t.isdigit()]
    stems = [stem(t) for t in toks]
    pairs = zip(toks, toks[1:], stems, stems[1:], strict=False)
    return {(sa, sb) for a, b, sa, sb in pairs if a not in stop or b not in stop}


@dataclass(frozen=True, slots=True)
class Concepts:
    """A story's concepts as integer ids (numbered in sorted concept order), sentence by sentence.

    Entries are sorted by sentence, then concept id; a sentence's entries are distinct.
    """

    sentence: Ints  # sentence of each entry
    ids: Ints  # concept id of each entry
    docs: Ints  # number of articles carrying each concept id


def story_concepts(story: StoryFeatures) -> Concepts:
    """Return the story's concepts (as sentence_concepts of every sentence) from its tokens."""
    index = story.token_index()
    kept = index.kinds > 0  # one-letter words never enter a concept
    stems, sent = index.stem_ids[kept], index.sentence[kept]
    stop = index.kinds[kept] == STOPWORD
    pair = (sent[:-1] == sent[1:]) & ~(stop[:-1] & stop[1:])
    width = max(len(index.stem_order), 1)
    # Stem ids follow the stems' sorted order, so codes sort as (stem, stem) tuples do.
    code = stems[:-1][pair] * width + stems[1:][pair]
    return _number(index, sent[:-1][pair], code)


def _number(index: TokenIndex, sent: Ints, code: Ints) -> Concepts:
    import numpy as np

    span = int(code.max()) + 1 if len(code) else 1
    ordered, first = distinct(sent * span + code)  # (np.unique is slow on small arrays)
    cells = ordered[first]
    sentence, code = cells // span, cells % span
    # Stable: entries of one concept stay in sentence order, so in article order.
    order = np.argsort(code, kind="stable")
    new = run_firsts(code[order])
    ranks = np.cumsum(new) - 1
    ids = np.empty_like(ranks)
    ids[order] = ranks  # concepts numbered in code order
    doc = index.doc[sentence[order]]
    new[1:] |= doc[1:] != doc[:-1]  # first entry of each (concept, article) pair
    docs = np.bincount(ranks[new], minlength=int(ranks[-1]) + 1 if len(ranks) else 0)
    return Concepts(sentence, ids, docs)


def concepts_from_sets(story: StoryFeatures, concepts: Sequence[set[Concept]]) -> Concepts:
    """Return Concepts numbering the given per-sentence concept sets."""
    import numpy as np

    number = {c: k for k, c in enumerate(sorted(set().union(*concepts)))}
    sent = [i for i, cs in enumerate(concepts) for _ in cs]
    code = [number[c] for cs in concepts for c in cs]
    return _number(
        story.token_index(), np.asarray(sent, dtype=np.intp), np.asarray(code, dtype=np.intp)
    )


def feature_matrix(
    story: StoryFeatures,
    concepts: Sequence[set[Concept]],
    cdf: Mapping[Concept, int] | None = None,
) -> Matrix:
    """Return the salience features (FEATURES order) of every sentence of the story."""
    import numpy as np

    numbered = concepts_from_sets(story, concepts)
    if cdf is not None:
        docs = [cdf[c] for c in sorted(set().union(*concepts))]
        numbered = Concepts(numbered.sentence, numbered.ids,
                            np.asarray(docs, dtype=np.intp))
    return story_features(story, numbered)


def story_features(story: StoryFeatures, concepts: Concepts) -> Matrix:
    """Return the salience features (FEATURES order) of every sentence, from numbered concepts."""
    return _features(story, concepts)[0]


def _features(story: StoryFeatures, concepts: Concepts) -> tuple[Matrix, Floats]:
    """Return the features and the sentence-by-sentence cosines _cross_doc computed."""
    import numpy as np

    index = story.token_index()
    n, others = len(story.texts), max(story.n_docs - 1, 1)
    doc, pos = index.doc, index.position.astype(np.float64)
    doc_len = np.bincount(doc, minlength=story.n_docs)
    words = index.words.tolist()
    logs = {w: math.log(max(w, 1)) for w in set(words)}
    out = np.empty((n, len(FEATURES)), dtype=np.float64)
    out[:, 0] = 1.0 / (1.0 + pos)
    out[:, 1] = pos == 0
    out[:, 2] = pos / np.maximum(doc_len[doc], 1)
    out[:, 3] = [logs[w] for w in words]
    out[:, 4], out[:, 5], sims = _cross_doc(story, index)
    out[:, 6] = _mean_share(concepts.docs[concepts.ids], concepts.sentence, n, others)
    out[:, 7] = _mean_share(_term_docs(index), index.term_sentence, n, others)
    out[:, 8] = [('"' in t or "“" in t or "”" in t) for t in story.texts]
    centroid = story.vectors.sum(axis=0)
    out[:, 9] = story.vectors @ (centroid / max(float(np.linalg.norm(centroid)), 1e-9))
    out[:, 10] = _word_prob(index, n)
    out[:, 11] = [_DIGIT.search(t) is not None for t in story.texts]
    return out, sims


def _mean_share(docs: Ints, owner: Ints, n: int, others: int) -> Matrix:
    """Return, per sentence, the mean of (articles carrying each item - 1) / others, given
    each item's sentence (`owner`); 0 for a sentence without items."""
    import numpy as np

    # Sums of integer counts are exact in float64, whatever the order of the items.
    summed = np.bincount(owner, weights=docs - 1, minlength=n)
    return summed / others / np.maximum(np.bincount(owner, minlength=n), 1)


def _term_docs(index: TokenIndex) -> Ints:
    """Return, per content token, the number of articles carrying its term."""
    import numpy as np

    n_docs = int(index.doc.max()) + 1 if len(index.doc) else 1
    ordered, first = distinct(index.term_cols * n_docs + index.doc[index.term_sentence])
    carried = np.bincount(ordered[first] // n_docs, minlength=len(index.vocab))
    return carried[index.term_cols]


def _cross_doc(story: StoryFeatures, index: TokenIndex) -> tuple[Matrix, Matrix, Floats]:
    """Return each sentence's support share and centrality, and all the cosines."""
    import numpy as np

    n, others, doc = len(story.texts), max(story.n_docs - 1, 1), index.doc
    if len(index.term_df) == story.vectors.shape[1]:
        shared = index.term_df >= 2  # the columns counting non-zeros would keep, known already
    else:
        shared = np.count_nonzero(story.vectors, axis=0) >= 2
    # Terms of a single sentence add nothing to any cross-sentence cosine: drop them (speed).
    vec = story.vectors[:, shared]
    sims = vec @ vec.T
    best = np.zeros((n, story.n_docs))
    # Sentences come article by article, so each article is one block of columns.
    sizes = np.bincount(doc, minlength=story.n_docs)
    present = np.flatnonzero(sizes)
    best[:, present] = np.maximum.reduceat(sims, (np.cumsum(sizes) - sizes)[present], axis=1)
    best[np.arange(n), doc] = 0.0  # an article does not support itself
    support = (best >= SUPPORT_COSINE).sum(axis=1) / others
    return support, best.sum(axis=1) / others, sims


def _word_prob(index: TokenIndex, n: int) -> Matrix:
    """Return each sentence's mean in-story content-word frequency, x 100."""
    import numpy as np

    counts = np.bincount(index.term_cols, minlength=len(index.vocab))
    total = max(len(index.term_cols), 1)
    # Sums of integer counts are exact in float64: the same as summing them one by one.
    summed = np.bincount(index.term_sentence, weights=counts[index.term_cols], minlength=n)
    size = np.bincount(index.term_sentence, minlength=n)
    return 100.0 * summed / total / np.maximum(size, 1)


@cache
def default_model() -> dict[str, Any]:
    """Return the shipped salience model (data/storyrank_model.json)."""
    model: dict[str, Any] = json.loads(read_text("storyrank_model.json"))
    return model


def salience(features: Matrix, model: Mapping[str, Any] | None = None) -> Matrix:
    """Return the model's standardized salience score of each feature row (default: shipped)."""
    arrays, score_mean, score_scale = _default_arrays() if model is None else _model_arrays(model)
    z: Matrix = ((features - arrays[0]) / arrays[1]) @ arrays[2]
    if len(arrays) > 3:  # the model also weighs each feature's square (see train_storyrank.py)
        z = z + ((features**2 - arrays[3]) / arrays[4]) @ arrays[5]
    return (z - score_mean) / score_scale


def _model_arrays(model: Mapping[str, Any]) -> tuple[tuple[Matrix, ...], float, float]:
    import numpy as np

    keys = ["mean", "scale", "coef"] + ["mean_sq", "scale_sq", "coef_sq"] * ("coef_sq" in model)
    arrays = tuple(np.asarray(model[k], dtype=np.float64) for k in keys)
    return arrays, float(model["score_mean"]), float(model["score_scale"])


@cache
def _default_arrays() -> tuple[tuple[Matrix, ...], float, float]:
    return _model_arrays(default_model())


class StoryRank:
    """Concept coverage x cross-source agreement x learned salience, greedy within the budget."""

    def __init__(
        self,
        *,
        length_power: float = 0.8,
        df_power: float = 1.0,
        single_weight: float = 0.1,
        salience_weight: float = 1.25,
        position_weight: float = 0.25,
        redundancy: float = 0.3,
        min_words: int = 6,
        max_words: int = 100,
        max_share: float = 0.5,
        overflow: bool = False,
        model: Mapping[str, Any] | None = None,
    ) -> None:
        # Defaults chosen on the four dev sets by bench/tune_storyrank.py (re-run it after a
        # change); see docs/benchmarks.md for what each did.
        self.length_power = length_power  # gain / words**p: 0 favours long, 1 short sentences
        self.df_power = df_power  # concept weight = articles carrying it ** df_power
        self.single_weight = single_weight  # weight of a concept only one article carries
        self.salience_weight = salience_weight  # gain * exp(w * salience z-score)
        self.position_weight = position_weight  # extra prior 1 + w / (1 + position)
        self.redundancy = redundancy  # skip a sentence at this cosine to a chosen one
        self.min_words = min_words
        # A candidate has at most max_words words and at most max_share of the budget (never
        # under 20): one sentence should not fill half a summary. Was a flat 60; budget / 2 with
        # cap 100: DUC 39.00/10.53 -> 39.23/10.77, Multi-News 46.55/17.13 -> 46.62/17.18,
        # Multi-News+ 44.74/15.45 -> 44.76/15.74, MultiLing unchanged (shares 0.45-0.6 and caps
        # 60-100 tried; bench/tune_storyrank.py max_share=... max_words=...).
        self.max_words = max_words
        self.max_share = max_share
        self.overflow = overflow
        self.model = model

    @classmethod
    def from_settings(cls, settings: Settings, *, overflow: bool = False) -> StoryRank:
        """Build it from the settings (the sentence lengths it may take)."""
        return cls(overflow=overflow, min_words=settings.min_sentence_words,
                   max_words=settings.max_sentence_words)

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Select sentences covering the most cross-source content within `words`."""
        if not story.texts:
            return []
        concepts = story_concepts(story)
        boost, sims = self._boost(story, concepts)
        weights = self._weights(concepts.docs)
        return reading_order(story, self._greedy(story, concepts, weights, boost, sims, words))

    def _weights(self, docs: Ints) -> Matrix:
        import numpy as np

        # A shared concept weighs (articles carrying it) ** df_power; looked up by that count.
        top = int(docs.max()) if len(docs) else 0
        table = [float(df) ** self.df_power if df > 1 else self.single_weight
                 for df in range(top + 1)]
        return np.asarray(table, dtype=np.float64)[docs]

    def _boost(self, story: StoryFeatures, concepts: Concepts) -> tuple[Matrix, Floats | None]:
        """Return the boosts, and the cosines between sentences when features needed them."""
        import numpy as np

        pos = story.token_index().position.astype(np.float64)
        out = 1.0 + self.position_weight / (1.0 + pos)
        sims = None
        if self.salience_weight:
            features, sims = _features(story, concepts)
            z = salience(features, self.model)
            out = out * np.exp(self.salience_weight * np.clip(z, -3.0, 3.0))
        return out.reshape(len(story.texts)), sims

    def _pool(self, story: StoryFeatures, words: int) -> list[int]:
        import numpy as np

        # summarize.candidates, on the word counts the TokenIndex already holds.
        count = story.token_index().words
        most = min(self.max_words, max(int(words * self.max_share), 20))
        fit = np.flatnonzero((count >= self.min_words) & (count <= most)).tolist()
        skip = not_prose(story)
        keep = [i for i in fit if not story.texts[i].rstrip().endswith("?") and i not in skip]
        return keep or list(range(len(story.texts)))

    def _greedy(
        self, story: StoryFeatures, concepts: Concepts, weights: Matrix, boost: Matrix,
        sims: Floats | None, words: int,
    ) -> list[int]:
        """Pick the sentence of best (gain + 1e-3) * boost / length**p until the budget is met.

        Lazy greedy: gains only shrink as concepts get covered, so a score computed before the
        last pick is an upper bound, and a sentence whose fresh score tops the heap is the exact
        argmax (ties to the earlier sentence), as a full rescoring each round would find.
        """
        import numpy as np

        pool = self._pool(story, words)
        where = np.full(len(story.texts), -1, dtype=np.intp)
        where[pool] = np.arange(len(pool))
        rows = where[concepts.sentence]
        in_pool = rows >= 0
        # Entries stay sorted by sentence then concept: a row sums its gains in that order.
        rows, cols = rows[in_pool], concepts.ids[in_pool]
        bounds = np.searchsorted(rows, np.arange(len(pool) + 1)).tolist()
        listed = cols.tolist()
        row_cols = [listed[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        lengths = story.token_index().words[pool].astype(np.float64)
        norm = boost[pool] / lengths**self.length_power
        gain = np.bincount(rows, weights=weights[cols], minlength=len(pool))
        # The tiny floor keeps ranking by salience once no shared concept is left (short
        # single-source stories used to end the summary early, far under the budget).
        heap = [(-s, r, 0) for r, s in enumerate(((gain + 1e-3) * norm).tolist())]
        heapq.heapify(heap)
        picker = Picker(story, sims, self.redundancy)
        return self._pick(picker, pool, heap, row_cols, weights.tolist(), norm.tolist(),
                          lengths.tolist(), words)

    def _pick(
        self, picker: Picker, pool: list[int], heap: list[tuple[float, int, int]],
        row_cols: list[list[int]], weight: list[float], norm: list[float],
        lengths: list[float], words: int,
    ) -> list[int]:
        chosen = picker.chosen
        total, picks = 0.0, 0
        while total < words and heap:
            neg, r, fresh = heapq.heappop(heap)
            if not self.overflow and total + lengths[r] > words:
                continue  # the total only grows: it will never fit again
            if fresh != picks:  # scored before the last pick: rescore, the same sum in order
                gain = functools.reduce(operator.add, map(weight.__getitem__, row_cols[r]), 0.0)
                heapq.heappush(heap, (-((gain + 1e-3) * norm[r]), r, picks))
                continue
            if picker.redundant(pool[r]):
                continue
            picker.add(pool[r])
            for c in row_cols[r]:
                weight[c] = 0.0
            total += lengths[r]
            picks += 1
        return chosen
