"""Name merging: which mentions name the same entity, whichever recognizer found them.

Gazetteer aliases ("Russian Federation" = Russia); the story's own definitions ("Slepian,
whom friends called Bart", "the Kurdistan Workers Party, or PKK"); same surname with one first
name ("Sergey" / "Sergei", "Bob" / "Robert"); spellings one edit apart on normalised forms
("Gustavsson" / "Gustafsson"); a shorter form of one longer name ("Fundi Twawilou",
"Alkifah Center"); and bare surnames, first names or acronyms attached to the one name they
fit, or, when several fit, to the one the article named last. Rules: data/names_en.toml."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..text.features import stopwords
from .lexicon import Lexicon, fold, one_edit
from .mentions import AND_WORDS, TYPES, Mention

Key = tuple[str, ...]

# --- comparing words ----------------------------------------------------------------------


def name_key(text: str, lex: Lexicon) -> Key:
    """Return the comparable words of a name: folded, no dots, particles or "al-" prefixes."""
    words = []
    for word in text.split():
        if word in lex.honorifics:
            continue
        low = fold(word).replace(".", "").removesuffix("'s").rstrip("'")
        if "/" in low and any(c.isdigit() for c in low.split("/")[0]):
            low = low.rsplit("/", 1)[-1]  # "55p/tempel-tuttle": the designation is not the name
        for prefix in lex.prefixes:
            if low.startswith(prefix) and len(low) > len(prefix):
                low = low[len(prefix):]
        low = low.lstrip("'")
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


_SPELT: dict[str, str] = {}  # one lexicon per process: normalised forms kept across stories


def spelling(word: str, lex: Lexicon) -> str:
    """Return a folded name word in the form spellings are compared in ("centre": "center")."""
    out = _SPELT.get(word)
    if out is None:
        low = lex.same_words.get(word, word)
        for old, new, at_end in lex.spelling:
            if at_end:
                low = low[:-len(old)] + new if low.endswith(old) else low
            else:
                low = low.replace(old, new)
        out = "".join(c for n, c in enumerate(low) if n == 0 or c != low[n - 1])
        _SPELT[word] = out
    return out


def close(a: str, b: str, lex: Lexicon) -> bool:
    """Are two folded name words spellings of one word (normalised, then one edit apart)?"""
    sa, sb = spelling(a, lex), spelling(b, lex)
    if sa == sb:
        return True
    return (a[:1] == b[:1] and min(len(sa), len(sb)) >= lex.fuzzy_min and one_edit(sa, sb))


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


def first_names_match(a: str, b: str, lex: Lexicon) -> bool:
    """`same_first_name`, or a short form of the other ("Bob" / "Robert"), or a typo of a
    listed first name one letter off ("Hand" for "Hans"; two listed names stay apart)."""
    if same_first_name(a, b):
        return True
    short_a, short_b = lex.nicknames.get(a, frozenset()), lex.nicknames.get(b, frozenset())
    if b in short_a or a in short_b or not short_a.isdisjoint(short_b):
        return True
    return (min(len(a), len(b)) >= 4 and a[0] == b[0] and one_edit(a, b)
            and not (a in lex.first_names and b in lex.first_names))


# --- the groups ---------------------------------------------------------------------------


class _Groups:
    """Union-find over name keys."""

    def __init__(self, keys: Iterable[Key]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: Key) -> Key:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: Key, b: Key) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Story:
    """What the merger knows of each key: its class, how often and where it is written."""

    lex: Lexicon
    keys: list[Key]
    kind: dict[Key, str] = field(default_factory=dict)  # person, org, place or other
    count: Counter[Key] = field(default_factory=Counter)
    where: dict[Key, list[tuple[int, int]]] = field(default_factory=dict)  # (doc, start)
    alone: set[Key] = field(default_factory=set)  # first names a source says stand alone
    weak: set[Key] = field(default_factory=set)  # one word, only ever opening a sentence
    lower: set[Key] = field(default_factory=set)  # written in lower case ("the monetary fund")
    # The particles written before each key's last word ("bin" of "Osama bin Laden").
    particles: dict[Key, set[str]] = field(default_factory=dict)
    named: list[tuple[Key, list[tuple[int, str]]]] = field(default_factory=list)  # orgs, things
    opens_thing: set[str] = field(default_factory=set)  # first words of org/place/thing names


def _keys_of(mentions: Sequence[Mention], lex: Lexicon) -> list[Key]:
    written: dict[str, Key] = {}  # a story repeats its names: key each spelling once
    keys: list[Key] = []
    for m in mentions:
        if m.known:
            keys.append(("=", m.known))
            continue
        if m.text not in written:
            written[m.text] = name_key(m.text, lex)
        key = written[m.text]
        # "Mrs. Fazul" is a woman of the Fazul family: not keyed with the bare "Fazul".
        keys.append(("%f", *key) if m.honour == "f" and len(key) == 1 else key)
    return keys


def _story(mentions: Sequence[Mention], keys: list[Key], lex: Lexicon) -> _Story:
    st = _Story(lex, keys)
    votes: dict[Key, list[float]] = {}
    kinds: dict[Key, Counter[str]] = {}
    for key, m in zip(keys, mentions, strict=True):
        total = votes.setdefault(key, [0.0, 0.0, 0.0])
        for n in range(3):
            total[n] += m.votes[n]
        if m.kind:
            kinds.setdefault(key, Counter())[m.kind] += 1
        st.count[key] += 1
        st.where.setdefault(key, []).append((m.doc, m.start))
        if m.text[:1].islower() and len(key) > 1:
            st.lower.add(key)
        words = m.text.split()
        if len(words) > 1 and fold(words[-2]) in lex.particles:
            st.particles.setdefault(key, set()).add(fold(words[-2]))
    st.weak = set(st.count)
    for key, m in zip(keys, mentions, strict=True):
        if not m.initial or len(key) > 1:
            st.weak.discard(key)
    for key, v in votes.items():
        if key in kinds:
            st.kind[key] = min(kinds[key], key=lambda k: (-kinds[key][k], k))
        else:
            st.kind[key] = TYPES[v.index(max(v))] if max(v) > v[0] else "person"
    return st


def _words(key: Key) -> Key:
    return key[1:] if key[:1] == ("%f",) else key


def _plain(key: Key) -> bool:
    return bool(key) and key[0] not in ("=", "%f")


def merge(mentions: Sequence[Mention], lex: Lexicon, texts: Sequence[str] = ()) -> list[Key]:
    """Return, for each mention, the key of the group (entity) it belongs to. `texts` are the
    articles' texts (mention offsets point into them): with them, the story's own
    definitions of names ("X, also known as Y") are read too."""
    keys = _keys_of(mentions, lex)
    st = _story(mentions, keys, lex)
    groups = _Groups(sorted(st.kind))
    if texts:
        _story_definitions(mentions, texts, st, groups)
    people = [k for k in sorted(st.kind) if _plain(k) and len(k) > 1 and st.kind[k] == "person"]
    _same_surname(people, groups, lex)
    _spellings([k for k in sorted(st.kind) if _plain(k)], st, groups)
    _contained(people, groups)
    _sub_names(st, groups)
    for key in sorted(st.kind, key=lambda k: (-st.count[k], k)):
        if len(_words(key)) == 1 and key[0] != "=":
            _attach_single(key, people, st, groups)
    return [groups.find(k) for k in keys]


# --- the story's own definitions ----------------------------------------------------------


def _story_definitions(
    mentions: Sequence[Mention], texts: Sequence[str], st: _Story, groups: _Groups
) -> None:
    """Join names the story says are one ("Slepian, whom friends called Bart"; "under an
    alias, Haroun Fazil"; "Advanced Composition Explorer (ACE)"), mark first names a source
    says stand alone ("identified only as Karen")."""
    lex, keys = st.lex, st.keys
    last_person: dict[int, int] = {}  # doc -> index of the last person mention
    for n, m in enumerate(mentions):
        text = texts[m.doc]
        before = text[max(0, m.start - 80):m.start]
        if n and mentions[n - 1].doc == m.doc:
            prev = mentions[n - 1]
            between = text[prev.end:m.start]
            if len(between) < 40 and _defines(prev, m, between, keys[n - 1], keys[n], lex):
                groups.union(keys[n - 1], keys[n])
        if any(p.search(before) for p in lex.alias_before) and m.doc in last_person:
            groups.union(keys[last_person[m.doc]], keys[n])
        if len(_words(keys[n])) == 1 and any(p.search(before) for p in lex.only_first):
            st.alone.add(keys[n])
        if st.kind.get(keys[n]) == "person" and _plain(keys[n]):
            last_person[m.doc] = n


def _defines(a: Mention, b: Mention, between: str, ka: Key, kb: Key, lex: Lexicon) -> bool:
    if not _plain(ka) or not _plain(kb) or ka == kb:  # "=": the gazetteer names it
        return False
    if any(p.match(between) for p in lex.alias_between):
        return True
    short, full = (b, a) if len(b.text.split()) == 1 else (a, b)
    letters = short.text.replace(".", "")
    return (2 <= len(letters) <= 6 and letters.isupper() and len(full.text.split()) > 1
            and any(p.match(between) for p in lex.acronym_between))


# --- full names ---------------------------------------------------------------------------


def _same_surname(people: list[Key], groups: _Groups, lex: Lexicon) -> None:
    # Only people with one surname can be one person: pairs are tried within a surname, not
    # across the story. The groups do not depend on the order of unions (a union keeps the
    # lesser root: a group's key is its least member), so these are the groups of all pairs.
    surnames: dict[str, list[Key]] = {}
    for p in people:
        surnames.setdefault(p[-1], []).append(p)
    for same in surnames.values():
        for n, a in enumerate(same):
            for b in same[n + 1:]:  # `people` is sorted: each pair once, with a < b
                if first_names_match(a[0], b[0], lex):
                    groups.union(a, b)


def _spellings(keys: list[Key], st: _Story, groups: _Groups) -> None:
    """Join names of one class written alike: every word the same once normalised, or all
    but one the same and that one a close spelling (a first name by `first_names_match`)."""
    lex = st.lex
    by_form: dict[tuple[str, Key], Key] = {}
    joined: dict[tuple[bool, str], Key] = {}
    buckets: dict[tuple[str, int, Key], list[Key]] = {}
    for key in keys:
        form = tuple(spelling(w, lex) for w in key)
        kind = st.kind[key]
        if (kind, form) in by_form:
            groups.union(by_form[kind, form], key)
        by_form.setdefault((kind, form), key)
        letters = (kind == "place", "".join(form))  # "Womenservices" is "Women's Services"
        if len(key) > 1 and len(letters[1]) >= 2 * lex.fuzzy_min:
            if letters in joined:
                groups.union(joined[letters], key)
            joined.setdefault(letters, key)
        for p in range(len(key)):
            # Close spellings share their first letter; first names may not ("Bob"/"Robert").
            letter = "" if kind == "person" and p == 0 and len(key) > 1 else key[p][:1]
            buckets.setdefault((kind, p, (letter, *form[:p], *form[p + 1:])), []).append(key)
    for (kind, p, _), same in buckets.items():
        for n, a in enumerate(same):
            for b in same[n + 1:]:
                if len(a) == 1 and (a[0] in lex.first_names or b[0] in lex.first_names):
                    continue  # two bare first names one letter apart are two names
                if kind == "person" and p == 0 and len(a) > 1:
                    ok = first_names_match(a[0], b[0], lex)
                else:
                    ok = close(a[p], b[p], lex)
                if ok:
                    groups.union(a, b)


def _contained(people: list[Key], groups: _Groups) -> None:
    """Join a name of 2+ words that opens or closes exactly one longer name ("Fundi
    Twawilou" of "Fundi Twawilou Abdulfateh", "Abdel Rahman" of "Omar Abdel Rahman")."""
    inside: dict[Key, set[Key]] = {}
    for long in people:
        for k in range(2, len(long)):
            inside.setdefault(long[:k], set()).add(long)
            inside.setdefault(long[-k:], set()).add(long)
    for short in people:
        fits = {groups.find(k) for k in inside.get(short, ())}
        if len(fits) == 1:
            groups.union(short, fits.pop())


def _sub_names(st: _Story, groups: _Groups) -> None:
    """Join a shorter form of an organisation or thing to the one longer name it is taken
    from: its words in order, opening it ("Virtue" of "Virtue Party", "Alkifah Center" of
    "Alkifah Refugee Center") or after descriptive words ("Islamic Virtue Party"). A name
    with an organisation word of its own is not joined to a longer one that adds another
    ("New York Times" / "New York Times Co." are a paper and its company)."""
    lex = st.lex
    longs: dict[str, list[Key]] = {}  # by each word (normalised) they hold
    for k in sorted(st.kind):
        if _plain(k) and len(k) > 1 and (st.kind[k] in ("org", "other")
                                         or (k[-1],) in lex.name_heads) \
                and not _coordinated(k, st):  # "... market"
            for w in set(k):
                longs.setdefault(spelling(w, lex), []).append(k)
    org_words = {fold(w).rstrip(".") for w in lex.org_keywords}
    descriptive = {fold(w) for w in lex.not_names} | {fold(w) for w in lex.demonyms}
    for short in sorted((k for k in st.kind if _plain(k) and st.kind[k] != "place"),
                        key=lambda k: (-len(k), k)):
        if short in st.weak or (st.kind[short] == "person"
                                and any(w in lex.first_names for w in short)):
            continue  # "National abortion-rights advocates": a capital only by grammar
        has_org = any(w in org_words for w in short)
        fits = {groups.find(long) for long in longs.get(spelling(short[0], lex), ())
                if len(long) > len(short) and _taken_from(short, long, has_org, org_words,
                                                          descriptive, lex, short in st.lower)}
        if short in st.lower:  # "the monetary fund" of a listed "International Monetary Fund"
            fits |= {groups.find(k) for k in st.kind if k[0] == "=" and st.kind[k] == "org"
                     and name_key(k[1], lex)[-len(short):] == short}
        if len(fits) == 1:
            groups.union(short, fits.pop())


def _coordinated(key: Key, st: _Story) -> bool:
    # "House and Senate", "White House and Congress": two names joined by "and", each
    # written alone in the story, are not one name to take a shorter form from.
    for n, w in enumerate(key):
        if w in AND_WORDS:
            tail = key[n + 1:]
            return any(tail[k:] in st.kind for k in range(len(tail)))
    return False


def _taken_from(short: Key, long: Key, has_org: bool, org_words: set[str],
                descriptive: set[str], lex: Lexicon, lower: bool = False) -> bool:
    form = [spelling(w, lex) for w in long]
    want = [spelling(w, lex) for w in short]
    if lower:  # "the monetary fund": the closing words of the name, in lower case
        return form[-len(want):] == want
    if want[0] not in form:
        return False
    lead = form.index(want[0])
    if any(long[i] not in descriptive for i in range(lead)):
        return False
    rest, k = [], 0
    for w, word in zip(form[lead:], long[lead:], strict=True):
        if k < len(want) and w == want[k]:
            k += 1
        else:
            rest.append(word)
    return k == len(want) and not (has_org and any(w in org_words for w in rest))


# --- bare words ---------------------------------------------------------------------------


def _attach_single(key: Key, people: list[Key], st: _Story, groups: _Groups) -> None:
    """Attach a one-word name: a surname to the person it names ("Mrs." to a woman of that
    family), a first name to the one person of that first name, else an organisation
    keyword or an acronym to the one organisation it fits, or a spelling one edit off."""
    lex = st.lex
    word = _words(key)[0]
    # "Ben Yehuda" is not a short form of "Mahane Yehuda": a particle must be the person's.
    mine = st.particles.get(key, set())
    people = [p for p in people if mine <= st.particles.get(p, set())] if mine else people
    surnames = {groups.find(p) for p in people if p[-1] == word}
    if not surnames and len(word) >= lex.fuzzy_min:
        surnames = {groups.find(p) for p in people if close(p[-1], word, lex)}
    firsts: set[Key] = set()
    if not st.opens_thing:
        st.opens_thing = {k[0] for k in st.kind if len(k) > 1 and _plain(k)
                          and st.kind[k] != "person"} | {""}
    if key[0] != "%f" and key not in st.alone and key not in st.weak \
            and word not in stopwords() and st.kind[key] in ("person", "other") \
            and word not in st.opens_thing:  # "Interior" opens "Interior Department" too
        firsts = {groups.find(p) for p in people
                  if p[0] == word or (len(word) >= 4 and len(p[0]) >= 4 and word[0] == p[0][0]
                                      and one_edit(word, p[0]))}
    if groups.find(key) in surnames | firsts:
        return
    fits = surnames | firsts
    if len(fits) == 1:
        groups.union(key, fits.pop())
        return
    if fits:
        # A plain surname names the family member the story names most; "Mrs." or a word that
        # is also a first name, the one its article named last.
        if firsts or key[0] == "%f":
            chosen = _last_named(key, fits, st, groups)
        else:
            chosen = max(surnames, key=lambda g: (_group_count(g, st, groups), g))
        if chosen is not None:
            groups.union(key, chosen)
        return
    if key[0] != "%f":
        _attach_other(key, word, st, groups)


def _group_count(root: Key, st: _Story, groups: _Groups) -> int:
    return sum(c for k, c in st.count.items() if groups.find(k) == root)


def _last_named(key: Key, fits: set[Key], st: _Story, groups: _Groups) -> Key | None:
    # Each mention of `key` votes for the candidate its article named last before it; the
    # most voted wins, a tie or no vote decides nothing.
    places: dict[Key, list[tuple[int, int]]] = {g: [] for g in fits}
    for k, where in st.where.items():
        root = groups.find(k)
        if root in places and k != key:
            places[root].extend(where)
    for where in places.values():
        where.sort()
    votes: Counter[Key] = Counter()
    for doc, start in st.where[key]:
        best, best_start = None, -1
        for g, where in places.items():
            n = bisect_left(where, (doc, start))
            if n and where[n - 1][0] == doc and where[n - 1][1] > best_start:
                best, best_start = g, where[n - 1][1]
        if best is not None:
            votes[best] += 1
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _attach_other(key: Key, word: str, st: _Story, groups: _Groups) -> None:
    # A bare organisation keyword ("the Observatory") or an acronym joins the one
    # organisation or thing it can stand for; the last word of one named thing ("Temple-
    # Tuttle" of "Comet Tempel-Tuttle") joins it when spelt close.
    lex = st.lex
    keyword = word.title() in lex.org_keywords
    if not st.named:  # built once, tried by every bare word
        st.named = [(k, _initials(k, lex)) for k in sorted(st.kind) if len(k) > 1
                    and k[0] != "%f" and (st.kind[k] in ("org", "other") or k[0] == "=")]
    fits = {groups.find(o) for o, letters in st.named
            if (keyword and word in o) or _acronym_of(word, letters)}
    if not fits and not keyword:
        fits = {groups.find(o) for o, _ in st.named if st.kind[o] == "other" and o[0] != "="
                and close(o[-1], word, lex)}
    if len(fits) == 1:
        groups.union(key, fits.pop())


def _initials(key: Key, lex: Lexicon) -> list[tuple[int, str]]:
    """Return (words, initials) of each way of writing an organisation key in 2+ words."""
    # A listed organisation is tried under every alias.
    names = [name_key(a, lex) for a in lex.aliases.get(key[1], ())] if key[0] == "=" else [key]
    skip = {c for t in lex.connectors for c in t} | AND_WORDS  # "Fire and Rescue Service": FRS
    return [(len(n), "".join(w[0] for w in n if w not in skip)) for n in names if len(n) > 1]


def _acronym_of(word: str, initials: list[tuple[int, str]]) -> bool:
    # "G.A." stands for "General Assembly": the initials of a name at least as long end in it.
    if len(word) < 2:
        return False
    return any(size >= len(word) and letters.endswith(word) for size, letters in initials)
