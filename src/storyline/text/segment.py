"""Paragraphs and sentences with character offsets into an article's cleaned text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from ..model import Article, Sentence
from ..resources import load_words

_PARA = re.compile(r"[^\n]+")
_WORD = re.compile(r"\S+")
_CLOCK = ("a.m.", "p.m.", "a.m", "p.m")  # a piece ending so may have been split too early


@lru_cache(maxsize=1)
def _glue_words() -> frozenset[str]:
    # Words that, when they open the next piece, mean a split after "p.m."/"a.m." was wrong.
    return load_words("sentence_glue.txt")


@lru_cache(maxsize=1)
def _splitter() -> Callable[[str, str], Iterable[str]]:
    """Return sentencex's segmenter (imported once, on first use)."""
    import sentencex

    return sentencex.segment  # type: ignore[no-any-return]


def _split_paragraph(text: str) -> list[tuple[int, int]]:
    """Split one paragraph into (start, end) sentence spans, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in _splitter()("en", text):
        start = text.find(piece, pos) if piece else pos
        if start < 0:  # defensive: segments are documented to concatenate back to the input
            start = pos
        end = start + len(piece)
        pos = end
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        span = (start + lead, start + lead + len(stripped))
        # The clock test first, on the text in place: most pieces end otherwise.
        if spans and text.endswith(_CLOCK, *spans[-1]) and _should_glue(text, span):
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
    return spans


def _should_glue(text: str, span: tuple[int, int]) -> bool:
    """Return whether the piece at `span`, after one ending in a clock time, continues it."""
    first = _WORD.match(text, span[0])
    if first is None:
        return False
    word = first.group().strip(".,;:!?\"'()").lower()
    return word in _glue_words() or first.group()[:1].islower()


def segment(article: Article) -> tuple[Sentence, ...]:
    """Split an article's cleaned text into sentences (offsets round-trip into `text`)."""
    sents: list[Sentence] = []
    art = article.id
    for para_no, match in enumerate(_PARA.finditer(article.text)):
        para = match.group()
        if not para.strip():
            continue
        offset = match.start()
        for start, end in _split_paragraph(para):
            sents.append(Sentence(art, offset + start, offset + end, len(sents), para_no))
    return tuple(sents)
