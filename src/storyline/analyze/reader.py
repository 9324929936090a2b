"""One article as quote attribution reads it: masked text, sentences, paragraphs and names.

Quoted words are masked, so a frame never reads inside another quote. Sentence bounds come
from the segmenter, mended where it cut after a courtesy title or a rank ("Ms." | "Kinzo
said."). Each name mention carries its story entity, with the person facts of `people`.
Word lists: data/attribution_en.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_toml
from .entities import EntityIndex, fold, lexicon
from .people import People

_TOKEN = re.compile(r"\w[\w'’\-]*(?:\.\w[\w'’\-]*)*\.?(?:['’]s\b)?|#+|[^\w\s]")
_PARA = re.compile(r"[^\n]+")
MARK = re.compile(r"[\"“”]")
MASK = "#"  # quoted words are masked with it, so frames never read inside another quote


@dataclass(frozen=True, slots=True)
class Rules:
    """The attribution word lists (data/attribution_en.toml), as sets."""

    verbs: frozenset[str]
    participles: frozenset[str]
    clause_verbs: frozenset[str]
    passive: frozenset[str]
    not_speech_after: frozenset[str]
    quoted: frozenset[str]
    quoted_as: frozenset[str]
    object_verbs: frozenset[str]
    sources: tuple[tuple[str, ...], ...]
    person_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    female_pronouns: frozenset[str]
    other_pronouns: frozenset[str]
    adverbs: frozenset[str]
    prepositions: frozenset[str]
    determiners: frozenset[str]
    relatives: frozenset[str]
    person_nouns: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Load the English attribution rules."""
    data = load_toml("attribution_en.toml")
    roles = {t.lower() for t in data["titles"] if " " not in t and not t.endswith(".")}
    sets = {key: frozenset(data[key]) for key in (
        "verbs", "participles", "clause_verbs", "passive", "not_speech_after", "quoted",
        "quoted_as", "object_verbs", "person_pronouns", "object_pronouns", "female_pronouns",
        "other_pronouns", "adverbs", "prepositions", "determiners", "relatives")}
    sets["verbs"] = sets["verbs"] | sets["clause_verbs"]
    return Rules(**sets, sources=tuple(tuple(s.split()) for s in data["sources"]),
                 person_nouns=frozenset(data["person_nouns"]) | roles)


@dataclass(frozen=True, slots=True)
class Span:
    """One pair of quotation marks: the marks' offsets and the quoted words' span."""

    open: int  # offset of the opening mark (the paragraph start for an orphan closing mark)
    close: int  # offset of the closing mark (the paragraph end when never closed)
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to: a story entity's name, a description, or nobody."""

    name: str | None
    named: bool  # True when `name` is an entity of the story, not a description
    entity: int = -1  # its entity in the story's index, when known


@dataclass(frozen=True, slots=True)
class Tok:
    """One token of the masked text."""

    start: int
    end: int
    word: str  # as written, a sentence-final period removed

    @property
    def low(self) -> str:
        """The word in lower case."""
        return self.word.lower()


