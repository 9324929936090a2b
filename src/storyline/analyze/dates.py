"""Find date expressions in a sentence and resolve them against a publication date.

News convention, not calendar arithmetic: a bare weekday is the most recent such day on or
before publication (the publication weekday itself is the publication day), unless the
sentence looks forward ("will meet on Saturday"), when it is the next such day on or after.
Rules and words come from data/dates_en.toml. dateparser is not used: it sends the
publication weekday a week back and reads "the 1990s" as "1990 seconds ago".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from ..resources import load_toml

DATA = "dates_en.toml"
# A year-less date ("December 10") may sit this many days after publication and keep the
# publication year ("meet on December 10", written on the 8th); further ahead, it is last
# year's. Chosen by hand: a week covers every forward reference in the seeds.
MAX_DAYS_AHEAD = 7
PRECISIONS = ("day", "month", "year", "range", "decade")
# Clause ends: punctuation, and a conjunction opening a second verb phrase ("broke out on
# Tuesday and was declared extinguished on Wednesday").
_CLAUSE_END = re.compile(
    r"[,;:()\"“”—–]|\s-\s|\s(?:and|but|while)\s+(?=(?:was|were|is|are|has|have|had|will|would)\b)"
)
_WORDY = frozenset({"offset", "span", "past_n", "ago"})  # matched case-insensitively
_OPENERS = ".!?:;\"“‘'(—–-"
_PRESENT_AUX = frozenset({"is", "are", "am", "'re", "'s"})
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|'[a-z]+")


@dataclass(frozen=True, slots=True)
class When:
    """A resolved date: the days it covers and how precise it is."""

    start: date
    end: date
    precision: str  # one of PRECISIONS

    def iso(self) -> str:
        """Return the Event form: "YYYY-MM-DD", "YYYY-MM", "YYYY", "1990s" or "start/end"."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "decade":
            return f"{self.start.year}s"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A date expression found in a text: its span, what kind it is and its parsed parts."""

    start: int
    end: int
    kind: str  # date|month|year|decade|range|weekday|offset|span|past_n|ago
    parts: tuple[int | None, int | None, int | None] = (None, None, None)  # year, month, day
    parts2: tuple[int | None, int | None, int | None] = (None, None, None)  # range end
    weekday: int | None = None
    direction: str | None = None  # from "last"/"next"/"this"... before a weekday or month
    amount: int = 0  # offset in days, unit shift, or N in "the past N days"
    unit: str | None = None  # week|month|year for spans; hour|day|week for past_n/ago
    since: bool = False  # "since Friday": a range from that day to publication

    @property
    def absolute(self) -> bool:
        """True when the expression names its own year and needs no publication date."""
        if self.kind in ("year", "decade"):
            return True
        if self.kind in ("date", "month"):
            return self.parts[0] is not None and not self.since
        if self.kind == "range":
            return self.parts[0] is not None and self.parts2[0] is not None
        return False

    @property
    def specificity(self) -> int:
        """Rank for choosing between several dates in one sentence (higher is finer)."""
        return {"decade": 0, "year": 1, "month": 2, "span": 3, "range": 3, "past_n": 3}.get(
            self.kind, 4
        )


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """Return the date rules (data/dates_en.toml)."""
    return load_toml(DATA)


def _alternation(words: list[str], capital: bool = False) -> str:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    if capital:
        return "|".join(re.escape(w.capitalize()) for w in ordered)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    r = rules()
    mon = rf"(?:{_alternation(list(r['months']), capital=True)})\b\.?"
    wd = _alternation(list(r["weekdays"]), capital=True)
    day = r"[0-3]?\d(?:st|nd|rd|th)?\b(?!,?\d)"
    year = r"(?:1[5-9]\d\d|20\d\d)(?!\d)"
    num = rf"\d+|{_alternation(list(r['numbers']))}"
    units = _alternation(list(r["units"]))
    modifier = r"(?:(?:early|mid|late)(?:\s+|-))?"
    joiner = r"\s*(?:and|to|until|through|-|–)\s*"
    sources = {
        "iso": r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b",
        "range_days": rf"\b(?:between|from)\s+(?P<m>{mon})\s+(?P<d>{day})(?:,?\s+(?P<y>{year}))?"
        rf"{joiner}(?:(?P<m2>{mon})\s+)?(?P<d2>{day})(?:,?\s+(?P<y2>{year}))?",
        "range_dash": rf"\b(?P<m>{mon})\s+(?P<d>{day})\s*(?:-|–)\s*(?P<d2>{day})"
        rf"(?:,?\s+(?P<y2>{year}))?",
        "range_months": rf"\b(?:between|from)\s+(?P<m>{mon})(?:\s+(?P<y>{year}))?{joiner}"
        rf"(?P<m2>{mon})(?:,?\s+(?P<y2>{year}))?",
        "range_years": rf"\b(?:between|from)\s+(?P<y>{year}){joiner}(?P<y2>{year})",
        "mdy": rf"\b(?P<m>{mon})\s+(?P<d>{day})(?:(?:,\s*|\s+)(?P<y>{year}))?",
        "dmy": rf"\b(?P<d>{day})\s+(?:of\s+)?(?P<m>{mon})(?:,?\s+(?P<y>{year}))?",
        "my": rf"\b{modifier}(?P<m>{mon})\s+(?:of\s+)?(?P<y>{year})",
        "month": rf"\b(?P<pre>in|during|since|until|by|last|this|next|early|mid|late)"
        rf"(?:\s+|-){modifier}(?P<m>{mon})(?!\s*\d)",
        "decade": rf"\b(?:the\s+)?{modifier}(?P<dec>1[5-9]\d0|20\d0)s\b|[‘'’](?P<short>\d0)s\b",
        "year": rf"\b(?P<pre>in|during|since|from|until|by|of)\s+{modifier}(?P<y>{year})"
        r"(?![.,]?\d)(?!s\b)(?!\s*(?:%|percent))",
        "weekday": rf"\b(?:(?P<dir>{_alternation(list(r['weekday_direction']))})\s+(?:on\s+)?)?"
        rf"(?:(?:early|late)\s+(?:on\s+)?)?(?P<wd>{wd})\b"
        rf"(?:\s+(?:{_alternation(r['day_parts']['words'])})\b)?",
        "offset": rf"(?i:\b(?P<off>{_alternation(list(r['offsets']))})\b)",
        "span": rf"(?i:\b(?P<span>{_alternation(list(r['spans']))})\b)",
        "past_n": rf"(?i:\b(?:in|over|during|for)?\s*the\s+(?:past|last|previous)\s+"
        rf"(?:(?P<n>{num})\s+)?(?P<unit>{units})\b)",
        "ago": rf"(?i:\b(?P<n>{num})\s+(?P<unit>{units})\s+ago\b)",
    }
    return tuple((name, re.compile(src)) for name, src in sources.items())


# What every match of a pattern holds: each pattern runs only on text holding all its cues.
# Most sentences hold no date, and running all 16 patterns over each was most of the time
# spent finding dates; a cue costs a few substring tests. "digit" is any digit `\d` matches.
_PATTERN_CUES = {
    "iso": ("digit", "hyphen"), "range_days": ("range", "month", "digit"),
    "range_dash": ("month", "digit"), "range_months": ("range", "month"),
    "range_years": ("range", "digit"), "mdy": ("month", "digit"), "dmy": ("month", "digit"),
    "my": ("month", "digit"), "month": ("month",), "decade": ("decade", "digit"),
    "year": ("digit",), "weekday": ("weekday",), "offset": ("offset",), "span": ("span",),
    "past_n": ("past", "unit"), "ago": ("ago", "unit"),
}
_DIGIT = re.compile(r"\d")
# Characters a case-insensitive pattern matches to an ASCII letter that str.lower() does not
# lower to it ("İ", "ı" match "i"; "ſ" matches "s"): mapped first, so a phrase that such a
# pattern finds is always in the folded text.
_CASE_FIXES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _needles(phrases: Iterable[str], capital: bool = False) -> tuple[str, ...]:
    # One word of each phrase (its longest, the last of equals: "week" of "last week"); a
    # word holding another of them adds nothing ("January" is there if "Jan" is).
    found = {max(reversed(p.split()), key=len) for p in phrases}
    found = {w.capitalize() if capital else w.lower() for w in found}
    return tuple(sorted(w for w in found if not any(o != w and o in w for o in found)))


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[tuple[str, ...], bool]]:
    """Return, per cue, words one of which is in any text holding it, and whether case is
    ignored (then the words are looked up in the text case-folded)."""
    r = rules()
    cues = {
        "hyphen": (("-",), False),
        "decade": (("0s",), False),  # "1990s", "'90s"
        "month": (_needles(r["months"], capital=True), False),
        "weekday": (_needles(r["weekdays"], capital=True), False),
        "range": (("between", "from"), False),
        "offset": (_needles(r["offsets"]), True),
        "span": (_needles(r["spans"]), True),
        "past": (("last", "past", "previous"), True),
        "unit": (_needles(r["units"]), True),
        "ago": (("ago",), True),
    }
    # Case-folding is exact for ASCII letters only: a cue with other letters never skips.
    return {k: (words if not fold or all(w.isascii() for w in words) else ("",), fold)
            for k, (words, fold) in cues.items()}


class _TextCues:
    """The cues of one text, each looked up once, however many patterns need it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded: str | None = None
        self.found: dict[str, bool] = {}

    def has(self, names: tuple[str, ...]) -> bool:
        """True when the text holds every cue in `names`."""
        for name in names:
            hit = self.found.get(name)
            if hit is None:
                hit = self.found[name] = self._lookup(name)
            if not hit:
                return False
        return True

    def _lookup(self, name: str) -> bool:
        if name == "digit":
            return _DIGIT.search(self.text) is not None
        words, folded = _cues()[name]
        if not folded:
            return any(w in self.text for w in words)
        if self.folded is None:
            self.folded = _low(self.text)
        return any(w in self.folded for w in words)


