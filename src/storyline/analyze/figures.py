"""Key figures: what each source's numbers count, grouped across sources as agree or conflict.

A mention is a quantity (storyline.numbers) with what it counts ("civilians"), the event
near it ("killed"), where ("in eastern Aleppo") and when (an explicit date phrase, else the
publication date). Mentions of the same thing and event link when their values are
compatible (approximate qualifiers tolerate 10%, see data/numbers_en.toml); incompatible
values link as a *conflict* only when the evidence is strong: the same counted word, a
known event, the same time, no clashing place, and each source unambiguous about that
quantity. Otherwise they stay apart: a false `single` is cheaper than a false `conflict`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations

from ..model import Brief, Figure, FigureMention
from ..settings import Settings
from ..text.features import StoryFeatures, stem, stopwords
from .dates import Mention, When, find_mentions, resolve, tense_at
from .numbers import Quantity, Rules, Token, phrase_at, rules, scan, word_at
from .timeline import publication_dates

_CLAUSE_BREAK = frozenset({";", "?", "!"})
_RELATIVE = frozenset({"which", "who", "where", "whose", "whom"})
_FORWARD_TOKENS = 8  # how far after the counted noun the event verb may be
_BACKWARD_TOKENS = 5  # ... and before the number ("has killed more than 300,000 people")
_NOUN_TOKENS = 5  # words after the number searched for what it counts
_PRECISION = {"exact": 0, "approximate": 2, "below": 2, "lower": 3, "upper": 3, "vague": 4}


@dataclass(frozen=True, slots=True)
class _Mention:
    """One quantity in one sentence, with what it counts and its context (internal)."""

    doc: int
    order: tuple[int, int]  # (article number, offset): the reading order
    qty: Quantity
    mention: FigureMention
    lemma: str | None  # what it counts, folded: conflicts need the same lemma
    klass: str | None  # its kind ("person"): agreement needs the same kind
    verb: str | None
    place: str | None  # display form
    place_key: frozenset[str]
    explicit: bool  # the time comes from a date phrase in the sentence
    span: When | None  # resolved time of the phrase (explicit) or publication day
    span_days: float | None  # length of the phrase's period when known without resolving
    inferred: bool  # the publication date was inferred, not read


@dataclass(frozen=True)
class _Lists:
    verbs: dict[str, str]  # form -> canonical event
    np_stop: frozenset[str]
    subset: frozenset[str]
    others: frozenset[str]
    lemmas: dict[str, str]
    classes: dict[str, str]
    implied: dict[str, str]
    topics: frozenset[str]
    preps: frozenset[str]
    directions: dict[str, str]
    attribution: frozenset[str]
    negations: frozenset[str]
    lengths: frozenset[str]
    people_events: frozenset[str]


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    raw = rules().raw
    verbs = {form: name for name, forms in raw["verbs"].items() for form in forms}
    single = {f for f in verbs if " " not in f}
    attribution = frozenset(raw["dates"]["attribution"])
    return _Lists(
        verbs=verbs,
        np_stop=(stopwords() - {"and", "or", "other", "more"}) | attribution | single,
        subset=frozenset(raw["skip"]["subset"]),
        others=frozenset(raw["skip"]["others"]),
        lemmas=dict(raw["units"]["lemmas"]),
        classes={w: k for k, words in raw["units"]["classes"].items() for w in words},
        implied=dict(raw["implied"]),
        topics=frozenset(raw["currency"]["topics"]),
        preps=frozenset(raw["places"]["prepositions"]),
        directions=dict(raw["places"]["directions"]),
        attribution=attribution,
        negations=frozenset(raw["verbs_negation"]["words"]),
        lengths=frozenset(raw["units"]["lengths"]),
        people_events=frozenset(raw["units"]["people_events"]),
    )


def figures(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Figure, ...]:
    """Return the story's key figures: conflicts first, then agreements, then single reports."""
    pubs = publication_dates(story.articles, story)
    found: list[_Mention] = []
    for i, text in enumerate(story.texts):
        doc = story.doc_index[i]
        found.extend(sentence_mentions(text, story.sents[i].article, story.sents[i].start,
                                       doc, pubs[doc]))
    return group(found, story.original_doc)


