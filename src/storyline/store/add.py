"""`storyline add`: put new articles into the store, each in its story, in one transaction.

A batch is read and cleaned first (no lock held), then, in one write transaction: articles the
store already has are set aside (same URL, same id of the user's, or the same outlet and
text), the rest are clustered in stream order by the clusterer resumed from its saved state,
written with their stories, and the state saved again. Stories that grew are marked `due`;
their briefs are rebuilt afterwards, one story per transaction (`build_due_briefs`), so a
crash anywhere leaves either the whole batch or none of it, and a re-run finishes the briefs.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, select, update

from ..cluster import cleaned
from ..cluster.state import dump_state, load_state
from ..cluster.stream import StreamClusterer, stream_order
from ..ingest import iter_ingest
from ..model import Article, InputRecord
from ..settings import Settings
from .codec import content_key, pack_article, ref_key, story_key
from .db import StoreError, writing
from .schema import articles, batches, clusterer_state, stories

# The settings that decide which story an article joins: a store keeps the ones it began with.
CLUSTER_SETTINGS = ("cluster_threshold", "cluster_window_days", "cluster_lead_words",
                    "cluster_max_open", "seed", "duplicate_threshold")
# Keys per IN (...) query: well under SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


@dataclass
class BatchReport:
    """What one `add` did with every input: added (to which story), duplicate, or skipped."""

    batch: int = 0
    added: list[tuple[str, str, str]] = field(default_factory=list)  # origin, article, story
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # origin, of, why
    skipped: list[InputRecord] = field(default_factory=list)
    new_stories: int = 0
    grown_stories: int = 0
    closed_stories: int = 0


def read_inputs(paths: Sequence[str], settings: Settings,
                report: Callable[[InputRecord], None] | None = None) -> list[Article]:
    """Read and clean the inputs as `storyline cluster` does; skipped inputs go to `report`."""
    def raw() -> Iterable[Article]:
        for item in iter_ingest(paths, settings, stream_stdin=True):
            if isinstance(item, Article):
                yield item
            elif report is not None:
                report(item)

    return list(cleaned(raw(), settings, report))


def cluster_settings(settings: Settings) -> dict[str, object]:
    """The clustering part of the settings, as stored with the clusterer's state."""
    return {name: getattr(settings, name) for name in CLUSTER_SETTINGS}


def add_articles(engine: Engine, batch: Sequence[Article], settings: Settings,
                 inputs: Sequence[str] = (), skipped: Sequence[InputRecord] = ()) -> BatchReport:
    """Add cleaned articles to the store in one transaction; return what became of each."""
    report = BatchReport(skipped=list(skipped))
    fresh = _unique(batch, report)
    with writing(engine) as conn:
        fresh = _not_stored(conn, fresh, report)
        existed = _check_settings(conn, settings)
        report.batch = _open_batch(conn, inputs, len(fresh), report)
        if fresh:  # the clusterer's state is read (and written) only when there is news
            clusterer = _clusterer(conn, settings) if existed else StreamClusterer(settings)
            fresh.sort(key=stream_order)
            _cluster_and_write(conn, clusterer, fresh, report)
            _save_state(conn, clusterer, existed, report.batch, settings)
    return report


def _unique(batch: Sequence[Article], report: BatchReport) -> list[Article]:
    """The batch without its own repeats (the first of each is kept, in input order)."""
    seen: dict[str, str] = {}
    kept: list[Article] = []
    for article in batch:
        keys = _keys(article)
        hit = next(((k, seen[k]) for k in keys if k in seen), None)
        if hit is not None:
            report.duplicates.append((article.origin, hit[1], _why(hit[0], article)))
            continue
        for key in keys:
            seen[key] = article.id
        kept.append(article)
    return kept


def _keys(article: Article) -> list[str]:
    keys = [f"id:{article.id}", f"content:{content_key(article)}"]
    if article.url:
        keys.append(f"url:{article.url.strip()}")
    ref = ref_key(article)
    if ref:
        keys.append(f"ref:{ref}")
    return keys


def _why(key: str, article: Article) -> str:
    kind = key.split(":", 1)[0]
    if kind == "id":  # the id is made from the user's id, else the URL, else the text
        kind = "ref" if article.ref else "url" if article.url else "content"
    return {"content": "the same outlet and text", "url": "the same URL",
            "ref": "the same id from the same outlet"}[kind]


def _not_stored(conn: Connection, fresh: list[Article], report: BatchReport) -> list[Article]:
    """Drop the articles the store already holds, reporting which one each repeats."""
    known: dict[str, str] = {}
    columns = {"id": articles.c.id, "content": articles.c.content, "url": articles.c.url,
               "ref": articles.c.ref}
    wanted: dict[str, set[str]] = {kind: set() for kind in columns}
    for article in fresh:
        for key in _keys(article):
            kind, value = key.split(":", 1)
            wanted[kind].add(value)
    for kind, column in columns.items():
        values = sorted(wanted[kind])
        for at in range(0, len(values), CHUNK):
            query = select(column, articles.c.id).where(column.in_(values[at:at + CHUNK]))
            for value, article_id in conn.execute(query):
                known[f"{kind}:{value}"] = article_id
    kept = []
    for article in fresh:
        hit = next((k for k in _keys(article) if k in known), None)
        if hit is None:
            kept.append(article)
        else:
            report.duplicates.append((article.origin, known[hit], _why(hit, article)))
    return kept


