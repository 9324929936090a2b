"""A seeded fuzzing harness for storyline's entry points (issue 14).

Every case is built from `random.Random(f"{seed}:{index}")` alone, so case 4711 of seed 14 is
the same bytes on every machine, whatever else ran before it, in whatever process::

    from fuzzing import make_case, run_case
    outcome = run_case(make_case(14, 4711))

A case is one or more named inputs (name, bytes) of one kind (plain text, HTML, JSON, JSONL,
an evaluation cluster file, Multi-News raw text, RSS/Atom, WARC, Parquet), often mutated
(byte flips, truncation, splices, hostile unicode), sent through one route:

- ``brief``: `ingest_bytes` (the per-format readers) -> `build_brief` -> JSON, JSONL,
  Markdown and HTML;
- ``clusters``: a cluster JSONL file through `read_clusters` -> `build_brief` per line
  (`storyline brief --clusters`);
- ``cluster``: files (or a JSON Lines stdin stream) through `iter_ingest` ->
  `write_stories` (`storyline cluster`, with and without `--brief`);
- ``web``: a multipart upload to `POST /briefs` of `storyline.web.create_app`.

Invariants checked on every case (`check_*` below): no exception but storyline's documented
errors (`storyline.errors`, counted as a per-input diagnostic, not a crash); every input unit
(file, JSONL line, JSON array element, cluster line) used or skipped with a reason; no two
articles with one id and no origin twice in the diagnostics; every output encodes as strict
UTF-8; the time per case is measured (never killed) and flagged over `SLOW_SECONDS`.
`scaling` times hostile inputs at two sizes to show which stages grow faster than linearly.
"""

from __future__ import annotations

import base64
import io
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# ------------------------------------------------------------------------------------------
# storyline: every name this harness takes from the package, in this one block. The public
# API first; then the few internal entry points the CLI and the web app call. When modules
# move, only these lines change.
import storyline
from storyline import Settings, StorylineError, build_brief, to_html, to_json, to_markdown
from storyline.cluster import write_stories  # `storyline cluster` [--brief]
from storyline.ingest import ingest_bytes, iter_ingest, read_clusters  # the readers
from storyline.model import InputRecord  # a Parquet row's record (the Spark job makes them)
from storyline.render import to_jsonl  # `--format jsonl`, `--clusters` output
from storyline.spark.partitions import Source, location_key, read_parquet_rows  # the Parquet reader
from storyline.web import create_app  # `storyline serve`

# ------------------------------------------------------------------------------------------

SLOW_SECONDS = 10.0  # a case slower than this is reported (it is never interrupted)
RATIO_MIN_BYTES = 4096  # time per byte is reported over inputs at least this big
KINDS = ("plain", "html", "json", "jsonl", "clusters", "multinews", "feed", "warc", "parquet")
ROUTES = ("brief", "clusters", "cluster", "web")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")


# ----------------------------------------------------------------------------- generators

HOSTILE = (
    "\ud800", "\udfff", "\udc80", "\ud83d",  # lone surrogates (only reachable via JSON escapes)
    "\u202e", "\u202d", "\u2066", "\u200f",  # bidi overrides and marks
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",  # zero-width
    "\u0301\u0301\u0301", "e\u0308", "\u0336" * 8,  # combining marks
    "\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\x0b", "\x0c", "\x1c", "\x85",  # controls
    "\u2028", "\u2029", "\r", "\r\n",  # line breaks that are not \n
    "İ", "ı", "ſ", "ǅ", "ß", "ﬃ",  # case-folding oddities
    "１２", "٣٤٥", "߇", "𝟗",  # non-ASCII digits (\d matches them)
    "\U0001f525", "\U0010ffff", "\ue000", "\ufffd", "\ufffe",  # astral, private, non-chars
    "&amp;", "&#0;", "&#xd800;", "<", ">", "]]>", "|||||", "NEWLINE_CHAR", "---",
)
NAMES = ("Maria Lopez", "John Smith", "Chen Wei", "Amara Okafor", "the mayor", "police",
         "Dr. Ana Ruiz", "Fire Chief Tom Bell", "a spokesperson", "O'Neil")
PLACES = ("Harbor City", "Port Elm", "the river district", "Geneva", "Lagos", "Kyiv")
NOUNS = ("people", "firefighters", "homes", "votes", "dollars", "percent", "tonnes", "workers")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December", "Dec.", "Jan.")
RELATIVE = ("yesterday", "today", "tomorrow", "last week", "next week", "this week",
            "last month", "next month", "last year", "next year", "3 days ago",
            "9999 days ago", "2 weeks ago", "in the past 24 hours", "over the past 3 months",
            "the past 5000 years", "last Saturday", "next Monday", "on Sunday")
