"""The store's pages for `storyline serve --store`: routes added to the web app (the 'web'
extra). `/stories` lists the stories, newest activity first, with a search over headlines and
entity names; `/stories/ID` is a story's latest brief (or `?version=N`) with what is new;
each has a JSON twin (`.json`, or `Accept: application/json`). Story ids never change, so the
links stay good across restarts and later `add`s."""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine

from ..model import Brief
from ..render.front import front_page, story_page
from ..web import Problem, wants_json
from .changes import story_changes
from .db import StoreError
from .query import recent_stories, store_counts

# Stories on the front page (the JSON twin takes ?limit up to MAX_LIMIT).
FRONT_STORIES = 50
MAX_LIMIT = 500


def _json(data: object) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), media_type="application/json")


def add_store_routes(app: FastAPI, engine: Engine) -> None:
    """Register the store's pages on the web app (plain `def`s: FastAPI runs them in threads,
    so a slow query never blocks the event loop)."""

    def listing(q: str | None, limit: int) -> list[dict[str, object]]:
        limit = max(1, min(limit, MAX_LIMIT))
        return [r.to_dict() for r in recent_stories(engine, limit, q)]

    @app.get("/stories.json", summary="The stories, most lately grown first (JSON)")
    def stories_json(q: str | None = None, limit: int = FRONT_STORIES) -> Response:
        return _json({"stories": listing(q, limit), "totals": store_counts(engine)})

    @app.get("/stories", summary="The front page: stories, newest activity first")
    def stories_page(request: Request, q: str | None = None,
                     limit: int = FRONT_STORIES) -> Response:
        rows = listing(q, limit)
        if wants_json(request):
            return _json({"stories": rows, "totals": store_counts(engine)})
        return HTMLResponse(front_page(rows, q, time.time(), store_counts(engine)))

    @app.get("/stories/{story}.json", summary="A story's brief and what is new (JSON)")
    def story_json(story: str, version: int | None = None) -> Response:
        brief, changes, number = _story(engine, story, version)
        return _json({"story": story, "version": number, "changes": changes,
                      "brief": brief.to_dict()})

    @app.get("/stories/{story}", summary="A story's page (JSON with Accept)")
    def story_html(request: Request, story: str, version: int | None = None) -> Response:
        brief, changes, number = _story(engine, story, version)
        if wants_json(request):
            return _json({"story": story, "version": number, "changes": changes,
                          "brief": brief.to_dict()})
        return HTMLResponse(story_page(brief, changes, number))


def _story(engine: Engine, story: str, version: int | None
           ) -> tuple[Brief, dict[str, Any], int]:
    from .briefs import read_brief

    try:
        brief, number = read_brief(engine, story, version)
        changes = story_changes(engine, story, number)
    except StoreError as exc:
        raise Problem(404, str(exc)) from exc
    return brief, changes, number
