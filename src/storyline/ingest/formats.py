"""Readers for one input's decoded text: plain text, HTML, JSON, JSONL, clusters and Multi-News.

Every reader yields `Item`s: an `Article` for each report found, or an `InputRecord` with
status "skipped" for each piece that held nothing usable. `ingest` adds the "used" records.

Origins name where an article came from, so a diagnostic points at the exact place:
`path` (whole file), `path:LINE` (JSONL, 1-based), `path[INDEX]` (JSON array element or
Multi-News article, 0-based), and `<container>:DOCID` for a cluster's documents (`:INDEX`
without an id; `<container>[INDEX]` when an earlier document already took that name).
Origins are for messages only: ids never depend on them (see `records.make_article`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .feeds import read_feed
from .html import read_html
from .records import Item, make_article, normalize_date, normalize_text, repair, skipped

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
    yield make_article(origin, text)


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
            yield make_article(where, body)
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
    scope = user_id(cluster.get("id")) or ""  # document ids are the cluster's own
    named: set[str] = set()
    for index, doc in enumerate(docs):
        doc_id = user_id(doc.get("id")) if isinstance(doc, dict) else None
        name = doc_id or str(index)
        where = f"{origin}:{name}" if name not in named else f"{origin}[{index}]"
        named.add(name)
        if isinstance(doc, dict):  # a document is an article record, never a nested cluster
            yield record_article(doc, where, scope if doc_id else "")
        else:
            yield skipped(where, "document is not a JSON object; expected one with 'text'")


def record_article(record: dict[str, Any], origin: str, scope: str = "") -> Item:
    """Return the article of one JSON record, or a skipped record when it has no text.

    Its `id`, when given, is kept as the article's `ref` (the user's own id, unique within
    `scope`: a cluster's documents are numbered per cluster)."""
    raw = next((record[k] for k in TEXT_FIELDS if record.get(k) not in (None, "")), None)
    if raw is not None and not isinstance(raw, str):
        return skipped(origin, "record's text is not a string; give 'text' as a string")
    text = normalize_text(raw or "")
    if not text.strip():
        return skipped(origin, "record has no text; give it a 'text', 'body' or 'content' field")
    raw_date = next((record[k] for k in DATE_FIELDS if record.get(k)), None)
    published = normalize_date(raw_date)
    return make_article(
        origin,
        text,
        scope,
        title=_field(record, "title", "headline"),
        source=_field(record, "source", "sitename"),
        published=published,
        published_from="metadata" if published else None,
        url=_field(record, "url", "link"),
        byline=_field(record, "byline", "author"),
        ref=user_id(record.get("id")),
    )


def user_id(value: Any) -> str | None:
    """Return a JSON `id` as text (numbers too), or None when absent, empty or not a scalar."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = repair(str(value).strip())
    return text or None


def _field(record: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, dict):  # NewsAPI style: "source": {"id": ..., "name": "BBC"}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
