"""Ingest: turn files, folders, glob patterns and stdin into raw `Article`s.

Nothing here raises on bad input: every input ends up either as articles (with a "used"
record) or as a "skipped" `InputRecord` whose reason says what went wrong and what to do. An
article met twice (the same id: user id, URL or text) is used once; the repeat is skipped as
"duplicate of <the first one's origin>".
The format readers live in `formats.py`; this module finds the inputs, reads their bytes
and decodes them (or says why it could not).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import Article, Cluster, InputRecord
from ..settings import Settings
from .feeds import is_warc, read_warc
from .formats import (
    JSONL_SUFFIXES,
    SNIFF_CHARS,
    cluster_items,
    parse_json_line,
    read_jsonl,
    read_text,
    sniff,
    user_id,
)
from .parquet import is_parquet, read_parquet
from .pasted import has_separator, split_articles
from .paths import Found, expand
from .records import Item, skipped, too_big, unique

STDIN = "-"
PARQUET_MAGIC = b"PAR1"
# Share of non-text characters (controls, unassigned, private use) above which decoded bytes
# are treated as binary. Real pages, even with stray form feeds, stay far below 1%.
MAX_NONTEXT_SHARE = 0.05
# Windows-1252 decodes almost any byte string, so it is trusted only when most letters are
# ASCII: true of English and Western European text (accents ~5%), false of random bytes.
MIN_ASCII_SHARE_CP1252 = 0.75
_NON_TEXT_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


@dataclass(frozen=True, slots=True)
class Ingested:
    """What ingest found: the raw articles, and one record per input, used or skipped."""

    articles: tuple[Article, ...]  # raw articles: text is the body before boilerplate cleaning
    inputs: tuple[InputRecord, ...]


def ingest(
    paths: Sequence[str], settings: Settings | None = None, stdin: BinaryIO | None = None
) -> Ingested:
    """Read every file, folder, glob pattern and "-" (stdin) into raw articles; never raises."""
    settings = settings or Settings()
    if isinstance(paths, str):  # a lone path string would otherwise be read letter by letter
        paths = [paths]
    return _collect(iter_ingest(paths, settings, stdin))


def iter_ingest(
    paths: Sequence[str], settings: Settings | None = None, stdin: BinaryIO | None = None,
    stream_stdin: bool = False,
) -> Iterator[Item]:
    """Yield the items of each input as it is read, holding one file at a time, never raises.

    With `stream_stdin`, standard input that starts with a JSON object is read line by line
    (JSON Lines), so an endless feed piped in is processed with bounded memory.
    """
    settings = settings or Settings()
    if isinstance(paths, str):
        paths = [paths]
    return unique(_iter_paths(paths, settings, stdin, stream_stdin))


def _iter_paths(paths: Sequence[str], settings: Settings, stdin: BinaryIO | None,
                stream_stdin: bool) -> Iterator[Item]:
    seen: dict[str, str] = {}  # real path -> origin it was first read as
    for given in paths:
        if given == STDIN and stream_stdin:
            yield from _stream_stdin(stdin, settings)
        else:
            yield from _read_path(given, settings, stdin, seen)


def _stream_stdin(stdin: BinaryIO | None, settings: Settings) -> Iterator[Item]:
    """Yield standard input's articles line by line when it is JSON Lines, else read it whole."""
    stream: Any = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    head = stream.peek(256) if hasattr(stream, "peek") else b""
    if not head.lstrip().startswith(b"{"):
        yield from _read_stdin(stream, settings)
        return
    yield from _stream_lines(stream, STDIN, settings)


def _stream_lines(stream: Any, origin: str, settings: Settings) -> Iterator[Item]:
    """Yield the articles of a JSON Lines stream line by line; max_bytes bounds each line."""
    number = 0
    while True:
        line = stream.readline(settings.max_bytes + 1)
        if not line:
            return
        number += 1
        where = f"{origin}:{number}"
        if len(line) > settings.max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = stream.readline(1 << 20)
            yield skipped(where, too_big(f"line {number} is", settings.max_bytes))
            continue
        text, reason = decode(line)
        if text is None:
            yield skipped(where, f"line {number}: {reason}")
        elif text.strip():
            yield from read_jsonl(text, origin, first_line=number)


def _collect(items: Iterable[Item]) -> Ingested:
    """Split reader items into articles and records, adding a "used" record per article."""
    articles: list[Article] = []
    inputs: list[InputRecord] = []
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
            inputs.append(InputRecord(item.origin, "used", ""))
        else:
            inputs.append(item)
    return Ingested(tuple(articles), tuple(inputs))


