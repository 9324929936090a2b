"""Parquet archives (extra 'parquet'): one article per row, read in bounded batches.

The columns a row may carry are those of a JSON record (`formats.record_article` picks the
text from text/body/content, the date from published/date/..., and keeps id, url, source,
title and byline); other columns are ignored. Each row's origin is `FILE:ROW` (1-based, as
JSON Lines line numbers are). The Spark job reads the same columns with the same rules.
Without pyarrow the file is skipped with a reason naming the extra; a damaged file is skipped
with pyarrow's own words.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from ..errors import MissingExtraError, require
from .formats import record_article
from .records import Item, skipped

# Columns read into a record (record_article picks text/body/content, dates etc.).
PARQUET_COLUMNS = (
    "id", "text", "body", "content", "title", "headline", "source", "sitename", "published",
    "date", "published_at", "url", "link", "byline", "author",
)
PARQUET_SUFFIXES = (".parquet", ".parq")
# Rows per batch: bounds memory on archives far larger than max_bytes.
BATCH_ROWS = 2048


def is_parquet(name: str) -> bool:
    """True for a file name that says Parquet."""
    return name.lower().endswith(PARQUET_SUFFIXES)


def plain(value: Any) -> Any:
    """Return a Parquet cell as JSON would give it: dates as ISO text, nulls as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime | date):  # pandas Timestamp is a datetime
        return None if str(value) == "NaT" else value.isoformat()
    return value


def read_parquet(source: str | bytes, origin: str) -> Iterator[Item]:
    """Yield one article (or skipped record) per row of a Parquet file or its bytes."""
    try:
        pq: Any = require("pyarrow.parquet", "parquet")
    except MissingExtraError as exc:
        yield skipped(origin, f"{exc}")
        return
    try:
        handle = pq.ParquetFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        columns = [c for c in PARQUET_COLUMNS if c in handle.schema_arrow.names]
        if not columns:
            yield skipped(origin, "Parquet file has none of the article columns "
                                  f"({', '.join(PARQUET_COLUMNS[:4])}, ...)")
            return
        row = 0
        for batch in handle.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            for record in batch.to_pylist():
                row += 1
                yield record_article({k: plain(v) for k, v in record.items()}, f"{origin}:{row}")
    except Exception as exc:  # noqa: BLE001 - any damage pyarrow reports skips this file only
        yield skipped(origin, f"cannot read this Parquet file ({str(exc)[:200]})")
        return
    if row == 0:
        yield skipped(origin, "Parquet file has no rows")
