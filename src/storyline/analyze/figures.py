"""Key figures: what each source's numbers count, grouped across sources as agree or conflict.

A mention is a quantity (storyline.numbers) with what it counts ("civilians"), the event
near it ("killed"), where ("in eastern Aleppo") and when (an explicit date phrase, else the
publication date). Mentions of the same thing and event link when their values are
compatible (approximate qualifiers tolerate 10%, see data/numbers_en.toml); incompatible
values link as a *conflict* only when the evidence is strong: the same counted word, a
known event, the same time, no clashing place, and each source unambiguous about that
quantity. Otherwise they stay apart: a false `single` is cheaper than a false `conflict`.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from ..model import Brief, Figure, FigureMention
from ..settings import Settings
from ..text.features import StoryFeatures, stem, stopwords
from .counted import Lists, Report
from .counted import lemma as fold
from .counted import lists as word_lists
from .dates import Mention, When, find_mentions, resolve, tense_at
from .figure_groups import group
from .numbers import Quantity, Rules, Token, phrase_at, rules, scan, word_at
from .timeline import publication_dates

_CLAUSE_BREAK = frozenset({";", "?", "!"})
_RELATIVE = frozenset({"which", "who", "where", "whose", "whom"})
_FORWARD_TOKENS = 8  # how far after the counted noun the event verb may be
_BACKWARD_TOKENS = 5  # ... and before the number ("has killed more than 300,000 people")
_NOUN_TOKENS = 5  # words after the number searched for what it counts
# Words either side of a number whose stems say what a share, amount or measure is of; two
# reports of one such figure share one of them (two to conflict). Chosen on half A.
_CONTEXT_TOKENS = 6
_TOLL_TOKENS = 14  # how far before a bare number its toll may be named ("toll in X rose to 62")
_INCREMENT_AFTER = frozenset({"more", "additional", "new", "further"})
_INCREMENT_BEFORE = frozenset({"additional", "further"})
_COUNTDOWN = frozenset({"until", "till", "before", "left", "remaining"})  # after a duration
_RUNNING = ("by", "as of", "through", "until", "so far")  # before a date: a count up to it
_DETERMINERS = frozenset({"the", "those", "these", "them", "its", "their", "his", "her"})
_CONJUNCTIONS = frozenset({"and", "while", "but", "whereas"})  # after a comma: a new clause
_QUOTES = frozenset('"\u201c\u201d()')  # a quotation or an aside opens its own clause

def figures(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Figure, ...]:
    """Return the story's key figures: conflicts first, then agreements, then single reports."""
    pubs = publication_dates(story.articles, story)
    found: list[Report] = []
    for i, text in enumerate(story.texts):
        doc = story.doc_index[i]
        found.extend(sentence_mentions(text, story.sents[i].article, story.sents[i].start,
                                       doc, pubs[doc]))
    return group(found, story.original_doc)


def sentence_mentions(
    text: str, article: str, offset: int, doc: int, pub: tuple[date | None, bool]
) -> list[Report]:
    """Return the figure mentions of one sentence (`offset`: where it starts in the article)."""
    toks, qtys = scan(text)
    dated = _datable(text, find_mentions(text))
    out: list[Report] = []
    for k in range(len(qtys)):
        prev = out[-1] if out and out[-1].qty is qtys[k - 1] else None
        made = _describe(text, toks, qtys, k, prev, dated, pub, (article, offset, doc))
        if made is not None:
            out.append(made)
    return out