def _check_settings(conn: Connection, settings: Settings) -> bool:
    """Refuse clustering settings other than the store's; False for a store never clustered."""
    stored_text = conn.execute(select(clusterer_state.c.settings)).scalar()
    if stored_text is None:
        return False
    stored = json.loads(stored_text)
    wanted = cluster_settings(settings)
    if stored != wanted:
        changed = ", ".join(f"{k} {stored.get(k)} (asked {wanted[k]})" for k in wanted
                            if stored.get(k) != wanted[k])
        raise StoreError(f"this store clusters with {changed}: its stories can only grow "
                         "under the settings it began with; use them, or start a new store")
    return True


def _clusterer(conn: Connection, settings: Settings) -> StreamClusterer:
    """The clusterer as the last batch left it."""
    data = conn.execute(select(clusterer_state.c.data)).scalar_one()
    return load_state(bytes(data), settings)


def _open_batch(conn: Connection, inputs: Sequence[str], added: int,
                report: BatchReport) -> int:
    result = conn.execute(batches.insert().values(
        started_at=time.time(), added=added, duplicates=len(report.duplicates),
        skipped=len(report.skipped), inputs=json.dumps(list(inputs))))
    key = result.inserted_primary_key
    return int(key[0]) if key else 0


def _cluster_and_write(conn: Connection, clusterer: StreamClusterer, fresh: list[Article],
                       report: BatchReport) -> None:
    seq = (conn.execute(select(func.max(articles.c.seq))).scalar() or 0) + 1
    joined: dict[int, list[Article]] = {}
    closed: list[str] = []
    for article in fresh:
        for story in clusterer.add(article):
            closed.append(story_key(story.articles[0]))
        joined.setdefault(clusterer.story_of[article.id], []).append(article)
    ids = _story_ids(conn, joined)
    rows = []
    for number, members in joined.items():
        for article in members:
            rows.append(_article_row(article, ids[number], seq, report.batch))
            report.added.append((article.origin, article.id, ids[number]))
            seq += 1
    rows.sort(key=lambda r: int(str(r["seq"])))
    for at in range(0, len(rows), CHUNK):
        conn.execute(articles.insert(), rows[at:at + CHUNK])
    _write_stories(conn, joined, ids, report)
    for at in range(0, len(closed), CHUNK):
        conn.execute(update(stories).where(stories.c.id.in_(closed[at:at + CHUNK]))
                     .values(is_open=False))
    report.closed_stories = len(closed)


def _story_ids(conn: Connection, joined: dict[int, list[Article]]) -> dict[int, str]:
    """Each touched story number's id: stored already, or new (from its first article)."""
    numbers = sorted(joined)
    ids: dict[int, str] = {}
    for at in range(0, len(numbers), CHUNK):
        query = select(stories.c.number, stories.c.id).where(
            stories.c.number.in_(numbers[at:at + CHUNK]))
        ids.update({int(n): str(i) for n, i in conn.execute(query)})
    for number in numbers:
        if number not in ids:
            ids[number] = story_key(joined[number][0].id)  # it opened the story
    return ids


def _article_row(article: Article, story: str, seq: int, batch: int) -> dict[str, object]:
    return {"id": article.id, "seq": seq, "story": story, "batch": batch,
            "url": article.url.strip() if article.url else None, "ref": ref_key(article),
            "content": content_key(article), "source": article.source,
            "published": article.published, "published_time": article.published_time,
            "data": pack_article(article)}


def _stamp(article: Article) -> str | None:
    if not article.published:
        return None
    return (f"{article.published}T{article.published_time}" if article.published_time
            else article.published)


def _write_stories(conn: Connection, joined: dict[int, list[Article]], ids: dict[int, str],
                   report: BatchReport) -> None:
    """Insert the new stories and update the grown ones: counts, time span, due for a brief."""
    touched = sorted(ids.values())
    old = {}
    for at in range(0, len(touched), CHUNK):
        query = select(stories).where(stories.c.id.in_(touched[at:at + CHUNK]))
        old.update({row.id: row for row in conn.execute(query)})
    outlets = _outlet_counts(conn, touched)
    now = time.time()
    for number, members in joined.items():
        story = ids[number]
        stamps = [s for s in map(_stamp, members) if s]
        before = old.get(story)
        if before is not None:
            stamps += [s for s in (before.first_seen, before.last_seen) if s]
        values = {"articles": len(members) + (before.articles if before else 0),
                  "outlets": outlets.get(story, 0), "updated_batch": report.batch,
                  "updated_at": now, "due": True,
                  "first_seen": min(stamps) if stamps else None,
                  "last_seen": max(stamps) if stamps else None}
        if before is None:
            report.new_stories += 1
            title = next((a.title for a in members if a.title), None)
            conn.execute(stories.insert().values(
                id=story, number=number, title=title, created_batch=report.batch,
                is_open=True, versions=0, search=(title or "").lower(), **values))
        else:
            report.grown_stories += 1
            conn.execute(update(stories).where(stories.c.id == story).values(**values))


def _outlet_counts(conn: Connection, touched: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for at in range(0, len(touched), CHUNK):
        query = (select(articles.c.story, func.count(func.distinct(articles.c.source)))
                 .where(articles.c.story.in_(touched[at:at + CHUNK]))
                 .group_by(articles.c.story))
        counts.update({str(s): int(n) for s, n in conn.execute(query)})
    return counts


def _save_state(conn: Connection, clusterer: StreamClusterer, existed: bool, batch: int,
                settings: Settings) -> None:
    values = {"batch": batch, "articles": clusterer.docs, "data": dump_state(clusterer),
              "settings": json.dumps(cluster_settings(settings), sort_keys=True)}
    if existed:
        conn.execute(update(clusterer_state).where(clusterer_state.c.id == 1).values(**values))
    else:
        conn.execute(clusterer_state.insert().values(id=1, **values))
