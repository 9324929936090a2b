"""What every reader yields: an `Item` (an article, or a record of an input skipped with its
reason), the one way readers make an article (`make_article`: repaired text, stable id), the
normalizers of text and metadata dates they share, and `unique`, which reads a repeated article
once."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..model import Article, Dropped, InputRecord, article_id

Item = Article | InputRecord
# A lone surrogate (from a JSON "\ud800" escape, an XML character reference...) is not
# Unicode text: it cannot be written as UTF-8, so it is replaced when the article is made.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACED = ("lone surrogate (invalid Unicode, e.g. a JSON \\ud800 escape) replaced with "
            "U+FFFD")
# How many article ids a stream remembers to recognize a repeat: a feed polled again repeats
# within hours, far fewer articles than this; ~70 MB at most (id, origin and order per entry).
REMEMBERED = 1 << 18
_STR_FIELDS = ("text", "title", "source", "published", "published_time", "published_from",
               "url", "byline", "ref")
_ISO_DATE = re.compile(r"\A(\d{4})-(\d{1,2})-(\d{1,2})(?:\Z|[T ])")
_YEAR = re.compile(r"\b\d{4}\b")
_DATE_FORMATS = ("%Y/%m/%d", "%Y%m%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")


def skipped(origin: str, reason: str) -> InputRecord:
    """Return a "skipped" record for an input that held nothing usable."""
    return InputRecord(repair(origin), "skipped", reason)


def repair(text: str) -> str:
    """Return text with every lone surrogate replaced by U+FFFD (it is not Unicode text)."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def make_article(origin: str, text: str, scope: str = "", **meta: Any) -> Article:
    """Return a reader's article: lone surrogates replaced (and listed as dropped), its id from
    its `ref` (the user's id, within `scope`), else its `url`, else its text, title, outlet
    and date (`model.article_id`)."""
    fields: dict[str, Any] = {"text": text, **meta}
    replaced = 0
    for name in _STR_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and not value.isascii() and _SURROGATE.search(value):
            fields[name], count = _SURROGATE.subn("\ufffd", value)
            replaced += count
    about = (fields.get("title"), fields.get("source"), fields.get("published"))
    ident = article_id(fields["text"], fields.get("ref"), fields.get("url"), scope, about)
    dropped = (Dropped(ident, f"{replaced} character(s)", REPLACED),) if replaced else ()
    return Article(id=ident, origin=repair(origin), dropped=dropped, **fields)


class Recent(OrderedDict[str, str]):
    """The last `size` ids met, each with the origin it was first read from: the oldest is
    forgotten first, so an endless stream is checked for repeats in bounded memory."""

    def __init__(self, size: int = REMEMBERED) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)


def unique(items: Iterable[Item], seen: dict[str, str] | None = None) -> Iterator[Item]:
    """Yield items with an article whose id was met before turned into a skipped duplicate.

    `seen` maps ids met to the origin each was first read from (by default the last
    REMEMBERED ids: ids, not texts, are kept)."""
    seen = Recent() if seen is None else seen
    for item in items:
        if not isinstance(item, Article):
            yield item
        elif item.id in seen:
            yield skipped(item.origin, duplicate_reason(item, seen[item.id]))
        else:
            seen[item.id] = item.origin
            yield item


# The reason a repeat is skipped: the first one's origin, and what they share (`same_as`).
# printf-style, so the Spark job writes the same words (pyspark's format_string).
DUPLICATE = "duplicate of %s (%s); it is read once"


def duplicate_reason(article: Article, first: str) -> str:
    """Why an article is left out as the same one as the one read from origin `first`."""
    return DUPLICATE % (first, same_as(article))


def same_as(article: Article) -> str:
    """What a repeat shares with the first article of its id: user id, URL, or text."""
    if article.ref:
        return f"the same id {article.ref!r}"
    if article.url:
        return "the same URL"
    return "the same text, title, outlet and date"


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
    except (TypeError, ValueError, IndexError, OverflowError):  # "10:00" with 300 digits
        return None


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def too_big(what: str, limit: int) -> str:
    """The reason an input over `max_bytes` is refused, and what to do about it."""
    return (
        f"{what} over the limit of {limit:,} bytes (setting max_bytes); "
        "raise max_bytes to read it"
    )