def _describe(
    text: str, toks: list[Token], qtys: list[Quantity], k: int, prev: Report | None,
    dated: tuple[tuple[Mention, int], ...], pub: tuple[date | None, bool],
    where: tuple[str, int, int],
) -> Report | None:
    qty, lists = qtys[k], word_lists()
    qty = _as_age(toks, qty) or qty
    what = _what(toks, qtys[:k] + [qty] + qtys[k + 1 :], k, prev)
    if what is None:
        return None
    unit, lemma, klass, verb, end, after = what
    if _negated(toks, qty):
        klass = None  # "was not supposed to hold more than 150 people": it stays alone
    durations = rules().durations
    if qty.kind in ("count", "measure") and (lemma or "") in _duration_lemmas():
        qty = dataclasses.replace(qty, kind="duration")  # "for 15 years", "a 20-day extension"
        unit = lemma = klass = _duration_lemmas()[lemma or ""]
    elif qty.kind == "measure" and unit in durations:
        qty = dataclasses.replace(qty, kind="duration")
    place, place_key = _place(toks, max(end, after), lists)
    if place is None and qty.first > 2 and word_at(toks, 0) in lists.preps:
        place, place_key = _place(toks, 0, lists)  # "In Poland, 36 people died"
        if place is None or toks[len(place.split())].low != "," or qty.first < len(
                place.split()):
            place, place_key = None, frozenset()
    article, offset, doc = where
    start, stop = toks[qty.first].start, toks[end - 1].end
    start = min(start, qty.start)
    explicit, span, days, running = _time(text, dated, qty, pub)
    fm = FigureMention(
        article=article, value=qty.value, text=text[start:stop], start=offset + start,
        end=offset + stop, qualifier=qty.qualifier, upper=qty.upper, unit=unit,
        when=_when_text(explicit, span, pub),
    )
    if qty.kind == "age":
        subject = _subject(toks, qty)
    else:
        subject = _converts(text, qty, qtys, k) or (
            _holder(toks, qty, end) if qty.kind == "percent" else None)
    part = _is_part(toks, qty)
    running = running or word_at(toks, end) in _COUNTDOWN  # "five days until ... runs out"
    context = _context(toks, qty, qtys, end)
    return Report(doc, (doc, offset + start), qty, fm, lemma, klass, verb, place, place_key,
                  explicit, span, days, pub[1], pub[0], subject, context, part, running,
                  _superseded(toks, qty))


def _negated(toks: list[Token], qty: Quantity) -> bool:
    """ "The hall was not supposed to hold more than 150 people": a negation a few words
    before the number and its qualifier, in its clause (data/numbers_en.toml verbs_negation)."""
    first = qty.first - len((qty.qualifier or "").split())
    for n in range(first - 1, max(-1, first - _BACKWARD_TOKENS - 1), -1):
        if toks[n].low in _CLAUSE_BREAK or toks[n].low == "," or toks[n].kind == "num":
            return False
        if toks[n].low in word_lists().negations:
            return True
    return False


def _superseded(toks: list[Token], qty: Quantity) -> bool:
    """ "Police earlier had reported 65 dead": a word of `superseded` a few words before the
    number, in its clause, says it is an earlier report of the figure."""
    for n in range(qty.first - 1, max(-1, qty.first - _BACKWARD_TOKENS - 1), -1):
        if toks[n].low in _CLAUSE_BREAK or toks[n].low == "," or toks[n].kind == "num":
            return False
        if toks[n].low in word_lists().superseded:
            return True
    return False


def _converts(text: str, qty: Quantity, qtys: list[Quantity], k: int) -> str | None:
    """ "minus 26 Celsius (minus 15 Fahrenheit)": the second is the first in other units, so
    it is one quantity only with conversions of the same first value (kept as its key)."""
    before = qtys[k - 1] if k else None
    head = text[: qty.start].rstrip()
    if before is None or not head.endswith("(") or before.kind != qty.kind:
        return None
    gap = text[before.end : len(head) - 1]
    return f"= {before.value:g} {before.unit}" if len(gap.split()) <= 1 else None


