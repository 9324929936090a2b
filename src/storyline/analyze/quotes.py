"""Quotes: direct quotations with their speakers, one entry per quote across outlets.

A quote is the text between a pair of double quotation marks (straight or curly) inside one
paragraph; a closing curly mark with no opening one quotes from the paragraph start (its
opening mark was lost upstream), and an opening mark never closed quotes to the paragraph end.
Unattributed quotes of a few words are scare quotes and skipped. Speakers: storyline.speakers.

Citations hold the quoted words only: `article.text[start:end]` is the text between the marks,
without them and without a trailing comma. A split quote ("...," X said. "...") has one
citation per part, and `Quote.text` is the parts of one cited article joined by " … ". The
same quote in several outlets (same words up to punctuation, case and marks, or a trimmed
version of at least MIN_SHARED_WORDS words) is one entry citing every span, with the fullest
version's words. Quotes come in order of first appearance, articles in brief order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..model import Brief, Citation, Quote
from ..settings import Settings
from ..text.features import StoryFeatures, tokens
from .entities import EntityIndex, fold, index
from .grouping import single_link
from .people import people
from .speakers import (
    MARK,
    SUBJECT_TOKENS,
    Reader,
    Span,
    Speaker,
    after_quote,
    attribute,
    reported_by,
)

_PARA = re.compile(r"[^\n]+")
JOINER = " … "  # between the parts of a split quote
# Unattributed quotes this short are scare quotes ("a 'constant stream'"), not speech.
MAX_SCARE_WORDS = 3
# Two versions of a quote are one when their words match this closely (difflib ratio) or the
# shorter, of at least MIN_SHARED_WORDS words, appears whole in the longer. Chosen on the
# seeds (punctuation and curly-quote variants, a trimmed version); re-run tests/test_quotes.py.
SAME_QUOTE_RATIO = 0.9
MIN_SHARED_WORDS = 4
# A quote inherits the speaker of the sentence before it only when it opens its own sentence:
# at most this many words come before its mark ("But "..."").
OPENING_WORDS = 2


def quote_spans(text: str) -> list[Span]:
    """Return every quotation in `text`, paragraph by paragraph, in reading order."""
    spans: list[Span] = []
    for para in _PARA.finditer(text):
        spans.extend(_paragraph_spans(text, para.start(), para.end()))
    return spans


def _is_opening(text: str, pos: int, lo: int, hi: int) -> bool:
    mark = text[pos]
    if mark != '"':
        return mark == "“"
    before = text[pos - 1] if pos > lo else " "
    after = text[pos + 1] if pos + 1 < hi else " "
    # A straight mark opens after a space or bracket and closes after a word or punctuation.
    return before.isspace() or before in "([{—–/" or (not before.isalnum() and after.isalnum())


def _paragraph_spans(text: str, lo: int, hi: int) -> list[Span]:
    spans: list[Span] = []
    opened: int | None = None
    first = True
    for m in MARK.finditer(text, lo, hi):
        pos = m.start()
        if _is_opening(text, pos, lo, hi):
            opened = pos if opened is None else opened
        elif opened is not None:
            spans.append(_span(text, opened, pos, opened + 1))
            opened = None
        elif first and text[pos] == "”":
            spans.append(_span(text, lo, pos, lo))  # its opening mark was lost upstream
        first = False
    if opened is not None:
        spans.append(_span(text, opened, hi, opened + 1))
    return [s for s in spans if s.end > s.start]


def _span(text: str, open_: int, close: int, start: int) -> Span:
    inner = text[start:close]
    lead = len(inner) - len(inner.lstrip())
    # The comma before the closing mark belongs to the attribution, not to the speech.
    body = inner.strip().rstrip(",;: ").rstrip()
    return Span(open_, close, start + lead, start + lead + len(body))


@dataclass(frozen=True, slots=True)
class _Found:
    doc: int
    parts: tuple[tuple[int, int], ...]
    speaker: Speaker | None
    words: tuple[str, ...]
    # The words with a space on each side, for whole-word containment tests: built once, as
    # grouping compares every pair of quotes.
    joined: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "joined", f" {' '.join(self.words)} ")


def _continues(doc: Reader, a: Span, b: Span) -> bool:
    """Is b the second half of a split quote ('"...," X said. "..."') opened by a?"""
    gap = doc.text[a.close + 1:b.open]
    if "\n" in gap or MARK.search(gap) or len(gap.split()) > SUBJECT_TOKENS:
        return False
    toks = doc.tokens(a.close + 1, b.open)
    ends = [n for n, t in enumerate(toks) if t.word in (".", "!", "?")]
    return bool(toks) and toks[-1].word in (".", ",", ":") and all(
        n == len(toks) - 1 for n in ends)


def _opens_sentence(doc: Reader, span: Span) -> bool:
    """Does the quote open its sentence (a word or two such as "But" may come first)?"""
    lo = doc.sentence(span.open)[0]
    return len([t for t in doc.tokens(lo, span.open) if t.word[0].isalnum()]) <= OPENING_WORDS


def _others_between(doc: Reader, lo: int, hi: int, speaker: Speaker) -> bool:
    """Is another person the subject of a clause between two quotes?"""
    return any(doc.is_person(k) and doc.is_subject(k) and doc.name(k).name != speaker.name
               for k in doc.between(lo, hi))


def _inherited(doc: Reader, span: Span, prev: _Found | None, last: Span | None
               ) -> Speaker | None:
    """The speaker a quote with no attribution of its own takes from the text before it.

    In its paragraph: the speaker reported by the sentence before it ('Roe said she had gone
    there. "..."'), else the previous quote's, unless another person speaks between them.
    Opening a paragraph: the previous paragraph's quote when that quote was left open (wire
    copy reopens a quote that goes on), else the previous paragraph's reporting sentence."""
    para = doc.paragraph(span.open)
    if not _opens_sentence(doc, span):
        return None
    k = doc.sentence_index(span.open)
    if k > 0 and doc.bounds[k - 1][0] >= para[0]:
        found = reported_by(doc, *doc.bounds[k - 1])
        if found is not None:
            return found
    same = last is not None and last.close >= para[0]
    if prev is not None and prev.speaker is not None and last is not None:
        if same and not _others_between(doc, last.close, span.open, prev.speaker):
            return prev.speaker
        if not same and _left_open(doc, last):
            return prev.speaker
    if span.open == para[0] and k > 0:
        return reported_by(doc, *doc.bounds[k - 1])
    return None


