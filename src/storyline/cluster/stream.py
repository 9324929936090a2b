"""Online story clustering: each new article joins an open story or starts one.

An article is represented cheaply: hashed, IDF-weighted content terms of its title and lead,
with capitalised words (names of people, places, organisations) weighted up. A story is the
sum of its members' unit vectors, trimmed to its strongest terms. The article joins the open
story whose centroid is most similar (cosine >= `cluster_threshold`), or the story of an
article it copies (MinHash containment >= `duplicate_threshold`); otherwise it starts one.
Stories close `cluster_window_days` after their last article, or when more than
`cluster_max_open` are open, so memory is bounded on an endless stream.

The result depends only on the order articles arrive in; `stream_order` gives the canonical
order (publication time, then content), which the CLI and the Spark job both use.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
import zlib
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import Any

from ..model import Article, Story, content_id
from ..settings import Settings
from ..text.dedup import DuplicateIndex, shingle_array, word_hash
from ..text.features import stem, stopwords

# Hashed vocabulary size for document frequencies: 2^20 counters (4 MB) keep collisions rare
# among the few hundred thousand distinct terms of a news year.
HASH_BITS = 20
# IDF counts this many imaginary documents holding no term, so the first articles of a stream
# are not judged by an IDF of a handful of documents (where a story's shared words look common).
PRIOR_DOCS = 1000
# Capitalised words weigh this much more: names separate stories that share common verbs.
# Chosen on bench/clustering.py (1.0, 1.5, 2.0, 3.0): 2.0 gave the best B-cubed F1.
ENTITY_BOOST = 2.0
# A story centroid keeps its strongest terms only, bounding memory per open story.
CENTROID_TERMS = 300
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z]+")
# Terms in more than this share of articles (and more than COMMON_MIN_DOCS) are not used to
# find candidate stories: they would touch every open story and barely move a cosine.
COMMON_SHARE = 0.05
COMMON_MIN_DOCS = 50
# Open stories sharing one of the article's this-many strongest terms are the candidates.
CANDIDATE_TERMS = 12
CANDIDATE_HITS = 2
# Closed stories are swept from the postings in one pass once this many of their terms (and
# more than the live ones) have piled up; small streams never pay for a sweep.
STALE_MIN = 100_000
# The cyclic garbage collector's first threshold while clustering (Python's default is 700).
# The clusterer keeps many long-lived small dicts and sets (centroids, postings, the MinHash
# index) and makes no reference cycles, so the collector re-walking them every 700 allocations
# only costs time. On bench/clustering.py's synthetic stream 100,000 gave +15-30% articles/s
# (noisy, shared machine) with the same peak memory. Re-run that benchmark after changing.
GC_THRESHOLD = 100_000
Vector = dict[int, float]


def term_key(term: str) -> int:
    """Return the hashed vocabulary slot of a term (stable across processes)."""
    return zlib.crc32(term.encode()) & ((1 << HASH_BITS) - 1)


def day_number(article: Article) -> float | None:
    """Return the publication time in days since year 1, or None when undated."""
    if not article.published:
        return None
    try:
        day = date.fromisoformat(article.published).toordinal()
    except ValueError:
        return None
    hours, _, minutes = (article.published_time or "").partition(":")
    if hours.isdigit() and minutes.isdigit():
        return day + (int(hours) * 60 + int(minutes)) / 1440.0
    return float(day)


def stream_order(article: Article) -> tuple[str, str, str]:
    """Return the canonical sort key: date, time, then a hash of the text.

    Undated articles come first: they then meet every dated story while it is still open,
    instead of arriving after the clock has closed the story they belong to.
    """
    return (article.published or "", article.published_time or "", content_id(article.text))


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


def fingerprint(article: Article, lead_words: int) -> tuple[dict[int, float], Any]:
    """Return an article's hashed term counts (title + lead) and its word hashes (whole text).

    Terms are light-stemmed content words; a word written capitalised anywhere in the lead
    (a name, mostly) counts ENTITY_BOOST times. One tokenization serves both clustering and
    near-duplicate detection (the word hashes come back as a numpy array).
    """
    import numpy as np

    look = _TOKENS.__getitem__
    packed = list(map(look, _CASED_TOKEN.findall(article.text.replace("’", "'"))))
    title = _CASED_TOKEN.findall((article.title or "").replace("’", "'"))
    lead = list(map(look, title)) + packed[:lead_words]
    codes = np.array(packed, dtype=np.uint64) >> np.uint64(HASH_SHIFT)
    weights: dict[int, float] = {}
    capital: list[int] = []
    for code, count in Counter(lead).items():  # first-seen order, as the terms appear
        slot = ((code >> 1) & _SLOT_MASK) - 1
        if slot >= 0:
            weights[slot] = weights.get(slot, 0) + count
            if code & 1:
                capital.append(slot)
    for slot in set(capital):
        weights[slot] *= ENTITY_BOOST
    return weights, codes


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


def article_prints(article: Article, settings: Settings) -> Prints:
    """Return an article's Prints under `settings` (lead length, MinHash seed)."""
    counts, codes = fingerprint(article, settings.cluster_lead_words)
    signer = _signer(settings.seed)
    hashes = shingle_array(codes)
    sig = signer.hasher.signature(hashes)
    return Prints(counts, sig, len(hashes), signer.band_keys(sig))