def _holder(toks: list[Token], qty: Quantity, end: int) -> str | None:
    """Whose share a percentage is, lower-cased: the name after "for" ("34 percent for his rival,
    Ana Ruiz") or the first name of its clause ("Ciro Gomes, a former minister, took 11
    percent"); None when the clause names nobody ("gave him 51 percent")."""
    stop, r = stopwords(), rules()
    not_after = frozenset(r.raw["percent"]["holder_not_after"])
    initial = next((n for n, t in enumerate(toks) if t.kind == "word"), 0)

    def capital(n: int) -> bool:
        return n < len(toks) and toks[n].kind == "word" and toks[n].text[:1].isupper()

    def name(n: int) -> bool:
        low = toks[n].low
        if not capital(n) or low in stop or low in r.weekdays or low in r.months:
            return False
        if n > 0 and (toks[n - 1].low in not_after or capital(n - 1)):
            return False  # "in Brazil", "after Brazil had doubled": not the clause's subject
        return n != initial or capital(n + 1)  # "Exit polls ...": a sentence's first capital

    def run(n: int) -> str:  # "Luiz Inacio Lula", "President Fernando Cardoso"
        end = n
        while capital(end):
            end += 1
        return " ".join(toks[x].low.removesuffix("'s") for x in range(n, end))

    if word_at(toks, end) == "for":
        for n in range(end + 1, min(len(toks), end + 7)):
            if toks[n].low in _CLAUSE_BREAK or toks[n].kind == "num":
                break
            if name(n):
                return run(n)
    start = 0
    for n in range(qty.first - 1, -1, -1):
        if toks[n].low in _CLAUSE_BREAK or toks[n].low in _QUOTES or toks[n].kind == "num" or (
                toks[n].low == "," and word_at(toks, n + 1) in _CONJUNCTIONS):
            start = n + 1
            break
    return next((run(n) for n in range(start, qty.first) if name(n)), None)


def _is_part(toks: list[Token], qty: Quantity) -> bool:
    """ "four of 13 bills", "200 of the 513 seats": a part of a whole the sentence counts."""
    if qty.kind in ("percent", "money", "vote") or qty.bound == "vague":
        return False
    if word_at(toks, qty.last) in _INCREMENT_AFTER or word_at(toks, qty.first - 1) in (
            _INCREMENT_BEFORE):
        return True  # "20 more lives", "another 17 people": an increment, not the total
    nxt = qty.last + 1 + (word_at(toks, qty.last + 1) in _DETERMINERS)
    return word_at(toks, qty.last) == "of" and nxt < len(toks) and (
        toks[nxt].kind == "num" or word_at(toks, nxt) in rules().ones)


def _duration_lemmas() -> dict[str, str]:
    """Folded duration words -> the unit shown ("year" -> "years")."""
    return {fold(w): (w if w.endswith("s") else w + "s") for w in rules().durations
            if w not in ("night", "nights", "fortnight")}


def _as_age(toks: list[Token], qty: Quantity) -> Quantity | None:
    """ "Slepian, 52," is an age: a bare number set off by commas after a name."""
    if qty.kind != "count" or qty.words or qty.unit or qty.qualifier or not 0 < qty.value < 120:
        return None
    if qty.value != int(qty.value) or toks[qty.first].low != toks[qty.first].text:
        return None
    r = rules()
    name = toks[qty.first - 2] if qty.first >= 2 else None
    after = word_at(toks, qty.last)
    if name is None or toks[qty.first - 1].low != "," or name.kind != "word" or not (
        name.text[:1].isupper()) or name.low in r.weekdays or name.low in r.months:
        return None
    if after not in (",", "", ";", "and", "was", "is") and toks[qty.last].low != ".":
        return None
    return dataclasses.replace(qty, kind="age", unit="years")


def _subject(toks: list[Token], qty: Quantity) -> str | None:
    """Whose age: the name before it ("Slepian, 52"; "Slepian, a 52-year-old doctor"), the
    name after ("his 15-year-old son, Andrew") or the noun it describes ("gynecologist")."""
    i = qty.first
    if i >= 2 and toks[i - 1].low == ",":
        return _name_at(toks, i - 2)
    if i >= 3 and word_at(toks, i - 1) in ("a", "an") and toks[i - 2].low == ",":
        return _name_at(toks, i - 3)
    j = qty.last
    stop = word_lists().np_stop
    while j < len(toks) and toks[j].kind == "word" and toks[j].text.islower() and (
            j < qty.last + 3 and toks[j].low not in stop):
        j += 1
    if j > qty.last and word_at(toks, j) == "," and j + 1 < len(toks) and (
            toks[j + 1].text[:1].isupper()):
        return _name_at(toks, j + 1, forward=True)
    if qty.unit and qty.unit.endswith("-old") and j > qty.last:
        return word_at(toks, j - 1)
    for n in range(i - 1, max(0, i - 8), -1):  # "at age 15": the nearest name before
        if toks[n].kind == "word" and toks[n].text[:1].isupper() and n > 0:
            return _name_at(toks, n)
    return None


