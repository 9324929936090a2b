"""Group reports of one quantity across sources: agree, update or conflict.

Two reports are one quantity when they count the same thing (the folded head noun and its
kind, the event, the place, whose age, a part or the whole, the words around a share or an
amount) at a time that does not clash. Same value (within the tolerances of
data/numbers_en.toml) from two independent sources is an agreement; different values link
only when the evidence is strong, and then the count *moved* (an update: the values differ
only across publication days) or concurrent sources *differ* (a conflict). A syndicated copy
is its original's source: it never makes an agreement. A false `single` is cheaper than a
false group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from heapq import merge
from itertools import combinations

from ..model import Figure
from .counted import Report, lists, shares_context
from .numbers import Quantity, rules

_PRECISION = {"exact": 0, "approximate": 2, "below": 2, "lower": 3, "upper": 3, "vague": 4}
_RANK = {"conflict": 0, "update": 0, "agree": 1, "single": 2}
# Kinds whose identity rests on the words around the number, not on a counted noun.
_CONTEXT_KINDS = frozenset({"percent", "money", "measure", "duration", "vote"})

Key = tuple[object, ...]


def key_of(m: Report) -> Key:
    """What a report counts, as a comparable key (value and time left out)."""
    unit = m.mention.unit if m.qty.kind in ("measure", "money", "duration") else None
    return m.qty.kind, m.lemma, m.verb, unit, m.part, m.subject


def label_of(ms: list[Report]) -> str:
    """A readable noun phrase for a group: "people killed in Goteborg", "age of Slepian"."""
    first = ms[0]
    if first.qty.kind == "vote":
        return "vote"
    place = next((m.place for m in ms if m.place), None)
    if first.qty.kind == "age":
        return f"age of {first.subject}" if first.subject else "age"
    units = Counter(m.mention.unit for m in ms if m.mention.unit)
    counted = rules().count_nouns
    unit = min(units, key=lambda u: (-units[u], u.split()[-1] not in counted, u)) if units else None
    verb = next((m.verb for m in ms if m.verb), None)
    if first.qty.kind == "money":
        text = f"{verb or 'amount'} ({unit})"
    elif first.qty.kind == "percent":
        share = next((m.lemma for m in ms if m.lemma and m.lemma.startswith("percent of")), None)
        text = share or " ".join(p for p in ("percent", verb or "") if p)
        holders = Counter(m.subject.split()[-1] for m in ms if m.subject)
        if holders:  # "percent vote for cardoso", as an age is "age of slepian"
            text += " for " + min(holders, key=lambda h: (-holders[h], h))
    elif first.qty.kind == "measure" and first.lemma in lists().lengths:
        text = " ".join(p for p in (verb or "distance", f"({unit})" if unit else "") if p)
    else:
        text = " ".join(p for p in (unit or "number", verb or "") if p)
    return f"{text} {place}" if place else text


def _interval(m: Report) -> tuple[float, float]:
    """The values a report allows: "some 300" is 270-330, "at least 12" exactly 12 (see TOML)."""
    return _span(m.qty.value, m.qty.upper, m.qty.bound)


@lru_cache(maxsize=4096)
def _span(value: float, upper: float | None, bound: str) -> tuple[float, float]:
    tol = rules().raw["tolerance"]
    v, a, rb = abs(value), tol["approximate"], tol["round_bound"]
    is_round = v >= 10 and v % 10 == 0
    if upper is not None:
        lo, hi = v, abs(upper)
    else:
        spans = {
            "approximate": (v * (1 - a), v * (1 + a)),
            "below": (v * (1 - a), v),
            "vague": (v, v * 9.99),  # "hundreds": 100 up to (not including) 1,000
            "lower": (v, v * (1 + rb) if is_round else v),
            "upper": (v * (1 - rb) if is_round else v, v),
        }
        lo, hi = spans.get(bound, (v, v))
    return (lo, hi) if value >= 0 else (-hi, -lo)


def compatible(a: Report, b: Report) -> bool:
    """True when two reports can be the same value (intervals overlap; votes: same tally)."""
    if a.qty.kind != b.qty.kind:
        return False
    if a.qty.kind == "vote":
        n = min(len(a.qty.tally), len(b.qty.tally))
        return a.qty.tally[:n] == b.qty.tally[:n]
    (lo1, hi1), (lo2, hi2) = _interval(a), _interval(b)
    eps = 1e-9 * max(abs(hi1), abs(hi2), 1.0)
    return lo1 <= hi2 + eps and lo2 <= hi1 + eps or _rounded(a.qty, b.qty)


def _last_digit(value: float) -> float:
    """The place of a number's last significant digit as written: 250 -> 10, 4.47 -> 0.01."""
    digits = f"{abs(value):.6f}".rstrip("0")
    if not digits.endswith("."):
        return 10.0 ** -len(digits.split(".")[1])
    whole = int(digits[:-1])
    places = len(str(whole)) - len(str(whole).rstrip("0")) if whole else 0
    return 10.0 ** places


