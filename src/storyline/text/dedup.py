"""Near-duplicates and syndication: wire copy and light rewrites of another article.

Two tools share one shingle representation (hashed word 5-grams):

- `mark_duplicates` for one story (at most a few hundred articles): exact shingle sets,
  pairwise containment. A copy gets `duplicate_of` = the id of the earliest article it copies,
  so the brief shows it as corroboration ("copy of [n]") instead of a second, independent source.
- `DuplicateIndex` for an endless stream: MinHash signatures (numpy, seeded, deterministic)
  banded into an LSH table, so each new article is compared only with its bucket mates.

Own numpy MinHash rather than datasketch: same estimator, no extra dependency, and the
signature of a whole article is one vectorized min over a (shingles x permutations) array.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Article
from ..settings import Settings
from .features import run_firsts, tokens

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Signature = npt.NDArray[np.uint64]

# Word 5-grams: long enough that two independent reports of one event rarely share many
# (the seeds share <= 9% containment), short enough that a light edit changes few of them.
SHINGLE_WORDS = 5
# 64 permutations in 16 bands of 4 rows: a pair with Jaccard 0.5 lands in a shared bucket
# with probability 1 - (1 - 0.5^4)^16 = 0.64, at 0.7 with 0.98; lower pairs rarely meet.
NUM_PERM = 64
BAND_ROWS = 4
_PRIME = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1
_MULT = 1_000_003  # odd multiplier of the rolling n-gram hash


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Return the 32-bit hashes of the text's word n-grams (whole text when shorter)."""
    return shingles_of([_word_hash(w) for w in tokens(text)], size)


def shingles_of(codes: Sequence[int], size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Return the n-gram hashes of a text given the hashes of its words (`word_hash`)."""
    return frozenset(shingle_array(codes, size).tolist())


def shingle_array(codes: Sequence[int], size: int = SHINGLE_WORDS) -> npt.NDArray[np.uint64]:
    """Return the distinct n-gram hashes of a text, sorted, as a numpy array (no Python ints)."""
    import numpy as np

    words = np.asarray(codes, dtype=np.uint64)  # no copy when given the stream's hash array
    if len(words) < size:
        return np.unique(words.sum(keepdims=True) & np.uint64(_MAX_HASH)) if len(words) else words
    # Polynomial rolling combination of word hashes, vectorized: one pass, no string joins.
    mixed = np.zeros(len(words) - size + 1, dtype=np.uint64)
    for offset in range(size):
        mixed = mixed * np.uint64(_MULT) + words[offset : offset + len(mixed)]
    mixed &= np.uint64(_MAX_HASH)
    # np.unique, spelled out: sort in place, keep the first of each run (twice as fast here).
    mixed.sort()
    result: npt.NDArray[np.uint64] = mixed[run_firsts(mixed)]
    return result


def word_hash(word: str) -> int:
    """Return the stable 32-bit hash of a lower-cased word token (shingles are built from it)."""
    return _word_hash(word)


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode())


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Return |a & b| / min(|a|, |b|): 1.0 when the shorter text is wholly inside the longer."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _order(article: Article, position: int) -> tuple[str, str, int]:
    # The earliest published article is the original; undated ones come after dated ones.
    day = article.published or "9999-99-99"
    return (day, article.published_time or "99:99", position)


def mark_duplicates(
    articles: Sequence[Article], settings: Settings | None = None
) -> tuple[Article, ...]:
    """Return the articles (same order) with `duplicate_of` set on near-copies of an earlier one."""
    settings = settings or Settings()
    sets = [shingles(a.text) for a in articles]
    order = sorted(range(len(articles)), key=lambda i: _order(articles[i], i))
    original: dict[int, int] = {}
    for rank, i in enumerate(order):
        for j in order[:rank]:  # earlier articles only: the copy points back in time
            if j not in original and containment(sets[i], sets[j]) >= settings.duplicate_threshold:
                original[i] = j
                break
    return tuple(
        replace(a, duplicate_of=articles[original[i]].id) if i in original else a
        for i, a in enumerate(articles)
    )


class MinHasher:
    """Seeded universal hashing: the same text gives the same signature in every process."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = 13) -> None:
        import numpy as np

        rng = np.random.default_rng(seed)
        self.a = rng.integers(1, _PRIME, size=num_perm, dtype=np.uint64)
        self.b = rng.integers(0, _PRIME, size=num_perm, dtype=np.uint64)
        self.a32, self.b32 = self.a.astype(np.uint32), self.b.astype(np.uint32)  # low 32 bits

    def signature(self, hashes: Iterable[int] | npt.NDArray[np.uint64]) -> Signature:
        """Return the MinHash signature of a set of 32-bit hashes (set or numpy array)."""
        import numpy as np

        values = hashes if isinstance(hashes, np.ndarray) else np.fromiter(hashes, np.uint64)
        if not len(values):
            return np.full(len(self.a), _MAX_HASH, dtype=np.uint64)
        # (a*x + b) mod p on 32-bit x: a*x fits 93 bits, so wrap-around in uint64 is fine for
        # a hash family (it stays a fixed pseudo-random permutation per row), then fold to 32.
        # Only the low 32 bits are kept, and they depend only on the low 32 bits of a, x and b:
        # so the same values come out of uint32 arithmetic, on half the memory.
        mixed = np.multiply.outer(values.astype(np.uint32), self.a32)
        mixed += self.b32
        result: Signature = mixed.min(axis=0).astype(np.uint64)
        return result


def jaccard_estimate(a: Signature, b: Signature) -> float:
    """Return the share of equal MinHash rows: an unbiased estimate of Jaccard similarity."""
    return float((a == b).mean())


def containment_estimate(jaccard: float, size_a: int, size_b: int) -> float:
    """Turn a Jaccard estimate and the two set sizes into a containment estimate."""
    if not size_a or not size_b:
        return 0.0
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, shared / min(size_a, size_b))