def _name_at(toks: list[Token], n: int, forward: bool = False) -> str | None:
    """The surname of the capitalized name at token n (its last capitalized word)."""
    if not (0 <= n < len(toks) and toks[n].kind == "word" and toks[n].text[:1].isupper()):
        return None
    if forward:
        while n + 1 < len(toks) and toks[n + 1].kind == "word" and toks[n + 1].text[:1].isupper():
            n += 1
    return toks[n].low.removesuffix("'s")


def _context(
    toks: list[Token], qty: Quantity, qtys: list[Quantity], end: int
) -> frozenset[str]:
    """Stems of the content words near a number: what a share, an amount or a measure is of
    (the words of the sentence's numbers, their units and qualifiers, left out, and the noun
    it counts up to `end`: "three hours" and "three hours" share no context by their unit)."""
    stop, r = word_lists().context_stop, rules()
    lo, hi = max(0, qty.first - _CONTEXT_TOKENS), min(len(toks), qty.last + _CONTEXT_TOKENS)
    inside = {n for q in qtys for n in range(q.first, q.last)}
    if qty.kind != "percent":  # a share's "of the vote" says what it is of: kept
        inside |= set(range(qty.last, end))
    return frozenset(
        stem(t.low) for n, t in enumerate(toks[lo:hi], lo)
        if t.kind == "word" and n not in inside and len(t.low) > 2
        and t.low not in stop and t.low not in r.months and t.low not in r.weekdays
        and t.low not in r.ones and t.low not in r.scales
    )


_What = tuple[str | None, str | None, str | None, str | None, int, int]


def _what(
    toks: list[Token], qtys: list[Quantity], k: int, prev: Report | None
) -> _What | None:
    """What a number counts and the event: (unit, lemma, class, verb, end, verb end)."""
    qty, r, lists = qtys[k], rules(), word_lists()
    counted = _counted(toks, qty, r, prev)
    if counted is None:
        return None
    unit, lemma, end = counted
    subset = _is_subset(toks, qty.first, lists)
    verb, after = _verb(toks, qtys, k, end, lists, subset)
    elided = subset or word_at(toks, qty.last) in lists.others
    if verb is None and elided and prev is not None:
        verb = prev.verb  # "369 civilians were killed, including 45 children"; "9,000 others"
    if (unit or "").split(" ")[-1] in lists.implied:  # "12 dead": people, and their event
        verb, lemma, unit = verb or lists.implied[(unit or "").split(" ")[-1]], "person", "people"
    if qty.kind == "money":
        verb = _topic(toks, qty, lists)
    if qty.kind == "count" and unit is None and verb is None and _toll(toks, qty, lists):
        unit, lemma, verb = "people", "person", _toll(toks, qty, lists)  # "the toll rose to 62"
    if qty.kind == "count" and unit is None and verb in lists.people_events:
        unit, lemma = "people", "person"  # "64 were injured", "a fire that killed 67 of them"
    if qty.kind == "count" and unit is None and verb is None:
        return None  # a bare number: nothing to say what it counts
    klass = lists.classes.get(lemma or "", lemma) if lemma else ("person" if verb else None)
    if unit and unit[:1].isupper() and unit.endswith("s"):
        klass = "person"  # "50,000 Syrians": a people's name counts persons
    return unit, lemma, klass, verb, end, after


def _counted(
    toks: list[Token], qty: Quantity, r: Rules, prev: Report | None
) -> tuple[str | None, str | None, int] | None:
    """What the number counts: (display unit, lemma, token index past the phrase); None drops."""
    if qty.kind == "vote":
        return "votes", "vote", qty.last
    if qty.kind == "age":
        return ("months" if (qty.unit or "").startswith("month") else "years"), "age", qty.last
    if qty.kind == "measure":
        unit = (qty.unit or "").removesuffix("-long").removesuffix("-wide")
        return unit, fold(unit), qty.last
    if qty.kind == "money":
        return qty.unit, qty.unit, qty.last
    if qty.kind == "percent":
        return _share(toks, qty)
    if qty.unit is not None:
        return qty.unit, fold(qty.unit), qty.last
    j = qty.last
    if word_at(toks, j) in word_lists().others and word_at(toks, j + 1) != "than" and prev and (
            word_at(toks, j + 1) not in r.count_nouns):  # "24 other people" counts people
        return prev.mention.unit, prev.lemma, j + 1  # "more than 9,000 others"
    return _noun(toks, qty, r, j)


