"""People of a story, as quote attribution needs them: a gender per entity and a display name.

Gender evidence, summed over every mention of an entity in the story: a courtesy or role word
written right before the name or among its role words ("Ms. Kinzo", "a spokeswoman"), a first
name on the gendered lists, and the pronouns of the sentences the person opens ("Nancy Ortiz,
31, said she ..."). An entity gets a gender only when the evidence clearly leans one way; "she
said" is then never given to a man. Word lists: data/attribution_en.toml.

The display name of a person is how the sources name them: the full form (two or more words)
written in the most articles, then most often, not the longest form (a typo or a run that
swallowed a title must not win by length).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_toml
from ..text.features import StoryFeatures, stopwords
from .entities import EntityIndex, fold, lexicon

_WORD = re.compile(r"[\w'’.]+")
_MARK = re.compile(r"[\"“”]")
# A name followed by an age or an indefinite description is a person ("X, 40, said"; "X, a
# political consultant, said").
_APPOSITION = re.compile(r",\s+(?:\d{1,3},|an?\s+[a-z])")
# Evidence weights: a courtesy or role word is near proof (3), a first name on the lists is
# strong (2), each pronoun in a sentence the person opens is a hint (1). An entity needs a
# lead of GENDER_MARGIN. Chosen by hand on tests/test_speakers.py; re-run it and
# bench/analysis.py (speakers) after changing them.
WORD_WEIGHT, NAME_WEIGHT, PRONOUN_WEIGHT = 3.0, 2.0, 1.0
GENDER_MARGIN = 2.0
# How many characters before a name are read for a courtesy word ("Mrs. ").
BEFORE_CHARS = 12


@dataclass(frozen=True, slots=True)
class GenderWords:
    """The gender word lists, folded."""

    female: frozenset[str]
    male: frozenset[str]
    female_names: frozenset[str]
    male_names: frozenset[str]
    female_pronouns: frozenset[str]
    male_pronouns: frozenset[str]


@lru_cache(maxsize=1)
def gender_words() -> GenderWords:
    """Load the gender word lists of data/attribution_en.toml."""
    data = load_toml("attribution_en.toml")
    return GenderWords(
        female=frozenset(fold(w) for w in data["female_words"]),
        male=frozenset(fold(w) for w in data["male_words"]),
        female_names=frozenset(fold(w) for w in data["female_first_names"]),
        male_names=frozenset(fold(w) for w in data["male_first_names"]),
        female_pronouns=frozenset(data["female_subject_pronouns"]),
        male_pronouns=frozenset(data["male_subject_pronouns"]),
    )


@dataclass(frozen=True, slots=True)
class People:
    """Per entity of an EntityIndex: "f", "m" or "" (unknown), and the name to display."""

    gender: tuple[str, ...]
    display: tuple[str, ...]
    named_person: tuple[bool, ...]  # a person by type, or a gendered / first-named "other"


def people(story: StoryFeatures, idx: EntityIndex) -> People:
    """Return the gender and display name of every entity of the index."""
    score = [0.0] * len(idx.entities)
    words = gender_words()
    for n, m in enumerate(idx.mentions):
        text = story.articles[m.doc].text
        score[idx.owner[n]] += _mention_evidence(text, m.start, m.text, m.role, words)
    for k, doc, lo, hi in _openers(story, idx):
        score[k] += _pronoun_evidence(story.articles[doc].text, lo, hi, words)
    gender = tuple("f" if s <= -GENDER_MARGIN else "m" if s >= GENDER_MARGIN else ""
                   for s in score)
    first = lexicon().first_names | words.female_names | words.male_names
    described = {idx.owner[n] for n, m in enumerate(idx.mentions)
                 if _APPOSITION.match(story.articles[m.doc].text, m.end)}
    named = tuple(e.type == "person" or (e.type == "other" and (
        bool(g) or k in described and len(e.name.split()) > 1
        or fold(e.name.split()[0]) in first))
        for k, (e, g) in enumerate(zip(idx.entities, gender, strict=True)))
    return People(gender, _displays(idx), named)


def _mention_evidence(text: str, start: int, name: str, role: str, words: GenderWords) -> float:
    """Positive for a man, negative for a woman: the words before and around one mention."""
    before = [fold(w) for w in _WORD.findall(text[max(0, start - BEFORE_CHARS):start])]
    cues = set(before[-1:]) | set(role.split())
    value = WORD_WEIGHT * (len(cues & words.male) - len(cues & words.female))
    first = fold(name.split()[0])
    value += NAME_WEIGHT * ((first in words.male_names) - (first in words.female_names))
    return value


def _openers(story: StoryFeatures, idx: EntityIndex) -> list[tuple[int, int, int, int]]:
    """(entity, doc, name end, sentence end) for each sentence whose first name is a person's."""
    out = []
    bounds = sorted((d, s.start, s.end) for s, d in zip(story.sents, story.doc_index,
                                                        strict=True))
    n = 0
    for doc, lo, hi in bounds:
        while n < len(idx.mentions) and (idx.mentions[n].doc, idx.mentions[n].start) < (doc, lo):
            n += 1
        if n < len(idx.mentions) and idx.mentions[n].doc == doc and idx.mentions[n].start < hi:
            k = idx.owner[n]
            if idx.entities[k].type in ("person", "other"):
                out.append((k, doc, idx.mentions[n].end, hi))
    return out


def _pronoun_evidence(text: str, lo: int, hi: int, words: GenderWords) -> float:
    """Positive for a man, negative for a woman: the pronouns after a name, up to any quote."""
    mark = _MARK.search(text, lo, hi)
    found = [w.lower() for w in _WORD.findall(text[lo:mark.start() if mark else hi])]
    male = sum(w in words.male_pronouns for w in found)
    female = sum(w in words.female_pronouns for w in found)
    return PRONOUN_WEIGHT * (male - female)


def _displays(idx: EntityIndex) -> tuple[str, ...]:
    """The display name of each entity: its most widely written full form (see the module)."""
    forms: list[Counter[str]] = [Counter() for _ in idx.entities]
    docs: list[dict[str, set[int]]] = [{} for _ in idx.entities]
    stop = stopwords()
    for n, m in enumerate(idx.mentions):
        k = idx.owner[n]
        words = fold(m.text).split()
        # A full form: two or more words, not opened by a capitalised function word
        # ("Although Yilmaz") and not a doubled word ("Arafat Arafat").
        if len(words) > 1 and words[0] not in stop and len(set(words)) == len(words):
            forms[k][m.text] += 1
            docs[k].setdefault(m.text, set()).add(m.doc)
    out = []
    for k, e in enumerate(idx.entities):
        if e.type not in ("person", "other") or not forms[k]:
            out.append(e.name)
            continue
        seen, count, name = docs[k], forms[k], e.name
        out.append(min(count, key=lambda w: (-len(seen[w]), -count[w], w != name, w)))
    return tuple(out)
