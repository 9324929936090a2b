"""Online story clustering: each new article joins an open story or starts one.

An article is represented cheaply: hashed, IDF-weighted content terms of its title and lead,
with capitalised words (names of people, places, organisations) weighted up. A story is the
sum of its members' unit vectors, trimmed to its strongest terms. The article joins the open
story whose centroid is most similar (cosine >= `cluster_threshold`), or the story of an
article it copies (MinHash containment >= `duplicate_threshold`); otherwise it starts one.
Stories close `cluster_window_days` after their last article, or when more than
`cluster_max_open` are open, so memory is bounded on an endless stream.

The result depends only on the order articles arrive in; `stream_order` gives the canonical
order (publication time, then content), which the CLI and the Spark job both use. What is
read from an article's text (its `Prints`) is worked out in prints.py.
"""

from __future__ import annotations

import gc
import heapq
import math
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from operator import itemgetter

from ..model import Article, Story, content_id
from ..settings import Settings
from ..text.dedup import DuplicateIndex
from .prints import HASH_BITS, Prints, article_prints

# IDF counts this many imaginary documents holding no term, so the first articles of a stream
# are not judged by an IDF of a handful of documents (where a story's shared words look common).
PRIOR_DOCS = 1000
# A story centroid keeps its strongest terms only, bounding memory per open story.
CENTROID_TERMS = 300
# Re-opening (`_admits`). A story quiet for cluster_window_days is dormant until REOPEN_DAYS:
# it then takes an article only at cosine >= DORMANT_THRESHOLD and when the article names at
# least DORMANT_SHARED of the story's core names (named by CORE_SHARE of its members) that
# are specific (IDF >= DORMANT_IDF, about 1 article in 150): an arrest, charge or trial
# months after the shooting names its place and people. Chosen on gva (the tune stream) with
# bench/clustering.py: thresholds 0.2/0.3/0.35/0.4, IDF 5/5.5/6, one or two shared names;
# 0.35, 5.0 and two names gave the best pairwise F1 on both halves. A lower cosine for an
# open story sharing a specific name (0.15) and a veto on conflicting names (each side naming
# specific names the other lacks) were tried and cost more recall than they gained precision.
# Also tried against same-type events (issue 17; gva tunes, ecbplus confirms; measured with
# bench/clustering_dev.py), each as a veto in `_admits`, none kept: (a) the article's salient
# names (said 2-5 times) never named in the story while the story's never appear in the
# article: ecbplus B3 F1 0.841 -> 0.838-0.849, gva pairwise 0.789 -> 0.779-0.785; (b) years
# stated in the lead (and the publication year) more than 0-1 year from every year of the
# story: ecbplus P 0.751 -> 0.77-0.78 but R 0.954 -> 0.85-0.91 (F1 0.813-0.837); (c) stated
# month-day dates more than 3-31 days from every date the story states: ecbplus P -> 0.76-0.78,
# R -> 0.83-0.89 (F1 0.805-0.820), also as a x0.6-0.8 score penalty (no change). On ecbplus
# the ECB half of a topic seldom states a year or a date and both halves name the same people
# (a vetoed article opens a fragment instead), while a join refused across true events would
# give 0.982 (`clustering_dev.py --oracle`): the missing signal is in the text, not the rule.
DORMANT_THRESHOLD = 0.35
DORMANT_SHARED = 2
DORMANT_IDF = 5.0
REOPEN_DAYS = 400
# A dormant story keeps this many centroid terms and names (memory on a long stream).
DORMANT_TERMS = 40
CORE_SHARE = 0.5
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
    names: dict[int, int] = field(default_factory=dict)  # name slot -> members naming it
    size: int = 0  # members
    dormant: tuple[int, ...] | None = None  # its indexed core names while dormant (`_shrink`)


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
        self.dormant: list[tuple[float, int, int]] = []  # the same, for dormant stories
        # Dormant stories are out of the term postings: found by their core names only.
        self.named: dict[int, set[int]] = {}  # core name slot -> dormant stories
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
        names = self.rarity(prints.names)
        number = self.story_of.get(copied) if copied else None
        if number is None:
            number = self._best(useful, names, when)
        if number is None:
            number = self.arrivals
            self.open[number] = _Open({}, when, when)
        self._join(number, article, vec, when, copied if copied in self.story_of else None)
        self._name(self.open[number], names)
        self.dups.add(article.id, sig, size, keys)
        if len(self.open) > self.settings.cluster_max_open:
            closed.append(self._close(next(iter(self.recency))))
        return closed

    def rarity(self, names: list[tuple[int, ...]]) -> dict[int, float]:
        """Return each name as its rarest word's slot, with that word's IDF (a name is as
        specific as its rarest word: "Las Vegas" is "Vegas", "Sports Page Tavern" is "Page")."""
        import numpy as np

        if not names:
            return {}
        total = math.log(self.docs + PRIOR_DOCS)
        slots = list({slot for phrase in names for slot in phrase})
        seen = self.df[np.fromiter(slots, np.intp, len(slots))]
        idf = dict(zip(slots, (total - np.log(seen + 1.0)).tolist(), strict=True))
        out: dict[int, float] = {}
        for phrase in names:
            rarest = max(phrase, key=idf.__getitem__)
            out[rarest] = idf[rarest]
        return out

    def _name(self, story: _Open, names: dict[int, float]) -> None:
        story.size += 1
        counted = story.names
        for slot in names:
            counted[slot] = counted.get(slot, 0) + 1

    def _best(self, useful: Vector, names: dict[int, float], when: float | None) -> int | None:
        # Candidates are the open stories sharing at least CANDIDATE_HITS of the article's
        # strongest terms (one shared rare word is often chance; a story sharing fewer cannot
        # reach the threshold in practice); each candidate's cosine is then exact, over the
        # article's not-too-common terms (`vector`), and `_admits` decides.
        postings = self.postings
        strongest = sorted(useful.items(), key=itemgetter(1), reverse=True)[:CANDIDATE_TERMS]
        hits: dict[int, int] = {}
        for key, _ in strongest:
            for number in postings.get(key, ()):
                hits[number] = hits.get(number, 0) + 1
        need = min(CANDIDATE_HITS, len(strongest))
        opened = self.open
        # Closed stories linger in postings until the next sweep (`_close`): skip them.
        found = [n for n, h in hits.items() if h >= need and n in opened]
        found += self._dormant_candidates(names)
        best, best_score = None, 0.0
        floor = min(self.settings.cluster_threshold, DORMANT_THRESHOLD)
        for number in sorted(found):
            story = opened[number]
            centroid = story.centroid
            dot = sum(useful[k] * centroid[k] for k in useful.keys() & centroid.keys())
            score = dot / story.norm
            if score >= floor and score > best_score and self._admits(story, score, names, when):
                best, best_score = number, score
        return best

    def _dormant_candidates(self, names: dict[int, float]) -> list[int]:
        """Return the dormant stories sharing DORMANT_SHARED specific names with the article."""
        named = self.named
        if not named:
            return []
        hits: dict[int, int] = {}
        for slot, idf in names.items():
            if idf >= DORMANT_IDF:
                for number in named.get(slot, ()):
                    hits[number] = hits.get(number, 0) + 1
        return [n for n, h in hits.items() if h >= DORMANT_SHARED]

    def _admits(self, story: _Open, score: float, names: dict[int, float],
                when: float | None) -> bool:
        """Return whether a story takes an article of this cosine and these named IDFs."""
        if when is None or story.last is None or (
                when - story.last <= self.settings.cluster_window_days):
            return score >= self.settings.cluster_threshold
        counted, core = story.names, CORE_SHARE * story.size
        specific = sum(1 for slot, idf in names.items()
                       if idf >= DORMANT_IDF and counted.get(slot, 0) >= core)
        return score >= DORMANT_THRESHOLD and specific >= DORMANT_SHARED

    def _join(self, number: int, article: Article, vec: Vector, when: float | None,
              copied: str | None) -> None:
        story = self.open[number]
        if story.dormant is not None:
            self._wake(number, story)
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
        # A story quiet for cluster_window_days turns dormant: its centroid shrinks to its
        # DORMANT_TERMS strongest terms and only `_admits`' stricter test re-opens it; quiet
        # for REOPEN_DAYS, it closes.
        closed: list[Story] = []
        if self.clock is None:
            return closed
        window = self.settings.cluster_window_days
        limit = self.clock - window
        while self.heap and self.heap[0][0] < limit:
            entry = heapq.heappop(self.heap)
            story = self.open.get(entry[2])
            if story is not None and story.touched == entry[1]:  # else a stale heap entry
                if window >= REOPEN_DAYS:
                    closed.append(self._close(entry[2]))
                else:
                    self._shrink(entry[2], story)
                    heapq.heappush(self.dormant, entry)
        limit = self.clock - REOPEN_DAYS
        while self.dormant and self.dormant[0][0] < limit:
            last, touched, number = heapq.heappop(self.dormant)
            story = self.open.get(number)
            if story is not None and story.touched == touched:
                closed.append(self._close(number))
        return closed

    def _shrink(self, number: int, story: _Open) -> None:
        """Make a story dormant: its strongest terms and core names kept, out of the postings,
        into the name index."""
        centroid, postings = story.centroid, self.postings
        self.posted -= len(centroid)
        for k in centroid:
            members = postings.get(k)
            if members is not None:
                members.discard(number)
                if not members:
                    del postings[k]
        if len(centroid) > DORMANT_TERMS:
            ranked = sorted(centroid.items(), key=itemgetter(1), reverse=True)[:DORMANT_TERMS]
            story.centroid = dict(ranked)
            story.norm = math.sqrt(sum(v * v for v in story.centroid.values())) or 1.0
        core = CORE_SHARE * story.size
        story.names = {k: n for k, n in story.names.items() if n >= core}
        story.dormant = tuple(story.names)
        for slot in story.dormant:
            self.named.setdefault(slot, set()).add(number)

    def _wake(self, number: int, story: _Open) -> None:
        """A dormant story took an article: back into the postings, out of the name index."""
        self._unname(number, story)
        postings = self.postings
        for k in story.centroid:
            members = postings.get(k)
            if members is not None:
                members.add(number)
            else:
                postings[k] = {number}
        self.posted += len(story.centroid)

    def _unname(self, number: int, story: _Open) -> None:
        for slot in story.dormant or ():
            members = self.named[slot]
            members.discard(number)
            if not members:
                del self.named[slot]
        story.dormant = None

    def _close(self, number: int) -> Story:
        story = self.open.pop(number)
        del self.recency[number]
        if story.dormant is not None:
            self._unname(number, story)
        else:
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
