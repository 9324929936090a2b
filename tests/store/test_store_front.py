"""The served store (`storyline serve --store`): the front page, search, story pages with
what's new, JSON twins, permalinks that survive a restart and later adds."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from store_stream import stream, write_days

pytest.importorskip("sqlalchemy")
pytest.importorskip("fastapi")

from starlette.testclient import TestClient  # noqa: E402

from storyline.cli import main  # noqa: E402
from storyline.render.front import ago  # noqa: E402
from storyline.store import list_stories, open_store  # noqa: E402
from storyline.store.front import add_store_routes  # noqa: E402
from storyline.web import create_app  # noqa: E402


def _client(where: str) -> TestClient:
    engine = open_store(where)
    return TestClient(create_app(extend=lambda app: add_store_routes(app, engine)))


@pytest.fixture()
def grown(tmp_path: Path) -> str:
    days = write_days(stream(10), tmp_path / "days")
    where = str(tmp_path / "news.db")
    half = len(days) // 2
    assert main(["add", *map(str, days[:half]), "--store", where, "-q"]) == 0
    assert main(["add", *map(str, days[half:]), "--store", where, "-q"]) == 0
    return where


def test_front_page_lists_stories_newest_activity_first(grown: str) -> None:
    client = _client(grown)
    data = client.get("/stories.json").json()
    rows = data["stories"]
    assert data["stories"] and data["totals"]["articles"] == sum(
        r.articles for r in list_stories(open_store(grown)))
    stamps = [r["updated_at"] for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    page = client.get("/stories")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "content-security-policy" in page.headers
    for row in rows:
        assert f'href="/stories/{row["story"]}"' in page.text
    assert "updated just now" in page.text
    twin = client.get("/stories", headers={"accept": "application/json"}).json()
    assert twin["stories"] == rows
    assert client.get("/").status_code == 200  # the paste page is still there


def test_search_and_escaping(grown: str) -> None:
    client = _client(grown)
    rows = client.get("/stories.json").json()["stories"]
    word = rows[0]["title"].split()[0]
    found = client.get("/stories.json", params={"q": word.lower()}).json()["stories"]
    everything = client.get("/stories.json", params={"limit": 500}).json()["stories"]
    assert found and {r["story"] for r in found} <= {r["story"] for r in everything}
    assert len(found) < len(everything)
    assert rows[0]["story"] in {r["story"] for r in found}
    assert client.get("/stories.json", params={"q": "zzzqqq"}).json()["stories"] == []
    page = client.get("/stories", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;" in page.text


def test_story_page_whats_new_and_permalinks(grown: str) -> None:
    client = _client(grown)
    rows = client.get("/stories.json", params={"limit": 500}).json()["stories"]
    grown_story = next(r for r in rows if r["versions"] == 2)
    link = f"/stories/{grown_story['story']}"
    page = client.get(link)
    assert page.status_code == 200
    assert "new since version 1</h2>" in page.text
    assert "new article(s)" in page.text
    twin = client.get(link + ".json").json()
    assert twin["version"] == 2 and twin["changes"]["since"] == 1
    assert len(twin["brief"]["articles"]) == grown_story["articles"]
    first = client.get(link + ".json", params={"version": 1}).json()
    assert first["version"] == 1 and first["changes"]["since"] is None
    assert client.get("/stories/nosuchstory").status_code == 404
    again = _client(grown)  # a restart: the same link, the same page
    assert again.get(link + ".json").json() == twin


def test_serve_refuses_a_missing_store_folder(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["serve", "--store", str(tmp_path / "no" / "x.db"), "--port", "0"])
    assert code == 2 and "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize(("seconds", "text"), [(5, "just now"), (300, "5 min ago"),
                                               (7300, "2 h ago"), (86400 * 3, "3 days ago")])
def test_ago(seconds: float, text: str) -> None:
    assert ago(seconds) == text


def test_json_twin_is_json(grown: str) -> None:
    client = _client(grown)
    body = client.get("/stories.json").text
    assert json.loads(body)["stories"]


def test_page_cache_shares_builds_and_expires() -> None:
    import asyncio

    from storyline.store.front import PageCache

    builds: list[int] = []

    def build() -> tuple[bytes, str]:
        builds.append(1)
        return f"page {len(builds)}".encode(), "text/plain"

    async def burst(cache: PageCache, key: tuple[object, ...]) -> list[bytes]:
        replies = await asyncio.gather(*(cache.get(key, build) for _ in range(20)))
        return [bytes(r.body) for r in replies]

    async def scenario() -> None:
        cache = PageCache(seconds=60, size=2)
        assert await burst(cache, ("a",)) == [b"page 1"] * 20  # one build for the burst
        for key in ("b", "c"):
            await burst(cache, (key,))
        assert len(cache.pages) == 2 and ("a",) not in cache.pages  # the oldest page went
        stale = PageCache(seconds=0)
        await burst(stale, ("a",))
        before = len(builds)
        await burst(stale, ("a",))
        assert len(builds) > before  # an expired page is built again

    asyncio.run(scenario())


def _raw(client: TestClient, path: str, headers: dict[str, str]) -> tuple[bytes, Mapping[str, str]]:
    """The bytes as sent (not decoded) and the response's headers."""
    with client.stream("GET", path, headers=headers) as reply:
        assert reply.status_code == 200
        return b"".join(reply.iter_raw()), reply.headers