def _noun(
    toks: list[Token], qty: Quantity, r: Rules, j: int
) -> tuple[str | None, str | None, int] | None:
    if word_at(toks, j) == "of":  # "200 of the 513 seats": the part counts the whole's noun
        j += 2 if word_at(toks, j + 1) in _DETERMINERS else 1
        if (toks[j].kind == "num" if j < len(toks) else False) or word_at(toks, j) in r.ones:
            j += 1
    seen: list[int] = []
    for n in range(j, min(len(toks), j + _NOUN_TOKENS)):
        w = word_at(toks, n)
        if toks[n].kind != "word":
            break
        if w in ("and", "or") and seen:
            continue
        if w == "per" and seen:
            break  # "5,000 meteors per hour": a rate of meteors, not a duration
        if w in r.durations:  # "for 15 years", "an extra 20 days"; not "the past 26 days"
            return (w, fold(w), n + 1) if len(seen) <= 1 and not _past(toks, qty) else None
        if w in r.count_nouns:
            first = n
            while word_at(toks, n + 1) in r.count_nouns and toks[n + 1].kind == "word":
                n += 1  # "displaced people", "wounded civilians": the last noun is the head
            shown = " ".join(word_at(toks, x) for x in range(first, n + 1))
            return shown, fold(word_at(toks, n)), n + 1
        if w in word_lists().np_stop:
            break
        seen.append(n)
    plurals = [n for n in seen[:2] if toks[n].low.endswith("s") and toks[n].text.isalpha()
               and len(toks[n].low) > 3]
    plural = min(plurals, key=lambda n: (toks[n].text[:1].isupper(), n)) if plurals else None
    if plural is None:
        if qty.words and qty.value < r.raw["words"]["small_word_min"]:
            return None  # "the two of them", "four in a row"
        return None, None, qty.last
    while plural + 1 in seen and toks[plural + 1].low.endswith("s") and (
            toks[plural + 1].text.islower()):
        plural += 1  # "appropriations bills": the last noun is the head
    word = toks[plural].text if toks[plural].text[:1].isupper() else toks[plural].low
    return word, fold(word.lower()), plural + 1


def _past(toks: list[Token], qty: Quantity) -> bool:
    """ "the past 26 days", "the last two years": a period the timeline reads, not a figure."""
    return word_at(toks, qty.first - 1) in ("past", "last", "next", "first", "coming")


def _toll(toks: list[Token], qty: Quantity, lists: Lists) -> str | None:
    """The event of a toll a bare number is the value of: "the death toll ... to 62"."""
    for n in range(qty.first - 1, max(-1, qty.first - _TOLL_TOKENS), -1):
        if toks[n].low in _CLAUSE_BREAK or toks[n].kind == "num":
            return None
        for size in (2, 1):
            phrase = " ".join(t.low for t in toks[max(0, n - size + 1) : n + 1])
            if phrase in lists.tolls:
                return lists.tolls[phrase]
    return None


def _share(toks: list[Token], qty: Quantity) -> tuple[str, str, int]:
    """A percentage and what it is a share of: "90 percent of the Syrian crisis"."""
    if word_at(toks, qty.last) != "of":
        return "percent", "percent", qty.last
    j = qty.last + (2 if word_at(toks, qty.last + 1) == "the" else 1)
    last, r = j, rules()
    while last < min(len(toks), j + 4) and toks[last].kind == "word" and (
        word_at(toks, last) not in word_lists().np_stop or word_at(toks, last) in r.vote_words
    ) and word_at(toks, last) not in r.weekdays and word_at(toks, last) not in r.months:
        last += 1  # "of the vote counted Tuesday": a share of the votes counted
    if last == j:
        return "percent", "percent", qty.last
    return "percent", "percent of " + fold(word_at(toks, last - 1)), last


