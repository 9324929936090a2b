"""The store's pages for `storyline serve --store`: routes added to the web app (the 'web'
extra). `/stories` lists the stories, newest activity first, with a search over headlines and
entity names; `/stories/ID` is a story's latest brief (or `?version=N`) with what is new;
each has a JSON twin (`.json`, or `Accept: application/json`). Story ids never change, so the
links stay good across restarts and later `add`s.

Pages are built in a worker thread (the queries block) and kept for CACHE_SECONDS: a burst of
readers shares one build per page instead of queueing on the database, and a new `add` shows
within that time."""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Callable
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
_HTML, _JSON = "text/html; charset=utf-8", "application/json"


class PageCache:
    """Built pages by key, each for CACHE_SECONDS; one build at a time per key."""

    def __init__(self, seconds: float = CACHE_SECONDS, size: int = CACHE_PAGES) -> None:
        self.seconds, self.size = seconds, size
        self.pages: OrderedDict[tuple[Any, ...], tuple[float, bytes, str]] = OrderedDict()
        self.locks: dict[tuple[Any, ...], asyncio.Lock] = {}

    def _fresh(self, key: tuple[Any, ...]) -> Response | None:
        hit = self.pages.get(key)
        if hit is None or hit[0] < time.monotonic():
            return None
        return Response(hit[1], media_type=hit[2])

    async def get(self, key: tuple[Any, ...], build: Callable[[], tuple[bytes, str]]) -> Response:
        """The page under `key`, built by `build` (in a thread) when missing or stale."""
        fresh = self._fresh(key)
        if fresh is not None:
            return fresh
        lock = self.locks.setdefault(key, asyncio.Lock())
        async with lock:
            fresh = self._fresh(key)
            if fresh is not None:
                return fresh
            body, media = await run_in_threadpool(build)
            self.pages[key] = (time.monotonic() + self.seconds, body, media)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                old, _ = self.pages.popitem(last=False)
                self.locks.pop(old, None)
        return Response(body, media_type=media)


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def add_store_routes(app: FastAPI, engine: Engine) -> None:
    """Register the store's pages on the web app."""
    cache = PageCache()

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
    async def stories_json(q: str | None = None, limit: int = FRONT_STORIES) -> Response:
        return await cache.get(("front", q, limit, True), lambda: front(q, limit, True))

    @app.get("/stories", summary="The front page: stories, newest activity first")
    async def stories_page(request: Request, q: str | None = None,
                           limit: int = FRONT_STORIES) -> Response:
        as_json = wants_json(request)
        return await cache.get(("front", q, limit, as_json), lambda: front(q, limit, as_json))

    @app.get("/stories/{story_id}.json", summary="A story's brief and what is new (JSON)")
    async def story_json(story_id: str, version: int | None = None) -> Response:
        return await cache.get(("story", story_id, version, True),
                               lambda: story(story_id, version, True))

    @app.get("/stories/{story_id}", summary="A story's page (JSON with Accept)")
    async def story_html(request: Request, story_id: str,
                         version: int | None = None) -> Response:
        as_json = wants_json(request)
        return await cache.get(("story", story_id, version, as_json),
                               lambda: story(story_id, version, as_json))


def _story(engine: Engine, story: str, version: int | None
           ) -> tuple[Brief, dict[str, Any], int]:
    from .briefs import read_brief

    try:
        brief, number = read_brief(engine, story, version)
        changes = story_changes(engine, story, number)
    except StoreError as exc:
        raise Problem(404, str(exc)) from exc
    return brief, changes, number
