"""Ingest: inputs (files, folders, globs, stdin, bytes) to raw `Article`s, one reader per format,
and a record for every input used or skipped with its reason."""

from .feeds import is_warc, read_feed, read_warc
from .formats import read_text, read_value, record_article
from .read import Ingested, decode, ingest, ingest_bytes, iter_ingest, read_bytes, read_clusters
from .records import Item, normalize_date, normalize_text, skipped

__all__ = ["Ingested", "Item", "decode", "ingest", "ingest_bytes", "is_warc", "iter_ingest",
           "normalize_date", "normalize_text", "read_bytes", "read_clusters", "read_feed",
           "read_text", "read_value", "read_warc", "record_article", "skipped"]
