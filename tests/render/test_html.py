"""The self-contained HTML report: escaping, CSP hashes, citation offsets, every section."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from briefs import COURIER, RADIO, hostile_brief, sample_brief
from helpers import SEEDS

from storyline.cli import main
from storyline.model import (
    Article,
    Brief,
    Citation,
    Event,
    SummarySentence,
)
from storyline.render.html import content_security_policy, to_html, when


class _Tags(HTMLParser):
    """Collects start tags and the text inside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.raw else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)


def parse(page: str) -> _Tags:
    tags = _Tags()
    tags.feed(page)
    return tags


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_csp_allows_exactly_the_inlined_script_and_style() -> None:
    tags = parse(to_html(sample_brief()))
    scripts, styles = tags.raw["script"], tags.raw["style"]
    assert len([t for t, _ in tags.tags if t == "script"]) == 1
    meta = [a for t, a in tags.tags if t == "meta" and a.get("http-equiv")]
    assert meta and meta[0]["http-equiv"] == "Content-Security-Policy"
    policy = meta[0]["content"] or ""
    assert f"script-src '{_hash(''.join(scripts))}'" in policy
    assert f"style-src '{_hash(''.join(styles))}'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert "unsafe-inline" not in content_security_policy(served=True)


def test_no_external_assets() -> None:
    page = to_html(sample_brief())
    for tag, attrs in parse(page).tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value or value.startswith("#"), (tag, name, value)
    assert "http://" not in page and "https://" not in page


def test_every_untrusted_field_is_escaped() -> None:
    page = to_html(hostile_brief(depth=300))
    tags = parse(page)
    names = [t for t, _ in tags.tags]
    assert names.count("script") == 1 and "img" not in names and "svg" not in names
    assert "b" not in names and "i" not in names and names.count("div") < 10  # no tag soup
    assert not any(k.startswith("on") for _, a in tags.tags for k in a)
    assert not any((a.get("href") or "").startswith("javascript:") for _, a in tags.tags)
    # The markup is still there, as visible text.
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "onerror=&quot;window.__pwned = 1&quot;" in page


def _markers(page: str) -> list[tuple[int, int, int]]:
    return [(int(n), int(s), int(e)) for n, s, e in
            re.findall(r'data-n="(\d+)" data-s="(\d+)" data-e="(\d+)"', page)]


def test_markers_carry_utf16_offsets_of_their_citation() -> None:
    brief = sample_brief()
    page = to_html(brief)
    markers = _markers(page)
    assert markers
    for n, start, end in markers:
        text = brief.articles[n - 1].text
        units = text.encode("utf-16-le")
        span = units[2 * start : 2 * end].decode("utf-16-le")
        assert span in text and len(span) >= 5
    # Radio's first sentence follows the emoji: its UTF-16 start is 1 more than Python's.
    radio = brief.articles[1]
    python_start = radio.text.index("A warehouse fire")
    assert (2, python_start + 1, python_start + 1 + len("A warehouse fire on the Port Caldera "
            "waterfront was under control by morning.")) in markers


def test_sections_render_what_the_brief_holds() -> None:
    page = to_html(sample_brief())
    for section in ("summary", "timeline", "figures", "quotes", "entities", "dropped", "skipped"):
        assert f'<section id="{section}"' in page
    assert "March 2024" in page and "2024-03-04 to 2024-03-05, 23:10" in page
    assert 'tr class="conflict"' in page and "sources disagree" in page
    assert "about 40" in page and "more than 60" in page
    assert "<h3>Tomas Ilve</h3>" in page and "<h3>Unattributed</h3>" in page
    assert "Caldera Courier · 2024-03-05" in page and "Harbor Radio · date unknown" in page
    assert "<details class=\"dropped\">" in page and "Share this story" in page
    assert "Only this source says (1)" in page and "Backs summary lines 1, 2." in page


def test_summary_markers_point_at_each_citing_source() -> None:
    page = to_html(sample_brief())
    first_item = page.split('<ol class="summary">', 1)[1].split("</li>", 1)[0]
    assert [n for n, _, _ in _markers(first_item)] == [1, 2]


def test_citation_to_an_unknown_article_is_shown_not_linked() -> None:
    brief = sample_brief()
    stray = SummarySentence("Stray.", (Citation("not-here", 0, 3),))
    page = to_html(Brief(id="x", articles=brief.articles, summary=(stray,)))
    assert 'class="cite missing"' in page


@pytest.mark.parametrize(("event", "shown"), [
    (Event("2024-03-05", "day", "t", ()), "2024-03-05"),
    (Event("2024-03", "month", "t", ()), "March 2024"),
    (Event("2020", "decade", "t", ()), "2020s"),
    (Event(None, "none", "t", ()), "Undated"),
    (Event("2024-03-05", "day", "t", (), time="09:45"), "2024-03-05, 09:45"),
])
def test_when(event: Event, shown: str) -> None:
    assert when(event) == shown


def test_output_is_deterministic() -> None:
    assert to_html(sample_brief()) == to_html(sample_brief())


def test_empty_brief_renders() -> None:
    page = to_html(Brief(id="empty", articles=(), summary=()))
    assert "No summary" in page and "0 sources" in page


def test_cli_writes_html(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(COURIER + "\n\n" + "Firefighters returned at dawn.")
    (folder / "b.txt").write_text(RADIO)
    out = tmp_path / "brief.html"
    assert main(["brief", str(folder), "--format", "html", "-o", str(out), "-q"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<section id="summary"' in page
    assert _markers(page)


def test_seeds_brief_renders() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds not found at {SEEDS}")
    from storyline.ingest import ingest
    from storyline.pipeline import build_brief

    ingested = ingest([str(SEEDS)])
    brief = build_brief(ingested.articles, ingested.inputs)
    page = to_html(brief)
    assert page.count('<article class="source"') == len(brief.articles) >= 2
    assert "Aleppo" in page
    markers = _markers(page)
    cited = {(brief.articles[n - 1].id) for n, _, _ in markers}
    assert cited <= {a.id for a in brief.articles} and len(markers) >= len(brief.summary)


def test_sources_link_their_url_show_the_byline_and_no_local_path() -> None:
    from storyline.model import Brief

    arts = (
        Article(id="a1", origin="/home/editor/private/feeds/wire.jsonl:3", text="Ships wait.",
                title="Port shut", source="Coast Wire", url="https://coast.example/port",
                byline="Ana Reyes"),
        Article(id="a2", origin="/home/editor/notes.txt", text="Ships left.", title="Bad link",
                url="javascript:alert(1)"),
    )
    page = to_html(Brief("b", arts, ()))
    assert '<a href="https://coast.example/port" rel="noopener noreferrer">Port shut</a>' in page
    assert "by Ana Reyes" in page
    assert "/home/editor" not in page and "wire.jsonl:3" in page
    assert "javascript:" not in page