def _is_subset(toks: list[Token], first: int, lists: Lists) -> bool:
    j = first - 1
    while j >= 0 and toks[j].kind == "sym" and toks[j].low in "(-–—,":
        j -= 1
    return any(" ".join(t.low for t in toks[j - n + 1 : j + 1]) in lists.subset for n in (1, 2))


def _verb(
    toks: list[Token], qtys: list[Quantity], k: int, end: int, lists: Lists, subset: bool
) -> tuple[str | None, int]:
    """The event verb after the counted noun, else just before the number (and where it ends)."""
    qty = qtys[k]
    if qty.kind in ("vote", "age"):
        return ("vote" if qty.kind == "vote" else None), end
    j = qty.first - 1 - (word_at(toks, qty.first - 1) in ("the", "a", "an", "another"))
    for n in (2, 1):  # "killing 60 people", "killed the two assailants": the verb right before
        form = " ".join(t.low for t in toks[max(0, j - n + 1) : j + 1])
        if j >= 0 and form in lists.verbs and not subset:
            return lists.verbs[form], end
    later = {q.first: q for q in qtys[k + 1 :]}
    j, steps = end, 0
    while j < len(toks) and steps < _FORWARD_TOKENS and toks[j].low not in _CLAUSE_BREAK:
        if j in later:
            if not _is_subset(toks, j, lists):
                break
            j = later[j].last  # skip "including 2,934 children" to reach "have left"
            continue
        if toks[j].low == "," and word_at(toks, j + 1) in _RELATIVE:
            close = next((n for n in range(j + 2, min(len(toks), j + 16)) if toks[n].low == ","),
                         None)
            if close is not None:
                j = close + 1  # skip ", which sits downwind of the quay," to reach the verb
                continue
        if toks[j].low in lists.negations:
            return None, end  # "won't be able to return": no event happened
        n = phrase_at(toks, j, lists.verbs)
        if n and word_at(toks, j - 1) == "to" and word_at(toks, j - 2) in lists.prospective:
            return None, end  # "Brazilians eligible to vote", "expected to vote": not yet
        if n:
            return lists.verbs[" ".join(t.low for t in toks[j : j + n])], j + n
        j, steps = j + 1, steps + 1
    floor = max(qtys[k - 1].last if k else 0, qty.first - _BACKWARD_TOKENS)
    for j in range(qty.first - 1, floor - 1, -1):
        if toks[j].low in _CLAUSE_BREAK or subset:
            break
        for n in (2, 1):
            form = " ".join(t.low for t in toks[j : j + n])
            if j + n <= qty.first and form in lists.verbs:
                return lists.verbs[form], end
    return None, end


def _topic(toks: list[Token], qty: Quantity, lists: Lists) -> str | None:
    """What an amount of money is for: the nearest topic noun in the sentence ("damage")."""
    near = [
        (min(abs(n - qty.first), abs(n - qty.last)), n)
        for n, t in enumerate(toks) if t.low in lists.topics
    ]
    return toks[min(near)[1]].low if near else None


def _place(toks: list[Token], j: int, lists: Lists) -> tuple[str | None, frozenset[str]]:
    """The first "in/on/at <Place>" within a few words after the figure."""
    r = rules()
    for n in range(j, min(len(toks), j + 10)):
        if toks[n].low in _CLAUSE_BREAK:
            break
        if toks[n].low not in lists.preps:
            continue
        m = n + 1 + (word_at(toks, n + 1) == "the")
        mods = 0
        while mods < 2 and m < len(toks) and toks[m].kind == "word" and toks[m].text.islower():
            m, mods = m + 1, mods + 1
        last = m
        while last < len(toks) and toks[last].kind == "word" and toks[last].text[:1].isupper() \
                and word_at(toks, last) not in r.weekdays and word_at(toks, last) not in r.months:
            last += 1
            if toks[last - 1].low.endswith("'s"):  # "Syria's besieged eastern Aleppo"
                while last < len(toks) and toks[last].text.islower() and last - m < 5:
                    last += 1
        while last > m and not toks[last - 1].text[:1].isupper():
            last -= 1
        while last > m and word_at(toks, last) == "and" and last + 1 < len(toks) and (
                toks[last + 1].kind == "word" and toks[last + 1].text[:1].isupper()):
            last += 2  # "in Romania and Bulgaria": both together, not Romania
            while last < len(toks) and toks[last].kind == "word" and toks[last].text[:1].isupper():
                last += 1
        if last > m:
            words = [lists.directions.get(word_at(toks, x), word_at(toks, x))
                     for x in range(n + 1, last) if word_at(toks, x) != "the"]
            shown = " ".join(t.text for t in toks[n:last])
            return shown, frozenset(words)
    return None, frozenset()


