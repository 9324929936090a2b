"""Readers for feeds and web archives: RSS 2.0, RSS 1.0 (RDF), Atom, and WARC files.

Feeds are read with feedparser (it never fetches anything when given the text). Each item
becomes one article credited to its own outlet (the item's <source>, as aggregators write it,
else its link's host; the feed's title only when neither is known), with its link, guid (kept
as `ref`), author and date; its HTML body is reduced to text with `html.strip_tags`. WARC
needs an extra (`warc`, fastwarc) and is streamed record by record, so an archive of any size
is read in bounded memory.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..errors import require
from ..model import Article
from .html import read_html, strip_tags
from .records import Item, make_article, normalize_date, normalize_text, skipped

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.wet", ".warc.wet.gz")
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _charref(match: re.Match[str]) -> str:
    """A numeric character reference to no character (a lone surrogate, NUL, past U+10FFFF)
    becomes U+FFFD, as a broken byte does at decode time: feedparser would raise on it."""
    hexa, dec = match.groups()
    code = int(hexa, 16) if hexa else int(dec)
    return "&#xFFFD;" if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match[0]


def read_feed(text: str, origin: str) -> Iterator[Item]:
    """Yield one article per RSS item or Atom entry; skipped records for empty ones."""
    import feedparser  # start-up: only feeds need it

    try:
        parsed = feedparser.parse(_CHARREF.sub(_charref, text), resolve_relative_uris=False,
                                  sanitize_html=False)
    except ValueError as exc:  # feedparser's strict parser on a mangled namespace (its bug)
        yield skipped(origin, f"feed could not be parsed ({type(exc).__name__}: {exc})"[:160]
                      + "; fix or re-download it")
        return
    entries = list(parsed.entries)
    if parsed.bozo and not entries:
        why = str(parsed.get("bozo_exception", "not well-formed"))[:120]
        yield skipped(origin, f"feed is not well-formed XML ({why}); fix or re-download it")
        return
    if not entries:
        yield skipped(origin, "RSS or Atom feed holds no items or entries")
    channel = parsed.feed.get("title") or None
    for index, entry in enumerate(entries):
        yield _entry_article(entry, f"{origin}[{index}]", channel)


def _entry_article(entry: Any, origin: str, channel: str | None) -> Item:
    raw = _body(entry)
    body = (strip_tags(raw).get("text") or "") if "<" in raw else raw
    body = normalize_text(body).strip()
    if not body:
        return skipped(origin, "feed item has no text (only a title or link)")
    # dict.get: feedparser's own get maps a missing published to updated with a warning
    when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published = normalize_date(time.strftime("%Y-%m-%d", when)) if when else None
    url = entry.get("link") or None
    return make_article(
        origin, body,
        title=entry.get("title") or None, source=_outlet(entry, url) or channel,
        published=published, published_time=time.strftime("%H:%M", when) if when else None,
        published_from="metadata" if published else None, url=url,
        byline=entry.get("author") or None, ref=entry.get("id") or None,
    )


def _body(entry: Any) -> str:
    # The fullest body the item carries: content:encoded / Atom content, then the summary.
    for content in entry.get("content") or ():
        if (content.get("value") or "").strip():
            return str(content["value"])
    return str(entry.get("summary") or entry.get("description") or "")


def _outlet(entry: Any, url: str | None) -> str | None:
    """The item's own outlet: its <source> element (aggregators), else its link's host."""
    source = entry.get("source") or {}
    if source.get("title"):
        return str(source["title"]).strip()
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


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
    named: set[str] = set()
    try:
        for record in fastwarc.ArchiveIterator(stream, record_types=wanted, parse_http=True):
            read += 1
            yield from _warc_record(record, path, max_bytes, named)
    except OSError as exc:  # fastwarc reports a corrupt gzip member while iterating
        yield skipped(path, f"WARC file is damaged after {read} record(s) ({exc}); the records "
                            "before the damage were read")
        return
    finally:
        stream.close()
    if not read:
        yield skipped(path, "WARC file holds no readable response or conversion records; check "
                            "that it is a WARC archive")


def _warc_record(record: Any, path: str, max_bytes: int, named: set[str]) -> Iterator[Item]:
    uri = record.headers.get("WARC-Target-URI") or record.record_id
    # Named by its URI; a URI met again (a re-crawl) by its record id, so origins stay unique.
    origin = f"{path}#{uri if uri not in named else record.record_id}"
    named.add(uri)
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
        if isinstance(item, Article):  # the id is the record's: remade with it (and the URI)
            dated = item.url is None  # a page without its own URL takes the record's and date
            item = make_article(
                item.origin, item.text, title=item.title, source=item.source,
                published=item.published or (date if dated else None),
                published_from=item.published_from, url=item.url or uri, byline=item.byline,
                ref=record.record_id or None)
        yield item


def _plain(text: str, origin: str) -> Iterator[Item]:
    body = normalize_text(text).strip()
    if body:
        yield make_article(origin, body)
    else:
        yield skipped(origin, "WARC record has no text")
