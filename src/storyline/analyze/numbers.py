"""Find quantities in a sentence: digits and words, qualifiers, ranges, votes, money, percents.

Rules and word lists live in data/numbers_en.toml. What a number counts and how reports of it
compare is figures.py's job; this module only reads numbers and skips the ones that are not
quantities (years, dates, clock times, ages, ordinals, phone numbers, labels like "No. 2").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import load_toml

_TOKEN = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)|(?P<word>[^\W\d_]+(?:['’.\-][^\W\d_]+)*)|(?P<sym>\S)"
)
# Phone numbers: "(212) 555-0134", "+44 20 7946 0958". Masked before reading numbers.
_PHONE = re.compile(r"(?:\+\d{1,3}[ .-]?)?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}(?![\d,])")
_DIGIT = re.compile(r"\d")
_DASHES = ("-", "–", "—")
_ORDINAL = re.compile(r"(?:st|nd|rd|th|s)\w*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Token:
    """A word, number or symbol of a sentence with its character span."""

    text: str
    low: str  # lower case, apostrophes straightened
    start: int
    end: int
    kind: str  # "num" | "word" | "sym"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number phrase: `text[start:end]`, its value and how it is qualified."""

    start: int
    end: int
    value: float
    first: int  # index of the phrase's first token
    last: int  # index just past the phrase's last token
    upper: float | None = None
    qualifier: str | None = None  # the words: "more than", "some", "hundreds"...
    bound: str = "exact"  # "exact" | "approximate" | "below" | "lower" | "upper" | "vague"
    kind: str = "count"  # "count" | "percent" | "money" | "vote"
    unit: str | None = None  # "USD", "percent", a glued unit ("km"); None for plain counts
    tally: tuple[float, ...] = ()  # a vote: in favour, against[, abstentions]
    words: bool = False  # written in words ("two dozen")