def _read_path(
    given: str, settings: Settings, stdin: BinaryIO | None, seen: dict[str, str]
) -> Iterator[Item]:
    """Yield the items of one command-line argument, whatever kind of path it is."""
    if given == STDIN:
        yield from _read_stdin(stdin, settings)
        return
    files: dict[str, int] = {}  # folder -> its files read, and the articles they held
    articles: dict[str, int] = {}
    for folder, found in expand(given, seen):
        held = 0
        if isinstance(found, InputRecord):
            yield found
        else:
            for item in _read_file(found, settings):
                held += isinstance(item, Article)
                yield item
        if folder is not None:
            files[folder] = files.get(folder, 0) + 1
            articles[folder] = articles.get(folder, 0) + held
    for folder, count in files.items():
        if not articles[folder]:
            yield skipped(folder, f"folder holds no articles: all {count} files were skipped")


def _read_file(found: Found, settings: Settings) -> Iterator[Item]:
    """Yield the items of one checked file, by its kind and size."""
    path = origin = found.path
    if is_warc(path):  # streamed record by record: max_bytes bounds each record, not the file
        yield from read_warc(path, settings.max_bytes)
        return
    if is_parquet(path):  # read in row batches: an archive, bounded per row like WARC
        yield from read_parquet(path, origin)
        return
    if found.size > settings.max_bytes and path.lower().endswith(JSONL_SUFFIXES):
        yield from _read_big_jsonl(path, origin, settings)  # an archive: bounded per line
        return
    if found.size > settings.max_bytes:
        yield skipped(origin, too_big(f"file is {found.size:,} bytes,", settings.max_bytes))
        return
    try:
        with open(path, "rb") as handle:
            data = handle.read(settings.max_bytes + 1)  # +1: notice a file that grew
    except OSError as exc:
        yield skipped(origin, f"cannot read this file ({exc.strerror}); check its permissions")
        return
    if len(data) > settings.max_bytes:
        yield skipped(origin, too_big("file grew while being read and is", settings.max_bytes))
        return
    yield from read_bytes(data, origin, os.path.splitext(path)[1])


def _read_big_jsonl(path: str, origin: str, settings: Settings) -> Iterator[Item]:
    """Yield a JSON Lines file over max_bytes line by line (the same items, ids and origins
    as reading it whole), so an archive streams in bounded memory, as on Spark."""
    try:
        with open(path, "rb") as handle:
            yield from _stream_lines(handle, origin, settings)
    except OSError as exc:
        yield skipped(origin, f"cannot read this file ({exc.strerror}); check its permissions")


def _read_stdin(stdin: BinaryIO | None, settings: Settings) -> Iterator[Item]:
    """Yield the items of standard input, read as bytes up to the size limit."""
    stream: Any = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        yield skipped(STDIN, "no standard input to read; pipe the articles in")
        return
    try:
        data = stream.read(settings.max_bytes + 1)
    except (OSError, ValueError) as exc:  # ValueError: the stream is already closed
        yield skipped(STDIN, f"cannot read standard input ({exc})")
        return
    if isinstance(data, str):  # a text stream given by mistake: its text is still usable
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > settings.max_bytes:
        yield skipped(STDIN, too_big("standard input is", settings.max_bytes))
        return
    yield from _stdin_articles(data)


def _stdin_articles(data: bytes) -> Iterator[Item]:
    """Plain text on stdin splits at "---" lines, as on the web page; other formats as files."""
    text, _ = decode(data)
    if text is None or sniff(text, "") != "text" or not has_separator(text):
        yield from read_bytes(data, STDIN)
        return
    for n, piece in enumerate(split_articles(text), 1):
        yield from read_text(piece, f"stdin article {n}")


def ingest_bytes(
    inputs: Iterable[tuple[str, bytes]], settings: Settings | None = None
) -> Ingested:
    """Read in-memory inputs, each (name, bytes); the name is a label and format hint only."""
    settings = settings or Settings()

    def items() -> Iterator[Item]:
        given: dict[str, list[bytes]] = {}  # name -> the inputs given under it
        for name, data in inputs:
            same = given.setdefault(name, [])
            if data in same:
                yield skipped(name, "the same input was given twice; it is read once")
                continue
            same.append(data)
            label = name if len(same) == 1 else f"{name}#{len(same)}"  # another with its name
            if len(data) > settings.max_bytes:
                yield skipped(label, too_big("input is", settings.max_bytes))
            else:
                yield from read_bytes(data, label, os.path.splitext(name)[1])

    return _collect(unique(items()))


def read_bytes(data: bytes, origin: str, suffix: str = "") -> Iterator[Item]:
    """Yield the articles (or skipped records) held in one input's bytes."""
    if not data.strip():
        yield skipped(origin, "input is empty; nothing to read")
        return
    if is_parquet(suffix) or data.startswith(PARQUET_MAGIC):
        yield from read_parquet(data, origin)
        return
    text, reason = decode(data)
    if text is None:
        yield skipped(origin, reason)
    else:
        yield from read_text(text, origin, suffix)