def _low(text: str) -> str:
    """Lower-case a matched word as the rules list it: a case-insensitive pattern also matches
    "ı", "İ" and "ſ" for ASCII letters, which lower() alone leaves as they are."""
    return text.translate(_CASE_FIXES).lower()


def _month(token: str | None) -> int | None:
    return None if token is None else int(rules()["months"][_low(token.rstrip("."))])


def _int(token: str | None) -> int | None:
    digits = re.match(r"\d+", token or "")
    return int(digits.group()) if digits else None


def _calendar(name: str, m: re.Match[str]) -> Mention:
    g = m.groupdict()
    if name.startswith("range"):
        y2 = _int(g.get("y2"))
        y1, m1 = _int(g.get("y")) or y2, _month(g.get("m"))
        return Mention(m.start(), m.end(), "range", (y1, m1, _int(g.get("d"))),
                       (y2 or y1, _month(g.get("m2")) or m1, _int(g.get("d2"))))
    month = _int(g["m"]) if name == "iso" else _month(g["m"])
    parts = (_int(g.get("y")), month, _int(g.get("d")))
    if name == "month":  # "in March", "last March": only the month name is the mention
        direction = rules()["weekday_direction"].get(_low(g["pre"]))
        return Mention(m.start("m"), m.end(), "month", parts, direction=direction)
    return Mention(m.start(), m.end(), "month" if name == "my" else "date", parts)


