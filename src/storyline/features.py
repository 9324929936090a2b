"""Tokenize and vectorize each sentence of a story once; every later stage reuses it."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .model import Article, Sentence
from .resources import load_words

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_TOKEN = re.compile(r"[a-z0-9]+(?:[.'’][a-z0-9]+)*")
# Suffixes removed by the light stemmer, longest first. Enough to match "evacuated" with
# "evacuation" would need a real stemmer; this only folds inflections, which is what
# citation matching and redundancy need.
_SUFFIXES = ("ies", "ing", "ed", "es", "s")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Return the English stopword list (data/stopwords_en.txt)."""
    return load_words("stopwords_en.txt")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Fold common English inflections: "civilians" -> "civilian", "fleeing" -> "flee"."""
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith("'s") or word.endswith("’s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]:
                return base[:-1]  # "stopped" -> "stop"
            if suffix == "es" and not base.endswith(("sh", "ch", "x", "ss", "z")):
                return base + "e"  # "leaves" -> "leave"
            if suffix == "s" and base.endswith(("s", "u", "i")):
                return word  # "crisis", "status", "pavis"
            return base
    return word


def tokens(text: str) -> list[str]:
    """Return lower-cased word tokens (keeps "u.s." and "don't" whole)."""
    return _TOKEN.findall(text.lower().replace("’", "'"))


def content_terms(text: str) -> list[str]:
    """Return stemmed content words (stopwords and 1-letter tokens removed)."""
    stop = stopwords()
    return [stem(t) for t in tokens(text) if t not in stop and len(t) > 1]


def word_count(text: str) -> int:
    """Count whitespace-separated words, the unit of every word budget."""
    return len(text.split())


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """One story's sentences with their text, terms and TF-IDF vectors (rows L2-normalised).

    Not part of the data model: it holds numpy arrays and lives only inside a stage.
    """

    articles: tuple[Article, ...]
    sents: tuple[Sentence, ...]
    texts: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...]
    doc_index: tuple[int, ...]  # article number of each sentence
    vectors: npt.NDArray[np.float32]
    idf: dict[str, float]

    @property
    def n_docs(self) -> int:
        """Number of articles in the story."""
        return len(self.articles)

    def doc_length(self, doc: int) -> int:
        """Number of sentences in article `doc`."""
        return sum(1 for d in self.doc_index if d == doc)

    def similarity(self) -> npt.NDArray[np.float32]:
        """Return the sentence-by-sentence cosine matrix."""
        return self.vectors @ self.vectors.T


def build_features(
    articles: Sequence[Article], sents_by_article: Sequence[Sequence[Sentence]]
) -> StoryFeatures:
    """Tokenize and vectorize every sentence of a story once."""
    import numpy as np

    sents: list[Sentence] = []
    texts: list[str] = []
    terms: list[tuple[str, ...]] = []
    doc_index: list[int] = []
    for doc, (article, article_sents) in enumerate(zip(articles, sents_by_article, strict=True)):
        for sent in article_sents:
            text = article.text[sent.start : sent.end]
            sents.append(sent)
            texts.append(text)
            terms.append(tuple(content_terms(text)))
            doc_index.append(doc)
    idf = _idf(terms)
    vocab = {term: i for i, term in enumerate(sorted(idf))}
    vectors = np.zeros((len(sents), max(len(vocab), 1)), dtype=np.float32)
    for row, sent_terms in enumerate(terms):
        for term in sent_terms:
            vectors[row, vocab[term]] += idf[term]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors /= np.where(norms == 0, 1.0, norms)
    return StoryFeatures(
        tuple(articles), tuple(sents), tuple(texts), tuple(terms), tuple(doc_index), vectors, idf
    )


def _idf(terms: Sequence[Sequence[str]]) -> dict[str, float]:
    # Sentence-level IDF, smoothed: a term in every sentence still gets a small weight.
    df: dict[str, int] = {}
    for sent_terms in terms:
        for term in set(sent_terms):
            df[term] = df.get(term, 0) + 1
    n = len(terms)
    return {term: math.log((n + 1) / (count + 0.5)) for term, count in df.items()}
