"""Find date expressions in a sentence and resolve them against a publication date.

News convention, not calendar arithmetic: a bare weekday is the most recent such day on or
before publication (the publication weekday itself is the publication day), unless the
sentence looks forward ("will meet on Saturday"), when it is the next such day on or after.
Rules and words come from data/dates_en.toml. dateparser is not used: it sends the
publication weekday a week back and reads "the 1990s" as "1990 seconds ago".
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .datewords import DATA, Mention, find_clock, find_mentions, rules
from .tense import bound_tense, clause_bounds, tense_at, tense_markers

__all__ = [
    "DATA", "MAX_DAYS_AHEAD", "PRECISIONS", "Mention", "When", "add_days", "clause_bounds",
    "dated_mentions", "find_clock", "find_mentions", "parse_date", "parse_when", "resolve",
    "rules", "tense_at", "tense_markers",
]

# A year-less date ("December 10") may sit this many days after publication and keep the
# publication year ("meet on December 10", written on the 8th); further ahead, it is last
# year's. Chosen by hand: a week covers every forward reference in the seeds.
MAX_DAYS_AHEAD = 7
PRECISIONS = ("day", "month", "year", "range", "decade")


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
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return f"{self.start.year}/{self.end.year}"  # whole years: "1995/1996"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"



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
    if m.bound and tense == "future" and m.direction is None:
        direction = "later"  # "by Monday", written on a Monday: a week ahead, not today
    back = (pub.weekday() - (m.weekday or 0)) % 7
    ahead = (m.weekday or 0) - pub.weekday()
    # "last Thursday" written on a Friday is a week back: the day before would be "Thursday"
    # or "yesterday"; "next Saturday" written on a Friday is likewise a week ahead.
    shift = {"before": -(back if back >= 2 else back + 7), "on_or_before": -back,
             "after": ahead % 7 if ahead % 7 >= 2 else ahead % 7 + 7,
             "later": ahead % 7 or 7}.get(direction, ahead % 7)
    day = add_days(pub, shift)
    return When(day, day, "day")


def _year_less_month(month: int, direction: str, pub: date) -> When:
    this, here = date(pub.year, month, 1), date(pub.year, pub.month, 1)
    if (this > here or this == here and direction == "before") and "before" in direction:
        this = _month_start(pub.year - 1, month)
    elif direction == "after" or this < here and "after" in direction:
        # "next November", written in October, is next year's: this year's would be "this
        # November" or "in November".
        this = _month_start(pub.year + 1, month)
    return _month_span(this)


def _year_less_day(month: int | None, day: int | None, pub: date, tense: str) -> date | None:
    found = _safe_date(pub.year, month, day)
    if found is None:
        return None
    # News style gives the year of any date outside the current one: a year-less date ahead
    # of publication is this year's unless the clause says it is past ("was rented on
    # June 30", written June 14, is last year's; "the Nov. 3 elections" are this year's).
    if tense == "future" and found < add_days(pub, -MAX_DAYS_AHEAD):
        return _safe_date(pub.year + 1, month, day)
    if tense == "past" and found > add_days(pub, MAX_DAYS_AHEAD):
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
    # "N days ago", "a week ago": that day, by news convention (the toll "since a cold wave
    # hit a week ago" dates the wave to the day)
    day = add_days(pub, -days)
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
        if m.unit == "year" and pub is not None:  # "September last year"
            return _month_span(_month_start(pub.year + m.amount, mo))
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
            if len(first) == len(last) == 4:
                return When(date(int(first), 1, 1), date(int(last), 12, 31), "range")
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



def dated_mentions(
    text: str, published: date | None, tense: Callable[[str, int, int], str] = tense_at
) -> list[tuple[Mention, When]]:
    """Return each mention in `text` that resolves, with its resolved date, in text order."""
    out = []
    for mention in find_mentions(text):
        how = "past" if mention.absolute else tense(text, mention.start, mention.end)
        if mention.bound:  # "until Friday", "by Monday": a deadline, ahead unless past
            how = bound_tense(text, mention.start, mention.end)
        when = resolve(mention, published, how)
        if when is not None:
            out.append((mention, when))
    return out
