"""The Spark job (`storyline spark`): same stories as `storyline cluster`, every row accounted for.

One local[2] SparkSession on loopback serves the whole module; the articles are generated
fictional reports (several stories over four weeks, with wire copies), never seed text.
"""

from __future__ import annotations

import glob
import json
import os
import random
import shutil
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="pyspark not installed: pip install 'storyline[spark]'")
pytest.importorskip("pandas", reason="pandas not installed: pip install 'storyline[spark]'")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Java not found: Spark needs a JDK (17+) on PATH or JAVA_HOME",
                allow_module_level=True)

from helpers import Terminal  # noqa: E402

from storyline.cli import main  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.spark.job import plan_inputs, run_job  # noqa: E402
from storyline.spark.partitions import EMPTY_AFTER_CLEAN  # noqa: E402

# Fictional stories: a place, people, and the words their reports are built from.
STORIES = [
    ("Port Caldera", ["Darius Kemble", "Ines Marrow"], "warehouse fire quay blaze crews smoke"),
    ("Lowmere", ["Odile Fenn", "Tomas Greer"], "bridge council flood piers rebuild vote"),
    ("Ashby Vale", ["Nora Quill", "Bram Tovey"], "mine collapse miners rescue shaft tunnel"),
    ("Kestrel Bay", ["Hana Ilves", "Piet Dorsal"], "ferry strike union wages crossing dock"),
    ("Marrowfield", ["Lena Oakes", "Remy Sallow"], "museum theft painting gallery guards"),
    ("Thornwick", ["Sabine Lorre", "Elias Brandt"], "vaccine clinic outbreak doses nurses"),
    ("Greyhollow", ["Ada Penwick", "Cyrus Vell"], "rail derailment freight cars track"),
    ("Selwyn Cross", ["Mira Hale", "Jonas Pike"], "festival stage storm crowd cancelled"),
]
VERBS = ("said", "reported", "confirmed", "warned", "told reporters", "announced")
START = date(2025, 3, 3)


def _report(rng: random.Random, place: str, people: list[str], words: list[str]) -> str:
    sentences = []
    for _ in range(rng.randint(4, 7)):
        picked = rng.sample(words, 3)
        sentences.append(f"{rng.choice(people)} {rng.choice(VERBS)} the {picked[0]} in {place} "
                         f"left the {picked[1]} and the {picked[2]} under review on day "
                         f"{rng.randint(1, 9)}.")
    return "\n".join(sentences)


