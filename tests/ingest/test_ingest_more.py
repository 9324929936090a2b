"""Parquet in brief and cluster (extra 'parquet'), and stdin split like the web page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from storyline.cli import main
from storyline.ingest import ingest, ingest_bytes
from storyline.ingest.pasted import split_articles

pa = pytest.importorskip("pyarrow", reason="the 'parquet' extra is not installed")
pq = pytest.importorskip("pyarrow.parquet", reason="the 'parquet' extra is not installed")

ROWS = [
    {"id": "mg-1", "title": "Lantern bridge closes for repairs",
     "text": "The Lantern bridge in Oskarvale closed on Monday for six weeks of repairs, the "
             "city said. Engineers found cracks in two of its 14 cables. Ferries will run "
             "every 20 minutes while the bridge is shut, officials said.",
     "url": "https://meadowgazette.example/bridge", "source": "Meadow Gazette",
     "published": "2031-05-05"},
    {"id": "rv-9", "title": "Oskarvale shuts Lantern bridge",
     "text": "Oskarvale shut the Lantern bridge on Monday after engineers found cracks in two "
             "of its 14 cables. Repairs will take six weeks. Extra ferries will cross the "
             "river every 20 minutes, the city said.",
     "url": "https://rivervoice.example/lantern", "source": "River Voice",
     "published": "2031-05-05"},
    {"id": "empty", "title": "no text", "text": None, "url": None, "source": None,
     "published": None},
]


def write_parquet(path: Path) -> Path:
    pq.write_table(pa.Table.from_pylist(ROWS), path)
    return path


def test_parquet_rows_become_articles_with_their_fields(tmp_path: Path) -> None:
    got = ingest([str(write_parquet(tmp_path / "archive.parquet"))])
    assert [a.ref for a in got.articles] == ["mg-1", "rv-9"]  # the row id is kept as ref
    first = got.articles[0]
    assert first.url == ROWS[0]["url"] and first.source == "Meadow Gazette"
    assert first.published == "2031-05-05"
    skipped = [r for r in got.inputs if r.status == "skipped"]
    assert len(skipped) == 1 and skipped[0].origin.endswith("archive.parquet:3")
    assert "no text" in skipped[0].reason


def test_parquet_bytes_are_read_too(tmp_path: Path) -> None:
    data = write_parquet(tmp_path / "a.parquet").read_bytes()
    assert len(ingest_bytes([("upload:a.parquet", data)]).articles) == 2
    assert len(ingest_bytes([("upload:noname", data)]).articles) == 2  # by its magic


def test_damaged_parquet_is_skipped_with_a_reason(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "a.parquet")
    path.write_bytes(path.read_bytes()[:60])
    got = ingest([str(path)])
    assert not got.articles and "cannot read this Parquet file" in got.inputs[0].reason


def test_brief_and_cluster_read_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    path = str(write_parquet(tmp_path / "archive.parquet"))
    assert main(["brief", path, "--format", "json"]) == 1  # 1: a row was skipped
    brief = json.loads(capsys.readouterr().out)
    assert {a["source"] for a in brief["articles"]} == {"Meadow Gazette", "River Voice"}
    assert main(["cluster", path]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    stories = [x for x in lines if x.get("articles")]
    assert len(stories) == 1 and len(stories[0]["articles"]) == 2


def test_stdin_splits_plain_text_like_the_web_page(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    text = f"{ROWS[0]['text']}\n---\n{ROWS[1]['text']}\n"
    assert split_articles(text) == [ROWS[0]["text"], ROWS[1]["text"]]
    got = ingest(["-"], stdin=io.BytesIO(text.encode()))
    assert [a.origin for a in got.articles] == ["stdin article 1", "stdin article 2"]
    one = ingest(["-"], stdin=io.BytesIO(b"One line -- with dashes --- inside it.\n"))
    assert [a.origin for a in one.articles] == ["-"]
    jsonl = "\n".join(json.dumps(r) for r in ROWS[:2]) + "\n---\n"
    assert len(ingest(["-"], stdin=io.BytesIO(jsonl.encode())).articles) == 2
