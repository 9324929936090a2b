"""Speakers of quotes: who a quotation is attributed to, read from the words around it.

The frame of a quote is its sentence with every quotation masked out (storyline.reader). A
speaker comes, in this order, from the words right after the quote ('"...," X said', '...,"
said Defense Ministry spokesman X', '..., X was quoted as saying', '..., NTV quoted him as
saying'), a reporting verb earlier in the same sentence ('X told reporters that "..."', 'X
affirmed "..."', 'X said: "..."', '..., adding, "..."' for the sentence's subject), a colon
after the sentence's subject ('X put it this way: "..."'), then "according to X".

A "he" or "she" stands for a person of the closest sentence that names one of the right
gender: its subject first (a name after a preposition or an object verb is not a subject),
else, when the pronoun's gender is known for sure, any person of that gender in it; names
inside quotes never count. A definite description ("the mayor said") is the person of the
article, else the one person of the story, with that role, and a description followed by a
name ("said the friend, Jane Roe") is that name; an indefinite one ("a dock worker said") stays
as written and is not a name. Names are each person's display name (storyline.people).
Word lists: data/attribution_en.toml.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text.features import stopwords
from .reader import MARK, Reader, Span, Speaker, Tok

__all__ = ["MARK", "SUBJECT_TOKENS", "Reader", "Span", "Speaker", "after_quote", "attribute",
           "reported_by"]

# How far a frame is read for a speaker, in tokens (a name, a title and an appositive fit).
SUBJECT_TOKENS = 14
DESCRIPTION_TOKENS = 8
# How many sentences back a pronoun looks for the person it stands for. Wire copy names a
# new speaker at most a paragraph or two before the pronoun; chosen on half A of the
# analysis gold (bench/analysis.py); re-run it after changing this.
ANTECEDENT_SENTENCES = 4


def _antecedent(doc: Reader, pos: int, pronoun: str) -> Speaker:
    """The person a "he"/"she" at `pos` stands for (see the module docstring)."""
    r = doc.rules
    want = "f" if pronoun in r.female_pronouns else "m"
    if pronoun in r.object_pronouns:  # "NTV quoted him": not the clause's own subject
        pos = doc.sentence(pos)[0]
    here = doc.sentence_index(pos)
    for s in range(here, max(-1, here - ANTECEDENT_SENTENCES - 1), -1):
        lo, hi = doc.bounds[s] if s >= 0 else (0, pos)
        hi = min(hi, pos)
        heard = doc.heard(lo, hi, want)
        if heard is not None:
            return heard
        ks = [k for k in doc.between(lo, hi)
              if doc.is_person(k) and doc.gender(k) in ("", want)
              and doc.mentions[k].end <= pos and not doc.masked_at(k)]
        for k in ks:
            if doc.is_subject(k):
                return doc.name(k)
        for k in ks:
            if doc.gender(k) == want and not doc.possessive(k):
                return doc.name(k)
        if s < 0:
            break
    for k in range(len(doc.mentions) - 1, -1, -1):
        if (doc.mentions[k].end <= pos and doc.is_person(k) and doc.gender(k) in ("", want)
                and doc.is_subject(k)):
            return doc.name(k)
    return Speaker(None, False)


def _described(doc: Reader, toks: Sequence[Tok], pos: int) -> Speaker:
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
        fits = [n for n, (e, roles) in enumerate(zip(idx.entities, idx.roles, strict=True))
                if e.type == "person" and head in roles]
        if len(fits) == 1:
            return Speaker(doc.people.display[fits[0]], True, fits[0])
    end = next((t.start for t in toks if t.low in r.relatives), toks[-1].end)
    return Speaker(doc.text[toks[0].start:end].rstrip(), False)


def _main_subject(doc: Reader, lo: int, hi: int) -> Speaker | None:
    """The subject of the sentence's main clause: its first subject name in [lo, hi)."""
    for k in doc.between(lo, hi):
        if doc.names[k].type != "place" and doc.is_subject(k):
            return doc.name(k)
    toks = doc.tokens(lo, hi)
    if toks and toks[0].low in doc.rules.person_pronouns:
        return _antecedent(doc, toks[0].start, toks[0].low)
    return None


def _subject(doc: Reader, toks: list[Tok], verb: int, lo: int) -> Speaker | None:
    """The speaker named by the tokens just before a reporting verb at `verb`, if any.

    `lo` is the start of the sentence, where a subject with a long appositive begins."""
    r = doc.rules
    while toks and toks[-1].low in r.adverbs:
        toks = toks[:-1]
    if not toks:
        return None
    last = toks[-1]
    if last.low in r.person_pronouns:
        return _antecedent(doc, last.start, last.low)
    if last.low in r.other_pronouns:
        return Speaker(None, False)
    if last.low in r.relatives:  # "..., Abdallah Shami, leader of ..., who affirmed"
        ks = [k for k in doc.between(lo, last.start) if doc.is_person(k)]
        return doc.name(ks[-1]) if ks else None
    if last.low == "and":  # "the Council met ... and announced"
        return _main_subject(doc, lo, last.start)
    k = doc.ending_at(last.end)
    if k is not None and doc.is_subject(k):
        return doc.name(k)
    for k in doc.between(lo, verb):  # "Jan Egeland, senior advisor to ..., said"
        m = doc.mentions[k]
        if (m.end < verb and doc.masked[m.end] == "," and doc.names[k].type != "place"
                and (doc.is_person(k) or k == doc.between(lo, verb)[0]) and doc.is_subject(k)):
            return doc.name(k)
    return _description(doc, toks)


