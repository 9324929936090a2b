"""The entity lexicon: word lists and cues for names (data/entities_en.toml,
data/attribution_en.toml), and the folding every comparison of names goes through."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import load_toml


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return `text` lower-cased without accents, with curly apostrophes made straight."""
    if text.isascii():
        return text.lower()  # no accent, no curly apostrophe: nothing to decompose
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def one_edit(a: str, b: str) -> bool:
    """Is `b` one letter added, dropped or changed, or two neighbours swapped, from `a`?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        rest = a[start + 1:] == b[start + 1:]
        swapped = a[start:start + 2] == b[start:start + 2][::-1] and a[start + 2:] == b[start + 2:]
        return rest or swapped
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1:] == shorter[start:]


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
    org_closers: frozenset[str]  # keywords that end an organisation's name ("Corp.")
    group_words: frozenset[str]  # "Republicans": a party's members named as a group
    place_keywords: frozenset[str]
    other_keywords: frozenset[str]  # "War", "Olympics": events and things, not org or place
    org_before: frozenset[str]  # "newspaper al-Watan": a word before a name making it an org
    place_next: frozenset[str]
    place_before: frozenset[str]
    place_phrases: frozenset[str]
    place_suffixes: frozenset[str]
    not_names: frozenset[str]
    not_name_patterns: tuple[re.Pattern[str], ...]
    first_names: frozenset[str]
    known: dict[str, tuple[str, str]]  # name or alias as written -> (canonical, type)
    aliases: dict[str, tuple[str, ...]]  # canonical name -> every way of writing it
    demonyms: dict[str, str]  # "Russian", "Russians" -> "Russia"
    verbs: frozenset[str]
    person_nouns: frozenset[str]
    # data/names_en.toml: when two written names are one entity.
    nicknames: dict[str, frozenset[str]]  # folded short first name -> its full forms
    spelling: tuple[tuple[str, str, bool], ...]  # (from, to, at the end only)
    fuzzy_min: int
    same_words: dict[str, str]  # "corp" -> "corporation"
    female: frozenset[str]
    male: frozenset[str]
    alias_between: tuple[re.Pattern[str], ...]
    acronym_between: tuple[re.Pattern[str], ...]
    alias_before: tuple[re.Pattern[str], ...]
    only_first: tuple[re.Pattern[str], ...]
    name_heads: dict[tuple[str, ...], str]  # lower-case words closing a name -> its type
    head_starts: frozenset[tuple[str]]  # first words of `name_heads` (fast reject)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the English entity and attribution word lists."""
    ent, att = load_toml("entities_en.toml"), load_toml("attribution_en.toml")
    titles = sorted({tuple(fold(t).split()) for t in (*att["titles"], *ent["titles"])},
                    key=lambda t: (-len(t), t))
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
        org_closers=frozenset(ent["org_closers"]),
        group_words=frozenset(ent["group_words"]),
        place_keywords=frozenset(ent["place_keywords"]),
        other_keywords=frozenset(ent["other_keywords"]), org_before=frozenset(ent["org_before"]),
        place_next=frozenset(ent["place_next_words"]),
        place_before=frozenset(ent["place_before"]),
        place_phrases=frozenset(ent["place_before_phrases"]),
        place_suffixes=frozenset(ent["place_suffixes"]), not_names=frozenset(ent["not_names"]),
        not_name_patterns=tuple(re.compile(p) for p in ent["not_name_patterns"]),
        first_names=frozenset(fold(n) for n in ent["first_names"]), known=known,
        aliases={c: tuple(a for a, k in known.items() if k[0] == c) for c, _ in known.values()},
        demonyms=demonyms, verbs=frozenset(att["verbs"]),
        person_nouns=frozenset(att["person_nouns"]) | title_words,
        **_name_rules(load_toml("names_en.toml")),
    )


def _name_rules(rules: dict[str, Any]) -> dict[str, Any]:
    """The fields of `Lexicon` read from data/names_en.toml."""
    cues = rules["cues"]
    return {
        "nicknames": {k: frozenset(v) for k, v in rules["nicknames"].items()},
        "spelling": tuple((a.rstrip("$"), b, a.endswith("$")) for a, b in rules["spelling"]),
        "fuzzy_min": int(rules["fuzzy_min_letters"]),
        "same_words": dict(rules["same_words"]),
        "female": frozenset(rules["honorifics"]["female"]),
        "male": frozenset(rules["honorifics"]["male"]),
        "alias_between": tuple(re.compile(c) for c in cues["alias_between"]),
        "acronym_between": tuple(re.compile(c) for c in cues["acronym_between"]),
        "alias_before": tuple(re.compile(c) for c in cues["alias_before"]),
        "only_first": tuple(re.compile(c) for c in cues["only_first_name"]),
        "name_heads": {tuple(k.split()): v for k, v in rules["name_heads"].items()},
        "head_starts": frozenset((k.split()[0],) for k in rules["name_heads"]),
    }
