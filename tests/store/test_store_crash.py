"""A crash in the middle of `storyline add` (kill -9 of a real process) leaves the store
consistent, and a re-run completes the work: the same stories and briefs as an add that was
never interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT
from store_stream import stream, write_days

pytest.importorskip("sqlalchemy")

from sqlalchemy import Engine, func, select  # noqa: E402

from storyline.cluster.state import load_state  # noqa: E402
from storyline.store import list_stories, open_store, read_brief  # noqa: E402
from storyline.store.codec import brief_article_ids  # noqa: E402
from storyline.store.schema import articles, briefs, clusterer_state, stories  # noqa: E402


def _add(where: str, paths: list[Path]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "storyline", "add", *map(str, paths),
                             "--store", where, "-q"], env=env)


def check_consistent(engine: Engine) -> None:
    """What must hold after any crash: counts agree, briefs match their stories, state loads."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        total = conn.execute(select(func.count()).select_from(articles)).scalar() or 0
        per_story = dict(conn.execute(select(articles.c.story, func.count())
                                      .group_by(articles.c.story)).all())
        rows = conn.execute(select(stories)).all()
        assert {r.id: r.articles for r in rows} == per_story
        state = conn.execute(select(clusterer_state)).first()
        assert (state.articles if state else 0) == total
        if state is not None:
            clusterer = load_state(bytes(state.data))
            assert set(clusterer.story_of) <= set(conn.scalars(select(articles.c.id)))
        for row in rows:
            versions = conn.scalars(select(briefs.c.version).where(briefs.c.story == row.id)
                                    .order_by(briefs.c.version)).all()
            assert list(versions) == list(range(1, row.versions + 1))
            if row.versions and not row.due:
                blob = conn.scalar(select(briefs.c.data).where(
                    briefs.c.story == row.id, briefs.c.version == row.versions))
                assert len(brief_article_ids(bytes(blob))) == row.articles


def test_kill_during_add_then_rerun(tmp_path: Path) -> None:
    days = write_days(stream(60, seed=3), tmp_path / "days")
    clean = str(tmp_path / "clean.db")
    start = time.monotonic()
    assert _add(clean, days).wait() == 0
    took = time.monotonic() - start
    crashed = str(tmp_path / "crashed.db")
    engine = open_store(crashed)
    kills = 0
    for share in (0.35, 0.6, 0.85, 0.95):
        proc = _add(crashed, days)
        time.sleep(took * share)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        check_consistent(engine)
    assert kills >= 2, "the add finished before it could be killed"
    assert _add(crashed, days).wait() == 0
    check_consistent(engine)
    good = open_store(clean)
    expected = {r.id: (r.articles, r.versions) for r in list_stories(good)}
    assert {r.id: (r.articles, r.versions) for r in list_stories(engine)} == expected
    assert not any(r.due for r in list_stories(engine))
    for story in expected:
        assert read_brief(engine, story)[0] == read_brief(good, story)[0]
