"""Name merging: which mentions name the same entity, whichever recognizer found them:
gazetteer aliases ("Russian Federation" = Russia), same surname with a similar first name
("Sergey" / "Sergei" Lavrov), and bare surnames or acronyms attached to the one full name
they match."""

from __future__ import annotations

from collections.abc import Sequence

from .lexicon import Lexicon, fold
from .mentions import AND_WORDS, Mention

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
    skip = {c for t in lex.connectors for c in t} | AND_WORDS  # "Fire and Rescue Service": FRS
    return [(len(n), "".join(w[0] for w in n if w not in skip)) for n in names if len(n) > 1]


def _acronym_of(word: str, initials: list[tuple[int, str]]) -> bool:
    # "G.A." stands for "General Assembly": the initials of a name at least as long end in it.
    if len(word) < 2:
        return False
    return any(size >= len(word) and letters.endswith(word) for size, letters in initials)
