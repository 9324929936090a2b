"""What every reader yields: an `Item` (an article, or a record of an input skipped with its
reason), and the normalizers of text and metadata dates they share."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from ..model import Article, InputRecord

Item = Article | InputRecord
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


def too_big(what: str, limit: int) -> str:
    """The reason an input over `max_bytes` is refused, and what to do about it."""
    return (
        f"{what} over the limit of {limit:,} bytes (setting max_bytes); "
        "raise max_bytes to read it"
    )
