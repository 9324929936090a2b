"""Stable ids and read-once inputs (issues 14 and 16): an article's id comes from the user's own
id, its URL or its text, never from where it was read; a repeat is read once and named as the
duplicate of the first; the user's id (`ref`) survives into brief, cluster and --clusters output.
All reports are fictional."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES

from storyline import build_brief, to_json
from storyline.cli import main
from storyline.ingest import ingest, ingest_bytes, read_clusters
from storyline.model import Article, article_id

FIRE = ("A fire broke out at the Elmbridge grain store on Tuesday night, the county fire "
        "service said.\nCrews from three stations fought the blaze until dawn.")
FLOOD = ("The river Tarn rose above its banks in Ostley on Wednesday, flooding 40 homes, "
         "council officers said.\nVolunteers filled sandbags through the night.")
VOTE = ("Ostley's council voted 6-3 on Thursday to pay for new flood walls along the Tarn.\n"
        "Work on the walls is due to start in the spring, the council said.")


def _write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def _records(*pairs: tuple[str, dict[str, Any]]) -> str:
    return "\n".join(json.dumps({"text": text, **extra}) for text, extra in pairs) + "\n"


def _ids(paths: list[str]) -> tuple[list[str], str]:
    found = ingest(paths)
    return [a.id for a in found.articles], build_brief(found.articles, found.inputs).id


def _stories(paths: list[str], tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "stories.jsonl"
    assert main(["cluster", *paths, "-q", "-o", str(out)]) in (0, 1)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


# --- ids never depend on the path or the line ----------------------------------------------

def test_renaming_a_file_changes_no_article_or_story_id(tmp_path: Path) -> None:
    a = _write(tmp_path / "one" / "fire.txt", FIRE)
    b = _write(tmp_path / "one" / "flood.txt", FLOOD)
    before = _ids([a, b])
    stories = _stories([a, b], tmp_path)
    moved = tmp_path / "elsewhere" / "renamed-report.txt"
    moved.parent.mkdir()
    Path(a).rename(moved)
    assert _ids([str(moved), b]) == before
    again = _stories([str(moved), b], tmp_path)
    assert [s["story"] for s in again] == [s["story"] for s in stories]
    assert [s["articles"] for s in again] == [s["articles"] for s in stories]


def test_prepending_a_line_changes_no_article_or_story_id(tmp_path: Path) -> None:
    lines = _records((FLOOD, {"source": "Ostley Echo"}), (VOTE, {"source": "Tarn Valley News"}))
    path = _write(tmp_path / "feed.jsonl", lines)
    before = _ids([path])
    stories = _stories([path], tmp_path)
    _write(tmp_path / "feed.jsonl", _records((FIRE, {"source": "Elmbridge Post"})) + lines)
    found = ingest([path])
    assert [a.origin for a in found.articles][1:] == [f"{path}:2", f"{path}:3"]  # lines moved
    assert [a.id for a in found.articles][1:] == before[0]  # ids did not
    kept = [a for a in found.articles if a.id in before[0]]
    assert build_brief(kept).id == before[1]
    after = {s["story"] for s in _stories([path], tmp_path)}
    assert {s["story"] for s in stories} <= after


def test_the_user_id_or_url_names_an_article_before_its_text() -> None:
    assert article_id(FIRE, ref="ep-7") == article_id(FLOOD, ref="ep-7")
    assert article_id(FIRE, ref="ep-7") != article_id(FIRE, ref="ep-7", scope="cluster-2")
    assert article_id(FIRE, url="https://x.example/a") == article_id(FLOOD,
                                                                     url="https://x.example/a")
    assert article_id(FIRE) == article_id(FIRE.replace(" ", "  "))  # spacing is not content
    assert article_id(FIRE) != article_id(FIRE, about=("Fire", "Elmbridge Post", None))


# --- the user's id survives ----------------------------------------------------------------

def test_ref_survives_into_the_brief_and_the_cluster_output(tmp_path: Path) -> None:
    path = _write(tmp_path / "feed.jsonl", _records(
        (FLOOD, {"id": "echo-101", "title": "Tarn floods Ostley", "source": "Ostley Echo",
                 "url": "https://echo.example/flood", "date": "2025-02-05"}),
        (VOTE, {"id": 102, "source": "Tarn Valley News", "date": "2025-02-06"})))
    found = ingest([path])
    assert [a.ref for a in found.articles] == ["echo-101", "102"]
    brief = json.loads(to_json(build_brief(found.articles, found.inputs)))
    assert {a["ref"] for a in brief["articles"]} == {"echo-101", "102"}
    members = [m for s in _stories([path], tmp_path) for m in s["members"]]
    by_ref = {m["ref"]: m for m in members}
    assert set(by_ref) == {"echo-101", "102"}
    assert by_ref["echo-101"] == {
        "id": article_id(FLOOD, ref="echo-101"), "ref": "echo-101",
        "title": "Tarn floods Ostley", "url": "https://echo.example/flood",
        "source": "Ostley Echo", "published": "2025-02-05",
        "origin": "feed.jsonl:1"}  # an absolute input is named by its file name, never its path
    for story in _stories([path], tmp_path):  # members follow the story's article ids
        assert [m["id"] for m in story["members"]] == story["articles"]


def test_brief_clusters_keeps_the_cluster_id(tmp_path: Path) -> None:
    lines = [{"id": "ostley-floods", "documents": [{"id": "d1", "text": FLOOD},
                                                   {"id": "d2", "text": VOTE}]},
             {"documents": [{"text": FIRE}]}]
    path = _write(tmp_path / "c.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    out = tmp_path / "briefs.jsonl"
    assert main(["brief", "--clusters", path, "-q", "-o", str(out)]) == 0
    briefs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert briefs[0]["id"] == "ostley-floods"
    assert [a["ref"] for a in briefs[0]["articles"]] == ["d1", "d2"]
    # Without an id of its own, a cluster's brief is named by its articles, not by its line.
    assert briefs[1]["id"] == build_brief([a for c in list(read_clusters(path))[1:]
                                           for a in c.articles]).id
    assert ":" not in briefs[1]["id"]


# --- the same article twice ----------------------------------------------------------------

def _skipped(records: Any) -> dict[str, str]:
    return {r.origin: r.reason for r in records if r.status == "skipped"}


def test_the_same_file_under_two_names_is_read_once(tmp_path: Path) -> None:
    a = _write(tmp_path / "fire.txt", FIRE)
    b = _write(tmp_path / "copy of fire.txt", FIRE + "\n")
    found = ingest([a, b])
    assert [x.origin for x in found.articles] == [a]
    why = _skipped(found.inputs)[b]
    assert why.startswith(f"duplicate of {a} (the same text")
    brief = build_brief(found.articles, found.inputs)
    assert [x.origin for x in brief.articles] == [a]
    assert _skipped(brief.diagnostics.inputs)[b] == why


@pytest.mark.parametrize(("extra", "same"), [
    ({"id": "wire-9"}, "the same id 'wire-9'"),
    ({"url": "https://tarn.example/flood"}, "the same URL"),
])
def test_the_same_user_id_or_url_is_one_article(extra: dict[str, str], same: str) -> None:
    data = _records((FLOOD, extra), (FLOOD + "\nUpdated at noon.", extra)).encode()
    found = ingest_bytes([("feed.jsonl", data)])
    assert [a.origin for a in found.articles] == ["feed.jsonl:1"]
    assert _skipped(found.inputs) == {
        "feed.jsonl:2": f"duplicate of feed.jsonl:1 ({same}); it is read once"}


def test_a_wire_copy_from_another_outlet_is_not_a_repeat() -> None:
    data = _records((FLOOD, {"source": "Ostley Echo"}), (FLOOD, {"source": "Wire Service"}))
    found = ingest_bytes([("feed.jsonl", data.encode())])
    assert len(found.articles) == 2 and not _skipped(found.inputs)
    brief = build_brief(found.articles, found.inputs)
    assert sum(a.duplicate_of is not None for a in brief.articles) == 1  # a copy, marked


def test_the_same_upload_twice_is_read_once() -> None:
    found = ingest_bytes([("fire.txt", FIRE.encode()), ("fire.txt", FIRE.encode())])
    assert [a.origin for a in found.articles] == ["fire.txt"]
    assert _skipped(found.inputs) == {"fire.txt": "the same input was given twice; it is read "
                                                  "once"}


def test_build_brief_reads_a_repeated_article_once() -> None:
    article = Article(id=article_id(FIRE), origin="api:1", text=FIRE)
    copy = Article(id=article.id, origin="api:2", text=FIRE)
    brief = build_brief([article, copy])
    assert [a.origin for a in brief.articles] == ["api:1"]
    assert _skipped(brief.diagnostics.inputs)["api:2"].startswith("duplicate of api:1")


def test_cluster_reports_a_repeat_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    a = _write(tmp_path / "a.jsonl", _records((FLOOD, {"id": "e1"}), (VOTE, {"id": "e2"})))
    b = _write(tmp_path / "b.jsonl", _records((VOTE, {"id": "e2"})))
    out = tmp_path / "s.jsonl"
    assert main(["cluster", a, b, "-o", str(out)]) == 1
    placed = [i for line in out.read_text().splitlines() for i in json.loads(line)["articles"]]
    assert sorted(placed) == sorted({article_id("", ref="e1"), article_id("", ref="e2")})
    err = capsys.readouterr().err
    assert f"skipped {b}: duplicate of {a}:2 (the same id 'e2')" in err  # one record: the file


# --- hostile text --------------------------------------------------------------------------

def test_a_lone_surrogate_is_replaced_at_ingest_and_listed() -> None:
    data = json.dumps({"id": "s\ud800", "title": "Flood \udfff", "text": FLOOD + " \ud83d"})
    found = ingest_bytes([("s.json", data.encode())])
    [article] = found.articles
    assert "\ufffd" in article.text and article.title == "Flood \ufffd"
    assert article.ref == "s\ufffd"
    assert [d.reason for d in article.dropped] == [
        "lone surrogate (invalid Unicode, e.g. a JSON \\ud800 escape) replaced with U+FFFD"]
    brief = build_brief(found.articles, found.inputs)
    to_json(brief).encode("utf-8")  # strict: raises on a surrogate
    assert any("lone surrogate" in d.reason for d in brief.diagnostics.dropped)


def test_json_output_never_carries_a_surrogate() -> None:
    article = Article(id="x1", origin="api", text=FLOOD, title="Bad \udc80 title")
    assert "\ufffd" in to_json(build_brief([article]))


def test_cluster_skips_a_truncated_json_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    fixture = FIXTURES / "fuzz" / "truncated-line.jsonl"
    out = tmp_path / "s.jsonl"
    assert main(["cluster", str(fixture), "-o", str(out)]) == 1
    assert len(out.read_text().splitlines()) == 1
    err = capsys.readouterr().err
    assert f"skipped {fixture}:2: line 2 is not valid JSON" in err


def test_warc_records_keep_their_record_id_as_ref(tmp_path: Path) -> None:
    pytest.importorskip("fastwarc", reason="WARC reading needs the 'warc' extra (fastwarc)")
    warcio = pytest.importorskip("warcio", reason="warcio writes the test WARC")
    from io import BytesIO

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = warcio.warcwriter.WARCWriter(handle, gzip=True)
        for body in (FLOOD, FLOOD + "\nUpdated: the water is falling."):  # one page, crawled twice
            page = f"<html><body><article><p>{body}</p></article></body></html>".encode()
            http = warcio.statusandheaders.StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                "http://echo.test/flood", "response", payload=BytesIO(page), http_headers=http))
    found = ingest([str(path)])
    refs = [a.ref for a in found.articles]
    assert len(refs) == 2 and all(r and r.startswith("<urn:uuid:") for r in refs)
    assert len({a.id for a in found.articles}) == 2  # two records: two ids, by record id
    assert [a.url for a in found.articles] == ["http://echo.test/flood"] * 2
    assert found.articles[0].origin == f"{path}#http://echo.test/flood"
    assert found.articles[1].origin == f"{path}#{refs[1]}"  # the URI was taken: its record id


def test_a_repeated_cluster_id_is_briefed_once(tmp_path: Path) -> None:
    lines = [{"id": "ostley", "documents": [{"text": FLOOD}]},
             {"id": "ostley", "documents": [{"text": VOTE}]}]
    path = _write(tmp_path / "c.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    first, second = read_clusters(path)
    assert first.ref == "ostley" and len(first.articles) == 1
    assert second.articles == () and second.ref is None
    assert second.inputs[0].reason.startswith(
        f"duplicate of {path}:1 (the same cluster id 'ostley'); it is read once")


def test_a_stream_remembers_the_last_ids_only() -> None:
    from storyline.ingest.records import Recent, unique

    texts = [FIRE, FLOOD, VOTE, FIRE, VOTE]
    items = [Article(id=article_id(t), origin=f"s:{n}", text=t) for n, t in enumerate(texts, 1)]
    kept = list(unique(items, Recent(size=2)))
    # FIRE was forgotten (two other ids came after it); VOTE, met just before, was not.
    assert [(i.origin, isinstance(i, Article)) for i in kept] == [
        ("s:1", True), ("s:2", True), ("s:3", True), ("s:4", True), ("s:5", False)]
