"""Speakers of quotes: who a quotation is attributed to, read from the words around it.

The frame of a quote is its sentence with every quotation masked out, so a frame never reads
words inside another quote. A speaker comes, in this order, from "..., X said" right after the
quote (or "said X"), a reporting verb earlier in the same sentence ("X told reporters that"),
then "according to X". A "he" or "she" stands for the most recent person named as a subject
before it in the same article: names after a preposition ("opposed to President Assad") or
an object verb ("told Al-Mayadeen"), possessives and bare titles ("High Commissioner") never
count. A definite description ("the mayor said") is the person of the article, else the one
person of the story, with that role; otherwise, and always for an indefinite one ("a dock
worker said": someone new), it stays as written and is not a name. Names are the fullest form
the entity index knows ("Kerry" -> "John Kerry"). Word lists: data/attribution_en.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_toml
from ..text.features import stopwords
from .entities import EntityIndex, fold, lexicon

_TOKEN = re.compile(r"\w[\w'’\-]*(?:\.\w[\w'’\-]*)*\.?(?:['’]s\b)?|#+|[^\w\s]")
MARK = re.compile(r"[\"“”]")
_MASK = "#"  # quoted words are masked with it, so frames never read inside another quote
# How far a frame is read for a speaker, in tokens (a name, a title and an appositive fit).
SUBJECT_TOKENS = 14
DESCRIPTION_TOKENS = 8


@dataclass(frozen=True, slots=True)
class Rules:
    """The attribution word lists (data/attribution_en.toml), as sets."""

    verbs: frozenset[str]
    object_verbs: frozenset[str]
    sources: tuple[tuple[str, ...], ...]
    person_pronouns: frozenset[str]
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
    return Rules(
        verbs=frozenset(data["verbs"]), object_verbs=frozenset(data["object_verbs"]),
        sources=tuple(tuple(s.split()) for s in data["sources"]),
        person_pronouns=frozenset(data["person_pronouns"]),
        other_pronouns=frozenset(data["other_pronouns"]),
        adverbs=frozenset(data["adverbs"]), prepositions=frozenset(data["prepositions"]),
        determiners=frozenset(data["determiners"]), relatives=frozenset(data["relatives"]),
        person_nouns=frozenset(data["person_nouns"]) | roles,
    )


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


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    word: str  # as written, a sentence-final period removed

    @property
    def low(self) -> str:
        return self.word.lower()


class Reader:
    """One article being read: masked text, sentence bounds and its entity mentions."""

    def __init__(self, n: int, text: str, bounds: Sequence[tuple[int, int]],
                 spans: Sequence[Span], idx: EntityIndex, mentions: Sequence[int]) -> None:
        self.n, self.text, self.idx = n, text, idx
        chars = list(text)
        for s in spans:
            chars[s.start:s.end] = _MASK * (s.end - s.start)
        self.masked = "".join(chars)
        self.bounds = list(bounds)
        self.starts = [b[0] for b in bounds]
        self.mentions = [idx.mentions[i] for i in mentions]
        self.names = [idx.entities[idx.owner[i]] for i in mentions]
        self.roles = [idx.roles[idx.owner[i]] for i in mentions]
        self.rules = rules()
        lex = lexicon()
        self.abbreviations = lex.abbreviations  # "Dr." keeps its period: no sentence ends
        titles = frozenset(lex.titles)
        self.bare_titles = {k for k, e in enumerate(self.names)
                            if tuple(fold(e.name).split()) in titles}

    def tokens(self, lo: int, hi: int) -> list[_Tok]:
        """Return the tokens of the masked text in [lo, hi)."""
        out = []
        for m in _TOKEN.finditer(self.masked, lo, hi):
            word = m.group()
            if (word.endswith(".") and "." not in word[:-1] and len(word) > 2
                    and word not in self.abbreviations):
                # A sentence-final period: keep it as its own token, a clause boundary.
                out.append(_Tok(m.start(), m.end() - 1, word[:-1]))
                out.append(_Tok(m.end() - 1, m.end(), "."))
            else:
                out.append(_Tok(m.start(), m.end(), word))
        return out

    def sentence(self, pos: int) -> tuple[int, int]:
        """Return the bounds of the sentence holding `pos` (the position itself if none)."""
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and pos < self.bounds[k][1] + 1:
            return self.bounds[k]
        return pos, pos

    def is_person(self, k: int) -> bool:
        """Is mention k a person of the story (not a bare title such as "High Commissioner")?"""
        return self.names[k].type == "person" and k not in self.bare_titles

    def is_subject(self, k: int) -> bool:
        """Could mention k be a clause's subject (not a possessive, not after a preposition)?"""
        m, r = self.mentions[k], self.rules
        if self.masked[m.end:m.end + 1] in ("'", "’") or self.masked[m.start] == _MASK:
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
        """Return mention k's entity as a speaker."""
        return Speaker(self.names[k].name, True)

    def ending_at(self, end: int) -> int | None:
        """Return the mention that ends at `end`, if any."""
        for k, m in enumerate(self.mentions):
            if m.end == end:
                return k
        return None


def _antecedent(doc: Reader, pos: int) -> Speaker:
    """The person a "he"/"she" at `pos` stands for: the last person named as a subject."""
    for k in range(len(doc.mentions) - 1, -1, -1):
        if doc.mentions[k].end <= pos and doc.is_person(k) and doc.is_subject(k):
            return doc.name(k)
    return Speaker(None, False)


