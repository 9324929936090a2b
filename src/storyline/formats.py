"""Readers for one input's decoded text: plain text, HTML, JSON, JSONL, clusters and Multi-News.

Every reader yields `Item`s: an `Article` for each report found, or an `InputRecord` with
status "skipped" for each piece that held nothing usable. `ingest` adds the "used" records.

Origins name where an article came from, so a diagnostic points at the exact place:
`path` (whole file), `path:LINE` (JSONL, 1-based), `path[INDEX]` (JSON array element or
Multi-News article, 0-based), and `<container>:DOCID` for a cluster's documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

from .model import Article, InputRecord, content_id

Item = Article | InputRecord

JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".jsonlines"})
# JSON Lines: one record per line, so a file of any size can be read line by line.
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_FIELDS = ("text", "body", "content")
DATE_FIELDS = ("date", "published", "published_at", "publishedAt", "pubDate")
MULTINEWS_SEP = "|||||"
# Multi-News .src files hold one example per line with newlines written as this token.
MULTINEWS_NEWLINE = "NEWLINE_CHAR"
# How much of the start is examined to sniff binaries and formats: enough for a long <head>.
SNIFF_CHARS = 65536

_JSON_START = re.compile(r"\A(?:\{\s*[\"}]|\[\s*[\[{\"\]])")
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|section|span|a|br|"
    r"h[1-6]|table|ul|ol|li|main|header|nav|script|style)[\s>/]",
    re.IGNORECASE,
)
_XML_FEED = re.compile(r"\A(?:<\?xml[^>]*>\s*)?<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{1,2})-(\d{1,2})(?:\Z|[T ])")
_YEAR = re.compile(r"\b\d{4}\b")
_DATE_FORMATS = ("%Y/%m/%d", "%Y%m%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")


def skipped(origin: str, reason: str) -> InputRecord:
    """Return a "skipped" record for an input that held nothing usable."""
    return InputRecord(origin, "skipped", reason)


def normalize_text(text: str) -> str:
    """Return text with a leading BOM removed and every newline written as \\n."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def normalize_date(value: object) -> str | None:
    """Return a metadata date as YYYY-MM-DD, or None when it cannot be read unambiguously."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    iso = _ISO_DATE.match(text)
    if iso:  # keep the date as written: converting "23:30-05:00" to UTC would change the day
        return _valid_date(int(iso[1]), int(iso[2]), int(iso[3]))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if not _YEAR.search(text):  # RFC 2822 parsing would turn a year "24" into 2024: a guess
        return None
    try:  # RSS and e-mail style: "Tue, 05 Mar 2024 10:00:00 GMT"
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def sniff(text: str, suffix: str) -> str:
    """Return the format of decoded input: "json", "html", "feed", "multinews" or "text"."""
    head = text[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    if suffix in JSON_SUFFIXES or _JSON_START.match(head):
        return "json"
    if _XML_FEED.match(head):
        return "feed"
    if suffix in HTML_SUFFIXES or (head.startswith("<") and _HTML_TAG.search(head)):
        return "html"
    if MULTINEWS_SEP in text:
        return "multinews"
    return "text"


def read_text(text: str, origin: str, suffix: str = "") -> Iterator[Item]:
    """Yield the articles (or skipped records) held in one input's decoded text."""
    text = text.removeprefix("\ufeff")  # json.loads rejects a BOM; plain text drops it anyway
    kind = sniff(text, suffix.lower())
    if kind == "json":
        yield from read_json(text, origin, suffix.lower())
    elif kind == "feed":
        from .feeds import read_feed  # lazy: feeds imports this module

        yield from read_feed(text, origin)
    elif kind == "html":
        yield from read_html(text, origin)
    elif kind == "multinews":
        yield from read_multinews(text, origin)
    else:
        yield from read_plain(text, origin)


def read_plain(text: str, origin: str) -> Iterator[Item]:
    """Yield a scraped text page as one article, kept as-is apart from newlines and BOM."""
    text = normalize_text(text)
    if not text.strip():
        yield skipped(origin, "input holds only whitespace; nothing to read")
        return
    yield Article(id=content_id(origin, text), origin=origin, text=text)


def read_multinews(text: str, origin: str) -> Iterator[Item]:
    """Yield each article of Multi-News raw text (articles separated by |||||)."""
    text = normalize_text(text)
    if MULTINEWS_NEWLINE not in text:
        yield from _multinews_pieces(text, origin)
        return
    # A .src file: one example per line, so a line end never joins two articles.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            body = line.replace(MULTINEWS_NEWLINE, "\n")
            yield from _multinews_pieces(body, f"{origin}:{number}")


def _multinews_pieces(text: str, origin: str) -> Iterator[Item]:
    for index, piece in enumerate(text.split(MULTINEWS_SEP)):
        where = f"{origin}[{index}]"
        body = piece.strip()
        if body:
            yield Article(id=content_id(where, body), origin=where, text=body)
        else:
            yield skipped(where, "empty article between ||||| separators")


def read_json(text: str, origin: str, suffix: str) -> Iterator[Item]:
    """Yield the articles of a JSON document (object or array) or of JSON Lines."""
    try:
        value = json.loads(text)
    except RecursionError:
        yield skipped(origin, "JSON is nested too deeply to read")
        return
    except ValueError as exc:
        if suffix in JSONL_SUFFIXES or _has_object_line(text):
            yield from read_jsonl(text, origin)
        else:
            yield skipped(origin, f"not valid JSON ({_json_error(exc)}); fix the file")
        return
    if isinstance(value, list):
        if not value:
            yield skipped(origin, "JSON array is empty; nothing to read")
        for index, element in enumerate(value):
            yield from read_value(element, f"{origin}[{index}]")
    else:
        yield from read_value(value, origin)


