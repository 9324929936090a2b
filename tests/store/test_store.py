"""The story store: incremental add (exact resume, idempotence, every input accounted for),
brief versions and what changed, listings and export, on SQLite and, when `.ci/run` started
one (STORYLINE_TEST_PG_URL), on a real PostgreSQL server."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import ROOT
from helpers import article as made_article
from store_stream import stream, write_days

pytest.importorskip("sqlalchemy")

from sqlalchemy import func, select  # noqa: E402

from storyline.cli import main  # noqa: E402
from storyline.cluster.state import dump_state, from_state, load_state, to_state  # noqa: E402
from storyline.cluster.stream import StreamClusterer, stream_order  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.store import (  # noqa: E402
    StoreError,
    add_articles,
    build_due_briefs,
    list_stories,
    open_store,
    read_brief,
    read_inputs,
    story_changes,
)
from storyline.store.schema import (  # noqa: E402
    SCHEMA_VERSION,
    articles,
    briefs,
    clusterer_state,
    schema_version,
    stories,
)

PG_URL = os.environ.get("STORYLINE_TEST_PG_URL")


def _pg_database() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    name = f"storyline_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(PG_URL, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = str(PG_URL).rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty store: a SQLite file, or a fresh database on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "news.db")
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL server (set STORYLINE_TEST_PG_URL; .ci/run starts one)")
    yield from _pg_database()


def _groups_of_store(where: str) -> set[frozenset[str]]:
    engine = open_store(where)
    with engine.connect() as conn:
        rows = conn.execute(select(articles.c.story, articles.c.id)).all()
    groups: dict[str, set[str]] = {}
    for story, article in rows:
        groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def _cluster_run(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> set[frozenset[str]]:
    assert main(["cluster", *map(str, paths), "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {frozenset(json.loads(line)["articles"]) for line in lines}


# --------------------------------------------------------------- the clusterer's state


def _made_up(n: int) -> list[Article]:
    records = stream(n, seed=11)
    arts = [Article(id=f"a{i}", origin=f"t:{i}", text=str(r["text"]), title=str(r["title"]),
                    source=str(r["source"]), published=str(r["published"]))
            for i, r in enumerate(records)]
    return sorted(arts, key=stream_order)


def _stories(clusterer: StreamClusterer, arts: list[Article], cut: int | None,
             settings: Settings) -> list[tuple[str, ...]]:
    closed = []
    for i, article in enumerate(arts):
        if cut and i and i % cut == 0:
            clusterer = load_state(dump_state(clusterer), settings)
        closed += clusterer.add(article)
    closed += clusterer.flush()
    return sorted(s.articles for s in closed)


@pytest.mark.parametrize("cut", [1, 7, 50])
def test_clusterer_resumes_exactly(cut: int) -> None:
    # A short window and few open stories make stories close and get evicted on the way.
    settings = Settings(cluster_window_days=4, cluster_max_open=6)
    arts = _made_up(60)
    whole = _stories(StreamClusterer(settings), arts, None, settings)
    assert len(whole) > 10
    assert _stories(StreamClusterer(settings), arts, cut, settings) == whole


# A shooting, unrelated news that moves the clock past the window (the shooting story turns
# dormant), and the trial months later that re-opens it by its names (all made up).
_REOPENED = [
    ("2025-01-04", "Three people were shot outside the Copper Kettle Tavern on Marlow Street "
     "in Fendale late Friday, police said. The victim Tomas Verlaine died at the scene."),
    ("2025-01-05", "Police in Fendale are searching for the gunman who shot three people "
     "outside the Copper Kettle Tavern on Marlow Street, killing Tomas Verlaine."),
    ("2025-03-01", "The harbour council in Lowmere voted on a new budget for the ferry pier."),
    ("2025-06-18", "The man accused of killing Tomas Verlaine outside the Copper Kettle "
     "Tavern in Fendale went on trial on Tuesday, prosecutors said, as the shooting "
     "victims' families watched."),
]


@pytest.mark.parametrize("cut", [1, 2, 3])
def test_resume_keeps_a_dormant_story_that_can_reopen(cut: int) -> None:
    # The re-opening test reads a story's names, size and dormancy: the state must keep them.
    settings = Settings()
    arts = sorted((made_article(text, source=f"Outlet {n}", published=day)
                   for n, (day, text) in enumerate(_REOPENED)), key=stream_order)
    whole = _stories(StreamClusterer(settings), arts, None, settings)
    assert [len(s) for s in sorted(whole, key=len)] == [1, 3]
    assert _stories(StreamClusterer(settings), arts, cut, settings) == whole


def test_state_of_format_1_still_loads() -> None:
    settings = Settings()
    clusterer = StreamClusterer(settings)
    for item in _made_up(10):
        clusterer.add(item)
    state = to_state(clusterer)
    state["meta"]["format"] = 1
    for story in state["meta"]["stories"]:
        for key in ("names", "size", "dormant"):
            del story[key]
    again = from_state(state, settings)
    assert sorted(again.open) == sorted(clusterer.open)
    assert all(not story.names and story.dormant is None for story in again.open.values())


def test_state_round_trip_is_plain_data() -> None:
    settings = Settings()
    clusterer = StreamClusterer(settings)
    for article in _made_up(15):
        clusterer.add(article)
    state = to_state(clusterer)
    json.dumps(state["meta"])  # the structured part is JSON-ready
    again = to_state(from_state(state, settings))
    assert again["meta"] == state["meta"]
    assert (again["df"] == state["df"]).all() and (again["sigs"] == state["sigs"]).all()
    assert again["keys"].tolist() == state["keys"].tolist()
    state["meta"]["format"] = 99
    with pytest.raises(ValueError, match="format"):
        from_state(state, settings)


# --------------------------------------------------------------- add


def test_day_by_day_equals_one_cluster_run(store: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    days = write_days(stream(70), tmp_path / "days")
    assert len(days) > 20
    once = _cluster_run(days, capsys)
    for day in days:
        assert main(["add", str(day), "--store", store, "--no-briefs", "-q"]) == 0
    assert _groups_of_store(store) == once
    assert len(once) > 15 and any(len(g) > 3 for g in once)
    # The same days in three batches of several days each: the same stories again.
    other = store + "-batches" if "://" not in store else None
    if other:
        for part in (days[:9], days[9:10], days[10:]):
            assert main(["add", *map(str, part), "--store", other, "--no-briefs", "-q"]) == 0
        assert _groups_of_store(other) == once


def test_second_add_adds_nothing(store: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    days = write_days(stream(6), tmp_path / "days")
    assert main(["add", str(tmp_path / "days"), "--store", store]) == 0
    first = capsys.readouterr().err
    assert "0 duplicates" in first and "briefs built" in first
    engine = open_store(store)
    with engine.connect() as conn:
        before = (conn.execute(select(func.count()).select_from(articles)).scalar(),
                  conn.execute(select(func.count()).select_from(briefs)).scalar(),
                  conn.execute(select(clusterer_state.c.data)).scalar())
    assert main(["add", *map(str, days), "--store", store]) == 0
    again = capsys.readouterr().err
    assert "storyline: 0 added" in again and f"{before[0]} duplicates" in again
    assert "0 briefs built" in again
    with engine.connect() as conn:
        after = (conn.execute(select(func.count()).select_from(articles)).scalar(),
                 conn.execute(select(func.count()).select_from(briefs)).scalar(),
                 conn.execute(select(clusterer_state.c.data)).scalar())
    assert after == before


def test_every_input_is_accounted_for(store: str, tmp_path: Path) -> None:
    records = stream(3)
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    same_url = {**records[0], "text": "A different text about something else entirely.",
                "title": "Other"}
    same_text = {**records[1], "url": "https://elsewhere.example/x"}
    copy_elsewhere = {**records[1], "url": None, "source": "Another Outlet"}
    second = tmp_path / "second.jsonl"
    second.write_text("".join(json.dumps(r) + "\n" for r in
                              (same_url, same_text, copy_elsewhere)),
                      encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    log = tmp_path / "log.jsonl"
    assert main(["add", str(first), "--store", store, "-q"]) == 0
    code = main(["add", str(second), str(tmp_path / "empty.txt"), str(tmp_path / "picture.png"),
                 "--store", store, "--log", str(log), "-q", "--no-briefs"])
    assert code == 1  # some inputs were skipped
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    status = {Path(e["input"]).name: (e["status"], e.get("reason", "")) for e in entries}
    assert len(entries) == 5
    assert status["second.jsonl:1"] == ("duplicate", "the same URL")
    assert status["second.jsonl:2"] == ("duplicate", "the same outlet and text")
    assert status["second.jsonl:3"][0] == "added"  # a wire copy in another outlet is kept
    skipped = [e for e in entries if e["status"] == "skipped"]
    assert {Path(e["input"]).name for e in skipped} == {"empty.txt", "picture.png"}
    assert all(e["reason"] for e in skipped)
    dup = next(e for e in entries if e["input"].endswith("second.jsonl:2"))
    engine = open_store(store)
    with engine.connect() as conn:
        assert conn.execute(select(articles.c.id).where(articles.c.id == dup["of"])).first()


def test_briefs_rebuilt_only_for_grown_stories(store: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    days = write_days(stream(12), tmp_path / "days")
    half = len(days) // 2
    assert main(["add", *map(str, days[:half]), "--store", store, "-q"]) == 0
    engine = open_store(store)
    before = {r.id: r for r in list_stories(engine)}
    assert all(r.versions == 1 and not r.due for r in before.values())
    assert main(["add", *map(str, days[half:]), "--store", store, "-q"]) == 0
    after = {r.id: r for r in list_stories(engine)}
    for story, row in after.items():
        old = before.get(story)
        if old is None:
            assert row.versions == 1
        elif old.articles == row.articles:
            assert row.versions == 1, "an unchanged story was briefed again"
        else:
            assert row.versions == 2
    grown = [s for s, r in after.items() if r.versions == 2]
    assert grown, "the second half should grow some first-half story"
    story = grown[0]
    first, one = read_brief(engine, story, 1)
    latest, two = read_brief(engine, story)
    assert (one, two) == (1, 2) and len(latest.articles) > len(first.articles)
    changes = story_changes(engine, story)
    new_ids = {a.id for a in latest.articles} - {a.id for a in first.articles}
    assert {a["article"] for a in changes["articles"]} == new_ids
    assert {s["text"] for s in changes["sentences"]} == (
        {s.text for s in latest.summary} - {s.text for s in first.summary})
    assert main(["changes", story, "--store", store]) == 0
    text = capsys.readouterr().out
    assert f"Version 2 of story {story}, since version 1." in text
    assert "## New articles" in text
    assert main(["changes", story, "--store", store, "--field", "figures",
                 "--format", "json"]) == 0
    only = json.loads(capsys.readouterr().out)
    assert only["articles"] == [] and only["sentences"] == []


def test_show_stories_and_export(store: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_days(stream(8), tmp_path / "days")
    assert main(["add", str(tmp_path / "days"), "--store", store, "-q"]) == 0
    assert main(["stories", "--store", store, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["versions"] == 1 for r in rows)
    lasts = [r["last_seen"] for r in rows]
    assert lasts == sorted(lasts, reverse=True)
    big = max(rows, key=lambda r: r["articles"])
    assert main(["stories", "--store", store, "--min-articles", str(big["articles"]),
                 "--format", "csv"]) == 0
    csv_lines = capsys.readouterr().out.splitlines()
    assert csv_lines[0].startswith("story,title,articles") and big["story"] in csv_lines[1]
    assert main(["stories", "--store", store, "--since", "2099-01-01"]) == 2
    capsys.readouterr()
    assert main(["show", big["story"], "--store", store, "--format", "json"]) == 0
    brief = json.loads(capsys.readouterr().out)
    assert len(brief["articles"]) == big["articles"] and all(a["text"] for a in brief["articles"])
    assert main(["show", big["story"], "--store", store, "--format", "html"]) == 0
    assert "<html" in capsys.readouterr().out
    assert main(["show", "nosuchstory", "--store", store]) == 2
    out = tmp_path / "export.jsonl"
    assert main(["export", "--store", store, str(out)]) == 0
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert {e["story"] for e in exported} == {r["story"] for r in rows}
    assert sum(len(e["article_ids"]) for e in exported) == sum(r["articles"] for r in rows)
    assert all(e["brief"]["articles"] for e in exported)
    if importlib.util.find_spec("pyarrow") is not None:
        import pyarrow.parquet as pq

        table = tmp_path / "export.parquet"
        assert main(["export", "--store", store, str(table)]) == 0
        rows_back = pq.read_table(table).to_pylist()
        assert [r["story"] for r in rows_back] == [e["story"] for e in exported]
        assert json.loads(rows_back[0]["brief"]) == exported[0]["brief"]


def test_user_ids_are_scoped_to_their_outlet(store: str) -> None:
    base = _made_up(3)
    fed = [replace(base[0], ref="item-7", source="Feed"),
           replace(base[1], id="other", ref="item-7", source="Feed"),  # item 7 again: a copy
           replace(base[2], ref="item-7", source="Another Feed")]  # another feed's item 7
    report = add_articles(open_store(store), fed, Settings())
    assert sorted(a for _, a, _ in report.added) == sorted([base[0].id, base[2].id])
    assert report.duplicates == [(base[1].origin, base[0].id, "the same id from the same outlet")]


def test_store_keeps_its_clustering_settings(store: str, tmp_path: Path) -> None:
    write_days(stream(2), tmp_path / "days")
    assert main(["add", str(tmp_path / "days"), "--store", store, "-q", "--no-briefs"]) == 0
    settings = Settings(cluster_threshold=0.5)
    engine = open_store(store)
    arts = read_inputs([str(tmp_path / "days")], settings)
    with pytest.raises(StoreError, match="cluster_threshold 0.2 \\(asked 0.5\\)"):
        add_articles(engine, arts, settings)


def test_schema_is_versioned(tmp_path: Path) -> None:
    where = str(tmp_path / "s.db")
    engine = open_store(where)
    with engine.connect() as conn:
        assert conn.execute(select(schema_version.c.version)).scalars().all() == [SCHEMA_VERSION]
    open_store(where)  # opening again migrates nothing
    db = sqlite3.connect(where)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in db.execute("SELECT version FROM schema_version")] == [SCHEMA_VERSION]
    db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this storyline"):
        open_store(where)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "folder.db"))


def test_due_briefs_are_built_by_a_later_add(tmp_path: Path) -> None:
    where = str(tmp_path / "s.db")
    write_days(stream(4), tmp_path / "days")
    assert main(["add", str(tmp_path / "days"), "--store", where, "--no-briefs", "-q"]) == 0
    engine = open_store(where)
    assert all(r.due and r.versions == 0 for r in list_stories(engine))
    with pytest.raises(StoreError, match="no brief yet"):
        read_brief(engine, list_stories(engine)[0].id)
    assert build_due_briefs(engine, Settings()) == len(list_stories(engine))
    assert not any(r.due for r in list_stories(engine))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(stories)
                            .where(stories.c.versions != 1)).scalar() == 0


def test_reader_while_writer(tmp_path: Path) -> None:
    # A reader sees the store (its last committed batch) while another process adds to it.
    where = str(tmp_path / "s.db")
    days = write_days(stream(30), tmp_path / "days")
    assert main(["add", str(days[0]), "--store", where, "-q"]) == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    writer = subprocess.Popen([sys.executable, "-m", "storyline", "add", *map(str, days[1:]),
                               "--store", where, "-q"], env=env)
    engine = open_store(where)
    seen = 0
    while writer.poll() is None:
        seen = max(seen, len(list_stories(engine)))
    assert writer.wait() == 0
    assert 0 < seen <= len(list_stories(engine))