def _description(doc: Reader, toks: list[Tok]) -> Speaker | None:
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


def _after_verb(doc: Reader, toks: list[Tok]) -> Speaker | None:
    """The speaker named right after a verb or a source phrase ("said X", "according to X")."""
    r = doc.rules
    toks = toks[next((i for i, t in enumerate(toks) if t.low not in r.adverbs), len(toks)):]
    if not toks:
        return None
    after = next((t for t in toks[1:] if t.low not in r.adverbs), None)
    alone = after is None or not after.word[0].isalnum()  # "said he.", not "said her aide"
    if alone and (toks[0].low in r.person_pronouns or toks[0].low in r.object_pronouns):
        return _antecedent(doc, toks[0].start, toks[0].low)
    stop = next((i for i, t in enumerate(toks)
                 if not t.word[0].isalnum() or t.low in r.relatives), len(toks))
    head = toks[:stop]
    if not head:
        return None
    ks = [k for k in doc.between(head[0].start, head[-1].end) if not doc.possessive(k)]
    people = [k for k in ks if doc.is_person(k)]
    if head[0].low in r.determiners:  # "said a grim-faced X", not "a Middle Eastern diplomat"
        people = [k for k in people if doc.mentions[k].end == head[-1].end]
    if people:  # "said Defense Ministry spokesman Avi Benayahu": the person, not the ministry
        return doc.name(people[-1])
    if stop < len(toks) and toks[stop].word == "," and stop + 1 < len(toks):
        # "said the friend, Jane Roe": a description, then the name in apposition
        for k in doc.between(toks[stop + 1].start, toks[min(stop + 4, len(toks) - 1)].end):
            if doc.names[k].type in ("person", "other") and not doc.possessive(k):
                return doc.name(k)
    for tok in head[:4]:  # "said the Defense Ministry"
        at = doc.starting_at(tok.start)
        if at is not None and not doc.possessive(at) and (
                head[0].low not in r.determiners or doc.mentions[at].end == head[-1].end):
            return doc.name(at)
        if not (tok.word[0].isupper() or tok.low in r.person_nouns or tok.low in r.determiners):
            break
    if toks[0].low in r.determiners:
        return _described(doc, toks[:max(1, min(stop, DESCRIPTION_TOKENS))], toks[0].start)
    return None


def _quoted(doc: Reader, toks: list[Tok], n: int, lo: int) -> Speaker | None:
    """'X was quoted (by the paper) as saying' or 'the paper quoted X as saying': X."""
    r = doc.rules
    if n > 0 and toks[n - 1].low in r.passive:
        return _subject(doc, toks[:n - 1], toks[n - 1].start, lo)
    rest = toks[n + 1:]
    stop = next((i for i, t in enumerate(rest) if t.low in r.quoted_as), len(rest))
    return _after_verb(doc, rest[:stop]) if stop < len(rest) else None


def after_quote(doc: Reader, span: Span) -> Speaker | None:
    """'"...," X said' or '"...," said X': a reporting verb within the words after the quote."""
    r = doc.rules
    lo, hi = span.close + 1, doc.sentence(span.close)[1]
    nxt = MARK.search(doc.masked, lo, max(hi, lo))
    toks = doc.tokens(lo, nxt.start() if nxt else hi)[:SUBJECT_TOKENS + 2]
    while toks and not toks[0].word[0].isalnum():
        toks = toks[1:]
    for n, tok in enumerate(toks):
        if not tok.word[0].isalnum() and (tok.word != "," or n == 0):
            return None  # the clause after the quote ended without a reporting verb
        if tok.word in r.quoted:
            return _quoted(doc, toks, n, lo)
        if tok.word in r.verbs:
            if n == 0:
                return None if tok.word in r.object_verbs else _after_verb(doc, toks[1:])
            if toks[n - 1].low in r.passive:
                return None  # "are said to call it": nobody speaks
            found = _subject(doc, toks[:n], tok.start, lo)
            if found is not None:  # else a verb inside the subject: "an official who asked"
                return found
    return None


def reported_by(doc: Reader, lo: int, hi: int) -> Speaker | None:
    """The speaker of the last reporting verb in [lo, hi) of one sentence, if any."""
    r = doc.rules
    toks = doc.tokens(lo, hi)
    for n in range(len(toks) - 1, -1, -1):
        word = toks[n].word
        if word in r.quoted:
            found = _quoted(doc, toks, n, lo)
        elif (word not in r.verbs or (n > 0 and toks[n - 1].low in r.passive)
              or (n + 1 < len(toks) and toks[n + 1].low in r.not_speech_after)):
            continue  # "are said to call", "continued to perform", "a date observed as"
        elif word in r.participles:
            if n > 0 and toks[n - 1].low in r.quoted_as:
                continue  # "quoted ... as saying": read at "quoted"
            found = _main_subject(doc, lo, toks[n].start)
        else:
            found = _subject(doc, toks[max(0, n - SUBJECT_TOKENS):n], toks[n].start, lo)
            if word in r.clause_verbs and (found is None or not found.named):
                continue  # "a Web site called "...": a title, not speech
        if found is not None:
            return found
    return None


def _before_quote(doc: Reader, span: Span) -> Speaker | None:
    """'X said that "..."', 'X said: "..."': a reporting verb earlier in the sentence."""
    lo = doc.sentence(span.open)[0]
    found = reported_by(doc, lo, span.open)
    if found is None and doc.masked[lo:span.open].rstrip().endswith(":"):
        found = _main_subject(doc, lo, span.open)  # "X put it this way: "...""
    return found


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