# Publication dates: ordinary ones, and (less often) the calendar's ends.
PUB_DATES = ("2024-03-05", "2016-12-10", "2024-02-29", "1999-12-31", "2023-01-01",
             "Tue, 05 Mar 2024 10:00:00 GMT", "2024/03/05", "March 5, 2024", "", "soon")
EDGE_DATES = ("0001-01-01", "0001-01-03", "9999-12-31", "9999-12-28", "10000-01-01",
              "0000-12-31", "December 31, 9999", "9999/12/31", "Mon, 01 Jan 0001 00:00:00 GMT")


def _pub_date(rng: random.Random) -> str:
    return rng.choice(EDGE_DATES if rng.random() < 0.12 else PUB_DATES)


def _number(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.5:
        return str(rng.randint(2, 5000))
    if pick < 0.6:
        return f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}"
    if pick < 0.7:
        return rng.choice(("two dozen", "hundreds", "tens of thousands", "a few hundred",
                           "three quarters", "seventy-five", "one million", "half"))
    if pick < 0.8:
        return "9" * rng.randint(20, 400)  # past float's range
    if pick < 0.9:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 99)} million"
    return rng.choice(("1e308", "0", "00000", "1,000,000,000,000,000", "between 3 and 5",
                       "122 to 13", "52-48"))