def _parse(name: str, m: re.Match[str]) -> Mention:
    g, r = m.groupdict(), rules()
    if name in ("decade", "year"):
        short = g.get("short")  # "'90s": the 20th century, except "'00s" and "'10s"
        year = int(g["dec"] if name == "decade" and not short else g.get("y") or 0)
        if short:
            year = (2000 if short in ("00", "10") else 1900) + int(short)
        # A decade keeps its "the", so "since the 1990s" is seen as "since" + decade.
        start = m.start("y") if name == "year" else m.start()
        return Mention(start, m.end(), name, (year, None, None))
    if name == "weekday":
        return Mention(m.start(), m.end(), name, weekday=int(r["weekdays"][_low(g["wd"])]),
                       direction=r["weekday_direction"].get(_low(g.get("dir") or "")))
    if name == "offset":
        amount = int(r["offsets"][" ".join(_low(g["off"]).split())])
        return Mention(m.start(), m.end(), name, amount=amount)
    if name == "span":
        spec = r["spans"][" ".join(_low(g["span"]).split())]
        return Mention(m.start(), m.end(), name, amount=int(spec["shift"]), unit=str(spec["unit"]))
    if name in ("past_n", "ago"):
        n = g.get("n") or "1"
        amount = int(n) if n.isdigit() else int(r["numbers"].get(_low(n), 1))
        return Mention(m.start(), m.end(), name, amount=amount, unit=_low(g["unit"]).rstrip("s"))
    return _calendar(name, m)


def _preceding(text: str, start: int) -> str:
    return " ".join(text[max(0, start - 24) : start].lower().split())