def sentence_mentions(
    text: str, article: str, offset: int, doc: int, pub: tuple[date | None, bool]
) -> list[_Mention]:
    """Return the figure mentions of one sentence (`offset`: where it starts in the article)."""
    toks, qtys = scan(text)
    dated = find_mentions(text)
    out: list[_Mention] = []
    for k in range(len(qtys)):
        prev = out[-1] if out and out[-1].qty is qtys[k - 1] else None
        made = _describe(text, toks, qtys, k, prev, dated, pub, (article, offset, doc))
        if made is not None:
            out.append(made)
    return out


def _describe(
    text: str, toks: list[Token], qtys: list[Quantity], k: int, prev: _Mention | None,
    dated: tuple[Mention, ...], pub: tuple[date | None, bool], where: tuple[str, int, int],
) -> _Mention | None:
    qty, lists = qtys[k], _lists()
    if _is_conversion(text, qty, qtys[k - 1] if k else None):
        return None  # "6 hectares (15 acres)": the same figure in other units
    what = _what(toks, qtys, k, prev)
    if what is None:
        return None
    unit, lemma, klass, verb, end, after = what
    place, place_key = _place(toks, max(end, after), lists)
    article, offset, doc = where
    start, stop = toks[qty.first].start, toks[end - 1].end
    start = min(start, qty.start)
    explicit, span, days = _time(text, dated, qty, pub)
    fm = FigureMention(
        article=article, value=qty.value, text=text[start:stop], start=offset + start,
        end=offset + stop, qualifier=qty.qualifier, upper=qty.upper, unit=unit,
        when=_when_text(explicit, span, pub),
    )
    return _Mention(doc, (doc, offset + start), qty, fm, lemma, klass, verb, place, place_key,
                    explicit, span, days, pub[1])


_What = tuple[str | None, str | None, str | None, str | None, int, int]


def _what(
    toks: list[Token], qtys: list[Quantity], k: int, prev: _Mention | None
) -> _What | None:
    """What a number counts and the event: (unit, lemma, class, verb, end, verb end)."""
    qty, r, lists = qtys[k], rules(), _lists()
    counted = _counted(toks, qty, r, prev)
    if counted is None:
        return None
    unit, lemma, end = counted
    subset = _is_subset(toks, qty.first, lists)
    verb, after = _verb(toks, qtys, k, end, lists, subset)
    elided = subset or word_at(toks, qty.last) in lists.others
    if verb is None and elided and prev is not None:
        verb = prev.verb  # "369 civilians were killed, including 45 children"; "9,000 others"
    if lemma in lists.implied:  # "12 dead", "11 million homeless": people, and their event
        verb, lemma, unit = verb or lists.implied[lemma], "person", "people"
    if qty.kind == "money":
        verb = _topic(toks, qty, lists)
    if lemma in lists.lengths and verb is None:
        return None  # "more than 200 km away": a distance, not a key figure
    if qty.kind == "count" and unit is None and verb in lists.people_events:
        unit = "people"  # "64 were injured": people, but too vague a noun to conflict on
    if qty.kind == "count" and unit is None and verb is None:
        return None  # a bare number: nothing to say what it counts
    klass = lists.classes.get(lemma or "", lemma) if lemma else ("person" if verb else None)
    if unit and unit[:1].isupper() and unit.endswith("s"):
        klass = "person"  # "50,000 Syrians": a people's name counts persons
    return unit, lemma, klass, verb, end, after


def _is_conversion(text: str, qty: Quantity, before: Quantity | None) -> bool:
    head = text[: qty.start].rstrip()
    if before is None or not head.endswith("("):
        return False
    gap = text[before.end : len(head) - 1]
    return len(gap.split()) <= 1  # "6 hectares (15 acres)", "200 kms (130 miles)"


