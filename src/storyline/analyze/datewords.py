"""Find date expressions in a sentence: what they say, not yet which day they are.

Patterns are built from data/dates_en.toml (month and weekday names, relative phrases,
bounding prepositions); `storyline.analyze.dates` resolves what is found here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..resources import load_toml

DATA = "dates_en.toml"
_WORDY = frozenset({"offset", "span", "past_n", "ago"})  # matched case-insensitively
_OPENERS = ".!?:;\"“‘'(—–-"


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
    bound: bool = False  # "until Friday", "by Monday": a deadline, forward unless past

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
        if self.kind == "span":  # "this year" is a year, "last week" a week
            return {"year": 1, "month": 2}.get(self.unit or "", 3)
        return {"decade": 0, "year": 1, "month": 2, "range": 3, "past_n": 3}.get(self.kind, 4)

    @property
    def vague(self) -> bool:
        """True for a week span ("last week"): a date only when nothing finer is said."""
        return self.kind == "span" and self.unit == "week"



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
        # "in 1995 and 1996", "1995-96", "the 2001-02 season": a span of whole years
        "range_pair": rf"\b(?:(?:in|during)\s+(?P<y>{year})\s*(?:and|to|through)\s*"
        rf"(?P<y2>{year})|(?P<ya>{year})\s*(?:-|–|/)\s*(?P<y2a>\d\d(?!\d)|{year}))"
        r"(?![-–/]?\d)",
        # "September last year", "in September of next year"
        "month_rel": rf"\b(?P<m>{mon})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b",
        "mdy": rf"\b(?P<m>{mon})\s+(?P<d>{day})(?:(?:,\s*|\s+)(?P<y>{year}))?",
        "dmy": rf"\b(?P<d>{day})\s+(?:of\s+)?(?P<m>{mon})(?:,?\s+(?P<y>{year}))?",
        "my": rf"\b{modifier}(?P<m>{mon})\s+(?:of\s+)?(?P<y>{year})",
        "month": rf"\b(?P<pre>in|during|since|until|by|last|this|next|early|mid|late)"
        rf"(?:\s+|-){modifier}(?P<m>{mon})(?!\s*\d)",
        "decade": rf"\b(?:the\s+)?{modifier}(?P<dec>1[5-9]\d0|20\d0)s\b|[‘'’](?P<short>\d0)s\b",
        "year": rf"\b(?P<pre>in|during|since|from|until|by|of)\s+{modifier}(?P<y>{year})"
        r"(?![.,]?\d)(?!s\b)(?!\s*(?:%|percent))",
        # "his 1993 statement", "the 2000 census", "Brazil's 1988 constitution": a year
        # before a noun (news style writes counts of 1,000 and more with a comma)
        "year_attr": r"(?:\b(?:the|his|her|its|their|this|that|a|an)|['’]s)\s+"
        r"(?P<y>(?:19|20)\d\d)(?!\d)(?=\s+[a-z])",
        "weekday": rf"\b(?:(?P<dir>(?i:{_alternation(list(r['weekday_direction']))}))\s+"
        r"(?:on\s+)?)?"
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
    "range_years": ("range", "digit"), "range_pair": ("digit",),
    "month_rel": ("month", "year"), "mdy": ("month", "digit"), "dmy": ("month", "digit"),
    "my": ("month", "digit"), "month": ("month",), "decade": ("decade", "digit"),
    "year": ("digit",), "year_attr": ("digit",), "weekday": ("weekday",),
    "offset": ("offset",), "span": ("span",),
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
        "year": (("year",), True),
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


def _year_pair(m: re.Match[str]) -> Mention | None:
    """ "in 1995 and 1996", "1995-96": a range of whole years (None unless it runs forward)."""
    g = m.groupdict()
    first = _int(g.get("y") or g.get("ya")) or 0
    second = g.get("y2") or g.get("y2a") or ""
    last = _int(second) or 0
    if len(second) == 2:
        last += first - first % 100
    if not first < last <= first + 99:
        return None  # "2016-12" is a month; "1998-97" is not a span
    return Mention(m.start("y") if g.get("y") else m.start(), m.end(), "range",
                   (first, 1, 1), (last, 12, 31))


def _calendar(name: str, m: re.Match[str]) -> Mention | None:
    g = m.groupdict()
    if name == "range_pair":
        return _year_pair(m)
    if name == "month_rel":  # "September last year": the month in a year relative to publication
        shift = {"last": -1, "this": 0, "next": 1}[_low(g["rel"])]
        return Mention(m.start(), m.end(), "month", (None, _month(g["m"]), None),
                       amount=shift, unit="year")
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


def _parse(name: str, m: re.Match[str]) -> Mention | None:
    g, r = m.groupdict(), rules()
    if name == "year_attr":
        return Mention(m.start("y"), m.end(), "year", (int(g["y"]), None, None))
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


def _strip_inserted(before: str, inserted: list[str]) -> str:
    for phrase in inserted:
        if before == phrase or before.endswith(" " + phrase):
            return before[: -len(phrase)].rstrip()
    return before


def _read_context(text: str, mention: Mention) -> Mention | None:
    """Read the words around a mention: a bound, "since", a figure of speech, a time zone."""
    preps, r = rules()["prepositions"], rules()
    before = _preceding(text, mention.start)
    last = before.rsplit(" ", 1)[-1] if before else ""
    if mention.kind == "offset" and last in r["figurative"]["words"]:
        return None  # "almost overnight": a manner, not a date
    if mention.kind == "weekday" and last in r["zones"]["words"]:
        return None  # "(1800 GMT Tuesday)": the same moment in another time zone
    if before.endswith(" on") or before == "on":
        before = before[:-3].rstrip()
    before = _strip_inserted(before, preps["inserted"])
    after = " ".join(text[mention.end : mention.end + 24].lower().split())
    bound = _bounding(before, preps["bounding"]) or any(
        after.startswith(p) for p in preps["bounding_after"])
    since = _bounding(before, preps["since"])
    if before.endswith("end of") and (mention.kind == "year" or mention.unit == "year"):
        mention = _year_end(mention)  # "by the end of next year": its last month
    if since and _negated(text[: mention.start], preps["negation"]):
        since = False  # "has not talked to him since Aug. 20": the last time was that day
    return replace(mention, since=since, bound=bound)


def _year_end(mention: Mention) -> Mention:
    """The December of a year mention ("the end of 1999", "the end of next year")."""
    if mention.kind == "year":
        return replace(mention, kind="month", parts=(mention.parts[0], 12, None))
    return replace(mention, kind="month", parts=(None, 12, None))


def _negated(head: str, negation: list[str]) -> bool:
    words = re.findall(r"[a-z]+(?:'[a-z]+)?|n't", head.lower().replace("’", "'"))[-8:]
    return any(w in negation or w.endswith("n't") for w in words)


def _with_weekday_dates(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join "Monday, March 3" into one mention: the explicit date wins over the weekday."""
    out: list[Mention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "weekday" and mention.kind == "date"
                and prev.direction is None
                and re.fullmatch(r",?\s*(?:the\s+)?", text[prev.end : mention.start])):
            out[-1] = replace(mention, start=prev.start)
            continue
        out.append(mention)
    return out


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
            if (parsed := _parse(name, m)) is not None:
                found.append(parsed)
    found.sort(key=lambda x: (-(x.end - x.start), x.start))
    kept: list[Mention] = []
    for mention in found:
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    out: list[Mention] = []
    for mention in _with_weekday_dates(text, sorted(kept, key=lambda x: x.start)):
        if mention.kind in _WORDY and _is_name(text, mention.start):
            continue  # "USA Today", "the Tonight Show": a name, not a date
        if (read := _read_context(text, mention)) is not None:
            out.append(read)
    return tuple(out)



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