def _bounding(before: str, phrases: list[str]) -> bool:
    return any(before == p or before.endswith(" " + p) for p in phrases)


def _is_name(text: str, start: int) -> bool:
    """True for a capitalized word inside a sentence (not at its start or a quote's)."""
    head = text[:start].rstrip()
    return text[start : start + 1].isupper() and bool(head) and head[-1] not in _OPENERS


@lru_cache(maxsize=8192)
def find_mentions(text: str) -> tuple[Mention, ...]:
    """Return the date expressions in `text` in order (the longest wins where they overlap)."""
    found: list[Mention] = []
    cues = _TextCues(text)
    for name, pattern in _patterns():
        if not cues.has(_PATTERN_CUES[name]):
            continue  # the pattern cannot match here
        for m in pattern.finditer(text):
            found.append(_parse(name, m))
    found.sort(key=lambda x: (-(x.end - x.start), x.start))
    kept: list[Mention] = []
    for mention in found:
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    preps = rules()["prepositions"]
    out = []
    for mention in sorted(kept, key=lambda x: x.start):
        if mention.kind in _WORDY and _is_name(text, mention.start):
            continue  # "USA Today", "the Tonight Show": a name, not a date
        before = _preceding(text, mention.start)
        if before.endswith(" on") or before == "on":
            before = before[:-3].rstrip()
        if _bounding(before, preps["bounding"]):
            continue  # "until Friday", "by the end of December": a bound, not an event date
        out.append(replace(mention, since=_bounding(before, preps["since"])))
    return tuple(out)


@lru_cache(maxsize=1)
def _tense_words() -> tuple[frozenset[tuple[str, ...]], frozenset[str], frozenset[str],
                            frozenset[str]]:
    tense = rules()["tense"]
    future = frozenset(tuple(p.split()) for p in tense["future"])
    return (future, frozenset(tense["past"]), frozenset(tense["passive"]),
            frozenset(tense["reporting"]))


@lru_cache(maxsize=1)
def _future_openers() -> frozenset[str]:
    """The first words of the future phrases ("will", "set" of "set to")."""
    return frozenset(p[0] for p in _tense_words()[0])


@lru_cache(maxsize=8192)
def tense_markers(text: str) -> tuple[tuple[int, int, str], ...]:
    """Return (start, end, kind) for each tense marker: future, past, present or report."""
    future, past, passive, reporting = _tense_words()
    lowered = text.lower().replace("’", "'")
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
    out: list[tuple[int, int, str]] = []
    openers = _future_openers()
    for n, (start, end, word) in enumerate(words):
        # Only a word opening a future phrase is tried against them (most words are not).
        for size in (3, 2, 1) if word in openers else ():
            phrase = tuple(w for _, _, w in words[n : n + size])
            if len(phrase) == size and phrase in future:
                out.append((start, words[n + size - 1][1], "future"))
                break
        else:
            if word.endswith("'ll"):
                out.append((start, end, "future"))
            elif word in reporting:
                out.append((start, end, "report"))
            elif word in past or (word.endswith("ed")  # the cheap test of _regular_past first
                                  and _regular_past(lowered, text, words, n, passive)):
                out.append((start, end, "past"))
            elif word.endswith("ing") and n and words[n - 1][2] in _PRESENT_AUX:
                out.append((start, end, "present"))  # "are meeting": now or soon
    return tuple(out)


