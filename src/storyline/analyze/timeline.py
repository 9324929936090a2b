"""The timeline: dated events from every article, one entry per event citing every outlet.

A sentence is an event when it reports something happening (a past, perfect, future or
reported verb) and carries a date: an explicit one, or a weekday or relative expression
resolved against its article's publication date (see storyline.dates). Live-blog entries
(Article.sections) date the first sentence under each time heading. An article without a
publication date gets one inferred from its own text and the other articles; events that
rest on it are marked `inferred`. Sentences from several outlets with the same date and
the same content become one event citing all of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import Article, Brief, Citation, Event
from ..settings import Settings
from ..text.features import StoryFeatures, content_terms
from .dates import (
    Mention,
    When,
    add_days,
    clause_bounds,
    dated_mentions,
    find_clock,
    find_mentions,
    parse_date,
    parse_when,
    resolve,
    rules,
    tense_at,
    tense_markers,
)
from .grouping import single_link

# Sentences of the same date whose content cosine (date words left out) reaches this, and
# that share MIN_SHARED_TERMS key terms, report the same event even below
# settings.support_threshold: rewrites of one event share its date, place and actors but
# little wording. Content is compared for whole sentences and for the words around the date
# (WINDOW_WORDS either side, within its clause), as a long sentence may report more than the
# dated event. Chosen on the seeds: the Geneva talks versions score 0.3-0.7 and share 4+
# terms; the Paris meeting vs the Geneva talks (same day) score below 0.3 or share 2 terms.
# Re-run tests/test_timeline.py after changing any of them.
SAME_EVENT_COSINE = 0.3
MIN_SHARED_TERMS = 3
WINDOW_WORDS = 12
# Fewer words than this outside the date itself is a byline or a dateline, not an event.
MIN_EVENT_WORDS = 5
# Longer sentences are not chosen as an event's text while a shorter version exists.
MAX_TEXT_WORDS = 45
# How far around the other articles' dates an inferred publication date may fall.
INFER_WINDOW_DAYS = 7
_QUOTE_MARKS = "\"“”"


# A sentence with several dates gives one entry per dated clause: it is cut between two
# dates at the first clause break that leaves the earlier part this many words beside its
# date ("On Monday, X happened; on Tuesday, Y" cuts at the semicolon, not after "Monday").
MIN_PART_WORDS = 3
# An event's text is the version most central to the others, measured against at most this
# many of them (earliest published first): the choice stays linear in the story's size.
MAX_CENTRAL = 16
_PART_BREAK = re.compile(
    r"[,;:()\"“”—–]|\s[-_]\s|\s(?:and|but|while|when|after|before|which|who|whom|although|"
    r"though|as|then|until|since|because|where|whose|if|unless|that)\s"
)


_WORDS = re.compile(r"\w{2,}")


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: int  # this candidate's own index (a sentence with several dates has several)
    sent: int  # index into story.sents
    when: When | None  # None: relative date with no publication date to resolve against
    time: str | None
    inferred: bool
    span: tuple[int, int] | None = None  # the date expression inside the sentence
    part: tuple[int, int] | None = None  # the dated clause inside the sentence (None: whole)


@lru_cache(maxsize=1)
def _date_terms() -> frozenset[str]:
    # Date words say when, not what: they must not make two events look alike.
    r = rules()
    words = [*r["months"], *r["weekdays"], *r["offsets"], *r["spans"], *r["day_parts"]["words"],
             *r["weekday_direction"], "early", "late", "mid"]
    return frozenset(t for w in words for t in content_terms(w))


def timeline(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Event, ...]:
    """Return the story's dated events, sorted by date, time and first citation."""
    pubs = publication_dates(story.articles, story)
    cands: list[_Candidate] = []
    for i in range(len(story.sents)):
        cands += _candidates(story, i, pubs, len(cands))
    match = _Matcher(story, cands, settings.support_threshold)
    dated = [c for c in cands if c.when is not None]
    groups = _group(story, dated, pubs, match)
    loose: list[_Candidate] = []
    for cand in (c for c in cands if c.when is None):
        home = next((g for g in groups if match.joins(cand.key, g)), None)
        if home is not None:
            home.append(cand)  # an undated report of a dated event adds a citation only
        else:
            loose.append(cand)
    groups += _group(story, loose, pubs, match)
    order = {a.id: n for n, a in enumerate(story.articles)}
    events = [_event(story, g, match) for g in groups]
    return tuple(sorted(events, key=lambda e: _sort_key(e, order)))