def decode(data: bytes) -> tuple[str | None, str]:
    """Return (text, "") for text bytes, or (None, reason) for binary or undecodable bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM, as Notepad saves it
        try:
            return _checked(data.decode("utf-16"))
        except UnicodeDecodeError:
            return None, "cannot decode the bytes as UTF-16; save the file as UTF-8"
    if b"\x00" in data[:SNIFF_CHARS]:
        return None, "looks like a binary file (it holds NUL bytes), not text, HTML or JSON"
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        utf8_error = f"bad byte 0x{data[exc.start]:02x} at offset {exc.start}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _ascii_share(text) >= MIN_ASCII_SHARE_CP1252:
        return _checked(text)
    return None, f"cannot decode as UTF-8 ({utf8_error}) or Windows-1252; save it as UTF-8"


def _checked(text: str) -> tuple[str | None, str]:
    sample = text[:SNIFF_CHARS]
    bad = sum(
        1 for ch in sample
        if ch not in "\t\n\r\f\v" and unicodedata.category(ch) in _NON_TEXT_CATEGORIES
    )
    if sample and bad / len(sample) > MAX_NONTEXT_SHARE:
        return None, "looks like a binary file (mostly non-text characters), not text or HTML"
    return text, ""


def _ascii_share(text: str) -> float:
    letters = [ch for ch in text[:SNIFF_CHARS] if not ch.isspace()]
    return sum(ch.isascii() for ch in letters) / len(letters) if letters else 1.0


def read_clusters(path: str, settings: Settings | None = None) -> Iterator[Cluster]:
    """Yield one `Cluster` per line of an evaluation JSONL file; bad lines come back empty."""
    settings = settings or Settings()
    if not os.path.exists(path):
        raise InputError(f"clusters file {path} does not exist; check the path")
    if not os.path.isfile(path):
        raise InputError(f"clusters file {path} is not a file; give a .jsonl file")
    if not os.access(path, os.R_OK):
        raise InputError(f"cannot read clusters file {path}; check its permissions")
    # Checked eagerly above so a bad path fails at the call, not at the first next().
    return _iter_clusters(path, settings.max_bytes)


def _iter_clusters(path: str, limit: int) -> Iterator[Cluster]:
    # Streamed line by line: max_bytes bounds one line, since a cluster file may be large.
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the with below closes it
    except OSError as exc:
        raise InputError(f"cannot read clusters file {path}: {exc.strerror}") from exc
    with handle:
        number = 0
        named: dict[str, str] = {}  # cluster id -> the line that has it first
        while True:
            line, too_long = _read_line(handle, limit)
            if not line:
                return
            number += 1
            if too_long:
                yield _bad_cluster(f"{path}:{number}", too_big(f"line {number} is", limit))
            elif line.strip():
                yield _once(_cluster(line, number, path), f"{path}:{number}", named)


def _once(cluster: Cluster, origin: str, named: dict[str, str]) -> Cluster:
    """The cluster, or a skipped one when an earlier line has its id (one brief per id)."""
    if cluster.ref is None:
        return cluster
    if cluster.ref in named:
        why = (f"duplicate of {named[cluster.ref]} (the same cluster id {cluster.ref!r}); it is "
               "read once: give each cluster its own id")
        return _bad_cluster(origin, why)
    named[cluster.ref] = origin
    return cluster


def _read_line(handle: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """Return the next line and whether it ran over `limit` bytes (then it is consumed)."""
    line = handle.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while True:  # drop the rest of the over-long line without holding it in memory
        rest = handle.readline(1 << 20)
        if not rest or rest.endswith(b"\n"):
            return line, True  # the head is non-empty, so the caller does not stop here


def _cluster(line: bytes, number: int, path: str) -> Cluster:
    """Return the cluster of one JSONL line, or an empty one carrying why it was skipped."""
    origin = f"{path}:{number}"
    try:
        text = line.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        return _bad_cluster(origin, f"line {number} is not UTF-8 (offset {exc.start})")
    value, error = parse_json_line(text)
    if error:
        return _bad_cluster(origin, f"line {number} is not valid JSON ({error}); fix or remove it")
    if not isinstance(value, dict) or not isinstance(value.get("documents"), list):
        return _bad_cluster(origin, f"line {number} is not a cluster (no 'documents' list)")
    found = _collect(unique(cluster_items(value, origin)))
    ref = user_id(value.get("id"))
    return Cluster(
        id=ref or origin,
        articles=found.articles,
        references=_references(value),
        inputs=found.inputs,
        ref=ref,
    )


def _references(cluster: dict[str, Any]) -> tuple[str, ...]:
    refs = cluster.get("summaries", cluster.get("summary", ()))
    if isinstance(refs, str):
        refs = [refs]
    return tuple(r for r in refs if isinstance(r, str)) if isinstance(refs, list) else ()


def _bad_cluster(origin: str, reason: str) -> Cluster:
    return Cluster(id=origin, articles=(), inputs=(skipped(origin, reason),))
