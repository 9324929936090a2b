"""Tense and scheduling cues: whether a date in a sentence looks back or forward.

News reports the past by default; tense markers and scheduling cues from
data/dates_en.toml send a weekday or a month-day forward. The nearest marker wins.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from .datewords import rules

# Clause ends: punctuation, and a conjunction opening a second verb phrase ("broke out on
# Tuesday and was declared extinguished on Wednesday").
_CLAUSE_END = re.compile(
    r"[,;:()\"“”—–]|\s[-_]\s|\s(?:and|but|while)\s+(?=(?:was|were|is|are|has|have|had|will|would)\b)"
)
# A past form this many words after a future marker belongs to its verb ("will stay shut",
# "were to have begun", "will be held"). Chosen on the fictional tests and the gold's half A.
FUTURE_REACH = 3
_PRESENT_AUX = frozenset({"is", "are", "am", "'re", "'s"})
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|'[a-z]+")


@lru_cache(maxsize=1)
def same_length_lower(text: str) -> str:
    """`text.lower()` with every offset kept: a character whose lower case is longer ("İ" is
    "i" and a combining dot) stays as it is, so markers found here index the original text."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


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


@lru_cache(maxsize=1)
def _past_perfect() -> frozenset[str]:
    return frozenset(rules()["tense"]["past_perfect"])


@lru_cache(maxsize=8192)
def tense_markers(text: str) -> tuple[tuple[int, int, str], ...]:
    """Return (start, end, kind) for each tense marker: future, past, present or report."""
    future, past, passive, reporting = _tense_words()
    lowered = same_length_lower(text).replace("’", "'")
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
    out: list[tuple[int, int, str]] = []
    openers = _future_openers()
    for n, (start, end, word) in enumerate(words):
        # Only a word opening a future phrase is tried against them (most words are not).
        for size in (3, 2, 1) if word in openers else ():
            phrase = tuple(w for _, _, w in words[n : n + size])
            if len(phrase) == size and phrase in future:
                # "had been scheduled to see him Saturday": a plan that was, not one to come
                perfect = any(w in _past_perfect() for _, _, w in words[max(0, n - 2) : n])
                out.append((start, words[n + size - 1][1], "past" if perfect else "future"))
                break
        else:
            if word.endswith("'ll"):
                out.append((start, end, "future"))
            elif word in reporting:
                out.append((start, end, "report"))
            elif word in past or (word.endswith("ed")  # the cheap test of _regular_past first
                                  and _regular_past(lowered, text, words, n, passive)):
                infinitive = n > 0 and words[n - 1][2] == "to"  # "a chance to have its say"
                if not infinitive and not _in_future_phrase(out, words, n):
                    out.append((start, end, "past"))
            elif word.endswith("ing") and n and words[n - 1][2] in _PRESENT_AUX:
                out.append((start, end, "present"))  # "are meeting": now or soon
    return tuple(out)


def _in_future_phrase(found: list[tuple[int, int, str]], words: list[tuple[int, int, str]],
                      n: int) -> bool:
    """True for a past form inside a future verb ("will stay shut", "were to have begun")."""
    if not found or found[-1][2] != "future" or n < 1:
        return False
    reach = words[max(0, n - FUTURE_REACH)][0]
    return found[-1][1] >= reach


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


@lru_cache(maxsize=256)
def _clause_marks(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where the text's clause breaks start and end (found once per text, not per date)."""
    found = list(_CLAUSE_END.finditer(text))
    return tuple(m.start() for m in found), tuple(m.end() for m in found)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the clause (between commas, colons, quotes...) holding start:end."""
    starts, ends = _clause_marks(text)
    before = bisect_right(ends, start)  # the last break that ends at or before the span
    after = bisect_left(starts, end)  # the first break that starts at or after its end
    return ends[before - 1] if before else 0, starts[after] if after < len(starts) else len(text)


def clause_tense(text: str, start: int, end: int) -> str | None:
    """Return the nearest tense marker's kind inside the date's own clause (None: no marker)."""
    lo, hi = clause_bounds(text, start, end)
    clause = [m for m in tense_markers(text) if m[0] >= lo and m[1] <= hi and m[2] != "report"]
    if not clause:
        return None
    return min(clause, key=lambda m: (min(abs(m[0] - end), abs(start - m[1])), m[0]))[2]


def bound_tense(text: str, start: int, end: int) -> str:
    """Return the tense of a bound ("until Friday", "by Monday"): future unless its clause,
    or failing that the sentence without its attribution ("..., officials said"), is past."""
    own = clause_tense(text, start, end)
    if own is not None:
        return "past" if own == "past" else "future"
    tags = frozenset(rules()["tense"]["attribution"])
    lowered = same_length_lower(text)
    rest = [m for m in tense_markers(text) if m[2] != "report" and lowered[m[0] : m[1]] not in tags]
    if not rest:
        return "future"
    nearest = min(rest, key=lambda m: (min(abs(m[0] - end), abs(start - m[1])), m[0]))
    return "past" if nearest[2] == "past" else "future"


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