@lru_cache(maxsize=4)
def _signer(seed: int) -> DuplicateIndex:
    # Only its seeded hasher and band keys are used: the same as the clusterer's own index.
    return DuplicateIndex(1.0, capacity=0, seed=seed)


@dataclass(slots=True)
class _Open:
    """Mutable state of one open story (internal; the output is a frozen `Story`)."""

    centroid: Vector
    first: float | None
    last: float | None
    ids: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    title: str | None = None
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    members: list[Article] = field(default_factory=list)
    touched: int = 0  # arrival number of the latest member: orders closing by recency
    norm: float = 1.0  # L2 norm of the centroid, kept current by `_join`


class StreamClusterer:
    """Online clusterer: `add` articles in stream order, collect closed stories, `flush` at end."""

    def __init__(self, settings: Settings | None = None, keep_articles: bool = False) -> None:
        import numpy as np

        self.settings = settings or Settings()
        self.keep_articles = keep_articles
        self.df = np.zeros(1 << HASH_BITS, dtype=np.int32)  # document frequency per term slot
        self.docs = 0
        self.clock: float | None = None
        self.open: dict[int, _Open] = {}
        self.postings: dict[int, set[int]] = {}  # term slot -> open (and lately closed) stories
        self.stale = 0  # centroid terms of stories closed since the last postings sweep
        self.posted = 0  # entries in all postings sets, stale ones included
        self.story_of: dict[str, int] = {}  # article id -> open story number
        self.dups = DuplicateIndex(self.settings.duplicate_threshold, seed=self.settings.seed)
        self.heap: list[tuple[float, int, int]] = []  # (last time, touched, story)
        self.recency: OrderedDict[int, None] = OrderedDict()  # open stories, least recent first
        self.arrivals = 0
        self.members: dict[str, list[Article]] = {}  # closed story id -> its articles, if kept

    def vector(self, counts: Mapping[int, float]) -> tuple[Vector, Vector]:
        """Return the unit TF-IDF vector of term counts and its part of not-too-common terms.

        Counts the terms into the DF table first. numpy here (gather, scatter, log) takes half
        the time of a Python loop and gives the same floats (checked on the synthetic stream).
        """
        import numpy as np

        self.docs += 1
        total = math.log(self.docs + PRIOR_DOCS)
        size = len(counts)
        keys = np.fromiter(counts, np.intp, size)
        self.df[keys] += 1  # keys are distinct, so a fancy-index add counts each once
        seen = self.df[keys]
        tf = 1.0 + np.log(np.fromiter(counts.values(), np.float64, size))
        weights = tf * (total - np.log(seen + 1.0))
        norm = math.sqrt(math.fsum((weights * weights).tolist())) or 1.0
        unit = (weights * (1.0 / norm)).tolist()
        # Near-stopwords touch every story and decide none: `_best` leaves them out.
        common = max(COMMON_SHARE * self.docs, COMMON_MIN_DOCS)
        rare = (seen <= common).tolist()
        vec = dict(zip(counts, unit, strict=True))
        return vec, dict(compress(zip(counts, unit, strict=True), rare))

    def add(self, article: Article, prints: Prints | None = None) -> list[Story]:
        """Add one article; return the stories that closed because of it (often none).

        `prints`, when given, must be `article_prints(article, settings)` (a Spark job computes
        them in parallel); else they are computed here, from the article's text.
        """
        self.arrivals += 1
        when = day_number(article)
        if when is not None and (self.clock is None or when > self.clock):
            self.clock = when
        closed = self._close_expired()
        if prints is None:
            prints = article_prints(article, self.settings)
        counts, sig, size, keys = prints.counts, prints.sig, prints.size, prints.keys
        copied = self.dups.match(sig, size, keys)
        vec, useful = self.vector(counts)
        number = self.story_of.get(copied) if copied else None
        if number is None:
            number = self._best(useful)
        if number is None:
            number = self.arrivals
            self.open[number] = _Open({}, when, when)
        self._join(number, article, vec, when, copied if copied in self.story_of else None)
        self.dups.add(article.id, sig, size, keys)
        if len(self.open) > self.settings.cluster_max_open:
            closed.append(self._close(next(iter(self.recency))))
        return closed

    def _best(self, useful: Vector) -> int | None:
        # Candidates are the open stories sharing at least CANDIDATE_HITS of the article's
        # strongest terms (one shared rare word is often chance; a story sharing fewer cannot
        # reach the threshold in practice); each candidate's cosine is then exact, over the
        # article's not-too-common terms (`vector`).
        postings = self.postings
        strongest = sorted(useful.items(), key=itemgetter(1), reverse=True)[:CANDIDATE_TERMS]
        hits: dict[int, int] = {}
        for key, _ in strongest:
            for number in postings.get(key, ()):
                hits[number] = hits.get(number, 0) + 1
        need = min(CANDIDATE_HITS, len(strongest))
        best, best_score = None, self.settings.cluster_threshold
        opened = self.open
        # Closed stories linger in postings until the next sweep (`_close`): skip them.
        for number in sorted(n for n, h in hits.items() if h >= need and n in opened):
            story = opened[number]
            centroid = story.centroid
            dot = sum(useful[k] * centroid[k] for k in useful.keys() & centroid.keys())
            score = dot / story.norm
            if score >= best_score and (best is None or score > best_score):
                best, best_score = number, score
        return best

    def _join(self, number: int, article: Article, vec: Vector, when: float | None,
              copied: str | None) -> None:
        story = self.open[number]
        self._add_vector(number, story, vec)
        story.ids.append(article.id)
        if article.published:
            stamp = article.published
            story.dates.append(f"{stamp}T{article.published_time}" if article.published_time
                               else stamp)
        story.title = story.title or article.title
        if copied:
            story.duplicates.append((article.id, copied))
        if self.keep_articles:
            story.members.append(article)
        if when is not None:
            story.first = when if story.first is None else min(story.first, when)
            story.last = when if story.last is None else max(story.last, when)
        story.touched = self.arrivals
        self.recency[number] = None
        self.recency.move_to_end(number)
        self.story_of[article.id] = number
        if story.last is not None:
            heapq.heappush(self.heap, (story.last, story.touched, number))

    def _add_vector(self, number: int, story: _Open, vec: Vector) -> None:
        # The centroid keeps its strongest terms; trimming waits until it holds half as many
        # again, so the sort runs every few joins rather than at each.
        centroid, postings = story.centroid, self.postings
        squares = story.norm * story.norm if centroid else 0.0
        size = len(centroid)
        get = centroid.get
        for k, w in vec.items():
            old = get(k)
            if old is not None:
                centroid[k] = old + w
                squares += w * (2.0 * old + w)
            else:
                centroid[k] = w
                squares += w * w
                members = postings.get(k)
                if members is not None:
                    members.add(number)
                else:
                    postings[k] = {number}
        self.posted += len(centroid) - size  # each new term was posted once
        if len(centroid) > CENTROID_TERMS * 3 // 2:
            ranked = sorted(centroid.items(), key=itemgetter(1), reverse=True)
            self.posted -= len(ranked) - CENTROID_TERMS
            for k, _ in ranked[CENTROID_TERMS:]:
                del centroid[k]
                members = postings[k]
                members.discard(number)
                if not members:
                    del postings[k]
            squares = sum(v * v for v in centroid.values())  # exact again after trimming
        story.norm = math.sqrt(squares) or 1.0

    def _sweep_postings(self) -> None:
        # Drop closed stories from the postings in one pass, rather than term by term at each
        # close: that was a tenth of the clusterer's time. Run when the stale entries could
        # outnumber the live ones, so postings stay within twice their live size.
        opened = self.open
        for key in list(self.postings):
            members = {n for n in self.postings[key] if n in opened}
            if members:
                self.postings[key] = members
            else:
                del self.postings[key]
        self.posted -= self.stale
        self.stale = 0

    def _close_expired(self) -> list[Story]:
        closed: list[Story] = []
        if self.clock is None:
            return closed
        limit = self.clock - self.settings.cluster_window_days
        while self.heap and self.heap[0][0] < limit:
            last, touched, number = heapq.heappop(self.heap)
            story = self.open.get(number)
            if story is not None and story.touched == touched:  # else a stale heap entry
                closed.append(self._close(number))
        return closed

    def _close(self, number: int) -> Story:
        story = self.open.pop(number)
        del self.recency[number]
        self.stale += len(story.centroid)
        if self.stale > STALE_MIN and 2 * self.stale > self.posted:
            self._sweep_postings()
        for article_id in story.ids:
            self.story_of.pop(article_id, None)
        frozen = make_story(story)
        if self.keep_articles:
            self.members[frozen.story] = story.members
        return frozen

    def flush(self) -> list[Story]:
        """Close every open story (end of input), oldest first."""
        order = sorted(self.open, key=lambda s: self.open[s].touched)
        return [self._close(number) for number in order]


