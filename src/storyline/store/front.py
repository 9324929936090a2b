"""The store's pages for `storyline serve --store`: routes added to the web app (the 'web'
extra). `/stories` lists the stories, newest activity first, with a search over headlines and
entity names; `/stories/ID` is a story's latest brief (or `?version=N`) with what is new;
each has a JSON twin (`.json`, or `Accept: application/json`). Story ids never change, so the
links stay good across restarts and later `add`s.

Pages are built in a worker thread (the queries block) and kept for CACHE_SECONDS: a burst of
readers shares one build per page instead of queueing on the database, and a new `add` shows
within that time. A kept page is also kept gzip'd (most of a front page is the inlined
stylesheet and script: 30 KB sent as 8.6 KB) and carries an ETag, so a reader that has it
gets a 304."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from ..model import Brief
from ..render.front import front_page, story_page
from ..web import Problem, wants_json
from .changes import story_changes
from .db import StoreError
from .query import recent_stories, store_counts

# Stories on the front page (the JSON twin takes ?limit up to MAX_LIMIT).
FRONT_STORIES = 50
MAX_LIMIT = 500
# Seconds a built page is served again; pages kept at most (searches are user input).
CACHE_SECONDS = 2.0
CACHE_PAGES = 256
# Pages at least this long are also kept gzip'd, for the clients that accept it.
GZIP_MIN = 1024
_HTML, _JSON = "text/html; charset=utf-8", "application/json"


@dataclass(frozen=True, slots=True)
class Page:
    """A built page: its body, kept until `expires`, with its ETag and gzip'd form."""

    expires: float
    body: bytes
    media: str
    etag: str
    gzipped: bytes | None

    @classmethod
    def of(cls, body: bytes, media: str, expires: float) -> Page:
        """The page of `body`, compressed once here rather than on every request."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        packed = gzip.compress(body, 6, mtime=0) if len(body) >= GZIP_MIN else None
        if packed is not None and len(packed) >= len(body):
            packed = None
        return cls(expires, body, media, etag, packed)

    def response(self, headers: Mapping[str, str]) -> Response:
        """The reply to a request with these headers: 304 when the client holds this very
        page (If-None-Match), the gzip'd body when it accepts gzip, else the body."""
        common = {"etag": self.etag, "vary": "accept-encoding", "cache-control": "no-cache"}
        if _holds(headers.get("if-none-match", ""), self.etag):
            return Response(status_code=304, headers=common)
        if self.gzipped is not None and accepts_gzip(headers.get("accept-encoding", "")):
            return Response(self.gzipped, media_type=self.media,
                            headers={**common, "content-encoding": "gzip"})
        return Response(self.body, media_type=self.media, headers=common)


def _holds(if_none_match: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


def accepts_gzip(accept_encoding: str) -> bool:
    """True when an Accept-Encoding header takes gzip (named, or `*`, with a q above 0)."""
    for part in accept_encoding.split(","):
        name, *params = (p.strip() for p in part.split(";"))
        if name.lower() not in ("gzip", "x-gzip", "*"):
            continue
        q = next((p[2:] for p in params if p.lower().startswith("q=")), "1")
        try:
            if float(q) > 0:
                return True
        except ValueError:
            continue
    return False


class PageCache:
    """Built pages by key, each for CACHE_SECONDS; one build at a time per key."""

    def __init__(self, seconds: float = CACHE_SECONDS, size: int = CACHE_PAGES) -> None:
        self.seconds, self.size = seconds, size
        self.pages: OrderedDict[tuple[Any, ...], Page] = OrderedDict()
        self.locks: dict[tuple[Any, ...], asyncio.Lock] = {}

    def _fresh(self, key: tuple[Any, ...]) -> Page | None:
        hit = self.pages.get(key)
        return None if hit is None or hit.expires < time.monotonic() else hit

    async def get(self, key: tuple[Any, ...], build: Callable[[], tuple[bytes, str]],
                  headers: Mapping[str, str] | None = None) -> Response:
        """The page under `key`, built by `build` (in a thread) when missing or stale, as
        the reply to a request with `headers` (Page.response)."""
        page = self._fresh(key)
        if page is None:
            lock = self.locks.setdefault(key, asyncio.Lock())
            async with lock:
                page = self._fresh(key)
                if page is None:
                    page = await run_in_threadpool(self._build, build)
                    self.pages[key] = page
                    self.pages.move_to_end(key)
                    while len(self.pages) > self.size:
                        old, _ = self.pages.popitem(last=False)
                        self.locks.pop(old, None)
        return page.response(headers or {})

    def _build(self, build: Callable[[], tuple[bytes, str]]) -> Page:
        body, media = build()
        return Page.of(body, media, time.monotonic() + self.seconds)


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def add_store_routes(app: FastAPI, engine: Engine, seconds: float = CACHE_SECONDS) -> None:
    """Register the store's pages on the web app (built pages kept for `seconds`)."""
    cache = PageCache(seconds)

    def listing(q: str | None, limit: int) -> dict[str, Any]:
        rows = [r.to_dict() for r in recent_stories(engine, max(1, min(limit, MAX_LIMIT)), q)]
        return {"stories": rows, "totals": store_counts(engine)}

    def front(q: str | None, limit: int, as_json: bool) -> tuple[bytes, str]:
        data = listing(q, limit)
        if as_json:
            return _dumps(data), _JSON
        return front_page(data["stories"], q, time.time(), data["totals"]).encode(), _HTML

    def story(story: str, version: int | None, as_json: bool) -> tuple[bytes, str]:
        brief, changes, number = _story(engine, story, version)
        if as_json:
            return _dumps({"story": story, "version": number, "changes": changes,
                           "brief": brief.to_dict()}), _JSON
        return story_page(brief, changes, number).encode(), _HTML

    @app.get("/stories.json", summary="The stories, most lately grown first (JSON)")
    async def stories_json(request: Request, q: str | None = None,
                           limit: int = FRONT_STORIES) -> Response:
        return await cache.get(("front", q, limit, True), lambda: front(q, limit, True),
                               request.headers)

    @app.get("/stories", summary="The front page: stories, newest activity first")
    async def stories_page(request: Request, q: str | None = None,
                           limit: int = FRONT_STORIES) -> Response:
        as_json = wants_json(request)
        return await cache.get(("front", q, limit, as_json), lambda: front(q, limit, as_json),
                               request.headers)

    @app.get("/stories/{story_id}.json", summary="A story's brief and what is new (JSON)")
    async def story_json(request: Request, story_id: str,
                         version: int | None = None) -> Response:
        return await cache.get(("story", story_id, version, True),
                               lambda: story(story_id, version, True), request.headers)

    @app.get("/stories/{story_id}", summary="A story's page (JSON with Accept)")
    async def story_html(request: Request, story_id: str,
                         version: int | None = None) -> Response:
        as_json = wants_json(request)
        return await cache.get(("story", story_id, version, as_json),
                               lambda: story(story_id, version, as_json), request.headers)


def _story(engine: Engine, story: str, version: int | None
           ) -> tuple[Brief, dict[str, Any], int]:
    from .briefs import read_brief

    try:
        brief, number = read_brief(engine, story, version)
        changes = story_changes(engine, story, number)
    except StoreError as exc:
        raise Problem(404, str(exc)) from exc
    return brief, changes, number