def _counted(
    toks: list[Token], qty: Quantity, r: Rules, prev: _Mention | None
) -> tuple[str | None, str | None, int] | None:
    """What the number counts: (display unit, lemma, token index past the phrase); None drops."""
    if qty.kind == "vote":
        return "votes", "vote", qty.last
    if qty.kind == "money":
        return qty.unit, qty.unit, qty.last
    if qty.kind == "percent":
        return _share(toks, qty)
    if qty.unit is not None:
        return qty.unit, _lemma(qty.unit), qty.last
    j = qty.last
    if word_at(toks, j) in _lists().others and word_at(toks, j + 1) != "than" and prev:
        return prev.mention.unit, prev.lemma, j + 1  # "more than 9,000 others"
    return _noun(toks, qty, r, j)


def _noun(
    toks: list[Token], qty: Quantity, r: Rules, j: int
) -> tuple[str | None, str | None, int] | None:
    if word_at(toks, j) == "of":
        j += 2 if word_at(toks, j + 1) in ("the", "those", "these", "them") else 1
    seen: list[int] = []
    for n in range(j, min(len(toks), j + _NOUN_TOKENS)):
        w = word_at(toks, n)
        if toks[n].kind != "word":
            break
        if w in ("and", "or") and seen:
            continue
        if w in r.durations:
            return None  # "the past 26 days", "five years": a period, not a count
        if w in r.count_nouns:
            first = n
            while word_at(toks, n + 1) in r.count_nouns and toks[n + 1].kind == "word":
                n += 1  # "displaced people", "wounded civilians": the last noun is the head
            shown = " ".join(word_at(toks, x) for x in range(first, n + 1))
            return shown, _lemma(word_at(toks, n)), n + 1
        if w in _lists().np_stop:
            break
        seen.append(n)
    if qty.words and qty.value < r.raw["words"]["small_word_min"]:
        return None  # "the two sides", "four neighborhoods"
    plural = next((n for n in seen if toks[n].low.endswith("s") and toks[n].text.isalpha()), None)
    if plural is None or seen.index(plural) > 1:
        return None, None, qty.last
    word = toks[plural].text if toks[plural].text[:1].isupper() else toks[plural].low
    return word, _lemma(word.lower()), plural + 1


def _lemma(word: str) -> str:
    return _lists().lemmas.get(word, stem(word))


def _share(toks: list[Token], qty: Quantity) -> tuple[str, str, int]:
    """A percentage and what it is a share of: "90 percent of the Syrian crisis"."""
    if word_at(toks, qty.last) != "of":
        return "percent", "percent", qty.last
    j = qty.last + (2 if word_at(toks, qty.last + 1) == "the" else 1)
    last = j
    while last < min(len(toks), j + 4) and toks[last].kind == "word" and (
        word_at(toks, last) not in _lists().np_stop
    ):
        last += 1
    if last == j:
        return "percent", "percent", qty.last
    return "percent", "percent of " + _lemma(word_at(toks, last - 1)), last


def _is_subset(toks: list[Token], first: int, lists: _Lists) -> bool:
    j = first - 1
    while j >= 0 and toks[j].kind == "sym" and toks[j].low in "(-–—,":
        j -= 1
    return any(" ".join(t.low for t in toks[j - n + 1 : j + 1]) in lists.subset for n in (1, 2))


def _verb(
    toks: list[Token], qtys: list[Quantity], k: int, end: int, lists: _Lists, subset: bool
) -> tuple[str | None, int]:
    """The event verb after the counted noun, else just before the number (and where it ends)."""
    qty = qtys[k]
    if qty.kind == "vote":
        return "vote", end
    later = {q.first: q for q in qtys[k + 1 :]}
    j, steps = end, 0
    while j < len(toks) and steps < _FORWARD_TOKENS and toks[j].low not in _CLAUSE_BREAK:
        if j in later:
            if not _is_subset(toks, j, lists):
                break
            j = later[j].last  # skip "including 2,934 children" to reach "have left"
            continue
        if toks[j].low == "," and word_at(toks, j + 1) in _RELATIVE:
            close = next((n for n in range(j + 2, min(len(toks), j + 16)) if toks[n].low == ","),
                         None)
            if close is not None:
                j = close + 1  # skip ", which sits downwind of the quay," to reach the verb
                continue
        if toks[j].low in lists.negations:
            return None, end  # "won't be able to return": no event happened
        n = phrase_at(toks, j, lists.verbs)
        if n:
            return lists.verbs[" ".join(t.low for t in toks[j : j + n])], j + n
        j, steps = j + 1, steps + 1
    floor = max(qtys[k - 1].last if k else 0, qty.first - _BACKWARD_TOKENS)
    for j in range(qty.first - 1, floor - 1, -1):
        if toks[j].low in _CLAUSE_BREAK or subset:
            break
        for n in (2, 1):
            form = " ".join(t.low for t in toks[j : j + n])
            if j + n <= qty.first and form in lists.verbs:
                return lists.verbs[form], end
    return None, end


