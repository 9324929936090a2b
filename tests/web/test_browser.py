"""The report and the served page in a real headless Chromium (Debian's `chromium` package).

Screenshots of the seeds' brief go to build/screenshots (or $STORYLINE_SCREENSHOTS).
"""

from __future__ import annotations

import base64
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from briefs import COURIER, RADIO, THIRD, hostile_brief, sample_brief
from helpers import FIXTURES, ROOT, SEEDS

from storyline.model import Brief
from storyline.render.html import to_html

CHROMIUM = os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("STORYLINE_SCREENSHOTS", ROOT / "build" / "screenshots"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium "
                "(or set STORYLINE_CHROMIUM)", allow_module_level=True)

# Decodes a PNG in a blank page and measures it: share of non-background pixels, colours.
_PIXELS = """async (b64) => {
  const blob = await (await fetch("data:image/png;base64," + b64)).blob();
  const bmp = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bmp.width, bmp.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bmp, 0, 0);
  const data = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
  const colours = new Set(); let ink = 0;
  for (let i = 0; i < data.length; i += 16) {
    colours.add((data[i] >> 4) + "," + (data[i + 1] >> 4) + "," + (data[i + 2] >> 4));
    if (data[i] + data[i + 1] + data[i + 2] < 600) { ink++; }
  }
  return {width: bmp.width, height: bmp.height, colours: colours.size,
          ink: ink / (data.length / 16)};
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    yield tab
    context.close()


def _open(page: Any, brief: Brief, tmp_path: Path, name: str = "brief.html") -> None:
    path = tmp_path / name
    path.write_text(to_html(brief), encoding="utf-8")
    page.goto(path.as_uri())


def _click(page: Any, selector: str) -> str:
    page.click(selector)
    return str(page.eval_on_selector("mark.hl", "m => m.textContent"))


def test_clicking_a_marker_highlights_its_source_sentence(page: Any, tmp_path: Path) -> None:
    brief = sample_brief()
    _open(page, brief, tmp_path)
    first, second = brief.summary
    expected = [brief.article(c.article).text[c.start:c.end]
                for c in (*first.citations, *second.citations)]
    markers = page.query_selector_all("#summary a.cite")
    assert len(markers) == len(expected) == 3
    for n, (want, source) in enumerate(zip(expected, ("src-1", "src-2", "src-2"), strict=True)):
        got = _click(page, f"#summary a.cite >> nth={n}")
        assert got == want  # the Radio spans sit after an emoji: UTF-16 offsets must hold
        assert page.eval_on_selector("mark.hl", "m => m.closest('.source').id") == source
        assert page.eval_on_selector(f"#{source}", "e => e.classList.contains('current')")
        assert page.locator("mark.hl").count() == 1 and page.locator("mark.hl").is_visible()


def test_hover_previews_and_figures_link_each_value(page: Any, tmp_path: Path) -> None:
    brief = sample_brief()
    _open(page, brief, tmp_path)
    page.hover("#summary a.cite >> nth=0")
    assert page.locator("#pop").is_visible()
    assert brief.summary[0].text in page.inner_text("#pop")
    mention = brief.figures[0].mentions[1]
    got = _click(page, "#figures a.cite >> nth=1")
    assert got == brief.article(mention.article).text[mention.start:mention.end]


def _layout(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("""() => ({
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        scripts: document.scripts.length,
        injected: document.querySelectorAll(
            "main img, main svg, main iframe, aside img, aside svg, aside iframe, " +
            "[onerror], [onload], [onclick], a[href^='javascript']").length,
        pwned: window.__pwned === undefined ? null : window.__pwned,
        summary: document.querySelector("#summary").getBoundingClientRect().height,
    })"""))


def test_hostile_article_runs_nothing_and_keeps_its_layout(page: Any, tmp_path: Path) -> None:
    brief = hostile_brief(depth=10_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open(page, brief, tmp_path)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        state = _layout(page)
        assert state["pwned"] is None and state["scripts"] == 1 and state["injected"] == 0
        assert state["overflow"] <= 0 and state["summary"] > 0
    page.click("#summary a.cite >> nth=0")
    page.hover("#timeline a.cite >> nth=0")
    page.click("#dropped summary")
    assert page.dialogs == [] and errors == [] and _layout(page)["pwned"] is None
    assert "<script>window.__pwned" in page.inner_text("#summary")


def _measure(browser: Any, png: bytes) -> dict[str, Any]:
    blank = browser.new_page()
    try:
        return dict(blank.evaluate(_PIXELS, base64.b64encode(png).decode()))
    finally:
        blank.close()


@pytest.fixture(scope="module")
def seeds_brief() -> Brief:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    from storyline.ingest import ingest
    from storyline.pipeline import build_brief

    ingested = ingest([str(SEEDS)])
    return build_brief(ingested.articles, ingested.inputs)


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_seeds_screenshots(browser: Any, page: Any, seeds_brief: Brief, tmp_path: Path,
                           name: str, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    _open(page, seeds_brief, tmp_path)
    cite = seeds_brief.summary[0].citations[0]
    got = _click(page, "#summary a.cite >> nth=0")
    assert got == seeds_brief.article(cite.article).text[cite.start:cite.end]
    page.evaluate("window.scrollTo(0, 0)")
    for selector in ("h1", "#summary li", "#sources .source"):
        assert page.locator(selector).first.is_visible(), selector
    assert _layout(page)["overflow"] <= 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"seeds-{name}.png"
    png = page.screenshot(path=str(shot), full_page=True)
    stats = _measure(browser, png)
    assert stats["width"] == viewport["width"] and stats["height"] > viewport["height"]
    assert stats["colours"] > 8 and 0.01 < stats["ink"] < 0.6  # text on a light page
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / f"seeds-{name}-print.png"), full_page=True)
    assert page.locator("#sources .source").first.is_visible()


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    pytest.importorskip("fastapi", reason="the 'web' extra is not installed")
    uvicorn = pytest.importorskip("uvicorn", reason="the 'web' extra is not installed")
    from storyline.web import create_app

    config = uvicorn.Config(create_app(), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


def test_served_form_builds_a_brief(page: Any, live_server: str) -> None:
    hostile = (FIXTURES / "bad" / "hostile.html").read_bytes()
    response = page.goto(live_server + "/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.fill("#text", f"{COURIER}\n---\n{RADIO}\n---\n{THIRD}")
    page.set_input_files("#files", files=[
        {"name": "hostile.html", "mimeType": "text/html", "buffer": hostile}])
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/briefs/*", timeout=20_000)
    twin = page.request.get(page.url + ".json").json()
    # The hostile page tells another story: it is left out with its reason, never lost.
    assert len(twin["articles"]) == 3
    skipped = {i["origin"]: i["reason"] for i in twin["diagnostics"]["inputs"]
               if i["status"] == "skipped"}
    assert skipped["upload:hostile.html"].startswith("off-topic")
    cite = twin["summary"][0]["citations"][0]
    text = next(a["text"] for a in twin["articles"] if a["id"] == cite["article"])
    assert _click(page, "#summary a.cite >> nth=0") == text[cite["start"]:cite["end"]]
    assert page.dialogs == [] and _layout(page)["pwned"] is None
    assert "upload:hostile.html" in page.inner_text("body")  # shown as skipped, with its reason


def test_served_form_shows_errors_in_place(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    page.click("button[type=submit]")
    status = page.locator("#status.error")
    status.wait_for(timeout=10_000)
    assert "nothing to read" in status.inner_text()
    assert page.locator("#progress").is_hidden()  # the bar does not freeze beside the error
    assert page.url == live_server + "/" and page.locator("button[type=submit]").is_enabled()


def _state(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("""() => ({
        y: window.scrollY, hash: window.location.hash, marker: window.__same === true,
        sheet: !document.getElementById("sheet").hidden,
        text: document.getElementById("sheet-text").textContent})"""))


def test_phone_citation_opens_in_place_and_back_closes_it(
        page: Any, seeds_brief: Brief, tmp_path: Path) -> None:
    page.set_viewport_size(PHONE)
    _open(page, seeds_brief, tmp_path)
    page.evaluate("window.__same = true")  # gone if Back ever left the page
    cite = seeds_brief.summary[1].citations[0]
    want = seeds_brief.article(cite.article).text[cite.start:cite.end]
    page.locator("#summary a.cite >> nth=0").scroll_into_view_if_needed()
    before = _state(page)
    first = seeds_brief.summary[0].citations[0]
    page.click("#summary a.cite >> nth=0")
    opened = _state(page)
    assert opened["sheet"] and opened["hash"].startswith("#cite-")
    assert opened["text"] == seeds_brief.article(first.article).text[first.start:first.end]
    assert abs(opened["y"] - before["y"]) < 2  # in place: the page did not jump away
    assert page.locator("#sheet").is_visible() and page.locator("#sheet-close").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "seeds-phone-citation.png"))
    page.go_back()
    closed = _state(page)
    assert not closed["sheet"] and closed["hash"] == "" and closed["marker"]
    assert abs(closed["y"] - before["y"]) < 2
    # Another citation, then on to its source, then Back twice.
    marker = page.locator("#summary li >> nth=1").locator("a.cite").first
    marker.click()
    assert _state(page)["text"] == want
    page.click("#sheet-go")
    there = _state(page)
    assert not there["sheet"] and there["hash"].startswith("#src-")
    assert page.locator("mark.hl").is_visible() and there["y"] > before["y"] + 200
    page.go_back()
    back = _state(page)
    assert back["sheet"] and back["text"] == want and abs(back["y"] - before["y"]) < 2
    page.go_back()
    assert not _state(page)["sheet"] and _state(page)["marker"]


def test_sheet_closes_with_its_button_and_a_shared_hash_reopens(
        page: Any, seeds_brief: Brief, tmp_path: Path) -> None:
    page.set_viewport_size(PHONE)
    _open(page, seeds_brief, tmp_path)
    page.click("#summary a.cite >> nth=0")
    shared = page.url
    page.click("#sheet-close")
    assert not _state(page)["sheet"] and _state(page)["hash"] == ""
    other = page.context.new_page()  # someone opens the link to that citation
    other.set_viewport_size(PHONE)
    other.goto(shared)
    assert _state(other)["sheet"] and other.locator("mark.hl").count() == 1
    page.goto(shared)  # and the same page follows a typed hash too
    assert _state(page)["sheet"]


def test_desktop_citation_jumps_and_back_returns(
        page: Any, seeds_brief: Brief, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 900, "height": 700})  # one column: sources below
    _open(page, seeds_brief, tmp_path)
    page.evaluate("window.__same = true")
    before = _state(page)
    page.click("#summary a.cite >> nth=0")
    moved = _state(page)
    assert not moved["sheet"] and moved["hash"].startswith("#cite-")
    assert moved["y"] > before["y"] + 200 and page.locator("mark.hl").is_visible()
    page.go_back()
    back = _state(page)
    assert back["marker"] and back["hash"] == "" and abs(back["y"] - before["y"]) < 2
    assert page.locator("mark.hl").count() == 0


def test_served_brief_links_its_twin_and_tools(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    page.fill("#text", f"{COURIER}\n---\n{RADIO}\n---\n{THIRD}")
    page.fill("#words", "40")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/briefs/*", timeout=20_000)
    assert page.locator("#print").is_visible() and page.locator("#copy-link").is_visible()
    twin = page.locator("nav.tools a[type='application/json']").get_attribute("href")
    assert twin is not None
    brief = page.request.get(page.url.rsplit("/", 1)[0] + "/" + twin).json()
    assert sum(len(s["text"].split()) for s in brief["summary"]) <= 60
    page.emulate_media(media="print")
    assert not page.locator("nav.tools").is_visible()
