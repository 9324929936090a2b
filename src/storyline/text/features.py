"""Tokenize and vectorize each sentence of a story once; every later stage reuses it."""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import Article, Sentence
from ..resources import load_words

T = TypeVar("T")

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.intp]

_TOKEN = re.compile(r"[a-z0-9]+(?:[.'’][a-z0-9]+)*")
# Suffixes removed by the light stemmer, longest first. Enough to match "evacuated" with
# "evacuation" would need a real stemmer; this only folds inflections, which is what
# citation matching and redundancy need.
_SUFFIXES = ("ies", "ing", "ed", "es", "s")
# Token kinds in TokenIndex.kinds: dropped (a one-letter word), kept stopword, kept other (a
# one-digit number), content word (a term of `content_terms`).
DROPPED, STOPWORD, OTHER, CONTENT = 0, 1, 2, 3
_LEXICON_MAX = 200_000  # tokens remembered across stories; a new lexicon starts past this
# Stems are sorted by their first KEY_BYTES bytes with numpy; two stems alike that far (rare:
# both longer) send the story to Python's string sort instead.
KEY_BYTES = 24


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Return the English stopword list (data/stopwords_en.txt)."""
    return load_words("stopwords_en.txt")


def _stem(word: str) -> str:
    """Fold common English inflections: "civilians" -> "civilian", "fleeing" -> "flee"."""
    # Every suffix ends in "s", "g" or "d": other words are returned without trying them.
    if len(word) <= 4 or word[-1] not in "sgd" or not word.isalpha():
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


stem = lru_cache(maxsize=65536)(_stem)


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


class _Lexicon(dict[bytes, int]):
    """Token (UTF-8) -> id, learned on first sight, so each word is stemmed once per process.

    Arrays hold each id's stem id and kind. A story's new words are learned in one batch
    (`ids`): one lock and one slice write per array per story, not a call and three numpy
    writes per word.
    A full lexicon is replaced, never cleared, so a story being indexed in another thread keeps
    a consistent one.
    """

    def __init__(self) -> None:
        import numpy as np

        super().__init__()
        self.lock = threading.Lock()
        self.stem_of = np.zeros(4096, dtype=np.intp)
        self.kind_of = np.zeros(4096, dtype=np.intp)
        self.stems: list[str] = []  # stem of each stem id
        self.stem_no: dict[str, int] = {}
        # The first KEY_BYTES bytes of each stem id's stem: numpy sorts a story's stems on them.
        self.stem_key = np.zeros(4096, dtype=f"S{KEY_BYTES}")
        self.stop = stopwords()

    def __missing__(self, token: bytes) -> int:
        self.learn([token])
        return self[token]

    def ids(self, tokens: Sequence[bytes]) -> Ints:
        """Return the id of each token, learning the new ones in one batch."""
        import numpy as np

        ids = np.fromiter(map(self.get, tokens, itertools.repeat(-1)), dtype=np.intp,
                          count=len(tokens))
        new = np.flatnonzero(ids < 0).tolist()
        if new:
            unseen = list(map(tokens.__getitem__, new))
            self.learn(unseen)
            ids[new] = list(map(self.__getitem__, unseen))
        return ids

    def learn(self, tokens: Sequence[bytes]) -> None:
        """Give each new token an id; its stem id and kind are written before the id is seen."""
        with self.lock:
            fresh = [t for t in dict.fromkeys(tokens) if t not in self]  # not learned meanwhile
            if not fresh:
                return
            stop, stem_no, stems = self.stop, self.stem_no, self.stems
            first_stem = len(stems)
            stem_of, kinds = [], []
            for token in fresh:
                word = token.decode("ascii")
                if word in stop:
                    kinds.append(STOPWORD if len(word) > 1 or word.isdigit() else DROPPED)
                elif len(word) > 1:
                    kinds.append(CONTENT)
                else:
                    kinds.append(OTHER if word.isdigit() else DROPPED)
                base = _stem(word)  # each token is stemmed once: stem()'s cache would not help
                number = stem_no.get(base)
                if number is None:
                    number = stem_no[base] = len(stems)
                    stems.append(base)
                stem_of.append(number)
            while len(stems) > len(self.stem_key):  # arrays grow before any id is handed out
                self.stem_key = _doubled(self.stem_key)
            # numpy keeps the first KEY_BYTES bytes of each stem
            self.stem_key[first_stem : len(stems)] = [b.encode("ascii") for b in stems[first_stem:]]
            first = len(self)
            while first + len(fresh) > len(self.stem_of):
                self.stem_of, self.kind_of = _doubled(self.stem_of), _doubled(self.kind_of)
            self.stem_of[first : first + len(fresh)] = stem_of
            self.kind_of[first : first + len(fresh)] = kinds
            self.update(zip(fresh, range(first, first + len(fresh)), strict=True))


def _doubled(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Return the array followed by as many zeros."""
    import numpy as np

    return np.concatenate([array, np.zeros_like(array)])


