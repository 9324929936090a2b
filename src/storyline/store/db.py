"""Opening a store: a SQLite file (WAL, created on first use) or a PostgreSQL URL, migrated to
the current schema. Writers take the write lock when their transaction begins, so two `add`s
never interleave and a reader (serve) never waits for one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select, text

from ..errors import StorylineError
from .schema import MIGRATIONS, SCHEMA_VERSION, schema_version

# Seconds a SQLite writer waits for another writer's transaction before giving up.
BUSY_SECONDS = 30


class StoreError(StorylineError):
    """The store cannot be opened, is newer than this storyline, or was built differently."""


def store_url(where: str) -> str:
    """Return the SQLAlchemy URL of a store given as a file path or a database URL."""
    if "://" not in where:
        return "sqlite:///" + os.path.abspath(where)
    scheme, rest = where.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        return "postgresql+psycopg://" + rest  # psycopg 3, the maintained driver
    return where


def is_sqlite(engine: Engine) -> bool:
    """True when the store is a SQLite file."""
    return engine.dialect.name == "sqlite"


def open_store(where: str) -> Engine:
    """Open (creating and migrating when needed) the store at a path or URL."""
    url = store_url(where)
    if url.startswith("sqlite:///"):
        folder = os.path.dirname(url.removeprefix("sqlite:///"))
        if folder and not os.path.isdir(folder):
            raise StoreError(f"cannot create the store: folder {folder} does not exist")
    try:
        engine = create_engine(url, connect_args=_connect_args(url))
    except Exception as exc:  # a bad URL or a missing driver: say which
        raise StoreError(f"cannot open store {where}: {exc}") from exc
    if is_sqlite(engine):
        _sqlite_manners(engine)
    try:
        migrate(engine)
    except StoreError:
        raise
    except Exception as exc:  # the server is down, the file is not a database...
        raise StoreError(f"cannot open store {where}: {str(exc).splitlines()[0]}") from exc
    return engine


def _connect_args(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"timeout": BUSY_SECONDS, "check_same_thread": False}
    return {}


def _sqlite_manners(engine: Engine) -> None:
    """WAL journal, foreign keys, and BEGIN / BEGIN IMMEDIATE issued by us, not the driver."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # the driver's own implicit BEGINs are off
        cursor = dbapi.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash loses no commit
        cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("store_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# The PostgreSQL advisory lock every writer takes (SQLite's BEGIN IMMEDIATE is its lock).
WRITE_LOCK = 180018


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction holding the store's write lock (committed at the end)."""
    with engine.connect() as conn:
        conn = conn.execution_options(store_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
            yield conn


def migrate(engine: Engine) -> int:
    """Bring the store to SCHEMA_VERSION; return the version it was at."""
    with writing(engine) as conn:
        schema_version.create(conn, checkfirst=True)
        current = conn.execute(select(func.max(schema_version.c.version))).scalar() or 0
        if current > SCHEMA_VERSION:
            raise StoreError(f"this store has schema version {current}, newer than this "
                             f"storyline's {SCHEMA_VERSION}: upgrade storyline")
        for version in range(current, SCHEMA_VERSION):
            MIGRATIONS[version](conn)
            conn.execute(schema_version.insert().values(version=version + 1))
    return current
