"""What a figure counts: one report of a quantity, and the word lists that say what it is.

A report (`Report`) is one number in one sentence with what it counts (the head noun, folded
so "dead", "deaths" and "killed" meet: data/numbers_en.toml `lemmas` and `implied`), the
event, where, whose (an age's person), the words around it, and when. figures.py reads
reports from sentences; figure_groups.py groups them across sources into one quantity each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import FigureMention
from ..text.features import stem, stopwords
from .dates import When
from .numbers import Quantity, rules


@dataclass(frozen=True, slots=True)
class Report:
    """One quantity in one sentence, with what it counts and its context."""

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
    pub: date | None = None  # the article's publication day
    subject: str | None = None  # whose age, folded ("slepian"); None when not an age
    context: frozenset[str] = frozenset()  # content-word stems around the number
    part: bool = False  # "four of 13 bills": a part of a whole, not the whole
    running: bool = False  # dated as a count so far ("by Friday"): it may move, as an update
    earlier: bool = False  # said to be an earlier report ("police earlier reported 65 dead")


@dataclass(frozen=True)
class Lists:
    """The word lists of data/numbers_en.toml that figures use, indexed."""

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
    tolls: dict[str, str]  # "death toll" -> its event
    context_stop: frozenset[str]
    superseded: frozenset[str]
    prospective: frozenset[str]


@lru_cache(maxsize=1)
def lists() -> Lists:
    """Load the figure word lists once."""
    raw = rules().raw
    verbs = {form: name for name, forms in raw["verbs"].items() for form in forms}
    single = {f for f in verbs if " " not in f}
    attribution = frozenset(raw["dates"]["attribution"])
    return Lists(
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
        tolls=dict(raw["tolls"]["words"]),
        context_stop=frozenset(raw["context"]["stop"]) | stopwords() | attribution,
        superseded=frozenset(raw["superseded"]["words"]),
        prospective=frozenset(raw["verbs_negation"]["prospective"]),
    )


def lemma(word: str) -> str:
    """A counted word folded for grouping: "people" -> "person", "deaths" -> "death"."""
    return lists().lemmas.get(word, stem(word))


def shares_context(a: Report, b: Report, need: int) -> bool:
    """True when the words around two reports share at least `need` stems."""
    return len(a.context & b.context) >= need