class DuplicateIndex:
    """An LSH table over MinHash signatures holding at most `capacity` articles (oldest go)."""

    def __init__(self, threshold: float, capacity: int = 50_000, seed: int = 13) -> None:
        import numpy as np

        self.threshold = threshold
        self.capacity = capacity
        self.hasher = MinHasher(seed=seed)
        self.entries: OrderedDict[str, tuple[Signature, int]] = OrderedDict()
        self.buckets: dict[int, list[str]] = {}
        self.band_mix = self.hasher.a[:BAND_ROWS] | np.uint64(1)

    def band_keys(self, sig: Signature) -> list[int]:
        """Return the LSH bucket keys of a signature, one integer per band."""
        # One integer per band: the band's rows mixed by odd multipliers, plus the band number
        # in the low bits, so equal rows in different bands never share a bucket.
        import numpy as np

        rows = sig.reshape(-1, BAND_ROWS) * self.band_mix[None, :]
        mixed = (rows.sum(axis=1) << np.uint64(6)) | np.arange(len(rows), dtype=np.uint64)
        keys: list[int] = mixed.tolist()
        return keys

    def find(self, text: str) -> tuple[str | None, Signature, int]:
        """Return (id of the indexed article this text copies or None, signature, set size)."""
        return self.find_shingles(shingles(text))

    def find_shingles(
        self, hashes: frozenset[int] | npt.NDArray[np.uint64]
    ) -> tuple[str | None, Signature, int]:
        """Like `find`, for a text already turned into distinct shingles (set or array)."""
        sig = self.hasher.signature(hashes)
        return self.match(sig, len(hashes), self.band_keys(sig)), sig, len(hashes)

    def match(self, sig: Signature, size: int, keys: list[int]) -> str | None:
        """Return the id of the indexed article a signature (of `size` shingles) copies, or None."""
        best, best_score = None, self.threshold
        seen: set[str] = set()
        for key in keys:
            for other in self.buckets.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                other_sig, other_size = self.entries[other]
                jac = jaccard_estimate(sig, other_sig)
                score = containment_estimate(jac, size, other_size)
                if score >= best_score and (best is None or score > best_score):
                    best, best_score = other, score
        return best

    def add(self, article_id: str, sig: Signature, size: int,
            keys: list[int] | None = None) -> None:
        """Index an article's signature (its `band_keys` if already known); evict when full."""
        self.entries[article_id] = (sig, size)
        for key in self.band_keys(sig) if keys is None else keys:
            self.buckets.setdefault(key, []).append(article_id)
        while len(self.entries) > self.capacity:
            self._evict()

    def _evict(self) -> None:
        old, (sig, _) = self.entries.popitem(last=False)
        for key in self.band_keys(sig):
            members = self.buckets.get(key)
            if members is not None:
                members.remove(old)
                if not members:
                    del self.buckets[key]