def publication_dates(
    articles: Sequence[Article], story: StoryFeatures | None = None
) -> list[tuple[date | None, bool]]:
    """Return each article's publication date and whether it was inferred (once per story)."""
    if story is not None and tuple(articles) == story.articles:
        return story.memo("publication_dates", lambda: _publication_dates(articles, story))
    return _publication_dates(articles, story)


def _publication_dates(
    articles: Sequence[Article], story: StoryFeatures | None
) -> list[tuple[date | None, bool]]:
    known = [parse_date(a.published) for a in articles]
    others = sorted(d for d in known if d is not None)
    out: list[tuple[date | None, bool]] = []
    for n, (article, pub) in enumerate(zip(articles, known, strict=True)):
        if pub is not None:
            out.append((pub, False))
            continue
        texts = _article_texts(story, n) if story is not None else article.text.splitlines()
        guess = infer_published(texts, others)
        out.append((guess, guess is not None))
    return out


def _article_texts(story: StoryFeatures, doc: int) -> list[str]:
    return [t for t, d in zip(story.texts, story.doc_index, strict=True) if d == doc]


def infer_published(texts: Sequence[str], others: Sequence[date]) -> date | None:
    """Infer an undated article's publication date from its sentences and the story's dates.

    Explicit dates in the text (captions: "on December 10, 2016") say the article is from
    that day or later; the weekdays it mentions in the past say which weekday it was written
    on; the other articles' dates say which week. Without weekdays: the earliest story date
    on or after the explicit ones, else the latest story date.
    """
    floor: date | None = None
    weekdays: list[int] = []
    for text in texts:
        for mention in find_mentions(text):
            tense = tense_at(text, mention.start, mention.end)
            if mention.kind == "date" and mention.absolute and tense != "future":
                when = resolve(mention, None)
                if when is not None and (floor is None or when.start > floor):
                    floor = when.start
            elif mention.kind == "weekday" and mention.weekday is not None and (
                tense == "past" and mention.direction not in ("after", "on_or_after")
            ):
                weekdays.append(mention.weekday)
    if weekdays and (floor is not None or others):
        return _weekday_anchor(_latest_weekday(weekdays), floor, others)
    if floor is not None:
        return next((d for d in others if d >= floor), floor)
    return others[-1] if others else None


def _latest_weekday(weekdays: list[int]) -> int:
    # The weekday that closes the shortest stretch holding every weekday the article
    # looks back to ("Wednesday" and "Thursday" -> Thursday); ties go to the most mentioned.
    distinct = sorted(set(weekdays))

    def spread(end: int) -> tuple[int, int, int]:
        return (max((end - w) % 7 for w in distinct), -weekdays.count(end), end)

    return min(distinct, key=spread)


def _weekday_anchor(weekday: int, floor: date | None, others: Sequence[date]) -> date:
    # add_days clamps to the calendar: a story dated in year 1 or 9999 infers no overflow.
    low = floor or add_days(others[0], -INFER_WINDOW_DAYS)
    first = add_days(low, (weekday - low.weekday()) % 7)
    if not others:
        return first
    days = [add_days(first, 7 * k) for k in range(0, 3)]
    days += [d for k in (1, 2) if (d := add_days(first, -7 * k)) >= low]

    def distance(day: date) -> tuple[int, date]:
        return (min(abs((day - o).days) for o in others), day)

    return min(days, key=distance)


def _section_of(article: Article, start: int) -> tuple[int, str | None] | None:
    """Return (section start, clock time) of the live-blog section holding `start`."""
    found = None
    for section in article.sections:
        if section.start <= start and (found is None or section.start >= found.start):
            found = section
    return (found.start, find_clock(found.label)) if found else None