class Reader:
    """One article being read: masked text, sentence bounds and its entity mentions."""

    def __init__(self, n: int, text: str, bounds: Sequence[tuple[int, int]],
                 spans: Sequence[Span], idx: EntityIndex, mentions: Sequence[int],
                 people: People) -> None:
        self.n, self.text, self.idx, self.people = n, text, idx, people
        chars = list(text)
        for s in spans:
            chars[s.start:s.end] = MASK * (s.end - s.start)
        self.masked = "".join(chars)
        self.rules = rules()
        lex = lexicon()
        self.abbreviations = lex.abbreviations  # "Dr." keeps its period: no sentence ends
        self.bounds = _mend(text, sorted(bounds), frozenset(fold(w) for w in lex.honorifics) | {
            w for t in lex.titles for w in t if w.endswith(".")})
        self.starts = [b[0] for b in self.bounds]
        self.paragraphs = [(m.start(), m.end()) for m in _PARA.finditer(text)]
        self.mentions = [idx.mentions[i] for i in mentions]
        self.mention_starts = [m.start for m in self.mentions]
        self.owners = [idx.owner[i] for i in mentions]
        self.names = [idx.entities[k] for k in self.owners]
        self.roles = [idx.roles[k] for k in self.owners]
        self.recent: list[tuple[int, Speaker]] = []  # (quote start, speaker) read so far
        titles = frozenset(lex.titles)
        self.bare_titles = {k for k, e in enumerate(self.names)
                            if tuple(fold(e.name).split()) in titles}

    def tokens(self, lo: int, hi: int) -> list[Tok]:
        """Return the tokens of the masked text in [lo, hi)."""
        out = []
        for m in _TOKEN.finditer(self.masked, lo, hi):
            word = m.group()
            if (word.endswith(".") and "." not in word[:-1] and len(word) > 2
                    and word not in self.abbreviations):
                # A sentence-final period: keep it as its own token, a clause boundary.
                out.append(Tok(m.start(), m.end() - 1, word[:-1]))
                out.append(Tok(m.end() - 1, m.end(), "."))
            else:
                out.append(Tok(m.start(), m.end(), word))
        return out

    def sentence_index(self, pos: int) -> int:
        """Return the number of the sentence holding `pos`, or -1."""
        k = bisect_right(self.starts, pos) - 1
        return k if k >= 0 and pos < self.bounds[k][1] + 1 else -1

    def sentence(self, pos: int) -> tuple[int, int]:
        """Return the bounds of the sentence holding `pos` (the position itself if none)."""
        k = self.sentence_index(pos)
        return self.bounds[k] if k >= 0 else (pos, pos)

    def paragraph(self, pos: int) -> tuple[int, int]:
        """Return the bounds of the paragraph holding `pos`."""
        k = bisect_right([p[0] for p in self.paragraphs], pos) - 1
        return self.paragraphs[k] if k >= 0 else (pos, pos)

    def between(self, lo: int, hi: int) -> range:
        """Return the numbers of the mentions starting in [lo, hi)."""
        return range(bisect_left(self.mention_starts, lo), bisect_left(self.mention_starts, hi))

    def is_person(self, k: int) -> bool:
        """Is mention k a person of the story (not a bare title such as "High Commissioner")?"""
        return self.people.named_person[self.owners[k]] and k not in self.bare_titles

    def gender(self, k: int) -> str:
        """Return "f", "m" or "" for mention k's entity."""
        return self.people.gender[self.owners[k]]

    def possessive(self, k: int) -> bool:
        """Is mention k written as a possessive ("Zughayar's father")?"""
        return self.masked[self.mentions[k].end:self.mentions[k].end + 1] in ("'", "’")

    def is_subject(self, k: int) -> bool:
        """Could mention k be a clause's subject (not a possessive, not after a preposition)?"""
        m, r = self.mentions[k], self.rules
        if self.possessive(k) or self.masked[m.start] == MASK:
            return False
        title = m.role.split()  # "Secretary of State John Kerry": "of" is part of the title
        lo = max(self.sentence(m.start)[0], m.start - 80)
        for tok in reversed(self.tokens(lo, m.start)):
            low = tok.low
            if not tok.word[0].isalnum():
                return True  # punctuation: the name opens its clause
            if fold(low) in title:
                continue
            if low in r.prepositions or low in r.object_verbs:
                return False
            if not (tok.word[0].isupper() or low in r.person_nouns or low in r.determiners):
                return True
        return True

    def name(self, k: int) -> Speaker:
        """Return mention k's entity as a speaker, by its display name."""
        own = self._local_owner(k)
        return Speaker(self.people.display[own], True, own)

    def masked_at(self, k: int) -> bool:
        """Is mention k inside a quote?"""
        return self.masked[self.mentions[k].start] == MASK

    def hear(self, pos: int, speaker: Speaker) -> None:
        """Remember that the quote at `pos` was given to `speaker`."""
        if speaker.entity >= 0:
            self.recent.append((pos, speaker))

    def heard(self, lo: int, hi: int, want: str) -> Speaker | None:
        """The last speaker of a quote in [lo, hi) whose gender is not the other one."""
        for pos, speaker in reversed(self.recent):
            if lo <= pos < hi and self.people.gender[speaker.entity] in ("", want):
                return speaker
        return None

    def _local_owner(self, k: int) -> int:
        """The entity a short form stands for here: a person just introduced in full with it.

        "da Silva said" after "Gilberto Manuel da Silva, 40, ..." is Gilberto, even when the
        story's most frequent da Silva is someone else: the last full name ending with the
        short form, when it opened its sentence as its subject."""
        m, own = self.mentions[k], self.owners[k]
        short = fold(m.text).split()
        if len(short) >= len(fold(self.names[k].name).split()):
            return own
        for j in range(k - 1, -1, -1):
            full = fold(self.mentions[j].text).split()
            if len(full) > len(short) and full[-len(short):] == short:
                if self.owners[j] == own or not self._opens(j):
                    return own
                return self.owners[j]
        return own

    def _opens(self, j: int) -> bool:
        """Is mention j the first name of its sentence, as its subject?"""
        lo = self.sentence(self.mentions[j].start)[0]
        return self.between(lo, self.mentions[j].start + 1)[0] == j and self.is_subject(j)

    def ending_at(self, end: int) -> int | None:
        """Return the mention that ends at `end`, if any."""
        for k in self.between(end - 200, end):
            if self.mentions[k].end == end:
                return k
        return None

    def starting_at(self, start: int) -> int | None:
        """Return the mention that starts at `start`, if any."""
        k = bisect_left(self.mention_starts, start)
        return k if k < len(self.mentions) and self.mention_starts[k] == start else None


def _mend(text: str, bounds: list[tuple[int, int]], dotted: frozenset[str]
          ) -> list[tuple[int, int]]:
    """Join a sentence cut right after a courtesy title or rank to the next one."""
    out: list[tuple[int, int]] = []
    for lo, hi in bounds:
        if out and _ends_with(text, out[-1], dotted) and "\n" not in text[out[-1][1]:lo]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _ends_with(text: str, bound: tuple[int, int], dotted: frozenset[str]) -> bool:
    words = text[bound[0]:bound[1]].split()
    return bool(words) and fold(words[-1]) in dotted