def _regular_past(text: str, original: str, words: list[tuple[int, int, str]], n: int,
                  passive: frozenset[str]) -> bool:
    start, _, word = words[n]
    if not word.endswith("ed") or len(word) < 5 or word.endswith("eed"):
        return False
    if n and original[start].isupper():
        return False  # "United States", "Red Crescent": a name
    if start > 0 and text[start - 1] == "-":
        return False  # "Russian-backed", "rebel-held": adjectives
    prev = {w for _, _, w in words[max(0, n - 2) : n]}
    return not prev & passive  # "is expected", "can be worked out": not a past event


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the clause (between commas, colons, quotes...) holding start:end."""
    lo = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    hit = _CLAUSE_END.search(text, end)
    return lo, hit.start() if hit else len(text)


def tense_at(text: str, start: int, end: int) -> str:
    """Return "future", "past" or "present": the nearest tense marker to a date, clause first."""
    markers = tense_markers(text)
    if not markers:
        return "present"
    lo, hi = clause_bounds(text, start, end)
    clause = [m for m in markers if m[0] >= lo and m[1] <= hi and m[2] != "report"]
    pool = clause or [m for m in markers if m[2] != "report"]
    gap_before = text[max(lo, 0) : start].lower().split()[-2:]
    if any(w in _tense_words()[3] for w in gap_before):
        return "past"  # "says Friday", "says on Friday": a report of what happened then
    if not pool:
        return "present"
    nearest = min(pool, key=lambda m: (min(abs(m[0] - end), abs(start - m[1])), m[0]))
    return nearest[2]  # "future", "past" or "present"


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _safe_date(year: int, month: int | None, day: int | None) -> date | None:
    if month is None or not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    day = day or 1
    if not 1 <= day <= _days_in(year, month):
        return None
    return date(year, month, day)


# The calendar's ends: every resolved date is clamped into date.min..date.max, so arithmetic
# on a publication date in year 1 or 9999 ("yesterday", "next year", "9999 days ago") gives
# the nearest representable day instead of raising.
_FIRST_MONTH = date.min.year * 12 + date.min.month - 1
_LAST_MONTH = date.max.year * 12 + date.max.month - 1


def add_days(d: date, days: int) -> date:
    """Return `d` moved by `days` (any int), clamped to date.min..date.max."""
    ordinal = min(max(d.toordinal() + days, date.min.toordinal()), date.max.toordinal())
    return date.fromordinal(ordinal)


def _month_start(year: int, month: int) -> date:
    """Return the first day of a month, clamped to the first and last months of the calendar."""
    index = min(max(year * 12 + month - 1, _FIRST_MONTH), _LAST_MONTH)
    return date(index // 12, index % 12 + 1, 1)


def _month_shift(d: date, shift: int) -> date:
    return _month_start(d.year, d.month + shift)


def _year_span(year: int) -> When:
    """Return a whole year as a When, the year clamped to the calendar's first and last."""
    year = min(max(year, date.min.year), date.max.year)
    return When(date(year, 1, 1), date(year, 12, 31), "year")


def _month_span(first: date) -> When:
    return When(first, first.replace(day=_days_in(first.year, first.month)), "month")


def _weekday(m: Mention, pub: date, tense: str) -> When:
    direction = m.direction or ("on_or_before" if tense == "past" else "on_or_after")
    back = (pub.weekday() - (m.weekday or 0)) % 7
    ahead = (m.weekday or 0) - pub.weekday()
    shift = {"before": -(back or 7), "on_or_before": -back,
             "after": ahead % 7 or 7}.get(direction, ahead % 7)
    day = add_days(pub, shift)
    return When(day, day, "day")


def _year_less_month(month: int, direction: str, pub: date) -> When:
    this, here = date(pub.year, month, 1), date(pub.year, pub.month, 1)
    if (this > here or this == here and direction == "before") and "before" in direction:
        this = _month_start(pub.year - 1, month)
    elif (this < here or this == here and direction == "after") and "after" in direction:
        this = _month_start(pub.year + 1, month)
    return _month_span(this)


def _year_less_day(month: int | None, day: int | None, pub: date, tense: str) -> date | None:
    found = _safe_date(pub.year, month, day)
    if found is None:
        return None
    if tense == "future" and found < add_days(pub, -MAX_DAYS_AHEAD):
        return _safe_date(pub.year + 1, month, day)
    if tense != "future" and found > add_days(pub, MAX_DAYS_AHEAD):
        return _safe_date(pub.year - 1, month, day)
    return found


def _range(m: Mention, pub: date | None, tense: str) -> When | None:
    (y1, m1, d1), (y2, m2, d2) = m.parts, m.parts2
    if y1 is None or y2 is None:
        if pub is None:
            return None
        end_guess = _year_less_day(m2, d2, pub, tense) if m2 else None
        y2 = end_guess.year if end_guess else pub.year
        y1 = y2
    start = _safe_date(y1, m1 or 1, d1 or 1)
    last_month = m2 or 12
    end = _safe_date(y2, last_month, d2 or _days_in(y2, last_month))
    if start is None or end is None:
        return None
    if start > end and m.parts[0] is None:
        start = _safe_date(start.year - 1, start.month, start.day)  # "Dec 28 to Jan 3"
    if start is None or start > end:
        return None
    return When(start, end, "range")