_LEXICONS: list[_Lexicon] = []


@lru_cache(maxsize=1)
def _byte_kinds() -> npt.NDArray[np.uint8]:
    """Return, per byte value: 2 for a-z and 0-9, 1 for '.' and "'", 0 for anything else."""
    import numpy as np

    table = np.zeros(256, dtype=np.uint8)
    table[list(b"abcdefghijklmnopqrstuvwxyz0123456789")] = 2
    table[list(b".'")] = 1
    return table


def distinct(values: Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
    """Return the values sorted and a mask of the first of each run of equal ones.

    np.unique does the same but costs several times more on the small arrays of a story.
    """
    import numpy as np

    ordered = np.sort(values)
    return ordered, run_firsts(ordered)


def run_firsts(ordered: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Return a mask of the first of each run of equal values in sorted `ordered`."""
    import numpy as np

    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def forget_words() -> None:
    """Forget every word learned so far (benchmarks use it to time first sight again)."""
    _LEXICONS.clear()
    stem.cache_clear()


def _lexicon() -> _Lexicon:
    """Return the current lexicon, starting a new one when it has grown past its cap."""
    if not _LEXICONS or len(_LEXICONS[-1]) >= _LEXICON_MAX:
        _LEXICONS[:] = [_Lexicon()]
    return _LEXICONS[-1]


def _token_bytes(texts: Sequence[str]) -> tuple[list[bytes], Ints, Ints]:
    """Return every token of `tokens()` (as UTF-8) sentence after sentence, the sentence of
    each, and each sentence's whitespace word count (`word_count`)."""
    import numpy as np

    # The same tokens as the _TOKEN regex, found with numpy on the bytes (about 2x faster):
    # a letter or digit is in a token, and so is one '.' or "'" between two of them.
    encoded = [t.lower().replace("’", "'").encode() for t in texts]
    blob = b" ".join(encoded)
    raw = np.frombuffer(blob, dtype=np.uint8)
    kind = _byte_kinds()[raw]
    keep = kind == 2
    keep[1:-1] |= (kind[1:-1] == 1) & keep[:-2] & keep[2:]
    # Sentences are joined by one space, which is in no token: a token starts where a run of
    # kept bytes begins, and belongs to the last sentence starting at or before it.
    sizes = np.fromiter(map(len, encoded), dtype=np.intp, count=len(encoded)) + 1
    offsets = np.cumsum(sizes) - sizes
    flat = np.where(keep, raw, np.uint8(32)).tobytes().split()
    sentence = np.searchsorted(offsets, np.flatnonzero(_run_starts(keep)), side="right") - 1
    words = np.fromiter(map(len, map(str.split, texts)), dtype=np.intp, count=len(texts))
    return flat, sentence, words


def _run_starts(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Return where each run of True in `mask` begins."""
    import numpy as np

    begins = np.empty_like(mask)
    begins[:1] = mask[:1]
    np.greater(mask[1:], mask[:-1], out=begins[1:])
    return begins


@dataclass(frozen=True, slots=True)
class TokenIndex:
    """Every token of a story as integers, so later stages count with numpy, not strings.

    Tokens are those of `tokens()`, sentence after sentence; stems are numbered in sorted
    order, so comparing stem ids compares the stems' strings. The strings themselves are only
    looked up when asked for (`stems`, `columns`).
    """

    names: Sequence[str]  # the lexicon's stems, by lexicon stem id
    stem_order: Ints  # lexicon stem id of each story stem id (so in sorted string order)
    vocab: Ints  # story stem id of each vectors column (the content terms, sorted)
    stem_ids: Ints  # stem id of each token
    kinds: Ints  # DROPPED, STOPWORD, OTHER or CONTENT, per token
    sentence: Ints  # sentence number of each token
    term_cols: Ints  # vectors column of each content token (terms, in order)
    term_sentence: Ints  # sentence number of each content token
    term_df: Ints  # number of sentences holding each vectors column's term
    words: Ints  # whitespace word count of each sentence (word_count)
    doc: Ints  # article number of each sentence (doc_index)
    position: Ints  # place of each sentence in its article (Sentence.index)

    @property
    def stems(self) -> tuple[str, ...]:
        """Every distinct stem of the story, sorted."""
        return tuple(map(self.names.__getitem__, self.stem_order.tolist()))

    @property
    def columns(self) -> tuple[str, ...]:
        """The term of each vectors column, sorted (the keys of StoryFeatures.idf)."""
        return tuple(map(self.names.__getitem__, self.stem_order[self.vocab].tolist()))

    def terms(self) -> tuple[tuple[str, ...], ...]:
        """Return each sentence's content terms, in order (as content_terms)."""
        import numpy as np

        columns = self.columns
        words = list(map(columns.__getitem__, self.term_cols.tolist()))
        ends = np.cumsum(np.bincount(self.term_sentence, minlength=len(self.words))).tolist()
        return tuple(tuple(words[a:b]) for a, b in zip([0, *ends], ends, strict=False))


def _scan(
    texts: Sequence[str], doc_index: Sequence[int], positions: Sequence[int]
) -> tuple[TokenIndex, Ints, Ints]:
    # Also returns the distinct (sentence, column) cells of the term matrix and their counts.
    import numpy as np

    n = len(texts)
    flat, sentence, words = _token_bytes(texts)
    lexicon = _lexicon()
    ids = lexicon.ids(flat)
    kinds = lexicon.kind_of[ids]
    order, stem_ids = _story_stems(lexicon, lexicon.stem_of[ids])
    content = kinds == CONTENT
    term_stems, term_sentence = stem_ids[content], sentence[content]
    ordered, first = distinct(term_stems)
    vocab = ordered[first]
    term_cols = np.searchsorted(vocab, term_stems)
    width = max(len(vocab), 1)
    ordered, first = distinct(term_sentence * width + term_cols)
    cells = ordered[first]
    cell_counts = np.diff(np.append(np.flatnonzero(first), len(ordered)))
    index = TokenIndex(
        lexicon.stems, order, vocab, stem_ids, kinds, sentence, term_cols, term_sentence,
        np.bincount(cells % width, minlength=len(vocab)), words,
        np.asarray(doc_index, dtype=np.intp).reshape(n),
        np.asarray(positions, dtype=np.intp).reshape(n),
    )
    return index, cells, cell_counts


def _story_stems(lexicon: _Lexicon, stem_of: Ints) -> tuple[Ints, Ints]:
    """Return the story's distinct lexicon stem ids in their strings' sorted order, and each
    token's rank among them."""
    import numpy as np

    ordered, first = distinct(stem_of)
    present = ordered[first]
    keys = lexicon.stem_key[present]
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    if len(ranked) > 1 and bool((ranked[1:] == ranked[:-1]).any()):  # alike up to KEY_BYTES
        names = list(map(lexicon.stems.__getitem__, present.tolist()))
        order = np.asarray(sorted(range(len(names)), key=names.__getitem__), dtype=np.intp)
    rank = np.empty(len(present), dtype=np.intp)
    rank[order] = np.arange(len(present))
    return present[order], rank[np.searchsorted(present, stem_of)]


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """One story's sentences with their text, terms and TF-IDF vectors (rows L2-normalised).

    Not part of the data model: it holds numpy arrays and lives only inside a stage. `terms`
    and `idf` (strings) are built on first use: StoryRank counts on the integer index only.
    """

    articles: tuple[Article, ...]
    sents: tuple[Sentence, ...]
    texts: tuple[str, ...]
    doc_index: tuple[int, ...]  # article number of each sentence
    vectors: npt.NDArray[np.float32]
    idf_values: npt.NDArray[np.float64]  # sentence-level IDF of each vectors column
    index: TokenIndex
    doc_lengths: tuple[int, ...]  # sentences per article
    _lazy: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def terms(self) -> tuple[tuple[str, ...], ...]:
        """Each sentence's stemmed content words, in order (as content_terms)."""
        if "terms" not in self._lazy:
            self._lazy["terms"] = self.index.terms()
        terms: tuple[tuple[str, ...], ...] = self._lazy["terms"]
        return terms

    @property
    def idf(self) -> dict[str, float]:
        """The sentence-level IDF of every content term of the story."""
        if "idf" not in self._lazy:
            self._lazy["idf"] = dict(
                zip(self.index.columns, self.idf_values.tolist(), strict=True))
        idf: dict[str, float] = self._lazy["idf"]
        return idf

    @property
    def n_docs(self) -> int:
        """Number of articles in the story."""
        return len(self.articles)

    def doc_length(self, doc: int) -> int:
        """Number of sentences in article `doc`."""
        return self.doc_lengths[doc]

    def memo(self, key: object, make: Callable[[], T]) -> T:
        """Return what `make` computes for this story, computed once (the per-story memo that
        stages share, e.g. the entity index and the publication dates; no module-global cache)."""
        if key not in self._lazy:
            self._lazy[key] = make()
        value: T = self._lazy[key]
        return value

    @property
    def original_doc(self) -> tuple[int, ...]:
        """For each article, the article it is a syndicated copy of (itself when independent)."""
        if "original_doc" not in self._lazy:
            number = {a.id: n for n, a in enumerate(self.articles)}
            self._lazy["original_doc"] = tuple(
                number.get(a.duplicate_of, n) if a.duplicate_of else n
                for n, a in enumerate(self.articles))
        original: tuple[int, ...] = self._lazy["original_doc"]
        return original

    def similarity(self) -> npt.NDArray[np.float32]:
        """Return the sentence-by-sentence cosine matrix."""
        return self.vectors @ self.vectors.T

    def token_index(self) -> TokenIndex:
        """Return the story's TokenIndex."""
        return self.index


def build_features(
    articles: Sequence[Article], sents_by_article: Sequence[Sequence[Sentence]]
) -> StoryFeatures:
    """Tokenize and vectorize every sentence of a story once."""
    sents: list[Sentence] = []
    texts: list[str] = []
    doc_index: list[int] = []
    lengths: list[int] = []
    for doc, (article, article_sents) in enumerate(zip(articles, sents_by_article, strict=True)):
        body = article.text
        texts += [body[s.start : s.end] for s in article_sents]
        sents += article_sents
        doc_index += [doc] * len(article_sents)
        lengths.append(len(article_sents))
    index, cells, counts = _scan(texts, doc_index, [s.index for s in sents])
    idf_values, vectors = _vectorize(index, len(texts), cells, counts)
    return StoryFeatures(
        tuple(articles), tuple(sents), tuple(texts), tuple(doc_index), vectors, idf_values,
        index, tuple(lengths),
    )


def _vectorize(
    index: TokenIndex, n: int, cells: Ints, counts: Ints
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
    """Return the sentence-level IDF of every column and the L2-normalised TF-IDF rows."""
    import numpy as np

    # Sentence-level IDF, smoothed: a term in every sentence still gets a small weight.
    # math.log on each distinct document frequency keeps the values of a per-term loop.
    dfs = index.term_df
    table = np.zeros(int(dfs.max()) + 1 if len(dfs) else 1, dtype=np.float64)
    for df in set(dfs.tolist()):
        table[df] = math.log((n + 1) / (df + 0.5))
    idf_values = table[dfs]
    width = max(len(dfs), 1)
    vectors = np.zeros((n, width), dtype=np.float32)
    if len(dfs):
        cols = cells % width
        weight = idf_values.astype(np.float32)[cols]
        # A term met c times adds its float32 weight c times; c * w rounds the same for c <= 3.
        value = weight * counts.astype(np.float32)
        for k in np.flatnonzero(counts > 3).tolist():
            total = np.float32(0.0)
            for _ in range(int(counts[k])):
                total = np.float32(total + weight[k])
            value[k] = total
        vectors[cells // width, cols] = value
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors /= np.where(norms == 0, 1.0, norms)
    return idf_values, vectors