def _topic(toks: list[Token], qty: Quantity, lists: _Lists) -> str | None:
    """What an amount of money is for: the nearest topic noun in the sentence ("damage")."""
    near = [
        (min(abs(n - qty.first), abs(n - qty.last)), n)
        for n, t in enumerate(toks) if t.low in lists.topics
    ]
    return toks[min(near)[1]].low if near else None


def _place(toks: list[Token], j: int, lists: _Lists) -> tuple[str | None, frozenset[str]]:
    """The first "in/on/at <Place>" within a few words after the figure."""
    r = rules()
    for n in range(j, min(len(toks), j + 10)):
        if toks[n].low in _CLAUSE_BREAK:
            break
        if toks[n].low not in lists.preps:
            continue
        m = n + 1 + (word_at(toks, n + 1) == "the")
        mods = 0
        while mods < 2 and m < len(toks) and toks[m].kind == "word" and toks[m].text.islower():
            m, mods = m + 1, mods + 1
        last = m
        while last < len(toks) and toks[last].kind == "word" and toks[last].text[:1].isupper() \
                and word_at(toks, last) not in r.weekdays and word_at(toks, last) not in r.months:
            last += 1
            if toks[last - 1].low.endswith("'s"):  # "Syria's besieged eastern Aleppo"
                while last < len(toks) and toks[last].text.islower() and last - m < 5:
                    last += 1
        while last > m and not toks[last - 1].text[:1].isupper():
            last -= 1
        if last > m:
            words = [lists.directions.get(word_at(toks, x), word_at(toks, x))
                     for x in range(n + 1, last) if word_at(toks, x) != "the"]
            shown = " ".join(t.text for t in toks[n:last])
            return shown, frozenset(words)
    return None, frozenset()


def _time(
    text: str, dated: tuple[Mention, ...], qty: Quantity, pub: tuple[date | None, bool]
) -> tuple[bool, When | None, float | None]:
    """The period a figure refers to: (explicit?, resolved When, length in days if known)."""
    best: tuple[int, int, Mention] | None = None
    for m in dated:
        if m.kind in ("year", "decade") or (m.start < qty.end and qty.start < m.end):
            continue
        before = text[max(0, m.start - 16) : m.start].lower().split()
        if m.kind == "weekday" and any(w in _lists().attribution for w in before[-3:]):
            continue  # "Russia said Saturday": when it was said, not when it happened
        alone = text[m.end : m.end + 7].lower().strip().startswith("alone")
        rank = 0 if m.since or m.kind in ("past_n", "span", "range") or alone else 1
        dist = m.start - qty.end if m.start >= qty.end else qty.start - m.end
        if best is None or (rank, dist) < best[:2]:
            best = (rank, dist, m)
    if best is None:
        day = pub[0]
        return False, When(day, day, "day") if day else None, None
    m = best[2]
    return True, resolve(m, pub[0], tense_at(text, m.start, m.end)), _days(m)


def _days(m: Mention) -> float | None:
    if m.since:
        return None
    if m.kind == "past_n":
        per = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
        return max(1.0, m.amount * per.get(m.unit or "day", 1))
    return 1.0 if m.kind in ("weekday", "date", "offset") else None


def _when_text(explicit: bool, span: When | None, pub: tuple[date | None, bool]) -> str | None:
    if span is None or pub[1]:
        return None  # nothing resolved, or resting on an inferred publication date
    return span.iso() if explicit else span.start.isoformat()


