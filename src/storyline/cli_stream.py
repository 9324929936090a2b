"""The `storyline cluster` command: group a mixed stream into stories (JSONL out)."""

from __future__ import annotations

import argparse
import heapq
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from .model import Article, InputRecord, Story
from .settings import Settings


def add_cluster_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline cluster` on the CLI's subparsers."""
    p = sub.add_parser(
        "cluster",
        help="group a mixed stream of articles into stories (JSONL, one story per line)",
        description="Read articles (text, HTML, JSON/JSONL, RSS/Atom, WARC), order them by "
        "publication time, and group them online into stories.",
    )
    p.add_argument("paths", nargs="+", help="files, folders, globs, or - for stdin")
    p.add_argument("--brief", action="store_true", help="write one brief per story instead")
    p.add_argument("--threshold", type=float, help="cosine to join a story (default 0.2)")
    p.add_argument("--window", type=int,
                   help="days without news before a story closes (default 14)")
    p.add_argument("--settings", metavar="FILE.toml", help="settings file")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="no messages on stderr")


def ordered(articles: Iterable[Article], buffer: int) -> Iterator[Article]:
    """Yield articles in stream order, reordering within a buffer of `buffer` articles."""
    from .stream import stream_order

    heap: list[tuple[tuple[str, str, str], int, Article]] = []
    for number, article in enumerate(articles):
        heapq.heappush(heap, (stream_order(article), number, article))
        if len(heap) > buffer:
            yield heapq.heappop(heap)[2]
    while heap:
        yield heapq.heappop(heap)[2]


def cleaned(articles: Iterable[Article], settings: Settings,
            report: Callable[[InputRecord], None] | None = None) -> Iterator[Article]:
    """Yield each article cleaned (boilerplate dropped, dates found).

    An article left empty by cleaning is not clustered; `report` is told why.
    """
    from dataclasses import replace

    from .clean import clean
    from .formats import skipped

    for article in articles:
        result = clean(article, settings)
        if result.text.strip():
            yield replace(result, dropped=())
        elif report is not None:
            report(skipped(article.origin, "nothing left after removing boilerplate"))


def story_line(story: Story) -> str:
    """Return the JSONL line of a story: story, articles, title, first_seen, last_seen."""
    data = story.to_dict()
    if not data["duplicates"]:
        del data["duplicates"]
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def brief_line(articles: list[Article], settings: Settings) -> str:
    """Return the JSONL brief of one story, syndicated copies marked (by `build_brief`)."""
    from .brief import build_brief
    from .render import to_jsonl

    return to_jsonl(build_brief(articles, (), settings))


def write_stories(articles: Iterable[Article], settings: Settings, out: TextIO,
                  with_brief: bool, report: Callable[[InputRecord], None] | None = None) -> int:
    """Cluster the articles and write one line per story; return the number of stories."""
    from .stream import cluster_stream

    count = 0
    stream = ordered(cleaned(articles, settings, report), settings.cluster_buffer)
    for story, members in cluster_stream(stream, settings, keep_articles=with_brief):
        out.write((brief_line(members, settings) if with_brief else story_line(story)) + "\n")
        count += 1
    return count


def run_cluster(args: argparse.Namespace) -> int:
    """Run `storyline cluster`; return the exit code.

    Inputs are read one at a time (stdin JSON Lines line by line) and skipped inputs are
    reported as they are met, so an endless feed runs in bounded memory.
    """
    from .cli import output
    from .ingest import iter_ingest

    base = Settings.from_toml(args.settings) if args.settings else Settings()
    settings = base.with_(cluster_threshold=args.threshold, cluster_window_days=args.window)
    skipped: list[str] = []

    def report(record: InputRecord) -> None:
        skipped.append(record.origin)
        if not args.quiet:
            print(f"storyline: skipped {record.origin}: {record.reason}", file=sys.stderr)

    def articles() -> Iterator[Article]:
        for item in iter_ingest(args.paths, settings, stream_stdin=True):
            if isinstance(item, Article):
                yield item
            else:
                report(item)

    with output(args.output) as out:
        count = write_stories(articles(), settings, out, args.brief, report)
    if not count:
        return 2
    return 1 if skipped else 0