def _datable(text: str, found: tuple[Mention, ...]) -> tuple[tuple[Mention, int], ...]:
    """The dates of a sentence that may date its figures, each with its rank (0: a period the
    figure counts over, "since", "in the past 24 hours", "alone"; 1: a plain date). Found once
    per sentence: a run-on sentence may hold thousands of dates and hundreds of numbers."""
    out = []
    for m in found:
        if m.kind in ("year", "decade"):
            continue
        before = text[max(0, m.start - 16) : m.start].lower().split()
        if m.kind == "weekday" and any(w in word_lists().attribution for w in before[-3:]):
            continue  # "Russia said Saturday": when it was said, not when it happened
        alone = text[m.end : m.end + 7].lower().strip().startswith("alone")
        out.append((m, 0 if m.since or m.kind in ("past_n", "span", "range") or alone else 1))
    return tuple(out)


def _time(
    text: str, dated: tuple[tuple[Mention, int], ...], qty: Quantity,
    pub: tuple[date | None, bool],
) -> tuple[bool, When | None, float | None, bool]:
    """The period a figure refers to: (explicit?, resolved When, length in days if known,
    whether it is a running count up to that time): the nearest date of the best rank."""
    best: tuple[int, int, Mention] | None = None
    for m, rank in dated:
        if m.start < qty.end and qty.start < m.end:
            continue
        dist = m.start - qty.end if m.start >= qty.end else qty.start - m.end
        if best is None or (rank, dist) < best[:2]:
            best = (rank, dist, m)
    if best is None:
        day = pub[0]
        ago = _long_ago(text, day)
        if ago is not None:
            return True, ago, None, False
        return False, When(day, day, "day") if day else None, None, False
    m = best[2]
    return True, resolve(m, pub[0], tense_at(text, m.start, m.end)), _days(m), _running(text, m)


def _long_ago(text: str, day: date | None) -> When | None:
    """ "an attack 16 months ago that killed ...": a sentence dated months or years back (the
    timeline leaves these undated) tells of another time than the story's, roughly when."""
    r, toks = rules(), text.lower().replace(",", " ").split()
    for n, t in enumerate(toks):
        if day is None or t != "ago" or n < 2 or toks[n - 1] not in r.durations:
            continue
        length = r.durations[toks[n - 1]]
        amount = r.ones.get(toks[n - 2]) or (float(toks[n - 2]) if toks[n - 2].isdigit() else 0)
        if length >= 30 and amount:
            back = day - timedelta(days=int(length * amount))
            return When(back.replace(day=1), back.replace(day=1), "month")
    return None


def _running(text: str, m: Mention) -> bool:
    """True when the date phrase says "so far": "by Friday evening", "as of Wednesday"."""
    words = text[max(0, m.start - 12) : m.start].lower().split()
    tail = " ".join(words[-2:])
    return bool(m.since) or any(tail == c or tail.endswith(" " + c) for c in _RUNNING)


def _days(m: Mention) -> float | None:
    if m.since:
        return None
    if m.kind == "past_n":
        per = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
        return max(1.0, m.amount * per.get(m.unit or "day", 1))
    return 1.0 if m.kind in ("weekday", "date", "offset") else None


def _when_text(explicit: bool, span: When | None, pub: tuple[date | None, bool]) -> str | None:
    if span is None or pub[1]:
        return None  # nothing resolved, or resting on an inferred publication date
    return span.iso() if explicit else span.start.isoformat()