def _relative(m: Mention, pub: date, tense: str) -> When | None:
    if m.kind == "weekday":
        return _weekday(m, pub, tense)
    if m.kind == "offset":
        day = add_days(pub, m.amount)
        return When(day, day, "day")
    if m.kind == "span":
        if m.unit == "week":
            monday = add_days(pub, 7 * m.amount - pub.weekday())
            return When(monday, add_days(monday, 6), "range")
        if m.unit == "month":
            return _month_span(_month_shift(pub.replace(day=1), m.amount))
        return _year_span(pub.year + m.amount)
    days = m.amount * int(rules()["units"].get(m.unit or "day", 1))
    if m.kind == "past_n":
        if m.unit == "hour":
            days = (m.amount - 1) // 24  # "the past 24 hours" is the publication day
        if days == 0:
            return When(pub, pub, "day")
        return When(add_days(pub, -days), pub, "range")
    # "N days ago": that day; "N weeks ago": the Monday-Sunday week holding that day
    day = add_days(pub, -days)
    if m.unit == "week":
        monday = add_days(day, -day.weekday())
        return When(monday, add_days(monday, 6), "range")
    return When(day, day, "day")


def _plain(m: Mention, pub: date | None, tense: str) -> When | None:
    y, mo, d = m.parts
    if m.kind in ("decade", "year") and y:
        return When(date(y, 1, 1), date(y + (9 if m.kind == "decade" else 0), 12, 31), m.kind)
    if m.kind == "range":
        return _range(m, pub, tense)
    if m.kind == "date":
        found = _safe_date(y, mo, d) if y else (
            _year_less_day(mo, d, pub, tense) if pub else None)
        return When(found, found, "day") if found else None
    if m.kind == "month" and mo:
        if y is not None:
            return _month_span(date(y, mo, 1))
        direction = m.direction or ("on_or_after" if tense == "future" else "on_or_before")
        return _year_less_month(mo, direction, pub) if pub else None
    return _relative(m, pub, tense) if pub else None


def resolve(mention: Mention, published: date | None, tense: str = "past") -> When | None:
    """Resolve a mention against a publication date (None when it cannot be placed).

    `tense` is "past", "present" or "future" (see `tense_at`): only year-less and relative
    expressions use it. "since X" becomes the range from X to publication.
    """
    when = _plain(mention, published, tense)
    if not mention.since or when is None:
        return when
    if published is None or when.precision in ("year", "decade") or when.start > published:
        return None  # "since 2012" is background, not an event date
    if when.start == published:
        return When(published, published, "day")
    return When(when.start, published, "range")


def parse_date(value: str | None) -> date | None:
    """Parse an ISO "YYYY-MM-DD" (None or malformed gives None)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_when(value: str | None, precision: str) -> When | None:
    """Parse an Event date string back into a When (None when undated or malformed)."""
    if not value or precision not in PRECISIONS:
        return None
    try:
        if precision == "range":
            first, last = value.split("/")
            return When(date.fromisoformat(first), date.fromisoformat(last), "range")
        if precision == "decade":
            year = int(value[:4])
            return When(date(year, 1, 1), date(year + 9, 12, 31), "decade")
        if precision == "year":
            return When(date(int(value), 1, 1), date(int(value), 12, 31), "year")
        if precision == "month":
            return _month_span(date.fromisoformat(value + "-01"))
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return When(day, day, "day")


@lru_cache(maxsize=1)
def _clock() -> re.Pattern[str]:
    marks = rules()["clock"]
    am = _alternation(marks["am"])
    pm = _alternation(marks["pm"])
    return re.compile(
        rf"(?i:\b(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*"
        rf"(?:(?P<am>{am})|(?P<pm>{pm}))(?![a-z]))"
    )


def find_clock(text: str) -> str | None:
    """Return the first clock time in `text` ("9:30 p.m." -> "21:30"), or None."""
    m = _clock().search(text)
    if m is None:
        return None
    hour = int(m.group("h")) % 12 + (12 if m.group("pm") else 0)
    return f"{hour:02d}:{int(m.group('m') or 0):02d}"


def dated_mentions(
    text: str, published: date | None, tense: Callable[[str, int, int], str] = tense_at
) -> list[tuple[Mention, When]]:
    """Return each mention in `text` that resolves, with its resolved date, in text order."""
    out = []
    for mention in find_mentions(text):
        how = "past" if mention.absolute else tense(text, mention.start, mention.end)
        when = resolve(mention, published, how)
        if when is not None:
            out.append((mention, when))
    return out
