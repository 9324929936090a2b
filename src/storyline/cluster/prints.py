"""What the clusterer reads from an article's text: hashed term counts of its title and lead,
the term slots of the names in its lead, and the MinHash signature of its whole text (`Prints`).

Worked out apart from the clusterer's state, so a Spark job can compute it per partition.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Article
from ..settings import Settings
from ..text.dedup import DuplicateIndex, shingle_array, word_hash
from ..text.features import stem, stopwords
from .events import NAME, headline, name_text

# Hashed vocabulary size for document frequencies: 2^20 counters (4 MB) keep collisions rare
# among the few hundred thousand distinct terms of a news year.
HASH_BITS = 20
# Names (`events.NAME`) weigh this much more: they separate stories that share event words.
# Chosen on gva (the tune stream) with bench/clustering.py (2, 3, 4, 5, 6) once names were read
# inside sentences only: 5 gave the best pairwise F1 (6 the same); ecbplus confirmed it.
ENTITY_BOOST = 5.0
# Headline words count this many times: the headline is the one part of a scraped page that
# is always about the article (a lead may open on a sidebar the cleaning kept). 2 beat 1 and
# matched 3 on gva's pairwise F1.
TITLE_WEIGHT = 2
# Names are read in the first lead_words * LEAD_CHARS characters of the body.
LEAD_CHARS = 6
def term_key(term: str) -> int:
    """Return the hashed vocabulary slot of a term (stable across processes)."""
    return zlib.crc32(term.encode()) & ((1 << HASH_BITS) - 1)


# Word tokens as features.tokens finds them, but with their case kept (names matter here).
_CASED_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*")
# A token's facts packed in one int: shingle hash << HASH_SHIFT | (term slot + 1) << 1 | capital.
# One small object per token rather than a tuple of three ints keeps the table cache-friendly:
# on a long stream the lookups, not the arithmetic, were most of the clusterer's time.
HASH_SHIFT = HASH_BITS + 2
_SLOT_MASK = (1 << (HASH_BITS + 1)) - 1


class _TokenTable(dict[str, int]):
    """Per distinct token: its packed facts (see HASH_SHIFT).

    News vocabulary repeats, so each token is worked out once, on first sight (`__missing__`),
    and then found by a plain dict lookup; the table is emptied when it grows too large.
    """

    def __missing__(self, token: str) -> int:
        if len(self) >= _TOKEN_TABLE_MAX:
            self.clear()
        lower = token.lower()
        slot = -1 if len(lower) < 2 or lower in stopwords() else term_key(stem(lower))
        found = self[token] = (word_hash(lower) << HASH_SHIFT) | ((slot + 1) << 1) | (
            token[0].isupper())
        return found


_TOKEN_TABLE_MAX = 1 << 19
_TOKENS = _TokenTable()


def fingerprint(article: Article, lead_words: int
                ) -> tuple[dict[int, float], Any, list[tuple[int, ...]]]:
    """Return an article's hashed term counts (title + lead), its word hashes (whole text) and
    the term slots of the names in its lead (`events.NAME`).

    Terms are light-stemmed content words of the headline (outlet segments cut: `headline`) and
    lead; a name counts ENTITY_BOOST times. One tokenization serves both clustering and
    near-duplicate detection (the word hashes come back as a numpy array).
    """
    import numpy as np

    look = _TOKENS.__getitem__
    text = article.text.replace("’", "'")
    packed = list(map(look, _CASED_TOKEN.findall(text)))
    title = _CASED_TOKEN.findall(headline((article.title or "").replace("’", "'"),
                                          article.source))
    lead = list(map(look, title)) * TITLE_WEIGHT + packed[:lead_words]
    codes = np.array(packed, dtype=np.uint64) >> np.uint64(HASH_SHIFT)
    weights: dict[int, float] = {}
    for code, count in Counter(lead).items():  # first-seen order, as the terms appear
        slot = ((code >> 1) & _SLOT_MASK) - 1
        if slot >= 0:
            weights[slot] = weights.get(slot, 0) + count
    names: list[tuple[int, ...]] = []
    for phrase in dict.fromkeys(NAME.findall(name_text(text, lead_words * LEAD_CHARS))):
        slots = tuple(slot for slot in (((look(word) >> 1) & _SLOT_MASK) - 1
                                        for word in phrase.split()) if slot in weights)
        if slots:
            names.append(slots)
    for slot in {slot for phrase in names for slot in phrase}:
        weights[slot] *= ENTITY_BOOST
    return weights, codes, names


@dataclass(frozen=True, slots=True)
class Prints:
    """What the clusterer reads from an article's text, worked out apart from its state so it
    can be computed in parallel (Spark does it per partition): the hashed term counts of title
    and lead (`fingerprint`), and the whole text's MinHash signature, shingle count and LSH
    bucket keys."""

    counts: dict[int, float]
    sig: Any  # numpy array, as DuplicateIndex keeps it
    size: int
    keys: list[int]
    names: list[tuple[int, ...]]  # each name of the lead as its words' term slots


def article_prints(article: Article, settings: Settings) -> Prints:
    """Return an article's Prints under `settings` (lead length, MinHash seed)."""
    counts, codes, names = fingerprint(article, settings.cluster_lead_words)
    signer = _signer(settings.seed)
    hashes = shingle_array(codes)
    sig = signer.hasher.signature(hashes)
    return Prints(counts, sig, len(hashes), signer.band_keys(sig), names)


@lru_cache(maxsize=4)
def _signer(seed: int) -> DuplicateIndex:
    # Only its seeded hasher and band keys are used: the same as the clusterer's own index.
    return DuplicateIndex(1.0, capacity=0, seed=seed)