@pytest.mark.parametrize("path", ["/stories", "/stories.json", "/stories.json?limit=500"])
def test_pages_are_sent_gzipped_with_an_etag(grown: str, path: str) -> None:
    import gzip

    client = _client(grown)
    plain, plain_headers = _raw(client, path, {"accept-encoding": "identity"})
    packed, packed_headers = _raw(client, path, {"accept-encoding": "br, gzip;q=0.8"})
    assert "content-encoding" not in plain_headers
    assert packed_headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed) == plain and len(packed) < len(plain)
    for headers in (plain_headers, packed_headers):
        assert headers["vary"] == "accept-encoding"
        assert "content-security-policy" in headers
    etag = plain_headers["etag"]
    assert etag == packed_headers["etag"] and etag.startswith('"')


def test_a_reader_holding_the_page_gets_304_until_an_add(grown: str, tmp_path: Path) -> None:
    engine = open_store(grown)
    client = TestClient(create_app(extend=lambda app: add_store_routes(app, engine, 0.0)))
    first = client.get("/stories.json")
    etag = first.headers["etag"]
    held = client.get("/stories.json", headers={"if-none-match": etag})
    assert held.status_code == 304 and held.content == b"" and held.headers["etag"] == etag
    listed = client.get("/stories.json", headers={"if-none-match": f'W/"x", {etag}'})
    assert listed.status_code == 304
    other = client.get("/stories.json", headers={"if-none-match": '"not-this-one"'})
    assert other.status_code == 200 and other.json() == first.json()
    later = write_days(stream(3, seed=11, start=date(2026, 1, 5)), tmp_path / "later")
    assert main(["add", *map(str, later), "--store", grown, "--no-briefs", "-q"]) == 0
    grown_page = client.get("/stories.json", headers={"if-none-match": etag})
    assert grown_page.status_code == 200 and grown_page.headers["etag"] != etag
    totals = grown_page.json()["totals"]
    assert totals["articles"] > first.json()["totals"]["articles"]
    assert totals["batches"] == first.json()["totals"]["batches"] + 1


def test_a_kept_page_is_served_until_it_expires(grown: str, tmp_path: Path) -> None:
    engine = open_store(grown)
    client = TestClient(create_app(extend=lambda app: add_store_routes(app, engine, 600.0)))
    before = client.get("/stories.json").json()
    later = write_days(stream(3, seed=11, start=date(2026, 1, 5)), tmp_path / "later")
    assert main(["add", *map(str, later), "--store", grown, "--no-briefs", "-q"]) == 0
    assert client.get("/stories.json").json() == before  # kept: one build per burst
    fresh = _client(grown).get("/stories.json").json()
    assert fresh["totals"]["articles"] > before["totals"]["articles"]


@pytest.mark.parametrize(("header", "takes"), [
    ("gzip", True), ("GZIP", True), ("gzip, deflate", True), ("br;q=1.0, gzip;q=0.5", True),
    ("*", True), ("x-gzip", True), ("gzip;q=0", False), ("gzip; q=0.000", False),
    ("identity", False), ("", False), ("deflate, br", False), ("gzip;q=zz", False)])
def test_accepts_gzip(header: str, takes: bool) -> None:
    from storyline.store.front import accepts_gzip

    assert accepts_gzip(header) is takes
