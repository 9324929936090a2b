"""storyline's own multi-document sentence selection.

What a single-document summarizer cannot use, this method does:
- agreement across sources: a content bigram's weight grows with the number of articles that
  carry it, and a sentence's "support" counts the other articles that say the same thing;
- redundancy across sources: concepts already covered add nothing, and near-repeats are skipped;
- position in each article: news leads carry the story.
A small linear model (weights in data/storyrank_model.json, trained by bench/train_storyrank.py)
turns position, length, support and concept features into a per-sentence salience. Selection is
the greedy budgeted maximisation of covered concept weight (Lin & Bilmes 2010 style), each
gain scaled by that salience and by a length exponent so short and long sentences compete fairly.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from .features import StoryFeatures, stem, stopwords, tokens, word_count
from .resources import read_text
from .summarize import candidates, reading_order

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float64]

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


def concept_docs(story: StoryFeatures, concepts: Sequence[set[Concept]]) -> dict[Concept, int]:
    """Return, for every concept, the number of articles that carry it."""
    docs: dict[Concept, set[int]] = {}
    for i, sent_concepts in enumerate(concepts):
        for c in sent_concepts:
            docs.setdefault(c, set()).add(story.doc_index[i])
    # Dict order follows set order; every use below is order-free (fsum, sorted columns).
    return {c: len(d) for c, d in docs.items()}


def _term_docs(story: StoryFeatures) -> dict[str, int]:
    docs: dict[str, set[int]] = {}
    for i, terms in enumerate(story.terms):
        for t in terms:
            docs.setdefault(t, set()).add(story.doc_index[i])
    return {t: len(d) for t, d in docs.items()}


def _cross_doc(story: StoryFeatures) -> tuple[Matrix, Matrix]:
    """Return each sentence's support share and centrality over the other articles."""
    import numpy as np

    n, others = len(story.texts), max(story.n_docs - 1, 1)
    # Terms of a single sentence add nothing to any cross-sentence cosine: drop them (speed).
    vec = story.vectors[:, np.count_nonzero(story.vectors, axis=0) >= 2]
    sims = vec @ vec.T
    doc = np.asarray(story.doc_index)
    best = np.zeros((n, story.n_docs))
    # Sentences come article by article, so each article is one block of columns.
    present, starts = np.unique(doc, return_index=True)
    best[:, present] = np.maximum.reduceat(sims, np.sort(starts), axis=1)
    best[np.arange(n), doc] = 0.0  # an article does not support itself
    support = (best >= SUPPORT_COSINE).sum(axis=1) / others
    return support, best.sum(axis=1) / others


def _word_prob(story: StoryFeatures) -> list[float]:
    """Return each sentence's mean in-story content-word frequency, x 100."""
    counts: dict[str, int] = {}
    for sent_terms in story.terms:
        for t in sent_terms:
            counts[t] = counts.get(t, 0) + 1
    total = max(sum(counts.values()), 1)
    return [
        100.0 * sum(counts[t] for t in sent_terms) / total / max(len(sent_terms), 1)
        for sent_terms in story.terms
    ]


def feature_matrix(
    story: StoryFeatures,
    concepts: Sequence[set[Concept]],
    cdf: Mapping[Concept, int] | None = None,
) -> Matrix:
    """Return the salience features (FEATURES order) of every sentence of the story."""
    import numpy as np

    others = max(story.n_docs - 1, 1)
    cdf = concept_docs(story, concepts) if cdf is None else cdf
    tdf = _term_docs(story)
    doc_len = Counter(story.doc_index)
    support, centrality = _cross_doc(story)
    centroid = story.vectors.sum(axis=0)
    centroid_cos = story.vectors @ (centroid / max(float(np.linalg.norm(centroid)), 1e-9))
    word_prob = _word_prob(story)
    rows = []
    for i, text in enumerate(story.texts):
        pos = story.sents[i].index
        bigram = [(cdf[c] - 1) / others for c in concepts[i]]
        term = [(tdf[t] - 1) / others for t in story.terms[i]]
        rows.append((
            1.0 / (1.0 + pos),
            float(pos == 0),
            pos / max(doc_len[story.doc_index[i]], 1),
            math.log(max(word_count(text), 1)),
            support[i],
            centrality[i],
            math.fsum(bigram) / len(bigram) if bigram else 0.0,
            math.fsum(term) / len(term) if term else 0.0,
            float(any(q in text for q in "\"“”")),
            float(centroid_cos[i]),
            word_prob[i],
            float(_DIGIT.search(text) is not None),
        ))
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


