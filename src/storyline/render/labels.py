"""Labels shared by every renderer: how a value, a vote tally, a figure's headline and an
event's date are written for a reader. Analysis stages return data; this is where it becomes
words, so Markdown and HTML say the same thing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..analyze.dates import rules as date_rules
from ..analyze.numbers import rules as number_rules
from ..analyze.numbers import scan
from ..model import Citation, Event, Figure, FigureMention


def per_source(numbers: dict[str, int], citations: Iterable[Citation]) -> list[Citation]:
    """One citation per cited source (its first span), in source-number order: the markers
    every renderer shows. Citations of articles not in the brief are dropped."""
    first: dict[int, Citation] = {}
    for cite in sorted(citations, key=lambda c: (numbers.get(c.article, 0), c.start, c.end)):
        n = numbers.get(cite.article)
        if n is not None and n not in first:
            first[n] = cite
    return [first[n] for n in sorted(first)]


def number(value: float) -> str:
    """A value as a reader writes it: "4.5 million", "1,200", "0.75"."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size and round(value / size, 2) * size == value:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(value: float, unit: str | None) -> str:
    """A value with its unit: "75%", "USD 4.5 million"."""
    if unit == "percent":
        return number(value) + "%"
    if unit == "percentage points":
        return number(value) + " percentage points"
    if unit and unit.isupper() and len(unit) == 3:
        return f"{unit} {number(value)}"
    return number(value)


def is_vague(m: FigureMention) -> bool:
    """Whether a report is words, not a number ("hundreds", "several")."""
    words = (m.qualifier or "").split()
    vague = number_rules().vague
    return bool(words) and (words[-1] in vague or words[0] in ("several", "a", "few"))


def shown(m: FigureMention, mixed: bool = False) -> str:
    """One report's value as written for a reader: "at least 12", "USD 4.5 million", "75%"."""
    if m.unit == "votes":
        return m.text
    if is_vague(m):  # "hundreds" stays words: it is not the number 100
        text = m.qualifier or ""
        return f"{text} of {m.unit}" if mixed and m.unit and m.unit.islower() else text
    value = amount(m.value, m.unit)
    if m.upper is not None:
        value = f"{value}–{amount(m.upper, m.unit)}"
    text = f"{m.qualifier} {value}" if m.qualifier else value
    return f"{text} {m.unit}" if mixed and m.unit and m.unit.islower() else text


def tally_text(m: FigureMention) -> str:
    """A vote as "122 for, 13 against, 36 abstentions" (read again from the mention's text)."""
    votes = [q for q in scan("votes " + m.text)[1] if q.kind == "vote"]  # the text lacks "vote"
    if not votes:
        return m.text
    names = ("for", "against", "abstentions" if votes[0].tally[2:] != (1.0,) else "abstention")
    return ", ".join(f"{number(v)} {n}" for v, n in zip(votes[0].tally, names, strict=False))


def headline_text(fig: Figure) -> str:
    """The headline cell: a number, a vote tally, or the words of a vague report."""
    if not fig.mentions:
        return ""
    if fig.mentions[0].unit == "votes":
        return tally_text(fig.mentions[0])
    if fig.headline is None:
        return next((m.qualifier or "" for m in fig.mentions if is_vague(m)), "")
    lead = next((m for m in fig.mentions if m.value == fig.headline and not is_vague(m)), None)
    return shown(lead) if lead else amount(fig.headline, fig.mentions[0].unit)


# How each figure status reads, in every format.
STATUS_TEXT = {"conflict": "sources disagree", "update": "count moved", "agree": "sources agree",
               "single": "one source"}


def status_text(fig: Figure) -> str:
    """The status cell: "sources disagree", "count moved", "sources agree", "one source"."""
    return STATUS_TEXT.get(fig.status, STATUS_TEXT["single"])


def trend_text(fig: Figure, published: dict[str, str | None]) -> str:
    """An update's values in time order with their dates: "14 (10-30) → 40 (10-31), rising".

    `published` maps an article id to its publication date; a mention's own date wins."""
    if fig.status != "update":
        return ""
    seen: list[tuple[str, float, str]] = []
    for m in fig.mentions:
        day = (m.when or published.get(m.article) or "")[:10]
        if (day, m.value) not in {(d, v) for d, v, _ in seen}:
            seen.append((day, m.value, shown(m)))
    seen.sort(key=lambda x: x[0])
    steps = " → ".join(f"{text} ({day})" if day else text for day, _, text in seen)
    first, last = seen[0][1], seen[-1][1]
    way = "rising" if last > first else "falling" if last < first else "back to where it was"
    return f"{steps}, {way}"


def date_label(event: Event) -> str:
    """Return a readable heading for an event's date ("2016-12-08 (Thursday)", "March 2016")."""
    r = date_rules()
    if event.date is None:
        return "Undated"
    if event.precision == "day":
        day = date.fromisoformat(event.date)
        names = {v: k for k, v in r["weekdays"].items()}
        return f"{event.date} ({names[day.weekday()].capitalize()})"
    if event.precision == "month":
        months = {int(v): k for k, v in sorted(r["months"].items(), key=lambda kv: len(kv[0]))}
        return f"{months[int(event.date[5:7])].capitalize()} {event.date[:4]}"
    if event.precision == "range":
        return event.date.replace("/", " to ")
    return event.date

