"""The cluster run: clean a stream of articles once, order it, group it into stories and write
one JSONL line per story (its members, or its brief). `storyline cluster` and Spark call it."""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TextIO

from ..model import Article, InputRecord, Story
from ..pipeline import brief_cleaned
from ..render import to_jsonl
from ..settings import Settings
from ..text import clean_all
from .stream import cluster_stream, stream_order


def ordered(articles: Iterable[Article], buffer: int) -> Iterator[Article]:
    """Yield articles in stream order, reordering within a buffer of `buffer` articles."""
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
    for item in clean_all(articles, settings):
        if isinstance(item, Article):
            yield replace(item, dropped=())  # the stream does not list dropped lines
        elif report is not None:
            report(item)


def story_line(story: Story) -> str:
    """Return the JSONL line of a story: story, articles, title, first_seen, last_seen."""
    data = story.to_dict()
    if not data["duplicates"]:
        del data["duplicates"]
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


def brief_line(articles: list[Article], settings: Settings) -> str:
    """Return the JSONL brief of one story of cleaned articles, syndicated copies marked."""
    return to_jsonl(brief_cleaned(articles, settings=settings, one_story=False))


def write_stories(articles: Iterable[Article], settings: Settings, out: TextIO,
                  with_brief: bool, report: Callable[[InputRecord], None] | None = None) -> int:
    """Cluster the articles and write one line per story; return the number of stories."""
    count = 0
    stream = ordered(cleaned(articles, settings, report), settings.cluster_buffer)
    for story, members in cluster_stream(stream, settings, keep_articles=with_brief):
        out.write((brief_line(members, settings) if with_brief else story_line(story)) + "\n")
        count += 1
    return count
