"""Reading the store: the stories list (filtered, newest activity first) and the export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Select, func, select

from .db import StoreError
from .schema import articles, batches, stories


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of `storyline stories`."""

    id: str
    title: str | None
    articles: int
    outlets: int
    first_seen: str | None
    last_seen: str | None
    updated_at: float
    versions: int
    is_open: bool
    due: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"story": self.id, "title": self.title, "articles": self.articles,
                "outlets": self.outlets, "first_seen": self.first_seen,
                "last_seen": self.last_seen, "updated_at": self.updated_at,
                "versions": self.versions, "open": self.is_open, "brief_due": self.due}


_COLUMNS = (stories.c.id, stories.c.title, stories.c.articles, stories.c.outlets,
            stories.c.first_seen, stories.c.last_seen, stories.c.updated_at,
            stories.c.versions, stories.c.is_open, stories.c.due)


def _row(row: Any) -> StoryRow:
    values = tuple(row)
    return StoryRow(values[0], values[1], int(values[2]), int(values[3]), values[4], values[5],
                    float(values[6]), int(values[7]), bool(values[8]), bool(values[9]))


def _filtered(since: str | None, until: str | None, min_articles: int,
              search: str | None) -> Select[Any]:
    query = select(*_COLUMNS)
    if since:  # a story is in the span when its time span overlaps it
        query = query.where(stories.c.last_seen >= since)
    if until:
        query = query.where(stories.c.first_seen <= until + "T99:99")
    if min_articles > 1:
        query = query.where(stories.c.articles >= min_articles)
    for word in (search or "").lower().split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(stories.c.search.like(f"%{escaped}%", escape="\\"))
    return query


def list_stories(engine: Engine, since: str | None = None, until: str | None = None,
                 min_articles: int = 1, search: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[StoryRow]:
    """The stories, latest publication first (then the latest grown, then id)."""
    query = _filtered(since, until, min_articles, search).order_by(
        stories.c.last_seen.desc(), stories.c.updated_at.desc(), stories.c.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    with engine.connect() as conn:
        return [_row(row) for row in conn.execute(query)]


def recent_stories(engine: Engine, limit: int, search: str | None = None) -> list[StoryRow]:
    """The stories most lately grown by an `add` first (the front page)."""
    query = _filtered(None, None, 1, search).order_by(
        stories.c.updated_at.desc(), stories.c.id).limit(limit)
    with engine.connect() as conn:
        return [_row(row) for row in conn.execute(query)]


def story_row(engine: Engine, story: str) -> StoryRow:
    """One story's row (StoreError if absent)."""
    with engine.connect() as conn:
        row = conn.execute(select(*_COLUMNS).where(stories.c.id == story)).first()
    if row is None:
        raise StoreError(f"no story {story} in this store (storyline stories lists them)")
    return _row(row)


def store_counts(engine: Engine) -> dict[str, int]:
    """Articles, stories and batches in the store."""
    with engine.connect() as conn:
        return {
            "articles": int(conn.execute(select(func.count()).select_from(articles)).scalar()
                            or 0),
            "stories": int(conn.execute(select(func.count()).select_from(stories)).scalar()
                           or 0),
            "batches": int(conn.execute(select(func.count()).select_from(batches)).scalar()
                           or 0),
        }


def export_records(engine: Engine, min_articles: int = 1) -> Iterator[dict[str, Any]]:
    """One record per story (id order): its row, its article ids, its latest brief if any."""
    from .briefs import read_brief_in

    with engine.connect() as conn:
        query = select(*_COLUMNS).where(stories.c.articles >= min_articles).order_by(
            stories.c.id)
        for row in conn.execute(query).all():
            story = _row(row)
            record = story.to_dict()
            record.pop("updated_at")  # wall-clock time: the export depends on content only
            ids = conn.scalars(select(articles.c.id).where(articles.c.story == story.id)
                               .order_by(articles.c.seq)).all()
            record["article_ids"] = list(ids)
            record["brief"] = (read_brief_in(conn, story.id, None)[0].to_dict()
                               if story.versions else None)
            yield record