def _rounded(a: Quantity, b: Quantity) -> bool:
    """True when one exact number is the other written rounder: "250" for 248, "4.5" for 4.47
    (within half its last digit and the `rounding` share of data/numbers_en.toml)."""
    if a.bound != "exact" or b.bound != "exact" or a.upper is not None or b.upper is not None:
        return False
    share = rules().raw["tolerance"]["rounding"]
    (pa, va), (pb, vb) = sorted(((_last_digit(q.value), q.value) for q in (a, b)), reverse=True)
    return pa > pb and abs(va - vb) <= min(pa / 2, share * abs(va)) + 1e-9 * abs(va)


def relation(a: Report, b: Report) -> str:
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


def _holders(a: Report, b: Report) -> bool:
    """True when two shares are both said to be one holder's ("Cardoso ... 51 percent"), or
    two conversions are of one first value ("minus 26 Celsius (minus 15 Fahrenheit)")."""
    if a.subject is None or b.subject is None or a.qty.kind not in ("percent", "measure"):
        return False
    if a.qty.kind == "percent":  # "Fernando Henrique Cardoso" and "Cardoso": one holder
        return bool(set(a.subject.split()) & set(b.subject.split()))
    return a.subject == b.subject


def _converted(a: Report, b: Report) -> bool:
    """Two conversions of one reading ("26 Celsius (15 Fahrenheit)"), whenever reported."""
    return a.qty.kind == "measure" and _holders(a, b)


def _same_subject(a: Report, b: Report) -> bool:
    """Same person (an age), same first value (a conversion); a share whose holder is not
    named may be anyone's."""
    if a.qty.kind == "percent":
        return None in (a.subject, b.subject) or _holders(a, b)
    return a.subject == b.subject


def _same_thing(a: Report, b: Report) -> bool:
    """True when two reports may count the same thing (values aside)."""
    if a.qty.kind != b.qty.kind or a.part != b.part or not _same_subject(a, b):
        return False
    if a.qty.kind == "age":
        return a.subject is not None
    if a.qty.kind in ("measure", "money", "duration") and a.mention.unit != b.mention.unit:
        return False
    if a.klass is None or a.klass != b.klass:
        return False
    if a.verb != b.verb and (None not in (a.verb, b.verb) or a.qty.kind == "money"):
        return False  # an amount "for" something is not a bare amount ("$30 billion fled")
    if a.place_key and b.place_key and a.place_key != b.place_key:
        return False
    if a.qty.kind == "vote" and len(a.qty.tally) > 1 and a.qty.tally == b.qty.tally:
        return True  # "a 314-214 margin", "the 314-214 vote": one vote, whatever the words
    return not (a.qty.kind in _CONTEXT_KINDS and not (shares_context(a, b, 1) or _holders(a, b)))


def _may_agree(a: Report, b: Report) -> bool:
    """Same value of one thing at a time that does not clash."""
    return compatible(a, b) and (relation(a, b) != "different" or _converted(a, b))


def _strong(a: Report, b: Report) -> bool:
    """True when two reports certainly count one thing, so different values conflict."""
    if a.qty.kind == "age":
        return True
    if a.lemma is None or "vague" in (a.qty.bound, b.qty.bound):
        return False
    if a.lemma != b.lemma:  # "21 Israelis wounded", "24 people wounded": one toll of people
        people = lists().people_events
        return a.klass == b.klass == "person" and a.verb == b.verb and a.verb in people
    if a.qty.kind in _CONTEXT_KINDS:
        return shares_context(a, b, 2) or _holders(a, b)
    return a.verb is not None and a.verb == b.verb


def _bucket(m: Report) -> tuple[object, ...]:
    """What `_same_thing` needs equal: reports in different buckets never count one thing."""
    unit = m.mention.unit if m.qty.kind in ("measure", "money", "duration") else None
    klass = None if m.qty.kind == "age" else m.klass
    subject = None if m.qty.kind == "percent" else m.subject  # a share may be anyone's
    return m.qty.kind, m.part, subject, unit, klass


def _candidate_pairs(found: list[Report]) -> Iterator[tuple[int, int]]:
    """The index pairs (i < j, in the order of `combinations`) that may count one thing: all
    pairs within a bucket, none across, so a page of unrelated numbers is not compared pair by
    pair (a 30 KB run-on sentence of 600 numbers took seconds)."""
    buckets: dict[tuple[object, ...], list[int]] = {}
    for i, m in enumerate(found):
        buckets.setdefault(_bucket(m), []).append(i)
    return merge(*(combinations(ids, 2) for ids in buckets.values()))  # each in order: lazy


def _ambiguous(found: list[Report]) -> set[tuple[int, Key]]:
    """(article, key) pairs where one article gives incompatible values for one quantity, and
    (-1, key) where the story counts that quantity in two or more places (a report naming no
    place may be any of them: Poland's toll, Romania's or Europe's)."""
    out = set()
    places: dict[Key, set[frozenset[str]]] = {}
    for m in found:
        if m.place_key:
            places.setdefault(key_of(m), set()).add(m.place_key)
    out |= {(-1, key) for key, seen in places.items() if len(seen) > 1}
    for i, j in _candidate_pairs(found):
        a, b = found[i], found[j]
        if a.earlier or b.earlier:
            continue  # "police earlier reported 65 dead": the article says which is current
        if a.doc == b.doc and key_of(a) == key_of(b) and not compatible(a, b) and (
            relation(a, b) != "different" and a.place_key == b.place_key
        ) and _same_thing(a, b):
            out.add((a.doc, key_of(a)))
    return out