def _left_open(doc: Reader, span: Span) -> bool:
    """Was the quote left open at its paragraph's end (no closing mark)?"""
    return span.close == doc.paragraph(span.open)[1] and not MARK.match(doc.text, span.close)


def read_article(doc: Reader, spans: Sequence[Span]) -> list[_Found]:
    """Find the attributed quotes of one article, split quotes joined."""
    found: list[_Found] = []
    tail: Span | None = None  # the last span of found[-1], while a split quote may go on
    for span in spans:
        text = doc.text[span.start:span.end]
        words = tuple(tokens(fold(text)))
        if (tail is not None and found[-1].speaker is not None
                and after_quote(doc, tail) is not None and _continues(doc, tail, span)
                and after_quote(doc, span) is None):
            prev = found[-1]
            found[-1] = _Found(doc.n, (*prev.parts, (span.start, span.end)), prev.speaker,
                               prev.words + words)
            tail = span
            continue
        speaker = attribute(doc, span) or _inherited(
            doc, span, found[-1] if found else None, tail)
        if speaker is not None or len(text.split()) > MAX_SCARE_WORDS:
            found.append(_Found(doc.n, ((span.start, span.end),), speaker, words))
            tail = span
            if speaker is not None:
                doc.hear(span.open, speaker)
    return found


def _same(a: _Found, b: _Found) -> bool:
    """Are a and b one quote (same or near-same words), as carried by two reports?"""
    if a.words == b.words:
        return True
    short, long_ = sorted((a.words, b.words), key=len)
    if len(short) < MIN_SHARED_WORDS:
        return False
    if a.joined in b.joined or b.joined in a.joined:
        return True
    if len(short) < SAME_QUOTE_RATIO * len(long_):
        return False
    match = SequenceMatcher(None, a.words, b.words, autojunk=False)
    # quick_ratio is an upper bound of ratio: most pairs stop there.
    return match.quick_ratio() >= SAME_QUOTE_RATIO and match.ratio() >= SAME_QUOTE_RATIO


def _compatible(a: _Found, b: _Found) -> bool:
    # Short identical words ("hopeful") are one quote only when nobody else said them.
    if len(a.words) >= MIN_SHARED_WORDS:
        return True
    names = {f.speaker.name for f in (a, b) if f.speaker is not None and f.speaker.named}
    return len(names) <= 1


def group(found: Sequence[_Found]) -> list[list[_Found]]:
    """Group the same quote across articles (single link), groups in first-appearance order."""
    return single_link(found, lambda a, b: _same(a, b) and _compatible(a, b))


def _speaker(members: Sequence[_Found]) -> str | None:
    """The name most members give (first seen on ties), else the first description."""
    named = [f.speaker.name for f in members if f.speaker is not None and f.speaker.named]
    if named:
        return max(dict.fromkeys(named), key=named.count)
    described = [f.speaker.name for f in members if f.speaker is not None and f.speaker.name]
    return described[0] if described else None


def _quote(members: Sequence[_Found], story: StoryFeatures, rank: Sequence[int]) -> Quote:
    """One entry: the fullest version's words, every member's spans, the agreed speaker."""
    best = max(members, key=lambda f: (len(f.words), -members.index(f)))
    text = story.articles[best.doc].text
    spans = sorted({(rank[f.doc], a, b, story.articles[f.doc].id)
                    for f in members for a, b in f.parts})
    cites = tuple(Citation(article, a, b) for _, a, b, article in spans)
    return Quote(_speaker(members), JOINER.join(text[a:b] for a, b in best.parts), cites)


def _docs(story: StoryFeatures, idx: EntityIndex) -> list[tuple[Reader, list[Span]]]:
    bounds: dict[int, list[tuple[int, int]]] = {}
    for sent, d in zip(story.sents, story.doc_index, strict=True):
        bounds.setdefault(d, []).append((sent.start, sent.end))
    mentions: dict[int, list[int]] = {}
    for i, m in enumerate(idx.mentions):
        mentions.setdefault(m.doc, []).append(i)
    out = []
    folk = people(story, idx)
    for n, article in enumerate(story.articles):
        spans = quote_spans(article.text)
        if spans:
            doc = Reader(n, article.text, sorted(bounds.get(n, [])), spans, idx,
                         mentions.get(n, []), folk)
            out.append((doc, spans))
    return out


def quotes(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Quote, ...]:
    """Return the story's direct quotes with speakers, in order of first appearance."""
    if not any(MARK.search(a.text) for a in story.articles):
        return ()
    idx = index(story, settings)
    found = [f for doc, spans in _docs(story, idx) for f in read_article(doc, spans)]
    order = {a.id: n for n, a in enumerate(brief.articles)}
    rank = [order.get(a.id, len(order)) for a in story.articles]
    found.sort(key=lambda f: (rank[f.doc], f.parts[0][0]))
    return tuple(_quote(members, story, rank) for members in group(found))