@cache
def default_model() -> dict[str, Any]:
    """Return the shipped salience model (data/storyrank_model.json)."""
    model: dict[str, Any] = json.loads(read_text("storyrank_model.json"))
    return model


def salience(features: Matrix, model: Mapping[str, Any]) -> Matrix:
    """Return the model's standardized salience score of each feature row."""
    import numpy as np

    mean = np.asarray(model["mean"], dtype=np.float64)
    scale = np.asarray(model["scale"], dtype=np.float64)
    coef = np.asarray(model["coef"], dtype=np.float64)
    z = ((features - mean) / scale) @ coef
    return (z - float(model["score_mean"])) / float(model["score_scale"])


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
        max_words: int = 60,
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
        self.max_words = max_words
        self.overflow = overflow
        self.model = model

    def __call__(self, story: StoryFeatures, words: int) -> list[int]:
        """Select sentences covering the most cross-source content within `words`."""
        if not story.texts:
            return []
        pool = candidates(story, self.min_words, self.max_words)
        concepts = [sentence_concepts(t) for t in story.texts]
        cdf = concept_docs(story, concepts)
        weights = self.concept_weights(cdf)
        boost = self.boost(story, concepts, cdf)
        chosen = self._greedy(story, pool, concepts, weights, boost, words)
        return reading_order(story, chosen)

    def concept_weights(self, cdf: Mapping[Concept, int]) -> dict[Concept, float]:
        """Return each concept's weight: shared concepts count by how many articles carry them."""
        return {
            c: float(df) ** self.df_power if df > 1 else self.single_weight
            for c, df in cdf.items()
        }

    def boost(
        self, story: StoryFeatures, concepts: Sequence[set[Concept]], cdf: Mapping[Concept, int]
    ) -> Matrix:
        """Return each sentence's multiplier from learned salience and the position prior."""
        import numpy as np

        n = len(story.texts)
        pos = np.asarray([s.index for s in story.sents], dtype=np.float64)
        out = 1.0 + self.position_weight / (1.0 + pos)
        if self.salience_weight:
            model = self.model if self.model is not None else default_model()
            z = salience(feature_matrix(story, concepts, cdf), model)
            out = out * np.exp(self.salience_weight * np.clip(z, -3.0, 3.0))
        return out.reshape(n)

    def _greedy(
        self,
        story: StoryFeatures,
        pool: Sequence[int],
        concepts: Sequence[set[Concept]],
        weights: dict[Concept, float],
        boost: Matrix,
        words: int,
    ) -> list[int]:
        import numpy as np

        index = {c: k for k, c in enumerate(weights)}
        w = np.asarray(list(weights.values()), dtype=np.float64)
        rows = np.asarray([r for r, i in enumerate(pool) for _ in concepts[i]], dtype=np.intp)
        cols = np.asarray([index[c] for i in pool for c in sorted(concepts[i])], dtype=np.intp)
        lengths = np.asarray([word_count(story.texts[i]) for i in pool], dtype=np.float64)
        norm = boost[list(pool)] / lengths**self.length_power
        uncovered = np.ones(len(w))
        redundant = self.redundancy
        open_ = np.ones(len(pool), dtype=bool)
        chosen: list[int] = []
        total = 0.0
        while total < words:
            fits = open_ & (self.overflow | (total + lengths <= words))
            if not fits.any():
                break
            gain = np.bincount(rows, weights=(w * uncovered)[cols], minlength=len(pool))
            # The tiny floor keeps ranking by salience once no shared concept is left (short
            # single-source stories used to end the summary early, far under the budget).
            score = np.where(fits, (gain + 1e-3) * norm, -1.0)
            r = int(np.argmax(score))  # ties go to the earlier sentence: deterministic
            open_[r] = False
            i = pool[r]
            if chosen and float((story.vectors[chosen] @ story.vectors[i]).max()) >= redundant:
                continue
            chosen.append(i)
            uncovered[cols[rows == r]] = 0.0
            total += lengths[r]
        return chosen