def _candidates(
    story: StoryFeatures, i: int, pubs: Sequence[tuple[date | None, bool]], first_key: int
) -> list[_Candidate]:
    """Return the dated entries of sentence i: one per dated clause (none when undated)."""
    text = story.texts[i]
    if text.rstrip().endswith("?"):
        return []
    pub, pub_inferred = pubs[story.doc_index[i]]
    section = _section_of(story.articles[story.doc_index[i]], story.sents[i].start)
    found = _chosen(dated_mentions(text, pub))
    if not found:
        if pub is None and any(not m.absolute for m in find_mentions(text)):
            when = None  # a relative date with nothing to resolve it against: undated
        elif section is not None and pub is not None and _opens_section(story, i, section[0]):
            when = When(pub, pub, "day")  # a live-blog entry's lede is dated by its heading
        else:
            return []
        if not _is_event(text, None):
            return []
        time = find_clock(text) or (section[1] if section and when is not None else None)
        return [_Candidate(first_key, i, when, time if when else None, pub_inferred)]
    if not _is_event(text, _lead(found)[0]):
        return []
    out: list[_Candidate] = []
    for group, part in _parts(text, found):
        mention, when = _lead(group)
        piece = text if part is None else text[part[0] : part[1]]
        time = None
        if when.precision == "day":
            time = find_clock(piece) or (section[1] if section and when.start == pub else None)
        inferred = pub_inferred and not mention.absolute
        out.append(_Candidate(first_key + len(out), i, when, time, inferred,
                              (mention.start, mention.end), part))
    return out


def _lead(found: list[tuple[Mention, When]]) -> tuple[Mention, When]:
    """The date that dates a clause holding several: the finest, then absolute, then first."""
    return max(found, key=lambda mw: (mw[0].specificity, mw[0].absolute, -mw[0].start))


def _chosen(found: list[tuple[Mention, When]]) -> list[tuple[Mention, When]]:
    """The mentions that date entries: a week span only when nothing finer is said, and one
    mention per date (the first)."""
    if any(not m.vague for m, _ in found):
        found = [(m, w) for m, w in found if not m.vague]
    seen: set[str] = set()
    out = []
    for mention, when in found:
        if when.iso() not in seen:
            seen.add(when.iso())
            out.append((mention, when))
    return out


Dated = tuple[Mention, When]