def _described(doc: Reader, toks: Sequence[_Tok], pos: int) -> Speaker:
    """Resolve a description ("the U.N.'s special envoy") to the person with that role."""
    r = doc.rules
    head = ""
    # Only a definite description points back ("the mayor"); "a dock worker" is someone new.
    for tok in toks if toks[0].low == "the" else ():
        if tok.low in r.prepositions and head:
            break  # "the envoy to Syria": the head noun comes before the preposition
        head = tok.low if tok.low in r.person_nouns else head
    if head:
        for k in range(len(doc.mentions) - 1, -1, -1):
            if doc.mentions[k].end <= pos and doc.is_person(k) and head in doc.roles[k]:
                return doc.name(k)
        idx = doc.idx
        fits = {e.name for e, roles in zip(idx.entities, idx.roles, strict=True)
                if e.type == "person" and head in roles}
        if len(fits) == 1:
            return Speaker(fits.pop(), True)
    end = next((t.start for t in toks if t.low in r.relatives), toks[-1].end)
    return Speaker(doc.text[toks[0].start:end].rstrip(), False)


def _subject(doc: Reader, toks: list[_Tok], verb: int) -> Speaker | None:
    """The speaker named by the tokens just before a reporting verb at `verb`, if any."""
    r = doc.rules
    while toks and toks[-1].low in r.adverbs:
        toks = toks[:-1]
    if not toks:
        return None
    last = toks[-1]
    if last.low in r.person_pronouns:
        return _antecedent(doc, last.start)
    if last.low in r.other_pronouns:
        return Speaker(None, False)
    k = doc.ending_at(last.end)
    if k is not None and doc.is_subject(k):
        return doc.name(k)
    for k in range(len(doc.mentions) - 1, -1, -1):  # "Jan Egeland, senior advisor to ..., said"
        m = doc.mentions[k]
        if (toks[0].start <= m.start and m.end < verb and doc.masked[m.end] == ","
                and doc.is_person(k) and doc.is_subject(k)):
            return doc.name(k)
    return _description(doc, toks)


def _description(doc: Reader, toks: list[_Tok]) -> Speaker | None:
    """A speaker described by a noun phrase ending the tokens ("the Turkey-based official")."""
    r = doc.rules
    if toks[-1].low in stopwords():
        return None  # "the country and": a description ends with its noun
    for d in range(len(toks) - 1, max(-1, len(toks) - DESCRIPTION_TOKENS - 1), -1):
        if not toks[d].word[0].isalnum():
            return None
        if toks[d].low in r.determiners:
            return _described(doc, toks[d:], toks[d].start)
    return None


def _after_verb(doc: Reader, toks: list[_Tok]) -> Speaker | None:
    """The speaker named right after a verb or a source phrase ("said X", "according to X")."""
    r = doc.rules
    toks = toks[next((i for i, t in enumerate(toks) if t.low not in r.adverbs), len(toks)):]
    if not toks:
        return None
    if toks[0].low in r.person_pronouns:
        return _antecedent(doc, toks[0].start)
    for tok in toks[:4]:  # "said U.N. envoy Stefan de Mistura"
        k = next((k for k, m in enumerate(doc.mentions) if m.start == tok.start), None)
        if k is not None:
            return doc.name(k)
        if not (tok.word[0].isupper() or tok.low in r.person_nouns):
            break
    if toks[0].low in r.determiners:
        stop = next((i for i, t in enumerate(toks)
                     if not t.word[0].isalnum() or t.low in r.relatives), len(toks))
        return _described(doc, toks[:max(1, min(stop, DESCRIPTION_TOKENS))], toks[0].start)
    return None


def after_quote(doc: Reader, span: Span) -> Speaker | None:
    """'"...," X said' or '"...," said X': a reporting verb within the words after the quote."""
    lo, hi = span.close + 1, doc.sentence(span.close)[1]
    nxt = MARK.search(doc.masked, lo, hi)
    toks = doc.tokens(lo, nxt.start() if nxt else hi)[:SUBJECT_TOKENS + 2]
    while toks and not toks[0].word[0].isalnum():
        toks = toks[1:]
    for n, tok in enumerate(toks):
        if not tok.word[0].isalnum() and (tok.word != "," or n == 0):
            return None  # the clause after the quote ended without a reporting verb
        if tok.word in doc.rules.verbs:
            if n == 0:
                return None if tok.word in doc.rules.object_verbs else _after_verb(doc, toks[1:])
            found = _subject(doc, toks[:n], tok.start)
            if found is not None:  # else a verb inside the subject: "an official who asked"
                return found
    return None


def _before_quote(doc: Reader, span: Span) -> Speaker | None:
    """'X said that "..."': the last reporting verb earlier in the sentence with a subject."""
    lo = doc.sentence(span.open)[0]
    toks = doc.tokens(lo, span.open)
    for n in range(len(toks) - 1, -1, -1):
        if toks[n].word in doc.rules.verbs:
            found = _subject(doc, toks[max(0, n - SUBJECT_TOKENS):n], toks[n].start)
            if found is not None:
                return found
    return None


def _source(doc: Reader, lo: int, hi: int) -> Speaker | None:
    """'..., according to X': the source named after a source phrase in [lo, hi)."""
    toks = doc.tokens(lo, hi)
    lows = [t.low for t in toks]  # lower-cased once, not once per phrase tried
    for n in range(len(toks)):
        for phrase in doc.rules.sources:
            if tuple(lows[n:n + len(phrase)]) == phrase:
                found = _after_verb(doc, toks[n + len(phrase):])
                if found is not None:
                    return found
    return None


def attribute(doc: Reader, span: Span) -> Speaker | None:
    """Return the quote's speaker, or None when nothing attributes it."""
    sent = doc.sentence(span.open)
    post_end = doc.sentence(span.close)[1]
    return (after_quote(doc, span) or _before_quote(doc, span)
            or _source(doc, span.close + 1, post_end) or _source(doc, sent[0], span.open))
