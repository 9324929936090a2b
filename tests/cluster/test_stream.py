"""Online story clustering and the `storyline cluster` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import EXAMPLE, SEEDS, article

from storyline.cli import main
from storyline.cluster.stream import StreamClusterer, cluster_stream, stream_order
from storyline.ingest.feeds import read_feed
from storyline.model import Article
from storyline.settings import Settings
from storyline.text import EMPTY

FIRE = [
    "Fire crews fought a blaze at Warehouse 7 on the North Quay of Port Caldera harbour.",
    "Port Caldera fire chief Darius Kemble said the North Quay warehouse blaze is contained.",
    "Smoke from the Warehouse 7 fire at Port Caldera harbour drifted over the North Quay.",
]
BRIDGE = [
    "Lowmere council voted to rebuild the river bridge after floods cracked two piers.",
    "The Lowmere river bridge will be rebuilt, the council decided after the flood damage.",
]


def _stories(arts: list[Article], settings: Settings | None = None) -> list[set[str]]:
    ordered = sorted(arts, key=stream_order)
    return [set(story.articles) for story, _ in cluster_stream(ordered, settings)]


def test_two_stories_are_separated() -> None:
    fire = [article(t, source=f"F{i}", published="2025-03-11") for i, t in enumerate(FIRE)]
    bridge = [article(t, source=f"B{i}", published="2025-03-12") for i, t in enumerate(BRIDGE)]
    groups = _stories(fire + bridge)
    assert {a.id for a in fire} in groups
    assert {a.id for a in bridge} in groups
    assert len(groups) == 2


def test_story_closes_after_window() -> None:
    # Same type of event, different harbour and chief: after the window only a story's own
    # specific names re-open it, so 19 days later this is a new story.
    early = article("Fire crews fought a blaze at a warehouse in Port Caldera harbour, the "
                    "fire chief Darius Kemble said.", source="F0", published="2025-03-01")
    late = article("Fire crews fought a blaze at a warehouse in Lowmere harbour, the fire "
                   "chief Anna Brisk said.", source="F1", published="2025-03-20")
    assert len(_stories([early, late], Settings(cluster_window_days=3))) == 2
    assert len(_stories([early, late], Settings(cluster_window_days=30))) == 1


def test_open_stories_are_bounded() -> None:
    clusterer = StreamClusterer(Settings(cluster_max_open=5))
    closed = 0
    for n in range(30):
        words = " ".join(f"w{n}x{k}" for k in range(8))  # no word shared between articles
        closed += len(clusterer.add(article(words, source=f"S{n}")))
        assert len(clusterer.open) <= 5
    assert closed == 25 and len(clusterer.flush()) == 5


def test_syndicated_copy_joins_and_is_recorded() -> None:
    text = " ".join(FIRE * 3)
    original = article(text, source="Wire", published="2025-03-11")
    copy = article(text + " Reposted.", source="Aggregator", published="2025-03-11")
    stories = [s for s, _ in cluster_stream(sorted([original, copy], key=stream_order))]
    assert len(stories) == 1
    assert len(stories[0].duplicates) == 1


def test_feed_items_become_articles() -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Caldera Daily</title>'
        "<item><title>Harbour fire</title><pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Fire crews fought a blaze.&lt;/p&gt;</description></item>"
        "<item><title>Only a title</title></item></channel></rss>"
    )
    items = list(read_feed(rss, "feed.xml"))
    first = items[0]
    assert isinstance(first, Article)
    assert first.text == "Fire crews fought a blaze."
    assert first.published == "2025-03-11" and first.source == "Caldera Daily"
    assert not isinstance(items[1], Article)


def test_cluster_command_writes_story_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    out = tmp_path / "stories.jsonl"
    assert main(["cluster", "-q", str(EXAMPLE), "-o", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 1
    assert set(lines[0]) >= {"story", "articles", "title", "first_seen", "last_seen"}
    assert len(lines[0]["articles"]) == 4


def test_cluster_brief_mode(tmp_path: Path) -> None:
    out = tmp_path / "briefs.jsonl"
    assert main(["cluster", "-q", "--brief", str(EXAMPLE), "-o", str(out)]) == 0
    briefs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(briefs) == 1 and briefs[0]["summary"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds not present (../shared/seeds)")
def test_seeds_and_example_come_out_as_two_stories(tmp_path: Path) -> None:
    out = tmp_path / "stories.jsonl"
    main(["cluster", "-q", str(SEEDS), str(EXAMPLE), "-o", str(out)])
    sizes = sorted(len(json.loads(line)["articles"]) for line in out.read_text().splitlines())
    assert sizes == [4, 5]


def test_warc_responses_become_articles(tmp_path: Path) -> None:
    pytest.importorskip("fastwarc", reason="WARC reading needs the 'warc' extra (fastwarc)")
    warcio = pytest.importorskip("warcio", reason="warcio writes the test WARC")
    from io import BytesIO

    from storyline.ingest import ingest

    page = (b"<html><head><title>Harbour fire</title></head><body><article><p>Fire crews in "
            b"Port Caldera fought a blaze at Warehouse 7 on the North Quay all night.</p>"
            b"</article></body></html>")
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = warcio.warcwriter.WARCWriter(handle, gzip=True)
        http = warcio.statusandheaders.StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "http://caldera.test/fire", "response", payload=BytesIO(page), http_headers=http))
    found = ingest([str(path)])
    assert [a.url for a in found.articles] == ["http://caldera.test/fire"]
    assert "Warehouse 7" in found.articles[0].text


def _jsonl(records: list[dict[str, str]]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_stdin_json_lines_are_streamed_and_skips_reported() -> None:
    import io

    from storyline.ingest import iter_ingest

    records = [{"text": t, "published": "2025-03-11"} for t in FIRE]
    data = _jsonl(records[:1]) + b"{not json\n" + _jsonl([{"title": "no text"}, *records[1:]])
    stream = io.BufferedReader(io.BytesIO(data))  # type: ignore[arg-type]
    items = iter(iter_ingest(["-"], stdin=stream, stream_stdin=True))
    first = next(items)
    assert isinstance(first, Article) and first.origin == "-:1"
    assert stream.tell() < len(data)  # the rest is still unread: line by line, not all at once
    rest = list(items)
    reasons = {r.origin: r.reason for r in rest if not isinstance(r, Article)}
    assert set(reasons) == {"-:2", "-:3"} and "not valid JSON" in reasons["-:2"]
    assert [a.origin for a in rest if isinstance(a, Article)] == ["-:4", "-:5"]


def test_cluster_reports_inputs_left_empty_by_cleaning(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(_jsonl([{"text": FIRE[0]}, {"text": "Advertisement\nShare this article"}]))
    out = tmp_path / "stories.jsonl"
    assert main(["cluster", str(feed), "-o", str(out)]) == 1
    assert f"feed.jsonl:2: {EMPTY}" in capsys.readouterr().err  # the reason brief gives
    assert len(out.read_text().splitlines()) == 1


def test_collector_threshold_is_raised_while_clustering_and_restored() -> None:
    import gc

    from storyline.cluster.stream import GC_THRESHOLD

    before = gc.get_threshold()
    seen = []
    arts = [Article(id=f"a{i}", origin="t", text=f"Harbor fire number {i} spread.")
            for i in range(3)]
    for _ in cluster_stream(arts):
        seen.append(gc.get_threshold()[0])
    assert seen and all(t >= GC_THRESHOLD for t in seen)
    assert gc.get_threshold() == before


def test_postings_sweep_changes_nothing_and_bounds_postings(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    from storyline.cluster import stream

    places = [("Caldera", "warehouse blaze quay"), ("Lowmere", "bridge flood piers"),
              ("Ashby", "mine collapse shaft"), ("Kestrel", "ferry strike wages"),
              ("Marrowfield", "museum painting theft"), ("Thornwick", "vaccine clinic doses"),
              ("Greyhollow", "freight derailment track"), ("Selwyn", "festival storm stage")]
    arts = []
    for day in range(40):  # a new story every five days; the 14-day window closes old ones
        place, words = places[day // 5]
        for n in range(3):
            text = (f"{place} {words} {place} {words.split()[n]} {place} report {day + n}.")
            arts.append(Article(id=f"{day}-{n}", origin="t", text=text,
                                published=f"2025-01-{1 + day % 28:02d}" if day < 28 else
                                f"2025-02-{day - 27:02d}"))
    arts.sort(key=stream_order)
    plain = [s.articles for s, _ in stream.cluster_stream(arts)]
    monkeypatch.setattr(stream, "STALE_MIN", 0)  # sweep at every chance
    clusterer = stream.StreamClusterer()
    swept = [s.articles for a in arts for s in clusterer.add(a)]
    entries = [n for members in clusterer.postings.values() for n in members]
    assert len(entries) == clusterer.posted  # the bookkeeping matches the postings
    assert sum(n not in clusterer.open for n in entries) == clusterer.stale
    assert 1 not in entries  # the first story closed long ago and was swept out
    swept += [s.articles for s in clusterer.flush()]
    assert swept == plain and len(plain) == len(places)


def test_prints_computed_apart_give_the_same_stories_without_the_text() -> None:
    from dataclasses import replace

    from storyline.cluster.prints import article_prints
    from storyline.cluster.stream import cluster_printed

    fire = [article(t, source=f"F{i}", published="2025-03-11") for i, t in enumerate(FIRE)]
    bridge = [article(t, source=f"B{i}", published="2025-03-12") for i, t in enumerate(BRIDGE)]
    copy = article(" ".join(FIRE * 3), source="Wire", published="2025-03-11")
    again = article(" ".join(FIRE * 3) + " Reposted.", source="Aggr", published="2025-03-11")
    arts = sorted(fire + bridge + [copy, again], key=stream_order)
    settings = Settings(seed=7)
    plain = [s for s, _ in cluster_stream(arts, settings)]
    # What a Spark job does: prints per partition, then a pass that never sees the text.
    pairs = [(replace(a, text=""), article_prints(a, settings)) for a in arts]
    printed = [s for s, _ in cluster_printed(pairs, settings)]
    assert printed == plain
    assert len(plain) == 2 and sum(len(s.duplicates) for s in plain) == 1