def _parts(text: str, found: list[Dated]) -> list[tuple[list[Dated], tuple[int, int] | None]]:
    """Cut a sentence into one clause per date (the dates of each clause, and its span; None
    when the sentence is one clause). Between two dates the cut is the first clause break
    that leaves MIN_PART_WORDS words beside the dates on both sides, else right after the
    earlier date if that does; else the two dates share one clause."""
    groups: list[list[Dated]] = [[found[0]]]
    cuts: list[tuple[int, int]] = []  # (end of one part, start of the next)
    starts = [0]  # where each group's part begins
    for n, (after, _) in enumerate(found[1:], 1):
        here = groups[-1][-1][0]
        stop = found[n + 1][0].start if n + 1 < len(found) else len(text)
        cut = _cut(text, starts[-1], here, after, stop)
        if cut is None and cuts and _cut(text, starts[-2], here, after, stop) is not None:
            # "Friday and into Saturday but ... Sunday": "into Saturday" is too short to
            # stand alone, so it joins the clause before it, and the cut moves to "but".
            cuts.pop()
            joined = groups.pop()
            groups[-1] += joined
            starts.pop()
            cut = _cut(text, starts[-1], here, after, stop)
        if cut is None:
            groups[-1].append(found[n])
            continue
        cuts.append(cut)
        groups.append([found[n]])
        starts.append(cut[1])
    if not cuts:
        return [(groups[0], None)]
    bounds = [0, *(c for pair in cuts for c in pair), len(text)]
    spans = [_trimmed(text, bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
    return list(zip(groups, spans, strict=True))


def _cut(text: str, start: int, here: Mention, after: Mention, stop: int) -> tuple[int, int] | None:
    """Where to cut between the dates `here` and `after` (None: no cut leaves both parts
    enough words). `start` is where here's part begins, `stop` where after's part may end."""

    def enough(lo: int, hi: int, date: Mention) -> bool:
        # Words of two letters or more: the "'s" of "Friday's" is not a word of the clause.
        words = _WORDS.findall(text, lo, date.start) + _WORDS.findall(text, date.end, hi)
        return len(words) >= MIN_PART_WORDS

    for brk in _PART_BREAK.finditer(text, here.end, after.start):
        if enough(start, brk.start(), here) and enough(brk.end(), stop, after):
            return brk.start(), brk.end()
    if enough(start, here.end, here) and enough(here.end, stop, after):
        return here.end, here.end
    return None


def _trimmed(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The span lo:hi without the spaces and commas at its edges."""
    while lo < hi and (text[lo].isspace() or text[lo] in ",;:"):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ",;:"):
        hi -= 1
    return lo, hi


def _opens_section(story: StoryFeatures, i: int, section_start: int) -> bool:
    sent = story.sents[i]
    if sent.start < section_start:
        return False
    return i == 0 or story.doc_index[i - 1] != story.doc_index[i] or (
        story.sents[i - 1].start < section_start
    )


def _is_event(text: str, mention: Mention | None) -> bool:
    """A report of something happening, not a byline, a dateline or a bare label."""
    rest = text if mention is None else text[: mention.start] + text[mention.end :]
    if len(rest.split()) < MIN_EVENT_WORDS or _pure_quote(text):
        return False
    return bool(tense_markers(text)) or (mention is not None and mention.absolute)


def _pure_quote(text: str) -> bool:
    """A sentence that is one quotation and nothing else: a voice, not a report."""
    body = text.strip()
    marks = sum(body.count(q) for q in _QUOTE_MARKS)
    return marks == 2 and body[:1] in _QUOTE_MARKS and body[-1:] in _QUOTE_MARKS


def _vector(terms: Sequence[str], idf: dict[str, float]) -> dict[str, float]:
    skip = _date_terms()
    vec: dict[str, float] = {}
    for term in terms:
        if term not in skip:
            vec[term] = vec.get(term, 0.0) + idf.get(term, 0.0)
    return vec


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _without(text: str, span: tuple[int, int] | None) -> str:
    return text if span is None else f"{text[: span[0]]} {text[span[1] :]}"


def _part_text(text: str, cand: _Candidate) -> str:
    """The candidate's own clause, without its date expression."""
    lo, hi = cand.part or (0, len(text))
    if cand.span is None:
        return text[lo:hi]
    return f"{text[lo : cand.span[0]]} {text[cand.span[1] : hi]}"


def _window(text: str, span: tuple[int, int] | None) -> str:
    """Return the words around the date, inside its clause (the whole text when undated)."""
    if span is None:
        return text
    lo, hi = clause_bounds(text, *span)
    before = text[lo : span[0]].split()[-WINDOW_WORDS:]
    after = text[span[1] : hi].split()[:WINDOW_WORDS]
    return " ".join(before + after)


class _Matcher:
    """Decides whether two candidate sentences report the same event (vectors cached)."""

    def __init__(self, story: StoryFeatures, cands: Sequence[_Candidate],
                 threshold: float) -> None:
        self.threshold = threshold
        # The date expression itself is left out: it says when, and the date already matches.
        texts = {c.key: _part_text(story.texts[c.sent], c) for c in cands}
        self.vecs = {i: _vector(content_terms(t), story.idf) for i, t in texts.items()}
        # The clause's words (empty when it has no content vector): equal words, same event.
        self.words = {i: tuple(t.split()) if self.vecs[i] else () for i, t in texts.items()}
        windows = {c.key: _window(story.texts[c.sent], c.span) for c in cands}
        self.wins = {i: _vector(content_terms(w), story.idf) for i, w in windows.items()}
        self.acts = {i: _action_terms(t) for i, t in texts.items()}
        self.win_acts = {i: _action_terms(w) for i, w in windows.items()}

    def score(self, i: int, j: int) -> float:
        """Return the best content cosine of i and j (whole sentences or date windows)."""
        return max(_cosine(self.vecs[i], self.vecs[j]), _cosine(self.wins[i], self.wins[j]))

    def same(self, i: int, j: int) -> bool:
        """True when sentences i and j say the same thing about the same event."""
        for vecs, acts in ((self.vecs, self.acts), (self.wins, self.win_acts)):
            a, b = vecs[i], vecs[j]
            score = _cosine(a, b)
            if score >= self.threshold:
                return True
            # Below the copy threshold, names alone ("Foreign Minister Sergei Lavrov") do
            # not make one event: the versions must also share what happened or to what.
            if (score >= SAME_EVENT_COSINE and len(a.keys() & b.keys()) >= MIN_SHARED_TERMS
                    and acts[i] & acts[j]):
                return True
        return False

    def joins(self, i: int, group: list[_Candidate]) -> bool:
        """True when sentence i reports the same event as any member of the group."""
        return any(self.same(i, m.key) for m in group)


def _action_terms(text: str) -> frozenset[str]:
    """Stemmed lower-case content words that are not tense or reporting words."""
    skip = _tense_vocabulary() | _date_terms()
    words = (w for w in text.split() if w[:1].islower())
    return frozenset(t for t in content_terms(" ".join(words)) if t not in skip)


@lru_cache(maxsize=1)
def _tense_vocabulary() -> frozenset[str]:
    tense = rules()["tense"]
    words = [*tense["past"], *tense["reporting"], *tense["passive"]]
    return frozenset(t for w in words for t in content_terms(w))


def _group(
    story: StoryFeatures, cands: Sequence[_Candidate],
    pubs: Sequence[tuple[date | None, bool]], match: _Matcher,
) -> list[list[_Candidate]]:
    """Single-link grouping within each date; members in earliest-published order."""

    def first_seen(c: _Candidate) -> tuple[date, int, int]:
        pub = pubs[story.doc_index[c.sent]][0]
        return (pub or date.max, story.doc_index[c.sent], c.sent)

    by_date: dict[str | None, list[_Candidate]] = {}
    for cand in sorted(cands, key=first_seen):
        by_date.setdefault(cand.when.iso() if cand.when else None, []).append(cand)
    return [group for bucket in by_date.values() for group in _clusters(bucket, match)]


def _clusters(bucket: list[_Candidate], match: _Matcher) -> list[list[_Candidate]]:
    """Single-link clusters of one date's candidates, in first-member order.

    Candidates with the same words are one event without comparing them (a repeated or
    syndicated sentence): only the first of each is linked pairwise, so a story of many
    copies stays linear."""
    first: dict[tuple[str, ...], _Candidate] = {}
    rep: dict[int, int] = {}
    for cand in bucket:
        words = match.words[cand.key]
        head = first.setdefault(words, cand) if words else cand
        rep[cand.key] = head.key
    heads = [c for c in bucket if rep[c.key] == c.key]
    cluster_of: dict[int, int] = {}
    for n, group in enumerate(single_link(heads, lambda a, b: match.same(a.key, b.key))):
        cluster_of.update((c.key, n) for c in group)
    out: dict[int, list[_Candidate]] = {}
    for cand in bucket:
        out.setdefault(cluster_of[rep[cand.key]], []).append(cand)
    return list(out.values())


def _event(story: StoryFeatures, group: list[_Candidate], match: _Matcher) -> Event:
    dated = [c for c in group if c.when is not None] or group
    peers = dated[:MAX_CENTRAL]
    order = {c.key: n for n, c in enumerate(dated)}

    def representative(c: _Candidate) -> tuple[bool, float, int, int]:
        # The version closest to the others (what every source says), among those short
        # enough to read; then the most informative; then the earliest-published.
        too_long = len(_text(story, c).split()) > MAX_TEXT_WORDS
        central = sum(match.score(c.key, o.key) for o in peers if o is not c)
        return (too_long, -round(central, 6), -len(set(story.terms[c.sent])), order[c.key])

    best = min(dated, key=representative)
    cites = sorted({_citation(story, c) for c in group},
                   key=lambda c: (_doc_of(story, c), c.start, c.end))
    when = best.when
    time = best.time or next((c.time for c in dated if c.time and c.when == when), None)
    return Event(
        date=when.iso() if when else None,
        precision=when.precision if when else "none",
        text=_text(story, best),
        citations=tuple(cites),
        time=time,
        inferred=all(c.inferred for c in dated),
    )


def _text(story: StoryFeatures, cand: _Candidate) -> str:
    text = story.texts[cand.sent]
    return text if cand.part is None else text[cand.part[0] : cand.part[1]]


def _citation(story: StoryFeatures, cand: _Candidate) -> Citation:
    """The candidate's span: its sentence, or its dated clause of a sentence with several."""
    whole = story.sents[cand.sent].citation()  # story.texts[i] is exactly this span
    if cand.part is None:
        return whole
    return Citation(whole.article, whole.start + cand.part[0], whole.start + cand.part[1])


def _doc_of(story: StoryFeatures, citation: Citation) -> int:
    return next(n for n, a in enumerate(story.articles) if a.id == citation.article)


def _sort_key(event: Event, order: dict[str, int]) -> tuple[object, ...]:
    span = parse_when(event.date, event.precision)
    first = event.citations[0]
    cite = (order.get(first.article, len(order)), first.start)
    if span is None:
        return (1, date.max, 0, "", cite)
    # Coarser spans that start the same day come first ("2016" before "2016-01-01").
    return (0, span.start, -(span.end - span.start).days, event.time or "", cite)
