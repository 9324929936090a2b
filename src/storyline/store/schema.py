"""The store's tables (SQLAlchemy Core) and their migrations.

One row per article (its cleaned text and metadata; deduplication keys: URL, the user's id,
the outlet and text), per story (stable id, counts, time span, whether its brief is due), per
brief version (compressed JSON without the article texts, which live once in `articles`), per
batch (one `add`: what it read and when), and the clusterer's state (one row). The schema is
versioned in `schema_version`; `MIGRATIONS[n]` takes a store from version n to n + 1.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
)

articles = Table(
    "articles", metadata,
    Column("id", String(40), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),  # arrival order in the store
    Column("story", String(40), nullable=False, index=True),
    Column("batch", Integer, nullable=False),
    Column("url", Text, index=True),
    Column("ref", Text, index=True),
    Column("content", String(40), nullable=False, index=True),  # outlet + text hash
    Column("source", Text),
    Column("published", String(10)),
    Column("published_time", String(5)),
    Column("data", LargeBinary, nullable=False),  # the cleaned Article, zlib'd JSON
)

stories = Table(
    "stories", metadata,
    Column("id", String(40), primary_key=True),
    Column("number", Integer, nullable=False, unique=True),  # the clusterer's story number
    Column("title", Text),
    Column("articles", Integer, nullable=False),
    Column("outlets", Integer, nullable=False),
    Column("first_seen", String(16)),
    Column("last_seen", String(16), index=True),
    Column("created_batch", Integer, nullable=False),
    Column("updated_batch", Integer, nullable=False, index=True),
    Column("updated_at", Float, nullable=False),  # Unix time of the batch that last grew it
    Column("is_open", Boolean, nullable=False),
    Column("due", Boolean, nullable=False, index=True),  # its brief is older than its articles
    Column("versions", Integer, nullable=False),
    Column("search", Text),  # headline and entity names, lower-cased, for the front page
)

briefs = Table(
    "briefs", metadata,
    Column("story", String(40), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("batch", Integer, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),  # zlib'd brief JSON, article texts left out
)

batches = Table(
    "batches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", Float, nullable=False),
    Column("added", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("inputs", Text, nullable=False),  # the inputs as given, JSON
)

clusterer_state = Table(
    "clusterer_state", metadata,
    Column("id", Integer, primary_key=True),
    Column("batch", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),  # cluster.state.dump_state
    Column("settings", Text, nullable=False),  # the clustering settings it ran with, JSON
)

Index("stories_activity", stories.c.updated_at, stories.c.id)


def _create_v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[articles, stories, briefs, batches, clusterer_state])


# MIGRATIONS[n] brings a store at version n to n + 1 (version 0: empty, just created).
MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_create_v1,)
SCHEMA_VERSION = len(MIGRATIONS)