def _date_phrase(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.3:
        return rng.choice(WEEKDAYS) if rng.random() < 0.7 else f"last {rng.choice(WEEKDAYS)}"
    if pick < 0.55:
        return rng.choice(RELATIVE)
    if pick < 0.75:
        year = rng.choice(("", f", {rng.randint(1500, 2099)}", ", 2099", ", 1500"))
        return f"{rng.choice(MONTHS)} {rng.randint(1, 31)}{year}"
    if pick < 0.85:
        return f"{rng.randint(0, 10999):04d}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
    if pick < 0.95:
        return rng.choice(("in March", "last December", "next January", "the 1990s", "'90s",
                           "in 2099", "from December 28 to January 3", "between 1500 and 2099"))
    return rng.choice(("December 31, 9999", "year 10000", "January 1, 0001", "since Friday"))


def _sentence(rng: random.Random) -> str:
    who, where, n = rng.choice(NAMES), rng.choice(PLACES), _number(rng)
    when, noun = _date_phrase(rng), rng.choice(NOUNS)
    forms = (
        f"{who.capitalize()} said on {when} that {n} {noun} were evacuated in {where}.",
        f"The fire broke out {when} and {n} {noun} responded, officials said.",
        f"\u201cWe lost {n} {noun},\u201d {who} said {when}.",
        f"\"It will take {n} days,\" said {who}, who will meet officials {when}.",
        f"According to {who}, about {n} {noun} were affected in {where} {when}.",
        f"More than {n} {noun} voted, {n} to {_number(rng)}, {when}.",
        f"{where} reported {n} {noun} on {when}; the figure was later revised.",
        f"No. {n} and {_number(rng)} and {_number(rng)} were listed {when}.",
    )
    return rng.choice(forms)


def article_text(rng: random.Random, sentences: int | None = None) -> str:
    """Return a news-like article body: dated, quoted, numbered sentences in paragraphs."""
    count = sentences if sentences is not None else rng.randint(1, 8)
    paras, para = [], []
    for _ in range(count):
        para.append(_sentence(rng))
        if rng.random() < 0.4:
            paras.append(" ".join(para))
            para = []
    if para:
        paras.append(" ".join(para))
    text = "\n\n".join(paras)
    return hostile(rng, text) if rng.random() < 0.3 else text


def hostile(rng: random.Random, text: str, count: int | None = None) -> str:
    """Insert hostile characters (surrogates, bidi, zero-width, controls...) into text."""
    chars = list(text)
    for _ in range(count if count is not None else rng.randint(1, 6)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(HOSTILE))
    return "".join(chars)


def _record(rng: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {"text": article_text(rng)}
    if rng.random() < 0.8:
        record["title"] = rng.choice(("Fire at the harbor", "Talks resume", "", "\u202eeltit"))
    if rng.random() < 0.7:
        record["source"] = rng.choice(("Harbor Times", "Wire", "\u200bZero News", "BBC"))
    if rng.random() < 0.8:
        record["date"] = _pub_date(rng)
    if rng.random() < 0.2:
        record["url"] = "https://example.org/" + str(rng.randint(1, 99))
    if rng.random() < 0.05:
        record["text"] = rng.choice((None, 12, ["a"], {"x": 1}, ""))
    return record


def _dumps(value: Any, rng: random.Random) -> str:
    """JSON text; sometimes every non-ASCII char escaped (lone surrogates then survive)."""
    return json.dumps(value, ensure_ascii=rng.random() < 0.5)


def _to_bytes(text: str) -> bytes:
    # Lone surrogates cannot be UTF-8: written as their bytes they make invalid UTF-8 input.
    return text.encode("utf-8", "surrogatepass")


def gen_plain(rng: random.Random) -> bytes:
    head = ""
    if rng.random() < 0.5:
        head = f"By {rng.choice(NAMES)}\nPublished {_pub_date(rng)}\n\n"
    return _to_bytes(head + article_text(rng))


def gen_html(rng: random.Random) -> bytes:
    date = _pub_date(rng)
    body = "".join(f"<p>{p}</p>" for p in article_text(rng).split("\n\n"))
    page = (f'<!doctype html><html><head><title>{rng.choice(PLACES)} news</title>'
            f'<meta property="article:published_time" content="{date}"></head>'
            f"<body><article>{body}</article><nav>Subscribe | Share</nav></body></html>")
    return _to_bytes(page)


def gen_json(rng: random.Random) -> bytes:
    records = [_record(rng) for _ in range(rng.randint(1, 4))]
    value: Any = records if len(records) > 1 or rng.random() < 0.5 else records[0]
    if rng.random() < 0.1:
        value = rng.choice(([], {}, [1, "a", None], "text", 42))
    return _dumps(value, rng).encode("utf-8", "surrogatepass")


def gen_jsonl(rng: random.Random) -> bytes:
    lines = [_dumps(_record(rng), rng) for _ in range(rng.randint(1, 5))]
    if rng.random() < 0.3:
        lines.insert(rng.randint(0, len(lines)), rng.choice(("", "   ", "[1]", "{bad", "null")))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _cluster(rng: random.Random, number: int) -> dict[str, Any]:
    docs = []
    for k in range(rng.randint(1, 4)):
        doc = _record(rng)
        doc["id"] = rng.choice((f"d{k}", f"d{k}", "d0", k))  # doc ids repeat at times
        docs.append(doc)
    return {"id": f"c{number}", "documents": docs, "summaries": [article_text(rng, 2)]}


def gen_clusters(rng: random.Random) -> bytes:
    lines = [_dumps(_cluster(rng, n), rng) for n in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        lines.append(rng.choice(('{"id": "x"}', '{"documents": []}', "{", '{"documents": [1]}')))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def gen_multinews(rng: random.Random) -> bytes:
    pieces = [article_text(rng, rng.randint(1, 4)) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        pieces.insert(rng.randint(0, len(pieces)), "  ")
    if rng.random() < 0.3:  # the .src form: one example per line
        return _to_bytes(" ||||| ".join(p.replace("\n", " NEWLINE_CHAR ") for p in pieces))
    return _to_bytes(" ||||| ".join(pieces))


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def gen_feed(rng: random.Random) -> bytes:
    items = []
    atom = rng.random() < 0.4
    for _ in range(rng.randint(0, 4)):
        body = _xml(article_text(rng, rng.randint(1, 4)))
        date = _xml(_pub_date(rng))
        if atom:
            items.append(f"<entry><title>t</title><updated>{date}</updated>"
                         f"<content type=\"html\">{body}</content></entry>")
        else:
            items.append(f"<item><title>t</title><pubDate>{date}</pubDate>"
                         f"<description>{body}</description></item>")
    if atom:
        feed = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Feed</title>{''.join(items)}</feed>")
    else:
        feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
                f"{''.join(items)}</channel></rss>")
    return _to_bytes(feed)


def gen_warc(rng: random.Random) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=rng.random() < 0.5)
    for n in range(rng.randint(1, 3)):
        if rng.random() < 0.6:
            payload, kind = gen_html(rng), "text/html; charset=utf-8"
        else:
            payload, kind = gen_plain(rng), rng.choice(("text/plain", "image/png", ""))
        http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/{n}", "response", payload=io.BytesIO(payload),
            http_headers=http, warc_headers_dict={"WARC-Date": rng.choice(
                ("2024-03-05T10:00:00Z", "2016-12-10T08:00:00Z", "0001-01-01T00:00:00Z",
                 "9999-12-31T23:59:59Z"))})
        writer.write_record(record)
    return out.getvalue()


def gen_parquet(rng: random.Random) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [_record(rng) for _ in range(rng.randint(1, 4))]
    columns = {
        "text": [r["text"] if isinstance(r.get("text"), str) else None for r in rows],
        "title": [r.get("title") for r in rows],
        "date": [r.get("date") for r in rows],
        "source": [r.get("source") for r in rows],
    }
    # Arrow strings are UTF-8: a lone surrogate cannot be stored, so it is replaced.
    columns = {k: [v.encode("utf-8", "replace").decode() if isinstance(v, str) else v
                   for v in vs] for k, vs in columns.items()}
    out = io.BytesIO()
    pq.write_table(pa.table(columns), out)
    return out.getvalue()


GENERATORS: dict[str, Callable[[random.Random], bytes]] = {
    "plain": gen_plain, "html": gen_html, "json": gen_json, "jsonl": gen_jsonl,
    "clusters": gen_clusters, "multinews": gen_multinews, "feed": gen_feed, "warc": gen_warc,
    "parquet": gen_parquet,
}
SUFFIXES = {"plain": ".txt", "html": ".html", "json": ".json", "jsonl": ".jsonl",
            "clusters": ".jsonl", "multinews": ".txt", "feed": ".xml", "warc": ".warc",
            "parquet": ".parquet"}


# --------------------------------------------------------------- big and hostile inputs

def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // max(1, len(unit)))


STRESS: dict[str, Callable[[int], bytes]] = {
    # One long line without a sentence end.
    "long-line": lambda n: _repeat("word ", n).encode(),
    # One long sentence of numbers ("1 and 2 and 3 ...").
    "numbers": lambda n: ("No. " + " and ".join(str(k % 90 + 10) for k in range(n // 5))
                          + ".").encode(),
    "number-list": lambda n: ("Berths " + ", ".join(str(k % 90 + 10) for k in range(n // 4))
                              + " were closed.").encode(),
    # Many quotes, paired and unpaired.
    "quotes": lambda n: _repeat('"We will rebuild," she said. ', n).encode(),
    "open-quotes": lambda n: _repeat("\u201c", n // 3).encode() + b" he said.",
    # Many dates and weekdays in one paragraph.
    "dates": lambda n: _repeat("On Monday, March 3, officials met again last Friday. ",
                               n).encode(),
    "long-sentences": lambda n: _repeat("The mayor said 12 homes burned on Tuesday, and ", n)
    .encode(),
    # Deep nesting.
    "json-nesting": lambda n: b"[" * (n // 2) + b"]" * (n // 2),
    "json-object-nesting": lambda n: b'{"text": ' * (n // 10) + b'"x"' + b"}" * (n // 10),
    "html-nesting": lambda n: b"<html><body>" + b"<div>" * (n // 5) + b"text" + b"</div>" * 2,
    "feed-nesting": lambda n: (b'<?xml version="1.0"?><rss><channel>' + b"<i>" * (n // 3)
                               + b"</i>" * (n // 3) + b"</channel></rss>"),
    "many-lines": lambda n: _repeat("A fire broke out in Harbor City on Tuesday.\n", n).encode(),
    "separators": lambda n: _repeat("a ||||| ", n).encode(),
}


# -------------------------------------------------------------------------------- mutators

def _flip(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, max(1, len(buf) // 200 + 1))):
        if buf:
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))] if data else data


def _insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    junk = rng.choice((bytes([rng.randrange(256)]), b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80",
                       _to_bytes(rng.choice(HOSTILE)), b"\\ud800", b"\\udfff", b'"', b"{", b"\n"))
    return data[:at] + junk * rng.randint(1, 4) + data[at:]


def _delete(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 64):]


def _duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    pick = rng.randrange(len(lines))
    lines.insert(pick, lines[pick])
    return b"\n".join(lines)


def _repeat_chunk(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    chunk = data[a : a + rng.randint(1, 32)]
    return data[:a] + chunk * rng.randint(2, 200) + data[a:]


MUTATORS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": _flip, "truncate": _truncate, "insert": _insert, "delete": _delete,
    "dup-line": _duplicate_line, "repeat": _repeat_chunk,
}


def splice(rng: random.Random, a: bytes, b: bytes) -> bytes:
    """The head of one input joined to the tail of another."""
    return a[: rng.randint(0, len(a))] + b[rng.randint(0, len(b)):]


# ----------------------------------------------------------------------------------- cases

@dataclass(frozen=True)
class Case:
    """One fuzz input: named parts of one kind, sent through one route."""

    route: str
    kind: str
    parts: tuple[tuple[str, bytes], ...]
    how: str = ""  # what made it: "gen", mutator names, "splice", "dup", "stress:..."
    index: int = -1

    @property
    def size(self) -> int:
        """Total bytes over every part."""
        return sum(len(data) for _, data in self.parts)


def make_case(seed: int, index: int) -> Case:
    """Return case `index` of `seed`: a function of those two numbers only."""
    rng = random.Random(f"{seed}:{index}")
    kind = rng.choice(KINDS)
    route = _route(rng, kind)
    suffix = SUFFIXES[kind]
    parts: list[tuple[str, bytes]] = []
    hows: list[str] = []
    for n in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        data = GENERATORS[kind](rng)
        if kind not in ("parquet",) and rng.random() < 0.45:
            for _ in range(rng.randint(1, 3)):
                name = rng.choice(tuple(MUTATORS))
                data = MUTATORS[name](rng, data)
                hows.append(name)
        parts.append((f"in{n}{suffix}", data))
    if len(parts) > 1 and rng.random() < 0.15 and kind != "parquet":
        parts[-1] = (parts[-1][0], splice(rng, parts[0][1], parts[-1][1]))
        hows.append("splice")
    if rng.random() < 0.08:  # the same input given twice
        parts.append(parts[0])
        hows.append("dup")
    if rng.random() < 0.01 and kind in ("plain", "json", "html", "multinews", "jsonl"):
        name = rng.choice(tuple(STRESS))
        parts = [(f"stress{SUFFIXES[kind] if name.startswith('json') else '.txt'}",
                  STRESS[name](rng.choice((2_000, 8_000, 30_000))))]
        hows = [f"stress:{name}"]
        route = "brief"
    return Case(route, kind, tuple(parts), "+".join(hows) or "gen", index)


def _route(rng: random.Random, kind: str) -> str:
    if kind == "clusters":
        return rng.choice(("clusters", "clusters", "brief", "cluster"))
    if kind in ("feed", "warc"):
        return "cluster" if kind == "warc" else rng.choice(("cluster", "brief", "web"))
    if kind == "parquet":
        return "brief"
    return rng.choices(("brief", "cluster", "web"), (0.6, 0.25, 0.15))[0]


# -------------------------------------------------------------------------------- outcomes

@dataclass
class Outcome:
    """What one case did: its problems (class, detail), documented errors, and its time."""

    case: Case
    seconds: float = 0.0
    problems: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # documented StorylineErrors, by message
    units: int = 0  # input units the checker expected to be accounted for

    def add(self, cls: str, detail: str) -> None:
        """Record a broken invariant."""
        self.problems.append((cls, detail[:300]))


def crash_class(exc: BaseException) -> str:
    """Name a crash by its type and the innermost storyline function it came from."""
    where = "outside storyline"
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        module = frame.f_globals.get("__name__", "")
        if module.startswith("storyline"):
            where = f"{module.removeprefix('storyline.')}.{frame.f_code.co_name}"
    return f"{type(exc).__name__}@{where}"


def run_case(case: Case, settings: Settings | None = None) -> Outcome:
    """Run one case through its route, checking every invariant; never raises."""
    settings = settings or Settings()
    out = Outcome(case)
    started = time.perf_counter()
    try:
        ROUTE_RUNNERS[case.route](case, settings, out)
    except StorylineError as exc:  # documented: a diagnostic for this input, not a crash
        out.errors.append(f"{type(exc).__name__}: {exc}"[:200])
    except RecursionError as exc:  # before Exception: its traceback is huge, keep it short
        out.add(crash_class(exc), "RecursionError")
    except Exception as exc:
        out.add(crash_class(exc), f"{type(exc).__name__}: {exc}")
    out.seconds = time.perf_counter() - started
    if out.seconds > SLOW_SECONDS:
        out.add("slow", f"{out.seconds:.1f} s for {case.size} bytes")
    return out


def _encodes(out: Outcome, text: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        out.add("UnicodeEncodeError@output", f"{what}: {exc.reason} at {exc.start}")


def expected_units(name: str, data: bytes) -> list[str]:
    """The origins an input's units must be accounted under (each may carry a suffix).

    Worked out from the bytes independently of the readers: a JSON array's elements
    (`name[i]`), a JSON Lines file's non-blank lines (`name:N`), else the input itself.
    """
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return [name]
    head = text.lstrip(" \t\r\n")
    if not head.startswith(("{", "[")) and not name.endswith(_JSONL_SUFFIXES):
        return [name]
    try:
        value = json.loads(text)
    except RecursionError:
        return [name]
    except ValueError:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        units = [f"{name}:{n}" for n, line in enumerate(lines, 1) if line.strip()]
        return units or [name]
    if isinstance(value, list) and value:
        return [f"{name}[{i}]" for i in range(len(value))]
    return [name]


def _covered(unit: str, origins: Iterable[str]) -> bool:
    return any(o == unit or o.startswith((unit + ":", unit + "[", unit + "#")) for o in origins)


def check_accounting(out: Outcome, parts: Iterable[tuple[str, bytes]], origins: list[str],
                     label: Callable[[str], str] = lambda name: name) -> None:
    """Every unit of every input is among the recorded origins, used or skipped."""
    recorded = set(origins)
    for name, data in dict(parts).items():  # a repeated part is one input, given twice
        shown = label(name)
        if shown in recorded:  # the input as a whole was used or refused, with a reason
            out.units += 1
            continue
        units = [label(u) for u in expected_units(name, data)]
        out.units += len(units)
        lost = [u for u in units if not _covered(u, recorded)]
        if lost:
            out.add("lost-input", f"{len(lost)} of {len(units)} units of {shown} neither used "
                                  f"nor skipped, e.g. {lost[0]!r}")


def check_unique(out: Outcome, ids: list[str], records: list[tuple[str, str, str]]) -> None:
    """No two articles share an id; no origin is recorded twice in the same way.

    `records` are (origin, status, reason). A repeated input may come back once more as
    skipped with its own reason ("same file as ..."); used twice, or skipped twice for the
    same reason, it was read twice.
    """
    twice = [v for v, n in Counter(ids).items() if n > 1]
    if twice:
        out.add("duplicate-id", f"{len(twice)} repeated, e.g. {twice[0]!r}")
    used = Counter(o for o, status, _ in records if status == "used")
    same = Counter(records)
    repeated = {o for o, n in used.items() if n > 1} | {r[0] for r, n in same.items() if n > 1}
    if repeated:
        out.add("duplicate-origin", f"{len(repeated)} repeated, e.g. {min(repeated)!r}")


# ----------------------------------------------------------------------------------- routes

def _route_brief(case: Case, settings: Settings, out: Outcome) -> None:
    if case.kind == "parquet":
        articles, inputs = _read_parquet(case.parts)
    else:
        found = ingest_bytes(case.parts, settings)
        articles, inputs = list(found.articles), list(found.inputs)
    brief = build_brief(articles, inputs, settings)
    for fmt, render in (("json", to_json), ("jsonl", to_jsonl), ("markdown", to_markdown),
                        ("html", to_html)):
        _encodes(out, render(brief), fmt)
    records = [(r.origin, r.status, r.reason) for r in brief.diagnostics.inputs]
    check_accounting(out, case.parts, [r[0] for r in records])
    check_unique(out, [a.id for a in brief.articles], records)


def _read_parquet(parts: Iterable[tuple[str, bytes]]) -> tuple[list[Any], list[Any]]:
    """Read Parquet parts with the Spark job's row reader (no Spark needed)."""
    import pyarrow.parquet as pq

    articles: list[Any] = []
    inputs: list[Any] = []
    given: set[tuple[str, bytes]] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for number, (name, data) in enumerate(parts):
            if (name, data) in given:  # the planner reads one file once, as ingest does
                inputs.append(InputRecord(name, "skipped", f"same file as {name}"))
                continue
            given.add((name, data))
            path = os.path.join(tmp, f"{number}-{name}")
            with open(path, "wb") as handle:
                handle.write(data)
            frame = pq.read_table(path).to_pandas()
            frame["file_path"] = path
            frame["row_index"] = range(len(frame))
            sources = {location_key(path): Source(number, name, path, "parquet")}
            for rows in read_parquet_rows([frame], sources):
                for _, _, origin, reason, record in rows.itertuples(index=False):
                    if record is None:
                        inputs.append(InputRecord(origin, "skipped", reason))
                    else:
                        articles.append(storyline.Article.from_dict(json.loads(record)))
                        inputs.append(InputRecord(origin, "used", ""))
    return articles, inputs


def _route_clusters(case: Case, settings: Settings, out: Outcome) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in dict(case.parts).items():
            path = os.path.join(tmp, name)
            with open(path, "wb") as handle:
                handle.write(data)
            origins: list[str] = []
            for cluster in read_clusters(path, settings):  # as `storyline brief --clusters`
                brief = build_brief(cluster.articles, cluster.inputs, settings,
                                    brief_id=cluster.ref)
                _encodes(out, to_jsonl(brief), "clusters jsonl")
                records = [(r.origin, r.status, r.reason) for r in brief.diagnostics.inputs]
                check_unique(out, [a.id for a in brief.articles], records)
                origins += [r[0] for r in records]
            lines = data.split(b"\n")
            units = [f"{path}:{n}" for n, line in enumerate(lines, 1) if line.strip()]
            out.units += len(units)
            lost = [u for u in units if not _covered(u, origins)]
            if lost:
                out.add("lost-input", f"{len(lost)} of {len(units)} cluster lines neither "
                                      f"used nor skipped, e.g. line {lost[0].rsplit(':', 1)[1]}")


def _route_cluster(case: Case, settings: Settings, out: Outcome) -> None:
    with_brief = case.index % 3 == 0
    records: list[tuple[str, str, str]] = []  # (origin, status, reason), as `brief` lists them

    def report(record: Any) -> None:
        # An article that cleaning empties is reported after it was read: its status changes.
        if (record.origin, "used", "") in records:
            records.remove((record.origin, "used", ""))
        records.append((record.origin, record.status, record.reason))

    def articles(items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            if isinstance(item, storyline.Article):
                records.append((item.origin, "used", ""))
                read.append(item.id)
                yield item
            else:
                report(item)

    read: list[str] = []
    sink = io.StringIO()
    stdin = (case.index % 4 == 1 and len(case.parts) == 1 and case.kind != "warc")
    with tempfile.TemporaryDirectory() as tmp:
        if stdin:  # `cat feed.jsonl | storyline cluster -`: read line by line when JSONL
            stream = io.BufferedReader(io.BytesIO(case.parts[0][1]))  # type: ignore[arg-type]
            items = iter_ingest(["-"], settings, stdin=stream, stream_stdin=True)
            label: Callable[[str], str] = lambda name: "-"  # noqa: E731
        else:
            paths = []
            for name, data in dict(case.parts).items():
                path = os.path.join(tmp, name)
                with open(path, "wb") as handle:
                    handle.write(data)
                paths.append(path)
            items = iter_ingest(paths, settings)
            label = lambda name: os.path.join(tmp, name)  # noqa: E731
        write_stories(articles(items), settings, sink, with_brief, report)
        # JSON Lines are split at \n only: str.splitlines also splits at U+2028, \x85..., which
        # JSON strings may hold as they are.
        lines = [line for line in sink.getvalue().split("\n") if line]
        _encodes(out, sink.getvalue(), "cluster --brief" if with_brief else "cluster")
        check_accounting(out, case.parts, [r[0] for r in records], label)
    placed: list[str] = []
    for line in lines:
        data = json.loads(line)
        placed += [a["id"] for a in data["articles"]] if with_brief else data["articles"]
        if not with_brief and [m["id"] for m in data["members"]] != data["articles"]:
            out.add("members-mismatch", f"story {data['story']}: members are not its articles")
    check_unique(out, read, records)
    if len(placed) != len(set(placed)):
        out.add("duplicate-id", "an article id placed in two stories")


_APP: dict[int, Any] = {}


def _client(settings: Settings) -> Any:
    from starlette.testclient import TestClient

    key = id(settings)
    if key not in _APP:
        _APP.clear()
        # Server exceptions are re-raised here (after the app's 500 page), so a crash is
        # named by its own type and function, as on the other routes.
        _APP[key] = TestClient(create_app(settings), raise_server_exceptions=True)
    return _APP[key]


def _route_web(case: Case, settings: Settings, out: Outcome) -> None:
    client = _client(settings)
    files = [("files", (name, data, "application/octet-stream")) for name, data in case.parts]
    reply = client.post("/briefs", files=files, headers={"accept": "application/json"})
    if reply.status_code not in (201, 413, 422):
        out.add(f"http-{reply.status_code}@web", reply.text[:200])
        return
    if reply.status_code != 201:
        out.errors.append(f"HTTP {reply.status_code}")
        return
    try:
        brief = json.loads(reply.content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        out.add("bad-json@web", str(exc))
        return
    page = client.get(reply.headers["location"], headers={"accept": "text/html"})
    if page.status_code != 200:
        out.add(f"http-{page.status_code}@web-page", page.text[:200])
    records = [(r["origin"], r["status"], r.get("reason") or "")
               for r in brief["diagnostics"]["inputs"]]
    check_accounting(out, case.parts, [r[0] for r in records], lambda name: f"upload:{name}")
    check_unique(out, [a["id"] for a in brief["articles"]], records)


ROUTE_RUNNERS: dict[str, Callable[[Case, Settings, Outcome], None]] = {
    "brief": _route_brief, "clusters": _route_clusters, "cluster": _route_cluster,
    "web": _route_web,
}


# ---------------------------------------------------------------------------------- runner

@dataclass
class Report:
    """The figures of a run."""

    seed: int
    inputs: int = 0
    units: int = 0
    seconds: float = 0.0
    crashes: Counter[str] = field(default_factory=Counter)
    examples: dict[str, int] = field(default_factory=dict)  # class -> first case index
    documented_errors: int = 0
    lost: int = 0
    duplicate_ids: int = 0
    duplicate_origins: int = 0
    slow: int = 0
    slowest: tuple[float, int] = (0.0, -1)
    worst_ratio: tuple[float, int, int] = (0.0, -1, 0)  # (µs per byte, case, bytes)
    by_route: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        """Count one case's outcome."""
        case = outcome.case
        self.inputs += 1
        self.units += outcome.units
        self.seconds += outcome.seconds
        self.by_route[case.route] += 1
        self.by_kind[case.kind] += 1
        self.documented_errors += bool(outcome.errors)
        for cls in {cls for cls, _ in outcome.problems}:
            self.examples.setdefault(cls, case.index)
            if cls == "lost-input":
                self.lost += 1
            elif cls == "duplicate-id":
                self.duplicate_ids += 1
            elif cls == "duplicate-origin":
                self.duplicate_origins += 1
            elif cls == "slow":
                self.slow += 1
            else:
                self.crashes[cls] += 1
        self.slowest = max(self.slowest, (outcome.seconds, case.index))
        if case.size >= RATIO_MIN_BYTES:
            ratio = outcome.seconds / case.size * 1e6
            self.worst_ratio = max(self.worst_ratio, (ratio, case.index, case.size))

    @property
    def failures(self) -> int:
        """Cases breaking any invariant, over every class."""
        return (sum(self.crashes.values()) + self.lost + self.duplicate_ids
                + self.duplicate_origins + self.slow)

    def summary(self) -> str:
        """A plain-text summary of the run."""
        lines = [
            f"seed {self.seed}: {self.inputs} inputs ({self.units} units), "
            f"{self.seconds:.1f} s of work",
            "routes: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_route.items())),
            "kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_kind.items())),
            f"crashes: {sum(self.crashes.values())}",
        ]
        lines += [f"  {cls}: {n} (e.g. case {self.examples[cls]})"
                  for cls, n in self.crashes.most_common()]
        lines += [
            f"documented errors (diagnostics, not crashes): {self.documented_errors}",
            f"lost inputs: {self.lost}; duplicate ids: {self.duplicate_ids}; "
            f"duplicate origins: {self.duplicate_origins}; slow (> {SLOW_SECONDS:.0f} s): "
            f"{self.slow}",
            "  examples: " + ", ".join(f"{cls} case {self.examples[cls]}" for cls in (
                "lost-input", "duplicate-id", "duplicate-origin", "slow") if cls in self.examples),
            f"slowest case: {self.slowest[0]:.2f} s (case {self.slowest[1]})",
            f"worst time per byte (inputs >= {RATIO_MIN_BYTES} B): {self.worst_ratio[0]:.1f} "
            f"µs/B (case {self.worst_ratio[1]}, {self.worst_ratio[2]} B)",
        ]
        return "\n".join(lines)


def _run_one(args: tuple[int, int]) -> Outcome:
    return run_case(make_case(*args))


def run(seed: int, n: int, start: int = 0, jobs: int = 1,
        budget: float | None = None, progress: Callable[[Report], None] | None = None) -> Report:
    """Run cases start..start+n-1 of `seed`; stop early (counted) once `budget` s have passed.

    With `jobs` > 1 the cases run in worker processes; the figures are the same.
    """
    report = Report(seed)
    started = time.perf_counter()
    indices = ((seed, i) for i in range(start, start + n))
    outcomes: Iterator[Outcome]
    if jobs > 1:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(jobs)
        outcomes = pool.imap(_run_one, indices, chunksize=8)
    else:
        pool = None
        outcomes = map(_run_one, indices)
    try:
        for outcome in outcomes:
            report.add(outcome)
            if progress is not None and report.inputs % 1000 == 0:
                progress(report)
            if budget is not None and time.perf_counter() - started > budget:
                break
    finally:
        if pool is not None:
            pool.terminate()
    return report


# --------------------------------------------------------------------------------- scaling

def scaling(sizes: tuple[int, int] = (5_000, 40_000),
            names: Iterable[str] | None = None) -> dict[str, tuple[float, float, float]]:
    """Time each stress input at two sizes through `brief`: {name: (t_small, t_big, growth)}.

    Growth is the time ratio divided by the size ratio: about 1 for a linear stage, about
    the size ratio (8 by default) for a quadratic one.
    """
    out = {}
    for name in names or STRESS:
        times = []
        for size in sizes:
            suffix = ".json" if name.startswith("json") else ".txt"
            case = Case("brief", "stress", ((f"stress{suffix}", STRESS[name](size)),),
                        f"stress:{name}")
            times.append(run_case(case).seconds)
        small, big = times
        out[name] = (small, big, (big / max(small, 1e-3)) / (sizes[1] / sizes[0]))
    return out


# -------------------------------------------------------------------------------- fixtures

def save_fixture(case: Case, folder: str, name: str) -> list[str]:
    """Write a case's parts as fixture files `name.N.ext` (or `name.ext` for one part)."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    for number, (part, data) in enumerate(case.parts):
        ext = os.path.splitext(part)[1] or ".bin"
        stem = name if len(case.parts) == 1 else f"{name}.{number}"
        path = os.path.join(folder, stem + ext)
        with open(path, "wb") as handle:
            handle.write(data)
        paths.append(path)
    return paths


def describe(case: Case) -> str:
    """A short printable description of a case (parts base64-trimmed)."""
    parts = ", ".join(f"{name} ({len(data)} B: {base64.b64encode(data[:60]).decode()}...)"
                      for name, data in case.parts)
    return f"case {case.index}: {case.route}/{case.kind} via {case.how}: {parts}"


if __name__ == "__main__":  # python tests/fuzzing.py SEED INDEX: replay one case
    seed_arg, index_arg = int(sys.argv[1]), int(sys.argv[2])
    replay = make_case(seed_arg, index_arg)
    print(describe(replay))
    print(run_case(replay))