def make_story(story: _Open) -> Story:
    """Freeze an open story's state into a `Story` with a content-derived id."""
    dates = sorted(story.dates)
    title = story.title
    return Story(
        story=content_id(*sorted(story.ids)),
        articles=tuple(story.ids),
        title=title,
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        duplicates=tuple(story.duplicates),
    )


@contextmanager
def fewer_collections(threshold: int = GC_THRESHOLD) -> Iterator[None]:
    """Run the block with the garbage collector's first threshold raised (restored after)."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], threshold), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def cluster_stream(
    articles: Iterable[Article], settings: Settings | None = None, keep_articles: bool = False
) -> Iterator[tuple[Story, list[Article]]]:
    """Cluster articles in the order given; yield each story (with its articles if kept).

    The collector threshold stays raised (`fewer_collections`) until the stream ends, also
    while the caller handles a yielded story.
    """
    return cluster_printed(((a, None) for a in articles), settings, keep_articles)


def cluster_printed(
    pairs: Iterable[tuple[Article, Prints | None]], settings: Settings | None = None,
    keep_articles: bool = False,
) -> Iterator[tuple[Story, list[Article]]]:
    """`cluster_stream` over (article, its Prints or None) pairs: the same stories."""
    clusterer = StreamClusterer(settings, keep_articles=keep_articles)
    with fewer_collections():
        for article, prints in pairs:
            for story in clusterer.add(article, prints):
                yield story, _members(clusterer, story, keep_articles)
        for story in clusterer.flush():
            yield story, _members(clusterer, story, keep_articles)


def _members(clusterer: StreamClusterer, story: Story, keep: bool) -> list[Article]:
    return clusterer.members.pop(story.story, []) if keep else []