def fictional(seed: int = 5) -> list[dict[str, Any]]:
    """Return article records: 8 stories, 12-28 reports each, over four weeks, some copies."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    for number, (place, people, words) in enumerate(STORIES):
        first = START + timedelta(days=3 * number)
        for _ in range(rng.randint(12, 28)):
            text = _report(rng, place, people, words.split())
            if records and rng.random() < 0.15 and records[-1]["title"].startswith(place):
                text = records[-1]["text"]  # a wire copy, run again by another outlet
            day = first + timedelta(days=rng.randint(0, 2))
            records.append({"title": f"{place}: {words.split()[0]} latest",
                            "text": text, "source": f"Outlet {rng.randint(1, 9)}",
                            "published": day.isoformat() if rng.random() > 0.05 else None})
    rng.shuffle(records)
    return records


BAD_LINES = [
    "{this is not json",
    json.dumps({"title": "Headline only", "source": "Outlet 1"}),
    json.dumps({"title": "Page furniture", "text": "Advertisement\nShare this article\n"
                "Copyright 2025 Lowmere Courier. All rights reserved."}),
]


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local[2] session on loopback (test-only settings: they break real clusters)."""
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("storyline-tests")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Write the records as JSONL (bad lines last) and Parquet (one text-less row last)."""
    import pandas as pd

    folder = tmp_path_factory.mktemp("spark-in")
    records = fictional()
    jsonl = folder / "news.jsonl"
    lines = [json.dumps(r) for r in records] + BAD_LINES
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = folder / "news.parquet"
    rows = [*records, {"title": "No body", "text": None, "source": "x", "published": None}]
    pd.DataFrame(rows).to_parquet(parquet, index=False)
    return {"records": records, "jsonl": str(jsonl), "parquet": str(parquet)}


def _lines(folder: Path, pattern: str = "part-*.json") -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(glob.glob(str(folder / pattern)))
            for line in open(path, encoding="utf-8") if line.strip()]


@pytest.fixture(scope="module")
def jsonl_run(spark: Any, corpus: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, Any]:
    """Run the job once on the JSONL input; later tests read its output."""
    out = tmp_path_factory.mktemp("spark-out")
    result = run_job(spark, [corpus["jsonl"]], str(out))
    return {"result": result, "out": out, "stories": _lines(out / "stories"),
            "rejects": _lines(out / "rejects")}


def _story_key(story: dict[str, Any]) -> tuple[Any, ...]:
    return (story["story"], tuple(story["articles"]), story.get("title"),
            story.get("first_seen"), story.get("last_seen"),
            tuple(tuple(pair) for pair in story.get("duplicates") or ()))


def test_same_stories_and_briefs_as_cluster_command(
        jsonl_run: dict[str, Any], corpus: dict[str, Any], tmp_path: Path) -> None:
    stories_file, briefs_file = tmp_path / "cli.jsonl", tmp_path / "briefs.jsonl"
    assert main(["cluster", corpus["jsonl"], "-q", "-o", str(stories_file)]) == 1
    assert main(["cluster", corpus["jsonl"], "-q", "--brief", "-o", str(briefs_file)]) == 1
    expected = [json.loads(line) for line in stories_file.read_text().splitlines()]
    got = jsonl_run["stories"]
    assert len(expected) >= 6 and any(len(s["articles"]) > 5 for s in expected)
    assert sorted(map(_story_key, got)) == sorted(map(_story_key, expected))
    assert any(s.get("duplicates") for s in got)  # the wire copies were found
    cli_briefs = {json.loads(line)["id"]: line for line in briefs_file.read_text().splitlines()}
    assert {s["story"]: s["brief"] for s in got} == cli_briefs


def test_output_is_sorted_by_first_seen_then_story(jsonl_run: dict[str, Any]) -> None:
    keys = [(s.get("first_seen") or "", s["story"]) for s in jsonl_run["stories"]]
    assert keys == sorted(keys)


def _repeats(records: list[dict[str, Any]]) -> dict[int, int]:
    """Line of each record that repeats an earlier one (same text, title, outlet and date: one
    article given twice) -> line of the first."""
    first: dict[tuple[Any, ...], int] = {}
    out = {}
    for line, r in enumerate(records, 1):
        key = (r["text"], r["title"], r["source"], r["published"])
        if key in first:
            out[line] = first[key]
        first.setdefault(key, line)
    return out


def test_rejects_have_reasons_and_counts_add_up(jsonl_run: dict[str, Any],
                                                corpus: dict[str, Any]) -> None:
    rejects = jsonl_run["rejects"]
    by_line = {int(r["origin"].rsplit(":", 1)[1]): r["reason"] for r in rejects}
    first_bad = len(corpus["records"]) + 1
    repeats = _repeats(corpus["records"])
    assert repeats  # the generator makes a few: a wire copy, same outlet and day
    assert sorted(by_line) == [*sorted(repeats), first_bad, first_bad + 1, first_bad + 2]
    for line, first in repeats.items():  # the words `storyline cluster` uses
        assert by_line[line] == (f"duplicate of {corpus['jsonl']}:{first} (the same text, "
                                 "title, outlet and date); it is read once")
    assert "not valid JSON" in by_line[first_bad]
    assert "no text" in by_line[first_bad + 1]
    assert by_line[first_bad + 2] == EMPTY_AFTER_CLEAN
    result = jsonl_run["result"]
    briefed = sum(len(s["articles"]) for s in jsonl_run["stories"])
    assert briefed == result.articles == len(corpus["records"]) - len(repeats)
    assert result.articles + result.rejects == len(corpus["records"]) + len(BAD_LINES)
    assert result.stories == len(jsonl_run["stories"]) and result.exit_code() == 1


def test_each_brief_is_json_of_its_story_articles(jsonl_run: dict[str, Any]) -> None:
    for story in jsonl_run["stories"]:
        brief = json.loads(story["brief"])
        assert brief["id"] == story["story"]
        assert [a["id"] for a in brief["articles"]] == story["articles"]
        assert brief["summary"], story["story"]


def test_parquet_gives_the_same_stories_as_jsonl(
        spark: Any, jsonl_run: dict[str, Any], corpus: dict[str, Any], tmp_path: Path) -> None:
    result = run_job(spark, [corpus["parquet"]], str(tmp_path), fmt="parquet")
    import pandas as pd

    table = pd.read_parquet(tmp_path / "stories")
    rejects = _lines(tmp_path / "rejects")

    def groups(stories: list[dict[str, Any]]) -> set[frozenset[int]]:
        return {frozenset(int(a["origin"].rsplit(":", 1)[1])
                          for a in json.loads(s["brief"])["articles"]) for s in stories}

    assert groups(table.to_dict("records")) == groups(jsonl_run["stories"])
    # Ids come from the content, not the origin (PATH:LINE vs PATH:ROW): the same stories.
    assert set(table["story"]) == {s["story"] for s in jsonl_run["stories"]}
    rows = [*sorted(_repeats(corpus["records"])), len(corpus["records"]) + 1]
    assert [r["origin"] for r in rejects] == [f"{corpus['parquet']}:{row}" for row in rows]
    assert result.articles + result.rejects == len(corpus["records"]) + 1


def test_rerun_overwrites_cleanly(spark: Any, jsonl_run: dict[str, Any],
                                  corpus: dict[str, Any], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    # A failed earlier run left a stale part file and a different format behind.
    stale = tmp_path / "stories"
    stale.mkdir()
    (stale / "part-99999-stale.json").write_text('{"story": "stale"}\n', encoding="utf-8")
    (tmp_path / "rejects").mkdir()
    (tmp_path / "rejects" / "part-99999-stale.json").write_text("{}\n", encoding="utf-8")
    code = main(["spark", corpus["jsonl"], str(tmp_path)])
    assert code == 1
    assert _lines(tmp_path / "stories") == jsonl_run["stories"]
    assert _lines(tmp_path / "rejects") == jsonl_run["rejects"]
    assert not glob.glob(str(tmp_path / "*" / "*stale*"))
    err = capsys.readouterr().err  # not a terminal: the closing tally only, no step lines
    assert f"{jsonl_run['result'].stories:,} stories" in err
    assert "planned" not in err and "clustered into" not in err


def test_planning_and_steps_show_on_a_terminal_and_quiet_silences_them(
        spark: Any, corpus: dict[str, Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = [corpus["jsonl"], corpus["parquet"], str(tmp_path / "missing.jsonl")]
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    sources, early = plan_inputs(spark, inputs, Settings(), quiet=False)
    assert "planning" in screen.getvalue() and "/3 " in screen.getvalue()
    assert len(sources) == 2 and len(early) == 1
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert plan_inputs(spark, inputs, Settings(), quiet=True)[0] == sources
    code = main(["spark", corpus["jsonl"], str(tmp_path / "out"), "-q"])
    assert code == 1 and quiet.getvalue() == ""
    loud = Terminal()
    monkeypatch.setattr(sys, "stderr", loud)
    main(["spark", corpus["jsonl"], str(tmp_path / "out")])
    said = loud.getvalue()
    for line in ("spark: planned 1 files", "read and cleaned", "clustered into", "spark: "):
        assert line in said


def test_warc_input_matches_cluster_command(spark: Any, tmp_path: Path) -> None:
    pytest.importorskip("fastwarc", reason="WARC reading needs the 'warc' extra (fastwarc)")
    warcio = pytest.importorskip("warcio", reason="warcio writes the test WARC")
    from io import BytesIO

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = warcio.warcwriter.WARCWriter(handle, gzip=True)
        for number, (kind, body) in enumerate([
            ("text/html", "Fire crews in Port Caldera fought a blaze at Warehouse 7."),
            ("text/html", "The Warehouse 7 fire on the Port Caldera quay is out, crews said."),
            ("image/png", "not a page"),
        ]):
            page = f"<html><body><article><p>{body}</p></article></body></html>".encode()
            http = warcio.statusandheaders.StatusAndHeaders(
                "200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"http://caldera.test/{number}", "response", payload=BytesIO(page),
                http_headers=http))
    expected = tmp_path / "cli.jsonl"
    main(["cluster", "-q", str(path), "-o", str(expected)])
    result = run_job(spark, [str(path)], str(tmp_path / "out"))
    got = _lines(tmp_path / "out" / "stories")
    want = [json.loads(line) for line in expected.read_text().splitlines()]
    assert sorted(map(_story_key, got)) == sorted(map(_story_key, want))
    assert (result.articles, result.rejects) == (2, 1)
    assert "not a page" in _lines(tmp_path / "out" / "rejects")[0]["reason"]
    # The user's id (here each WARC record's id) survives into the Spark output's briefs.
    refs = [a["ref"] for s in got for a in json.loads(s["brief"])["articles"]]
    assert len(refs) == 2 and all(r.startswith("<urn:uuid:") for r in refs)
