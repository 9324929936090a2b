"""Entities: the people, organisations and places of a story, with spelling variants merged.

The stage of the brief: mentions (`mentions`) merged by name (`names`) into entities, indexed
once per story (the per-story memo) for the quotes and speakers stages that read it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Brief, Entity
from ..settings import Settings
from ..text.features import StoryFeatures
from .lexicon import fold, lexicon
from .mentions import TYPES, Mention, rule_mentions
from .names import merge, same_first_name
from .ner_spacy import spacy_mentions

__all__ = ["EntityIndex", "Mention", "entities", "fold", "index", "lexicon", "same_first_name"]


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """A story's mentions, the entity each belongs to, and the entities."""

    mentions: tuple[Mention, ...]  # sorted by (doc, start)
    owner: tuple[int, ...]  # index into `entities` of each mention
    entities: tuple[Entity, ...]
    roles: tuple[frozenset[str], ...]  # role words per entity ("envoy", "spokesman")


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
    # Named as the sources name it: the most written full form (2+ words), not the longest.
    full = [w for w in names if len(w.split()) > 1] or names
    name = known[0] if known else min(full, key=lambda w: (-written[w], -len(w.split()), w))
    # The ways of writing it, with a courtesy word where the source used one ("Mrs. Fazul").
    names = sorted({*names, *(m.written for m in ms if m.written and not m.demonym)})
    votes = [sum(m.votes[n] for m in ms) for n in range(3)]
    kinds = sorted({m.kind for m in ms if m.kind})
    kind = kinds[0] if kinds else (TYPES[votes.index(max(votes))] if max(votes) > 0 else "other")
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
    groups = merge(found, lex, [a.text for a in story.articles])
    entities_, owner, roles = build_entities(found, groups, order)
    return EntityIndex(tuple(found), owner, entities_, roles)


def entities(brief: Brief, story: StoryFeatures, settings: Settings) -> tuple[Entity, ...]:
    """Return the story's people, organisations and places, most widely reported first."""
    found = index(story, settings).entities
    order = {a.id: n for n, a in enumerate(brief.articles)}
    demonyms = lexicon().demonyms
    return tuple(
        Entity(e.name, e.type, e.variants,
               tuple(sorted(e.articles, key=lambda a: order.get(a, len(order)))), e.mentions)
        for e in found
        # A country only ever named by its adjective ("Haitians") is not listed as a name.
        if not all(v in demonyms for v in e.variants)
    )