def label_of(mentions: list[_Mention]) -> str:
    """A readable label for a group: "civilians killed in eastern Aleppo", "vote (...)"."""
    first = mentions[0]
    if first.qty.kind == "vote":
        return "vote"
    units = Counter(m.mention.unit for m in mentions if m.mention.unit)
    counted = rules().count_nouns
    unit = min(units, key=lambda u: (-units[u], u.split()[-1] not in counted, u)) if units else None
    verb = next((m.verb for m in mentions if m.verb), None)
    place = next((m.place for m in mentions if m.place), None)
    if first.qty.kind == "money":
        what = verb or "amount"
        return f"{what} ({unit})" + (f" {place}" if place else "")
    if first.qty.kind == "percent" and " of " in first.mention.text:
        unit = "percent of " + first.mention.text.split(" of ", 1)[1]
    parts = [unit or "number", verb or ""]
    text = " ".join(p for p in parts if p)
    return f"{text} {place}" if place else text


def _interval(m: _Mention) -> tuple[float, float]:
    """The values a report allows: "some 300" is 270-330, "at least 12" exactly 12 (see TOML)."""
    q, tol = m.qty, rules().raw["tolerance"]
    v, a, rb = q.value, tol["approximate"], tol["round_bound"]
    is_round = v >= 10 and v % 10 == 0
    if q.upper is not None:
        return v, q.upper
    spans = {
        "approximate": (v * (1 - a), v * (1 + a)),
        "below": (v * (1 - a), v),
        "vague": (v, v * 9.99),  # "hundreds": 100 up to (not including) 1,000
        "lower": (v, v * (1 + rb) if is_round else v),
        "upper": (v * (1 - rb) if is_round else v, v),
    }
    return spans.get(q.bound, (v, v))


def compatible(a: _Mention, b: _Mention) -> bool:
    """True when two reports can be the same value (intervals overlap; votes: same tally)."""
    if a.qty.kind != b.qty.kind:
        return False
    if a.qty.kind == "vote":
        n = min(len(a.qty.tally), len(b.qty.tally))
        return a.qty.tally[:n] == b.qty.tally[:n]
    (lo1, hi1), (lo2, hi2) = _interval(a), _interval(b)
    eps = 1e-9 * max(hi1, hi2, 1.0)
    return lo1 <= hi2 + eps and lo2 <= hi1 + eps


def relation(a: _Mention, b: _Mention) -> str:
    """Whether two reports refer to the "same" time, a "different" one, or "unknown"."""
    days = rules().raw["tolerance"]["conflict_days"]
    sure = not (a.inferred or b.inferred)
    if a.explicit and b.explicit:
        if a.span and b.span:
            same = (a.span.start, a.span.end) == (b.span.start, b.span.end)
            return ("same" if sure else "unknown") if same else "different"
        known = a.span_days is not None and b.span_days is not None
        return "different" if known and a.span_days != b.span_days else "unknown"
    if not (a.span and b.span and sure):
        return "unknown"
    if not a.explicit and not b.explicit:
        return "same" if abs((a.span.start - b.span.start).days) <= days else "unknown"
    e, i = (a, b) if a.explicit else (b, a)
    assert e.span is not None and i.span is not None  # checked above; narrows for mypy
    one_day = e.span.start == e.span.end
    return "same" if one_day and 0 <= (i.span.start - e.span.start).days <= days else "unknown"


def _key(m: _Mention) -> tuple[str | None, str | None, str]:
    return m.lemma, m.verb, m.qty.kind


def _ambiguous(found: list[_Mention]) -> set[tuple[int, tuple[str | None, str | None, str]]]:
    """(article, key) pairs where one article gives incompatible values for one quantity."""
    out = set()
    for a, b in combinations(found, 2):
        if a.doc == b.doc and _key(a) == _key(b) and not compatible(a, b) and (
            relation(a, b) != "different"
        ):
            out.add((a.doc, _key(a)))
    return out