def _has_object_line(text: str) -> bool:
    # JSON Lines if any line on its own is a JSON object; pretty-printed JSON has none.
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("{") and stripped.endswith("}"):
            value, error = parse_json_line(stripped)
            if not error and isinstance(value, dict):
                return True
    return False


def read_jsonl(text: str, origin: str, first_line: int = 1) -> Iterator[Item]:
    """Yield the articles of JSON Lines text; a bad line is skipped, the rest are kept."""
    for number, line in enumerate(normalize_text(text).split("\n"), start=first_line):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        value, error = parse_json_line(line)
        if error:
            yield skipped(where, f"line {number} is not valid JSON ({error}); fix or remove it")
        else:
            yield from read_value(value, where)


def parse_json_line(line: str) -> tuple[Any, str]:
    """Return (value, "") for a JSON line, or (None, error) naming the JSON error."""
    try:
        return json.loads(line), ""
    except RecursionError:
        return None, "nested too deeply"
    except ValueError as exc:
        return None, _json_error(exc)


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return str(exc)


def read_value(value: Any, origin: str) -> Iterator[Item]:
    """Yield the articles of one parsed JSON value: an article record or a cluster."""
    if not isinstance(value, dict):
        yield skipped(origin, "record is not a JSON object; expected an article with 'text'")
    elif "documents" in value:
        yield from cluster_items(value, origin)
    else:
        yield record_article(value, origin)


def cluster_items(cluster: dict[str, Any], origin: str) -> Iterator[Item]:
    """Yield one article per document of an evaluation cluster `{"id", "documents", ...}`."""
    docs = cluster.get("documents")
    if not isinstance(docs, list) or not docs:
        yield skipped(origin, "cluster has no documents; expected a non-empty 'documents' list")
        return
    for index, doc in enumerate(docs):
        doc_id = doc.get("id") if isinstance(doc, dict) else None
        where = f"{origin}:{doc_id if doc_id is not None else index}"
        if isinstance(doc, dict):  # a document is an article record, never a nested cluster
            yield record_article(doc, where)
        else:
            yield skipped(where, "document is not a JSON object; expected one with 'text'")


def record_article(record: dict[str, Any], origin: str) -> Item:
    """Return the article of one JSON record, or a skipped record when it has no text."""
    raw = next((record[k] for k in TEXT_FIELDS if record.get(k) not in (None, "")), None)
    if raw is not None and not isinstance(raw, str):
        return skipped(origin, "record's text is not a string; give 'text' as a string")
    text = normalize_text(raw or "")
    if not text.strip():
        return skipped(origin, "record has no text; give it a 'text', 'body' or 'content' field")
    raw_date = next((record[k] for k in DATE_FIELDS if record.get(k)), None)
    published = normalize_date(raw_date)
    return Article(
        id=content_id(origin, text),
        origin=origin,
        text=text,
        title=_field(record, "title", "headline"),
        source=_field(record, "source", "sitename"),
        published=published,
        published_from="metadata" if published else None,
        url=_field(record, "url", "link"),
        byline=_field(record, "byline", "author"),
    )


def _field(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, dict):  # NewsAPI style: "source": {"id": ..., "name": "BBC"}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read_html(text: str, origin: str) -> Iterator[Item]:
    """Yield the article of one HTML page (trafilatura, or a crude tag-stripper fallback)."""
    try:
        meta = _extract_html(text)
    except Exception as exc:  # lxml and trafilatura raise many types on hostile pages
        detail = f"{type(exc).__name__}: {exc}"[:120]
        yield skipped(origin, f"HTML could not be parsed ({detail}); save the page as text")
        return
    if not meta.get("text"):
        try:
            meta = strip_tags(text)
        except Exception:  # html.parser asserts on some malformed marked sections
            meta = {}
    body = normalize_text(meta.get("text") or "").strip()
    if not body:
        yield skipped(origin, "HTML page has no text")
        return
    published = normalize_date(meta.get("date"))
    yield Article(
        id=content_id(origin, body),
        origin=origin,
        text=body,
        title=meta.get("title"),
        source=meta.get("sitename"),
        published=published,
        published_from="metadata" if published else None,
        url=meta.get("url"),
        byline=meta.get("author"),
    )


def _extract_html(text: str) -> dict[str, str | None]:
    """Return trafilatura's text and metadata for a page (empty text when it finds none)."""
    import trafilatura  # lazy: trafilatura and lxml cost ~0.3 s to import

    doc = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,  # reader comments are not the report
        # Dates only from markup and URL: the extensive search guesses from body text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    names = ("text", "title", "author", "date", "url", "sitename")
    if doc is None:
        return {}
    return {name: _str_or_none(getattr(doc, name, None)) for name in names}


def _str_or_none(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class _TagStripper(HTMLParser):
    """Collect a page's visible text and <title>, skipping scripts and styles."""

    SKIP = frozenset({"script", "style", "noscript", "template", "svg"})
    # Tags that end a line of text, so paragraphs do not run together.
    BLOCK = frozenset({
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
        "article", "section", "blockquote", "pre", "header", "footer",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip_depth = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note entering skipped elements and block boundaries."""
        if tag in self.SKIP:
            self.skip_depth += 1
        self.in_title = self.in_title or tag == "title"
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Note leaving skipped elements and block boundaries."""
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "title":
            self.in_title = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Keep visible text; the title goes aside so it does not open the body."""
        if self.in_title:
            self.title.append(data)
        elif not self.skip_depth:
            self.parts.append(data)


def strip_tags(html: str) -> dict[str, str | None]:
    """Return the visible text and title of a page by crude tag stripping (no tree built)."""
    parser = _TagStripper()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.title).split())
    return {"text": "\n".join(line for line in lines if line), "title": title or None}