@dataclass(frozen=True)
class Rules:
    """The word lists of data/numbers_en.toml, indexed for lookup."""

    raw: dict[str, Any]
    ones: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, float]
    vague: dict[str, float]
    abbrev: dict[str, float]
    qualifiers: dict[str, str]  # phrase -> bound kind
    max_qualifier: int
    months: dict[str, int]
    weekdays: dict[str, int]
    durations: dict[str, float]
    count_nouns: frozenset[str]
    skip_before: frozenset[str]
    skip_after: frozenset[str]
    year_before: frozenset[str]
    symbols: dict[str, str]
    currency_words: dict[str, str]
    codes: frozenset[str]
    vote_words: frozenset[str]
    abstain: frozenset[str]
    measures: dict[str, str] = dataclasses.field(default_factory=dict)  # unit words -> unit
    # Words one of whose hyphen parts must be here for a word token to open a quantity
    # (`scan` skips the rest without parsing): "a"/"an", counts, scales, fractions, vague.
    starters: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Load and index the English number rules once."""
    raw = load_toml("numbers_en.toml")
    w, q = raw["words"], raw["qualifiers"]
    quals = {p: kind for kind in ("approximate", "below", "lower", "upper") for p in q[kind]}
    return Rules(
        raw=raw,
        ones={**w["ones"], **w["tens"]},
        scales=dict(w["scales"]) | {d: 12.0 for d in w["dozen"]},
        fractions=dict(w["fractions"]),
        vague={k: float(v) for k, v in w["vague"].items()},
        abbrev=dict(w["abbrev_scales"]),
        qualifiers=quals,
        max_qualifier=max(len(p.split()) for p in quals),
        months=dict(raw["dates"]["months"]),
        weekdays=dict(raw["dates"]["weekdays"]),
        durations=dict(raw["dates"]["durations"]),
        count_nouns=frozenset(raw["units"]["count_nouns"]),
        skip_before=frozenset(raw["skip"]["before"]),
        skip_after=frozenset(raw["skip"]["after"]),
        year_before=frozenset(raw["skip"]["year_before"]),
        symbols=dict(raw["currency"]["symbols"]),
        currency_words=dict(raw["currency"]["words"]),
        codes=frozenset(raw["currency"]["codes"]),
        vote_words=frozenset(raw["votes"]["words"]),
        abstain=frozenset(raw["votes"]["abstain"]),
        measures={w: u for u, forms in raw["measures"]["units"].items() for w in forms},
        starters=frozenset(("a", "an", *w["ones"], *w["tens"], *w["scales"], *w["dozen"],
                            *w["fractions"], *w["vague"], *w["few"])),
    )


def tokenize(text: str) -> list[Token]:
    """Split text into number, word and symbol tokens with offsets."""
    out = []
    for m in _TOKEN.finditer(text):
        word, (start, end) = m.group(), m.span()
        out.append(Token(word, word.lower().replace("’", "'"), start, end, m.lastgroup or "sym"))
    return out


def scan(text: str) -> tuple[list[Token], list[Quantity]]:
    """Return the tokens of a sentence and every quantity found in it, in reading order."""
    toks = tokenize(text)
    r = rules()
    # The tokens that may open a quantity: numbers, and words with a number part (the rest
    # open none: _parse_at would say so). Picked in one pass, so most tokens cost no more; a
    # word token ends in a letter, never a period, and is split only when it has a hyphen.
    starters = r.starters
    opening = [i for i, tok in enumerate(toks) if tok.kind == "num" or (
        tok.kind == "word" and (tok.low in starters if "-" not in tok.low
                                else not starters.isdisjoint(tok.low.split("-"))))]
    if opening and _DIGIT.search(text):  # a phone number has digits: most sentences have none
        phones = [m.span() for m in _PHONE.finditer(text) if "," not in m.group()]
        opening = [i for i in opening if not any(a <= toks[i].start < b for a, b in phones)]
    found: list[Quantity] = []
    labelled: dict[int, bool] = {}  # token index -> follows a label word (see _labelled)
    i = 0  # the first token not read yet
    for k in opening:
        if k < i:
            continue  # inside the quantity before
        qty, nxt = _parse_at(toks, k, r, labelled)
        if qty is not None:
            found.append(qty)
        i = max(nxt, k + 1)
    return toks, found


def quantities(text: str) -> list[Quantity]:
    """Return every quantity in a sentence, in reading order."""
    return scan(text)[1]


def glued(toks: list[Token], i: int) -> bool:
    """True when token i and token i + 1 touch (no space between)."""
    return 0 <= i < len(toks) - 1 and toks[i].end == toks[i + 1].start


def word_at(toks: list[Token], i: int) -> str:
    """Lower-cased token i without a trailing period, or "" outside the sentence."""
    return toks[i].low.rstrip(".") if 0 <= i < len(toks) else ""


def phrase_at(toks: list[Token], i: int, phrases: dict[str, Any] | frozenset[str]) -> int:
    """Length in tokens of the longest phrase of `phrases` starting at token i (0 if none)."""
    for n in (3, 2, 1):
        if i + n <= len(toks) and " ".join(t.low for t in toks[i : i + n]) in phrases:
            return n
    return 0


@dataclass(frozen=True, slots=True)
class _Core:
    value: float
    first: int
    last: int
    words: bool
    vague: str | None = None
    fraction: bool = False
    scaled: bool = False


def _core(toks: list[Token], i: int, r: Rules, money: bool) -> _Core | None:
    tok = toks[i]
    if tok.kind == "num":
        return _digits(toks, i, r, money)
    return _word_number(toks, i, r)


def _digits(toks: list[Token], i: int, r: Rules, money: bool) -> _Core | None:
    tok = toks[i]
    if glued(toks, i - 1) and (toks[i - 1].kind == "word" or toks[i - 1].low in ":/."):
        return None  # "G7", "9:45" (second half), "12/10"
    if glued(toks, i - 2) and glued(toks, i - 1) and toks[i - 2].kind == "word" and (
        toks[i - 1].low in _DASHES
    ):
        return None  # "G-7", "COVID-19", "F-16"
    value, last, scaled = float(tok.text.replace(",", "")), i + 1, False
    if glued(toks, i) and toks[i + 1].kind == "sym" and toks[i + 1].low in ":/" and (
        i + 2 < len(toks) and toks[i + 2].kind == "num"
    ):
        return None  # clock time or date "9:45", "12/10"
    if glued(toks, i) and toks[i + 1].kind == "word":
        suffix = toks[i + 1].low
        if suffix in r.abbrev and (money or suffix != "m"):
            return _Core(value * r.abbrev[suffix], i, i + 2, False, scaled=True)
        if _ORDINAL.match(suffix) or suffix in r.skip_after:
            return None  # "3rd", "1990s", "10pm"
    if word_at(toks, last) in r.scales and word_at(toks, last) != "dozen":
        value, last, scaled = value * r.scales[word_at(toks, last)], last + 1, True
    return _Core(value, i, last, False, scaled=scaled)


def _word_number(toks: list[Token], i: int, r: Rules) -> _Core | None:
    low = word_at(toks, i)
    if low in ("a", "an") and word_at(toks, i + 1) in r.scales:
        core = _word_run(toks, i + 1, r)
        return _Core(core.value, i, core.last, True) if core else None
    if low in r.raw["words"]["few"] or " ".join((low, word_at(toks, i + 1))) == "a few":
        j = i + (2 if low == "a" else 1)
        if word_at(toks, j) in r.scales:
            label = " ".join(t.low for t in toks[i : j + 1])
            return _Core(r.scales[word_at(toks, j)], i, j + 1, True, vague=label)
        return None
    if low in r.vague:
        return _vague(toks, i, r)
    if word_at(toks, i + 1) in r.fractions and word_at(toks, i + 2) == "of":
        return None  # "two thirds of": read from "thirds", with "two" as its count
    parts = low.split("-")
    if parts[-1] in r.fractions and word_at(toks, i + 1) == "of":
        head = r.ones.get(parts[0], 0.0) if len(parts) > 1 else 1.0
        lead = r.ones.get(word_at(toks, i - 1)) if len(parts) == 1 else None
        if not (head and (lead or len(parts) > 1 or low in ("half", "halves")
                          or word_at(toks, i - 1) in ("a", "one"))):
            return None  # "the old quarter of the city" is a place, not a share
        first = i - 1 if lead else i
        share = round(100 * (lead or head) * r.fractions[parts[-1]], 2)
        return _Core(share, first, i + 1, True, fraction=True)
    return _word_run(toks, i, r)


def _vague(toks: list[Token], i: int, r: Rules) -> _Core | None:
    low = word_at(toks, i)
    nxt = word_at(toks, i + 2) if word_at(toks, i + 1) == "of" else ""
    if nxt in r.vague and r.vague[nxt] >= 1000:  # "tens of thousands", "hundreds of thousands"
        return _Core(r.vague[low] * r.vague[nxt], i, i + 3, True, vague=f"{low} of {nxt}")
    if low in ("tens", "scores") and word_at(toks, i + 1) != "of":
        return None  # "tens" alone, "test scores"
    return _Core(r.vague[low], i, i + 1, True, vague=low)


def _word_run(toks: list[Token], i: int, r: Rules) -> _Core | None:
    total = current = 0.0
    last, seen = i, False
    j = i
    while j < len(toks):
        low = word_at(toks, j)
        if low == "and" and seen and word_at(toks, j + 1) in r.ones:
            j += 1
            continue
        parts = low.split("-")
        if not all(p in r.ones or p in r.scales for p in parts):
            lead = [p for p in parts[:2] if p in r.ones]
            if not seen and lead and parts[0] in r.ones:  # "two-ton", "twenty-five-year-old"
                value = float(sum(r.ones[p] for p in lead)) if len(lead) > 1 and lead[0] in (
                    r.raw["words"]["tens"]) else float(r.ones[parts[0]])
                return _Core(value, i, j + 1, True)
            if seen and len(parts) > 1:
                return None  # "five-year-old": an adjective, not a count
            break
        for part in parts:
            if part in r.ones:
                current += r.ones[part]
            elif part in ("hundred", "dozen"):
                current = max(current, 1.0) * r.scales[part]
            else:
                total += max(current, 1.0) * r.scales[part]
                current = 0.0
        seen, last, j = True, j + 1, j + 1
    if not seen:
        return None
    value = total + current
    return _Core(value, i, last, True) if value > 1 else None  # "one" is rarely a figure


def _currency_before(toks: list[Token], i: int, r: Rules) -> tuple[str | None, int]:
    """Currency written before token i ("$", "US$", "USD"): (code, first token index)."""
    if i >= 1 and toks[i - 1].low in r.symbols:
        sym, first = toks[i - 1].low, i - 1
        if glued(toks, i - 2) and (toks[i - 2].low + sym) in r.symbols:
            sym, first = toks[i - 2].low + sym, i - 2
        return r.symbols[sym], first
    if word_at(toks, i - 1) in r.codes and toks[i - 1].text.isupper():
        return toks[i - 1].text.upper(), i - 1
    prefix = r.raw["currency"]["prefix_words"]
    if word_at(toks, i - 1) in prefix:  # AP's "dlrs 30 million", "ecu 5 billion"
        first = i - 2 if word_at(toks, i - 2) in prefix.get("_lead", ()) else i - 1
        return prefix[word_at(toks, i - 1)], first
    return None, i


def _qualifier(toks: list[Token], first: int, r: Rules) -> tuple[str | None, str, int]:
    """The qualifier ending right before token `first`: (words, bound kind, its first index)."""
    for n in range(r.max_qualifier, 0, -1):
        start = first - n
        if start < 0:
            continue
        phrase = " ".join(word_at(toks, k) for k in range(start, first))
        if phrase == "over" and word_at(toks, start - 1) in r.raw["qualifiers"]["over_after"]:
            continue  # "control over three-quarters": a preposition, not "more than"
        if phrase in r.qualifiers:
            return phrase, r.qualifiers[phrase], start
    return None, "exact", first


def _skip(toks: list[Token], core: _Core, r: Rules, prefixed: bool,
          memo: dict[int, bool] | None = None) -> bool:
    """True when the number is a year, date, time, age or label rather than a quantity."""
    i, last = core.first, core.last
    before, after = word_at(toks, i - 1), word_at(toks, last)
    if _labelled(toks, i, r, memo):
        return True
    dotted = i >= 2 and toks[i - 1].low == "." and word_at(toks, i - 2) in r.months
    if before in r.months or dotted:
        return True  # "December 10", "Dec. 5"
    if after in r.months or after in r.skip_after or after == "years" and (
        word_at(toks, last + 1) == "old"
    ):
        return True  # "10 December", "3 p.m.", "45 years old"
    if glued(toks, last - 1) and toks[last].low in _DASHES and glued(toks, last):
        nxt = word_at(toks, last + 1)
        if toks[last + 1].kind == "word" and nxt not in r.scales and nxt not in r.ones:
            return True  # "45-year-old", "193-member", "24-hour"
    if not core.words and not core.scaled and not prefixed and _is_year(toks, core, r):
        return True
    prev = toks[i - 1] if i > 0 else None
    return bool(
        prev is not None and i > 1 and not prefixed and prev.kind == "word"
        and prev.text[:1].isupper() and prev.low not in r.weekdays and toks[i].kind == "num"
        and not prev.text.isupper()
    )  # "Warehouse 7", "Resolution 2254": a name with a number


def _labelled(toks: list[Token], i: int, r: Rules, memo: dict[int, bool] | None = None) -> bool:
    """True after a label word: "No. 2", "#2", "aged 45", "berths 3 and 4", "ages of 30 and 50".

    A list ("berths 3, 4 and 5") is walked back number by number to the word before it, in a
    loop (thousands of listed numbers must not exhaust the recursion limit). `memo` keeps
    each number's answer for the scan of one sentence, so a list is walked once, not once
    per number in it.
    """
    memo = {} if memo is None else memo
    labels = r.skip_before - {"no", "nos"}
    walked: list[int] = []
    found = False
    while True:
        if i in memo:
            found = memo[i]
            break
        walked.append(i)
        j = i - 2 if i >= 2 and toks[i - 1].low == "." else i - 1
        before = word_at(toks, j)
        if (before in ("no", "nos", "#") and toks[j].text[:1] in "N#") or before in labels or (
            before == "of" and word_at(toks, j - 1) in ("age", "ages")
        ):
            found = True
            break
        if not (before in ("and", "or", ",", "&") and j >= 1 and toks[j - 1].kind == "num"):
            break
        i = j - 1  # the number before the list word: labelled if that one is
    for k in walked:
        memo[k] = found
    return found


def _is_year(toks: list[Token], core: _Core, r: Rules) -> bool:
    text = toks[core.first].text
    if not (len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2199):
        return False
    if word_at(toks, core.first - 1) in r.year_before:
        return True
    return word_at(toks, core.last) not in r.count_nouns


def _parse_at(toks: list[Token], i: int, r: Rules,
              memo: dict[int, bool] | None = None) -> tuple[Quantity | None, int]:
    code, cur_first = _currency_before(toks, i, r)
    core = _core(toks, i, r, money=code is not None)
    if core is None:
        return None, i + 1
    minus = code is None and word_at(toks, core.first - 1) in r.raw["measures"]["negative"]
    head = core.first - 1 if minus else min(cur_first, core.first)
    qual, bound, q_first = _qualifier(toks, head, r)
    if minus:
        q_first = min(q_first, head)
        core = _Core(-core.value, core.first, core.last, core.words, core.vague, core.fraction,
                     core.scaled)
    compound = _compound(toks, core, r)
    if compound is not None:
        if compound[0] in r.raw["skip"]["sizes"]:
            return None, compound[1]  # "the 193-member assembly": what a body is, not news
        return _finish(toks, core, r, code, qual, bound, q_first, None, compound[1],
                       unit=compound[0]), compound[1]
    age = _age_label(toks, core, r)
    if age:
        return Quantity(toks[age].start, toks[core.last - 1].end, core.value, core.first,
                        core.last, kind="age", unit="years", words=core.words), core.last
    if _skip(toks, core, r, prefixed=code is not None or qual is not None, memo=memo):
        return None, core.last
    pair = _pair(toks, core, r, code is not None)
    if pair is not None:
        return _paired(toks, core, pair, r, code, qual, bound, q_first)
    return _finish(toks, core, r, code, qual, bound, q_first, upper=None, last=core.last), core.last


def _compound(toks: list[Token], core: _Core, r: Rules) -> tuple[str, int] | None:
    """A hyphenated measure "20-ton", "550-seat", "52-year-old": (its unit words, end index)."""
    last = core.last
    if core.fraction or core.vague:
        return None
    if core.words:
        parts = toks[core.last - 1].low.split("-")
        rest = [p for p in parts if p not in r.ones and p not in r.scales]
        if len(rest) == len(parts) or not rest or parts[-len(rest):] != rest:
            return None
        return "-".join(rest), last
    if not (glued(toks, last - 1) and word_at(toks, last) in _DASHES and glued(toks, last)):
        return None
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if nxt is None or nxt.kind != "word" or nxt.low in r.scales or nxt.low in r.ones:
        return None
    return nxt.low, last + 2


def _age_label(toks: list[Token], core: _Core, r: Rules) -> int | None:
    """The index of "aged"/"age" right before an age ("aged 45", "at age 15"), else None."""
    before = word_at(toks, core.first - 1)
    ok = before in r.raw["ages"]["before"] and not core.words and 0 < core.value < 130
    return core.first - 1 if ok and word_at(toks, core.last) not in ("and", "to", "-") else None


def _pair(toks: list[Token], core: _Core, r: Rules, money: bool) -> tuple[str, _Core] | None:
    """A second number joined to the first: ("between"|"-"|"to"|"or"|"votes to", core)."""
    j = core.last
    link = word_at(toks, j)
    if word_at(toks, core.first - 1) == "between" and link == "and":
        link = "between"
    elif link == "votes" and word_at(toks, j + 1) == "to":
        link, j = "votes to", j + 1
    elif link not in _DASHES + ("to", "or"):
        return None
    if j + 1 >= len(toks) or toks[j + 1].kind == "sym" and toks[j + 1].low not in r.symbols:
        return None
    k = j + 2 if toks[j + 1].low in r.symbols else j + 1
    second = _core(toks, k, r, money) if k < len(toks) else None  # "0-$" ends the sentence
    if second is None:
        return None
    after = word_at(toks, second.last)
    if after in r.skip_after or after in r.months:
        return "skip", second  # "between 3 and 5 p.m.", "10-12 December"
    return link, second


def _is_vote(toks: list[Token], core: _Core, second: _Core, link: str, r: Rules) -> bool:
    if link == "votes to":
        return True
    # "by a vote of 122 to 13", "52-48 in a city vote": the vote word sits within a few words.
    window = range(max(0, core.first - 6), min(len(toks), second.last + 4))
    return link in _DASHES + ("to",) and any(word_at(toks, k) in r.vote_words for k in window)


def _paired(
    toks: list[Token], core: _Core, pair: tuple[str, _Core], r: Rules,
    code: str | None, qual: str | None, bound: str, q_first: int,
) -> tuple[Quantity | None, int]:
    link, second = pair
    if _is_vote(toks, core, second, link, r):
        return _vote(toks, core, second, r)
    if word_at(toks, core.first - 1) == "from" and link == "to":
        return None, second.first  # "rose from 12 to 14": only the new value is a figure
    if link == "skip":
        return None, second.last
    value = core.value
    head = toks[second.first]
    base = float(head.text.replace(",", "")) if head.kind == "num" else 0.0
    if second.scaled and not core.scaled and base:  # "3 to 4 million" (never "3 to 0 million")
        value *= second.value / base
    if link == "between" and qual is None:
        q_first = core.first - 1
    if second.value <= value:
        # "7-2" with no vote word is a score; "12 to 10" is not a range either.
        return (None, second.last) if link in _DASHES else (
            _finish(toks, core, r, code, qual, bound, q_first, None, core.last), core.last)
    core = _Core(value, core.first, core.last, core.words, core.vague, core.fraction, True)
    last = second.last
    return _finish(toks, core, r, code, qual, bound, q_first, second.value, last), last


def _vote(toks: list[Token], core: _Core, second: _Core, r: Rules) -> tuple[Quantity, int]:
    tally, last = [core.value, second.value], second.last
    j = last + (1 if word_at(toks, last) == "," else 0)
    j += 1 if word_at(toks, j) in ("with", "and") else 0
    third = _core(toks, j, r, False) if j < len(toks) else None
    if third is None and word_at(toks, j) == "one":
        third = _Core(1.0, j, j + 1, True)
    if third is not None and word_at(toks, third.last) in r.abstain:
        tally.append(third.value)
        last = third.last + 1
    start = toks[core.first].start
    return Quantity(start, toks[last - 1].end, core.value, core.first, last, kind="vote",
                    unit="votes", tally=tuple(tally), words=core.words), last


def _finish(
    toks: list[Token], core: _Core, r: Rules, code: str | None, qual: str | None,
    bound: str, q_first: int, upper: float | None, last: int, unit: str | None = None,
) -> Quantity | None:
    if unit is not None:  # a hyphenated measure: "52-year-old" is an age
        kind = "age" if unit.endswith("-old") else "measure"
        return Quantity(toks[q_first].start, toks[last - 1].end, core.value, core.first, last,
                        upper, qual, bound, kind, unit, words=core.words)
    kind = "count"
    n = phrase_at(toks, last, r.raw["percent"]["points"]) or phrase_at(
        toks, last, frozenset(r.raw["percent"]["words"]))
    if core.fraction or n:
        kind, unit = "percent", "percent"
        if n and "point" in toks[last + n - 1].low:
            unit = "percentage points"
        last += n
    elif code is None and (n := phrase_at(toks, last, r.currency_words)):
        code = r.currency_words[" ".join(t.low for t in toks[last : last + n])]
        last += n
    if code is not None:
        kind, unit = "money", code
    elif kind == "count" and (n := phrase_at(toks, last, r.measures)):
        kind, unit = "measure", r.measures[" ".join(t.low for t in toks[last : last + n])]
        if unit in ("°F", "°C") and n == 1 and toks[last].text in ("f", "c"):
            kind, unit = "count", None  # a lower-case "f" or "c" is not a scale
        else:
            last += n
    elif kind == "count" and glued(toks, core.last - 1) and toks[core.last].kind == "word":
        unit = toks[core.last].low  # "10km"
        last = max(last, core.last + 1)
    if core.vague:
        qual, bound = core.vague, "vague"
    return Quantity(
        toks[q_first].start, toks[last - 1].end, core.value, core.first, last, upper, qual, bound,
        kind, unit, words=core.words,
    )