def _may_conflict(a: _Mention, b: _Mention, rel: str, ambiguous: set[object]) -> bool:
    ratio = rules().raw["tolerance"]["conflict_max_ratio"]
    low, high = sorted((a.qty.value, b.qty.value))
    return (
        rel == "same" and a.doc != b.doc and a.lemma is not None and a.lemma == b.lemma
        and a.verb is not None and "vague" not in (a.qty.bound, b.qty.bound)
        and not (a.place_key and b.place_key and a.place_key != b.place_key)
        and (a.doc, _key(a)) not in ambiguous and (b.doc, _key(b)) not in ambiguous
        and high <= low * ratio
    )


def _linked(a: _Mention, b: _Mention, ambiguous: set[object]) -> bool:
    if a.klass is None or a.klass != b.klass or a.qty.kind != b.qty.kind:
        return False
    if a.verb != b.verb and None not in (a.verb, b.verb):
        return False
    rel = relation(a, b)
    if rel == "different":
        return False
    if a.verb != b.verb:  # one report names no event: it may agree, never conflict
        return compatible(a, b)
    return compatible(a, b) or _may_conflict(a, b, rel, ambiguous)


def _joinable(left: list[_Mention], right: list[_Mention], ambiguous: set[object]) -> bool:
    """Two groups merge only if every cross pair agrees or is a well-founded conflict.

    Without this, a vague or verb-less report bridges reports that disagree ("some 50,000"
    and "18,000" both fit "tens of thousands"), and a group would name two events.
    """
    verbs = {m.verb for m in left + right} - {None}
    if len(verbs) > 1:
        return False
    for a in left:
        for b in right:
            if not compatible(a, b) and not (
                a.verb == b.verb and _may_conflict(a, b, relation(a, b), ambiguous)
            ):
                return False
    return True


def group(found: list[_Mention], original: Sequence[int] = ()) -> tuple[Figure, ...]:
    """Link mentions of one quantity (union-find) and turn each group into a Figure.

    `original[doc]` is the article a syndicated copy copies: a copy and its original are one
    source, so they never make an agreement (or a conflict) between them."""
    found = sorted(found, key=lambda m: (m.order, m.mention.end))
    ambiguous: set[object] = set(_ambiguous(found))
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members = [[m] for m in found]
    for i, j in combinations(range(len(found)), 2):
        ri, rj = root(i), root(j)
        if ri != rj and _linked(found[i], found[j], ambiguous) and _joinable(
            members[ri], members[rj], ambiguous
        ):
            parent[max(ri, rj)] = min(ri, rj)
            members[min(ri, rj)] += members[max(ri, rj)]
    groups: dict[int, list[_Mention]] = {}
    for i, m in enumerate(found):
        groups.setdefault(root(i), []).append(m)
    made = [_figure(g, original) for g in groups.values()]
    rank = {"conflict": 0, "agree": 1, "single": 2}
    made.sort(key=lambda f: (rank[f[0].status], -f[1], f[2]))
    return tuple(f[0] for f in made)


def _figure(ms: list[_Mention], original: Sequence[int]) -> tuple[Figure, int, tuple[int, int]]:
    def source(m: _Mention) -> int:
        return original[m.doc] if m.doc < len(original) else m.doc

    docs = {source(m) for m in ms}
    if len(docs) == 1:
        status = "single"
    elif all(compatible(a, b) for a, b in combinations(ms, 2) if source(a) != source(b)):
        status = "agree"
    else:
        status = "conflict"
    fig = Figure(label_of(ms), status, tuple(m.mention for m in ms), headline(ms, status))
    return fig, len(docs), ms[0].order


def headline(ms: list[_Mention], status: str) -> float | None:
    """The value to lead with: in a conflict the lowest (ACLED's rule), else the most precise.

    A vote has no single value (its tally is shown instead) and a vague report ("hundreds")
    is never turned into a number: a group of only vague reports has no headline.
    """
    exact = [m for m in ms if m.qty.bound != "vague" and m.qty.kind != "vote"]
    if not exact:
        return None
    if status == "conflict":
        return min(m.qty.value for m in exact)  # the most conservative report
    # The most precise report: exact, then approximate, then bounds and ranges.
    return min((_PRECISION.get(m.qty.bound, 1) + (m.qty.upper is not None), m.qty.value)
               for m in exact)[1]
