"""Entity mentions: where a story names a person, an organisation or a place.

Two recognizers share one interface, `(story, lexicon) -> mentions`, chosen by `Settings.ner`:
"rules" (core: capitalised runs typed by cue words and a small gazetteer, all listed in
data/entities_en.toml and data/attribution_en.toml) and "spacy" (extra 'nlp')."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..text.features import StoryFeatures, stopwords
from .lexicon import Lexicon, fold, one_edit

PARAGRAPH = re.compile(r"[^\n]+")


# A word may hold a slash before a capital: "55P/Tempel-Tuttle" (a catalogue designation).
# "&" is a word of its own between names ("Dow Jones & Co.").
_WORD = re.compile(r"[^\W_][\w'’.\-]*(?:/[A-Z][\w'’.\-]*)*|&(?=\s)")


_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}")


_LOWER = re.compile(r"\b[a-z][a-z'’\-]*")


_APPOSITIVE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?(?:(?:[a-z\d][\w'’.\-]*|[A-Z][\w'’.]*-[a-z][\w\-]*)\s+){0,3}?"
    r"([a-z]+)\b"
)


TYPES = ("person", "org", "place")


# Cue weights. A title, an honorific or an organisation/place keyword is decisive (3); a
# first name, a "-based" suffix or the word after a name is strong (2); "in X" or a plain
# two-word run is a hint (1-1.5). Chosen by hand on the seeds and tests/test_entities.py;
# re-run both after changing them.
STRONG, GOOD, HINT = 3.0, 2.0, 1.0


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
    written: str = ""  # the name with its courtesy word ("Mrs. Fazul"), when it had one
    honour: str = ""  # "f" or "m": the courtesy word says a woman or a man is named
    initial: bool = False  # opens a sentence: its capital letter may be only grammar


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
    plural: bool = False  # a plural possessive ("Workers'"), which may open an org's name


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
        plural = False
        if text.endswith(("'", "’")):
            text, poss, plural = text[:-1], True, text.endswith(("s'", "s’"))
        cut = False
        if (text.endswith(".") and text not in lex.abbreviations
                and not _INITIALS.fullmatch(text)
                and not _middle_initial(text, para, m.end(), toks)):
            text, cut = text.rstrip("."), True  # a sentence ends here
        suffix = ""
        if "-" in text:  # most words hold no hyphen: no split for them
            parts = text.split("-")
            if parts[0][:1].isupper() and parts[-1].islower():
                head = "-".join(p for p in parts if not p.islower())
                suffix, text = parts[-1], head
        if text:
            toks.append(_Tok(start, start + len(text), rend, text, _capitalised(text, lex),
                             _key(text), poss, cut or bool(suffix), suffix, plural=plural))
    return toks


_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z]")


def _middle_initial(text: str, para: str, end: int, toks: list[_Tok]) -> bool:
    # "Richard A. Gephardt": one capital and a full stop between a name word and a capitalised
    # word is a middle initial, not the end of a sentence.
    return (len(text) == 2 and text[0].isupper() and bool(toks) and toks[-1].cap
            and toks[-1].rend == end - 3 and _NEXT_CAPITAL.match(para, end) is not None)


def _capitalised(text: str, lex: Lexicon) -> bool:
    if "/" in text:
        return text[:1].isupper() or text.rsplit("/", 1)[-1][:1].isupper()
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


def _extend(toks: list[_Tok], i: int, para: str, lex: Lexicon,
            lower: frozenset[str] = frozenset()) -> int:
    """Return the end of the capitalised run starting at token i (`lower`: the words the
    story writes in lower case)."""
    j = i + 1
    while j < len(toks) and (not toks[j - 1].poss or _opens_org(toks, j, lex, lower)) \
            and not toks[j - 1].cut:
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
    return j + _head_words(toks, i, j, para, lex)


def _opens_org(toks: list[_Tok], j: int, lex: Lexicon, lower: frozenset[str]) -> bool:
    # "Workers' Party", "Women's Services": a possessive of a common noun (written in lower
    # case elsewhere in the story) followed by an organisation's name is inside that name.
    word = toks[j - 1].text
    common = toks[j - 1].plural or (word.lower() in lower and word not in lex.known)
    return common and toks[j].cap and _org_follows(toks, j, lex)


def _head_words(toks: list[_Tok], i: int, j: int, para: str, lex: Lexicon) -> int:
    """Return how many lower-case words after the run close the name ("Wye River agreement")."""
    if j >= len(toks) or (toks[j].text,) not in lex.head_starts or toks[j - 1].poss \
            or toks[j - 1].cut or any(t.text in lex.known or t.text in lex.demonyms
                                      for t in toks[i:j]):
        return 0
    for head in lex.name_heads:
        words = toks[j:j + len(head)]
        if (len(words) == len(head) and all(t.text == w for t, w in zip(words, head, strict=True))
                and all(not para[a.rend:b.start].strip()
                        for a, b in zip(toks[j - 1:], words, strict=False))):
            return len(head)
    return 0


def _joiner(toks: list[_Tok], i: int, j: int, lex: Lexicon) -> int:
    # Particles always join names; connectors join only organisation names; "&" joins
    # capitalised words ("Procter & Gamble").
    if toks[j].text == "&" and j + 1 < len(toks) and toks[j + 1].cap:
        return 1
    if toks[j].text in lex.particles and j + 1 < len(toks) and toks[j + 1].cap:
        return 1
    if toks[j].text in AND_WORDS and not any(
        t.text in lex.known or t.text in lex.demonyms for t in toks[i:j]
    ) and _org_follows(toks, j + 1, lex):
        return 1  # "Fire and Rescue Service": "and" inside an organisation's name
    if not any(t.text in lex.org_keywords for t in toks[i:j]) \
            or toks[j - 1].text in lex.org_closers:
        return 0
    for conn in lex.connectors:
        n = len(conn)
        after = toks[j + n] if j + n < len(toks) else None
        words = tuple(t.text for t in toks[j:j + n])
        if words == conn and after is not None and after.cap and after.text not in lex.not_names:
            return n
    return 0


AND_WORDS = frozenset({"and", "&"})


def _org_follows(toks: list[_Tok], k: int, lex: Lexicon) -> bool:
    # True when the next few tokens are one capitalised run that ends in an org keyword.
    for t in toks[k:k + 4]:
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
        if toks[i].cap and (toks[i].text not in lex.not_names or _opens_known(toks, i, para, lex)
                            or _opens_org_name(toks, i, para, lex)
                            or _opens_story_name(toks, i, para, ctx)):
            j = _extend(toks, i, para, lex, ctx.lower)
            run = toks[i:j]
            yield from _classify(doc, run, para, offset, role if role_end == i else "", ctx)
            i = j
            continue
        i += 1


def _opens_org_name(toks: list[_Tok], i: int, para: str, lex: Lexicon) -> bool:
    # "Islamic Virtue Party", "Arab League": a word that alone names nothing opens the name
    # of an organisation it is written into.
    return (toks[i].text[:1].isupper() and not toks[i].initial and i + 1 < len(toks)
            and not para[toks[i].rend:toks[i + 1].start].strip()
            and _org_follows(toks, i + 1, lex))


def _opens_story_name(toks: list[_Tok], i: int, para: str, ctx: _Context) -> bool:
    # "the largest party is Islamic Virtue": the story writes "Islamic Virtue Party" elsewhere.
    return (i + 1 < len(toks) and not toks[i].initial
            and (toks[i].text, toks[i + 1].text) in ctx.openers
            and not para[toks[i].rend:toks[i + 1].start].strip())


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
            first = tail != "" and (tail == '"' or tail.endswith(' "') or tail[-1] in "“‘(:"
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
    # `seen` words of 5+ letters by their first two letters, folded ("le": "leonids", ...)
    seen_by_start: dict[str, tuple[str, ...]]
    # Word pairs that open an organisation's name somewhere in the story ("Islamic",
    # "Virtue" of "Islamic Virtue Party"): the pair opens a name wherever it is written.
    openers: frozenset[tuple[str, str]] = frozenset()


def _classify(
    doc: int, run: list[_Tok], para: str, offset: int, role: str, ctx: _Context
) -> Iterator[Mention]:
    lex = ctx.lex
    person, honorific, begin = 0.0, "", run[0].start
    if run[0].text in lex.honorifics:
        honorific, run, person = run[0].text, run[1:], STRONG
    while run and run[0].initial and not _numbered(run) and not _particle_opens(run, lex) \
            and _is_common(run, para, ctx):
        run = run[1:]
    if not run or not (run[0].cap or run[0].text in lex.particles) \
            or _ROMAN.fullmatch(run[0].text) and len(run) == 1:
        return  # a lone "II" or "agreement" is the tail of a name cut off at a sentence start
    votes = [person + (STRONG if role else 0.0), 0.0, 0.0]
    text = para[run[0].start:run[-1].end]
    if any(p.match(text) for p in lex.not_name_patterns):
        return
    known = lex.known.get(text) or lex.known.get(text.title() if text.isupper() else "")
    if not known and len(run) == 1 and _splits(run[0], lex):
        yield from _compound(doc, run[0], para, offset, ctx)
        return
    words = [t.text for t in run]
    kind = _head_kind(run, lex)
    if not known and not kind and not lex.other_keywords.isdisjoint(words) \
            and lex.org_keywords.isdisjoint(words):
        kind = "other"  # "World War II", "Comet Halley": an event or a thing
    if kind in TYPES:
        votes[TYPES.index(kind)] += STRONG
    if known and known[1] in TYPES:
        votes[TYPES.index(known[1])] += STRONG
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
    after = _NEXT_WORD.match(para, run[-1].rend)
    nxt = after.group(1).lower() if after else ""  # "Ines said": a verb says a name opens it
    role = f"{role} {noun}".strip()
    yield Mention(
        doc, offset + run[0].start, offset + run[-1].end, text, (votes[0], votes[1], votes[2]),
        role, known[0] if known else "", known[1] if known else kind, text in lex.demonyms,
        para[begin:run[-1].end] if honorific else "",
        "f" if honorific in lex.female else "m" if honorific in lex.male else "",
        run[0].initial and not honorific and nxt not in lex.verbs,
    )


def _particle_opens(run: list[_Tok], lex: Lexicon) -> bool:
    # "Bin Ladin has...": a capitalised name particle opening a sentence is part of the name.
    return len(run) > 1 and run[0].text.lower() in lex.particles


def _head_kind(run: list[_Tok], lex: Lexicon) -> str:
    # The type given by lower-case head words closing the run ("news agency": org).
    for head, kind in lex.name_heads.items():
        if len(run) > len(head) and tuple(t.text for t in run[-len(head):]) == head:
            return kind
    return ""


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
    if len(run) == 1 and len(low) >= 5 and any(
            one_edit(fold(tok.text), w) for w in ctx.seen_by_start.get(fold(low[:2]), ())):
        return False  # "Leonide, the..." opens a sentence; "Leonids" is written mid-sentence
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
        not lex.group_words.isdisjoint(words) and fold(words[0]) not in lex.first_names
    ) or (
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
    by_start: dict[str, set[str]] = {}
    for word in seen:
        if len(word) >= 5:
            by_start.setdefault(fold(word[:2]), set()).add(fold(word))
    openers = frozenset(
        (toks[i].text, toks[i + 1].text) for _, para, _, toks, _ in paras
        for i in range(len(toks) - 1)
        if toks[i].text in lex.not_names and _opens_org_name(toks, i, para, lex))
    ctx = _Context(lex, seen, lower, stopwords(),
                   {k: tuple(sorted(v)) for k, v in by_start.items()}, openers)
    out: list[Mention] = []
    for doc, para, offset, toks, headline in paras:
        out.extend(_paragraph_mentions(doc, para, offset, toks, headline, ctx))
    out.extend(_lower_case_forms(paras, out, lex))
    return out


_THE_PHRASE = re.compile(r"\bthe ((?:[a-z]+ ){1,3}[a-z]+)\b")


def _lower_case_forms(paras: list[tuple[int, str, int, list[_Tok], bool]],
                      found: list[Mention], lex: Lexicon) -> Iterator[Mention]:
    """Yield "the monetary fund" where the story names one organisation whose name ends in
    those words ("International Monetary Fund"): the lower-case form refers to it."""
    tails: dict[tuple[str, ...], set[str]] = {}
    for m in found:
        words = m.text.split()
        if len(words) > 2 and words[-1] in lex.org_keywords:
            for k in range(2, len(words)):
                tails.setdefault(tuple(w.lower() for w in words[-k:]), set()).add(m.text)
    if not tails:
        return
    for doc, para, offset, _, headline in paras:
        for hit in () if headline else _THE_PHRASE.finditer(para):
            phrase = hit.group(1).split()
            for n in range(len(phrase), 1, -1):
                if len(tails.get(tuple(phrase[:n]), ())) == 1:
                    start, end = hit.start(1), hit.start(1) + len(" ".join(phrase[:n]))
                    yield Mention(doc, offset + start, offset + end, para[start:end],
                                  (0.0, STRONG, 0.0))
                    break


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
