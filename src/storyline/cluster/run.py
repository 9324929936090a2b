"""The cluster run: clean a stream of articles once, order it, group it into stories and write
one JSONL line per story (its members, or its brief). `storyline cluster` and Spark call it.

A story line lists its article ids (`articles`) and, in `members`, what to join each one back
on: id, ref (the user's own id), title, url, source, published date and origin."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, TextIO

from ..ingest.records import Recent, duplicate_reason
from ..model import Article, InputRecord, Story
from ..pipeline import brief_cleaned
from ..render import to_jsonl
from ..render.canonical import json_text, shareable
from ..settings import Settings
from ..text import clean_all
from .stream import cluster_stream, stream_order

MEMBER_FIELDS = ("id", "ref", "title", "url", "source", "published", "origin")


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

    An article left empty by cleaning is not clustered, nor one whose id was met before (the
    same article given twice: `ingest` already reads it once); `report` is told why.
    """
    first: dict[str, str] = Recent()  # id -> origin, of the last ids met
    for item in clean_all(_read_once(articles, first, report), settings):
        if isinstance(item, Article):
            yield replace(item, dropped=())  # the stream does not list dropped lines
        elif report is not None:
            report(item)


def _read_once(articles: Iterable[Article], first: dict[str, str],
               report: Callable[[InputRecord], None] | None) -> Iterator[Article]:
    for article in articles:
        if article.id not in first:
            first[article.id] = article.origin
            yield article
        elif report is not None:
            report(InputRecord(article.origin, "skipped",
                               duplicate_reason(article, first[article.id])))


def member(article: Article) -> dict[str, Any]:
    """What a story line says of one of its articles, to join it back on."""
    named: dict[str, Any] = shareable({name: getattr(article, name) for name in MEMBER_FIELDS})
    return named


def story_line(story: Story, members: Sequence[Article] = ()) -> str:
    """Return the JSONL line of a story: story, articles, title, first_seen, last_seen, its
    duplicates when there are, and its members (given in the order of `story.articles`)."""
    data = story.to_dict()
    if not data["duplicates"]:
        del data["duplicates"]
    if members:
        data["members"] = [member(a) for a in members]
    return json_text(data)


def brief_line(articles: list[Article], settings: Settings) -> str:
    """Return the JSONL brief of one story of cleaned articles, syndicated copies marked."""
    return to_jsonl(brief_cleaned(articles, settings=settings, one_story=False))


def write_stories(articles: Iterable[Article], settings: Settings, out: TextIO,
                  with_brief: bool, report: Callable[[InputRecord], None] | None = None) -> int:
    """Cluster the articles and write one line per story; return the number of stories."""
    count = 0
    open_members: dict[str, Article] = {}  # id -> article, text dropped, until its story closes

    def remembered(stream: Iterable[Article]) -> Iterator[Article]:
        for article in stream:
            open_members[article.id] = replace(article, text="", sections=())
            yield article

    stream = remembered(ordered(cleaned(articles, settings, report), settings.cluster_buffer))
    for story, members in cluster_stream(stream, settings, keep_articles=with_brief):
        known = [open_members.pop(i) for i in story.articles if i in open_members]
        line = brief_line(members, settings) if with_brief else story_line(story, known)
        out.write(line + "\n")
        count += 1
    return count
