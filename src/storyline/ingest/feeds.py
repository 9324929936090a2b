"""Readers for feeds and web archives: RSS 2.0, RSS 1.0 (RDF), Atom, and WARC files.

Feeds are parsed with the standard library's expat (Python 3.11's expat refuses entity
expansion bombs and never fetches external entities). Each item becomes one article; its
HTML body is reduced to text with `formats.strip_tags`. WARC needs an extra (`warc`, fastwarc)
and is streamed record by record, so an archive of any size is read in bounded memory.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from ..errors import require
from ..model import Article, content_id
from .html import read_html, strip_tags
from .records import Item, normalize_date, normalize_text, skipped

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.wet", ".warc.wet.gz")
_BODY_TAGS = ("encoded", "content", "description", "summary")
_DATE_TAGS = ("pubDate", "published", "updated", "date", "issued")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(elem: ET.Element, names: tuple[str, ...]) -> str | None:
    # The first child (any namespace) with one of these local names, in the order given.
    found = {_local(child.tag): child for child in elem}
    for name in names:
        child = found.get(name)
        if child is not None and (child.text or "").strip():
            return (child.text or "").strip()
    return None


def _link(elem: ET.Element) -> str | None:
    for child in elem:
        if _local(child.tag) == "link":
            href = child.get("href") or (child.text or "").strip()
            if href:
                return href
    return None


def read_feed(text: str, origin: str) -> Iterator[Item]:
    """Yield one article per RSS item or Atom entry; skipped records for empty ones."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        yield skipped(origin, f"feed is not well-formed XML ({exc}); fix or re-download it")
        return
    channel_title = _child_text(next(iter(root), root), ("title",))
    entries = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
    if not entries:
        yield skipped(origin, "RSS or Atom feed holds no items or entries")
    for index, entry in enumerate(entries):
        yield _entry_article(entry, f"{origin}[{index}]", channel_title)


def _entry_article(entry: ET.Element, origin: str, channel: str | None) -> Item:
    raw = _child_text(entry, _BODY_TAGS) or ""
    body = (strip_tags(raw).get("text") or "") if "<" in raw else raw
    body = normalize_text(body).strip()
    if not body:
        return skipped(origin, "feed item has no text (only a title or link)")
    published = normalize_date(_child_text(entry, _DATE_TAGS))
    return Article(
        id=content_id(origin, body), origin=origin, text=body,
        title=_child_text(entry, ("title",)), source=channel, published=published,
        published_from="metadata" if published else None, url=_link(entry),
        byline=_child_text(entry, ("creator", "author")),
    )


def is_warc(path: str) -> bool:
    """Return True when the path names a WARC (or WET) file by its suffix."""
    return path.lower().endswith(WARC_SUFFIXES)


def read_warc(path: str, max_bytes: int) -> Iterator[Item]:
    """Yield the articles of the HTML responses (or WET conversions) in a WARC file."""
    fastwarc: Any = require("fastwarc.warc", "warc")
    wanted = fastwarc.WarcRecordType.response | fastwarc.WarcRecordType.conversion
    try:
        # Not a context manager: ArchiveIterator reads the file to its end; closed below.
        # fastwarc detects gzip itself (record-by-record gzip, as WARC files are written).
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield skipped(path, f"cannot read this WARC file ({exc.strerror}); check the path")
        return
    read = 0
    try:
        for record in fastwarc.ArchiveIterator(stream, record_types=wanted, parse_http=True):
            read += 1
            yield from _warc_record(record, path, max_bytes)
    except OSError as exc:  # fastwarc reports a corrupt gzip member while iterating
        yield skipped(path, f"WARC file is damaged after {read} record(s) ({exc}); the records "
                            "before the damage were read")
        return
    finally:
        stream.close()
    if not read:
        yield skipped(path, "WARC file holds no readable response or conversion records; check "
                            "that it is a WARC archive")


def _warc_record(record: Any, path: str, max_bytes: int) -> Iterator[Item]:
    uri = record.headers.get("WARC-Target-URI") or record.record_id
    origin = f"{path}#{uri}"
    if record.content_length > max_bytes:
        yield skipped(origin, f"WARC record is over max_bytes ({record.content_length:,} bytes)")
        return
    data = record.reader.read()
    text = data.decode("utf-8", "replace")
    http = record.http_headers
    kind = (http.get("Content-Type") or "") if http is not None else "text/plain"
    if "html" not in kind and "text" not in kind:
        yield skipped(origin, f"WARC record is not a page ({kind or 'no content type'})")
        return
    date = normalize_date(record.headers.get("WARC-Date"))
    for item in read_html(text, origin) if "html" in kind else _plain(text, origin):
        if isinstance(item, Article) and not item.url:
            item = _with(item, url=uri, published=item.published or date)
        yield item


def _plain(text: str, origin: str) -> Iterator[Item]:
    body = normalize_text(text).strip()
    if body:
        yield Article(id=content_id(origin, body), origin=origin, text=body)
    else:
        yield skipped(origin, "WARC record has no text")


def _with(article: Article, **changes: Any) -> Article:
    from dataclasses import replace

    return replace(article, **changes)
