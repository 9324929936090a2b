"""Briefs in the store: rebuilt for the stories that grew (each version kept), read back by
version with their articles' texts."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, Engine, func, select, update

from ..model import Article, Brief
from ..settings import Settings
from .codec import pack_brief, unpack_article, unpack_brief
from .db import StoreError, writing
from .schema import articles, briefs, stories


def due_stories(engine: Engine) -> list[str]:
    """The stories whose brief is older than their articles, in id order."""
    with engine.connect() as conn:
        query = select(stories.c.id).where(stories.c.due).order_by(stories.c.id)
        return [str(s) for s in conn.scalars(query)]


def story_articles(conn: Connection, story: str) -> list[Article]:
    """A story's articles in the order they joined it (as the clusterer saw them)."""
    query = select(articles.c.data).where(articles.c.story == story).order_by(articles.c.seq)
    return [unpack_article(bytes(blob)) for blob in conn.scalars(query)]


def build_due_briefs(engine: Engine, settings: Settings,
                     tick: Callable[[str], None] | None = None) -> int:
    """Brief every due story, one transaction each; return how many were built."""
    built = 0
    for story in due_stories(engine):
        if build_brief(engine, story, settings):
            built += 1
        if tick is not None:
            tick(story)
    return built


def build_brief(engine: Engine, story: str, settings: Settings) -> bool:
    """Write the next brief version of one story; False when another writer got there first."""
    from ..pipeline import brief_cleaned  # start-up: reading a store loads no pipeline

    with engine.connect() as conn:
        members = story_articles(conn, story)
    brief = brief_cleaned(members, settings=settings, one_story=False)
    with writing(engine) as conn:
        row = conn.execute(select(stories.c.versions, stories.c.articles, stories.c.due,
                                  stories.c.updated_batch).where(stories.c.id == story)).first()
        if row is None or not row.due or row.articles != len(members):
            return False  # grown again meanwhile, or already briefed: the next run will do it
        version = row.versions + 1
        conn.execute(briefs.insert().values(
            story=story, version=version, batch=row.updated_batch, created_at=time.time(),
            articles=len(members), data=pack_brief(brief)))
        conn.execute(update(stories).where(stories.c.id == story).values(
            due=False, versions=version, title=brief.title or _first_title(members),
            search=_search_text(brief)))
    return True


def _first_title(members: Sequence[Article]) -> str | None:
    return next((a.title for a in members if a.title), None)


def _search_text(brief: Brief) -> str:
    words = [brief.title or ""] + [e.name for e in brief.entities]
    return " | ".join(w for w in words if w).lower()


def read_brief(engine: Engine, story: str, version: int | None = None) -> tuple[Brief, int]:
    """A story's brief (the latest, or version N) and its version number."""
    with engine.connect() as conn:
        return read_brief_in(conn, story, version)


def read_brief_in(conn: Connection, story: str, version: int | None) -> tuple[Brief, int]:
    """`read_brief` on an open connection."""
    latest = conn.execute(select(func.max(briefs.c.version))
                          .where(briefs.c.story == story)).scalar()
    if latest is None:
        known = conn.execute(select(stories.c.id).where(stories.c.id == story)).first()
        if known is None:
            raise StoreError(f"no story {story} in this store (storyline stories lists them)")
        raise StoreError(f"story {story} has no brief yet: run storyline add --store ... "
                         "(with no inputs) to build the due briefs")
    wanted = latest if version is None else version
    blob = conn.execute(select(briefs.c.data).where(briefs.c.story == story,
                                                    briefs.c.version == wanted)).scalar()
    if blob is None:
        raise StoreError(f"story {story} has versions 1 to {latest}, not {version}")
    texts = {a.id: a.text for a in story_articles(conn, story)}
    return unpack_brief(bytes(blob), texts), int(wanted)