def _unplaced(a: Report, b: Report, ambiguous: set[tuple[int, Key]]) -> bool:
    """True when one report names a place and the other none in a story that counts the
    quantity in several places ("32 people died" beside Poland's and Romania's tolls)."""
    return bool(a.place_key) != bool(b.place_key) and (-1, key_of(a)) in ambiguous and not (
        _converted(a, b))


def _linked(a: Report, b: Report, ambiguous: set[tuple[int, Key]]) -> bool:
    """One thing, and the same value or a value that may conflict."""
    return _same_thing(a, b) and (_may_agree(a, b) or (
        not _unplaced(a, b, ambiguous) and _may_conflict(a, b, ambiguous)))


def _may_conflict(a: Report, b: Report, ambiguous: set[tuple[int, Key]]) -> bool:
    ratio = rules().raw["tolerance"]["conflict_max_ratio"]
    low, high = sorted((abs(a.qty.value), abs(b.qty.value)))
    if relation(a, b) == "different" and not (a.running or b.running or _converted(a, b)):
        return False  # "12 injured on Monday", "30 on Wednesday": two events, not one count
    return (
        a.doc != b.doc and _strong(a, b) and high <= low * ratio
        and (a.doc, key_of(a)) not in ambiguous and (b.doc, key_of(b)) not in ambiguous
    )


def _joinable(left: list[Report], right: list[Report], ambiguous: set[tuple[int, Key]]) -> bool:
    """Two groups merge only if every cross pair is one thing and agrees or may conflict."""
    if len({m.verb for m in left + right} - {None}) > 1:
        return False
    return all(_linked(a, b, ambiguous) for a in left for b in right)


def group(found: list[Report], original: Sequence[int] = ()) -> tuple[Figure, ...]:
    """Link reports of one quantity (union-find) and turn each group into a Figure.

    `original[doc]` is the article a syndicated copy copies: a copy and its original are one
    source, so they never make an agreement (or a conflict) between them."""
    found = sorted(found, key=lambda m: (m.order, m.mention.end))
    ambiguous = _ambiguous(found)
    parent = list(range(len(found)))
    members = [[m] for m in found]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = sorted(_candidate_pairs(found),  # reports naming places link first
                   key=lambda p: not (found[p[0]].place_key and found[p[1]].place_key))
    for i, j in pairs:
        ri, rj = root(i), root(j)
        a, b = found[i], found[j]
        if ri != rj and _linked(a, b, ambiguous) and _joinable(
                members[ri], members[rj], ambiguous):
            parent[max(ri, rj)] = min(ri, rj)
            members[min(ri, rj)] += members[max(ri, rj)]
    made = [_figure(members[i], original) for i in range(len(found)) if root(i) == i]
    made.sort(key=lambda f: (_RANK[f[0].status], -f[1], f[2]))
    return tuple(f[0] for f in made)


def status_of(ms: list[Report], original: Sequence[int] = ()) -> str:
    """single (one source), agree, update (values move across days) or conflict."""
    def source(m: Report) -> int:
        return original[m.doc] if m.doc < len(original) else m.doc

    if len({source(m) for m in ms}) == 1:
        return "single"
    clash = [(a, b) for a, b in combinations(ms, 2)
             if source(a) != source(b) and not compatible(a, b)]
    if not clash:
        return "agree"
    moved = all(relation(a, b) == "different" or a.earlier or b.earlier or (
        a.pub is not None and b.pub is not None and a.pub != b.pub) for a, b in clash)
    return "update" if moved else "conflict"


def _figure(ms: list[Report], original: Sequence[int]) -> tuple[Figure, int, tuple[int, int]]:
    ms = sorted(ms, key=lambda m: m.order)
    status = status_of(ms, original)
    sources = {original[m.doc] if m.doc < len(original) else m.doc for m in ms}
    fig = Figure(label_of(ms), status, tuple(m.mention for m in ms), headline(ms, status))
    return fig, len(sources), ms[0].order


def headline(ms: list[Report], status: str) -> float | None:
    """The value to lead with: an update's latest, a conflict's lowest, else the most precise.

    A vote has no single value (its tally is shown instead) and a vague report ("hundreds")
    is never turned into a number: a group of only vague reports has no headline.
    """
    exact = [m for m in ms if m.qty.bound != "vague" and m.qty.kind != "vote"]
    if not exact:
        return None
    if status == "update":
        exact = [m for m in exact if not m.earlier] or exact
        latest = max((m.pub for m in exact if m.pub is not None), default=None)
        exact = [m for m in exact if m.pub == latest] or exact
    elif status == "conflict":
        return min(m.qty.value for m in exact)  # the most conservative report
    return min((_PRECISION.get(m.qty.bound, 1) + (m.qty.upper is not None), m.qty.value)
               for m in exact)[1]
