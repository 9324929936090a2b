"""The web app of `storyline serve` (extra 'web'): paste or upload articles, get the brief.

Every brief page has a JSON twin (`/briefs/{id}.json`, or `Accept: application/json`), and
both render the same `Brief` the CLI writes. Requests are read by `web.inputs` (a form or a
JSON body, with `words` and `method`); briefs are kept by `web.kept` (memory and a folder).
Size and article count are capped by settings; errors are 413/422 with a message, never a
traceback.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Callable
from functools import cache
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..ingest import ingest_bytes
from ..pipeline import build_brief
from ..render import to_html, to_json
from ..render.html import content_security_policy, esc, page
from ..settings import Settings
from ..summarize import METHOD_NAMES
from .inputs import MAX_WORDS, Problem, read_request
from .kept import BriefStore, Stored

# Seconds between progress lines while a brief is being built (a live heartbeat).
HEARTBEAT = 0.5


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so every response carries the CSP and the other safety headers."""
    headers = [
        (b"content-security-policy",
         (content_security_policy(served=True) + "; frame-ancestors 'none'").encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + headers
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


def body_limit(app: ASGIApp, limit: int) -> ASGIApp:
    """Wrap an ASGI app so request bodies over `limit` bytes get a 413, declared or not."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(scope, send, limit)
            return
        seen = 0
        started = False

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise Problem(413, _limit_message(limit))
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, counting, watch)
        except Problem:
            if not started:  # a chunked body ran over while being read
                await _too_large(scope, send, limit)

    return wrapped


def _limit_message(limit: int) -> str:
    return (f"the upload is over the limit of {limit:,} bytes (setting max_upload_bytes); "
            "send fewer or smaller files")


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    request = Request(scope)
    await _error_response(request, 413, _limit_message(limit))(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def wants_json(request: Request) -> bool:
    """True when the client asks for JSON (or NDJSON) rather than a page."""
    accept = request.headers.get("accept", "")
    return "text/html" not in accept and ("json" in accept or request.url.path.endswith(".json"))


def _error_response(request: Request, status: int, message: str) -> Response:
    if "text/html" in request.headers.get("accept", ""):
        body = (f'<div class="form"><h1>Error {status}</h1><p class="error">{esc(message)}</p>'
                '<p><a href="/">Back to the form</a></p></div>')
        return HTMLResponse(page(f"Error {status}", body, served=True), status_code=status)
    return JSONResponse({"error": message, "status": status}, status_code=status)


def _digest(inputs: list[tuple[str, bytes]], settings: Settings) -> str:
    hasher = hashlib.sha256(json.dumps(settings.to_dict(), sort_keys=True).encode())
    for name, data in inputs:
        hasher.update(hashlib.sha256(name.encode("utf-8", "replace")).digest())
        hasher.update(hashlib.sha256(data).digest())
    return hasher.hexdigest()


def _builder(
    inputs: list[tuple[str, bytes]], settings: Settings
) -> tuple[Callable[[], Stored], int]:
    """Check the article count; return the (slow) build for a worker thread, and the count."""
    ingested = ingest_bytes(inputs, settings)
    if len(ingested.articles) > settings.max_articles:
        raise Problem(422, f"{len(ingested.articles)} articles given; the limit is "
                           f"{settings.max_articles} (setting max_articles)")
    if not ingested.articles:
        reasons = "; ".join(f"{r.origin}: {r.reason}" for r in ingested.inputs)
        raise Problem(422, f"no usable article in the input ({reasons})")

    def make() -> Stored:
        brief = build_brief(ingested.articles, ingested.inputs, settings)
        if not brief.articles:
            reasons = "; ".join(f"{r.origin}: {r.reason}" for r in brief.diagnostics.inputs)
            raise Problem(422, f"no article text left after cleaning ({reasons})")
        return Stored(brief.id, to_html(brief, twin=f"{brief.id}.json"), to_json(brief), brief)

    return make, len(ingested.articles)


def _method_options(settings: Settings) -> str:
    return "".join(
        f'<option value="{esc(name)}"{" selected" if name == settings.method else ""}>'
        f"{esc(name)}</option>" for name in METHOD_NAMES)


def _index(settings: Settings) -> str:
    body = (
        '<header class="top"><p class="kicker">Storyline</p><h1>Write a cited brief</h1>'
        '<p class="meta">Paste several reports of the same story, or upload them. '
        "Everything stays on this computer.</p></header>"
        '<form id="brief-form" class="form" method="post" action="/briefs" '
        'enctype="multipart/form-data" data-stream="/briefs/stream">'
        '<p><label for="text"><strong>Paste articles</strong></label><br>'
        '<span class="note">Put a line holding only three dashes (---) between two '
        "articles. Plain text or HTML.</span></p>"
        '<textarea id="text" name="text" spellcheck="false"></textarea>'
        '<p><label for="files"><strong>Or upload files</strong></label> '
        '<span class="note">text, HTML, JSON or JSONL, RSS/Atom feed</span><br>'
        '<input id="files" name="files" type="file" multiple '
        'accept=".txt,.text,.html,.htm,.json,.jsonl,.ndjson,.xml,.rss,.atom"></p>'
        '<p class="options"><label for="words"><strong>Summary length</strong></label> '
        f'<input id="words" name="words" type="number" min="1" max="{MAX_WORDS}" '
        f'value="{settings.words}" inputmode="numeric"> words '
        '<label for="method"><strong>Method</strong></label> '
        f'<select id="method" name="method">{_method_options(settings)}</select></p>'
        f'<p class="note">Limits: {settings.max_upload_bytes:,} bytes in all, '
        f"{settings.max_articles} articles.</p>"
        '<p><button type="submit">Write the brief</button></p>'
        '<progress id="progress" max="1" value="0" hidden></progress>'
        '<p id="status" class="status" role="status" aria-live="polite"></p></form>'
    )
    return page("Storyline", body, served=True)


def _line(**fields: Any) -> bytes:
    return (json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8")


async def _progress(store: BriefStore, digest: str, make: Callable[[], Stored],
                    count: int) -> AsyncIterator[bytes]:
    """Stream NDJSON status lines while the brief is built, ending in done or error."""
    yield _line(status="reading", message=f"Read {count} article(s); writing the brief…",
                progress=0.35)
    task = asyncio.ensure_future(store.build(digest, make))
    waited = 0.0
    while not task.done():
        await asyncio.wait([task], timeout=HEARTBEAT)
        waited += HEARTBEAT
        if not task.done():  # approach 95% without ever claiming to be finished
            share = 0.35 + 0.6 * (1 - 1 / (1 + waited / 4))
            yield _line(status="building", message=f"Writing the brief… {waited:.1f} s",
                        progress=round(share, 3))
    try:
        stored = task.result()
    except Problem as exc:
        yield _line(status="error", message=exc.message)
        return
    except Exception:  # never leak a traceback to the page
        yield _line(status="error", message="the brief could not be built (internal error)")
        return
    yield _line(status="done", id=stored.id, url=f"/briefs/{stored.id}",
                progress=1.0)


def create_app(settings: Settings | None = None,
               extend: Callable[[FastAPI], None] | None = None) -> ASGIApp:
    """Return the ASGI app: FastAPI routes wrapped in a body limit and security headers.

    Briefs are kept in `settings.serve_briefs_dir` when it is set (so links survive a
    restart), else in memory only. `extend`, when given, adds its own routes first
    (`serve --store`: the story pages).
    """
    settings = settings or Settings()
    app = FastAPI(title="storyline", version=__version__, docs_url=None, redoc_url=None,
                  description="One cited brief from many reports of the same story.")
    store = BriefStore(settings.serve_briefs_dir or None, keep=settings.serve_keep_briefs)
    app.state.store = store
    app.state.settings = settings
    _errors(app)
    if extend is not None:
        extend(app)
    _routes(app, store, settings)
    _with_brief_schema(app)
    return security_headers(body_limit(app, settings.max_upload_bytes))


def _errors(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem) -> Response:
        return _error_response(request, exc.status, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return _error_response(request, 422, f"invalid request: {where}")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return _error_response(request, 500, "internal error: the brief could not be built")


def _routes(app: FastAPI, store: BriefStore, settings: Settings) -> None:
    @app.get("/", response_class=HTMLResponse, summary="The form: paste or upload articles")
    async def index() -> HTMLResponse:
        return HTMLResponse(_index(settings))

    @app.post("/briefs", status_code=201, openapi_extra=_openapi_body(),
              responses=_openapi_responses(),
              summary="Build a brief (JSON, or a redirect to its page for a browser form)")
    async def create(request: Request) -> Response:
        posted = await read_request(request, settings)
        make, _ = _builder(posted.inputs, posted.settings)
        stored = await store.build(_digest(posted.inputs, posted.settings), make)
        where = f"/briefs/{stored.id}"
        if "text/html" in request.headers.get("accept", ""):
            return RedirectResponse(where, status_code=303)
        return Response(stored.json, 201, {"location": where}, media_type="application/json")

    @app.post("/briefs/stream", openapi_extra=_openapi_body(),
              summary="Build a brief, streaming NDJSON progress lines")
    async def stream(request: Request) -> StreamingResponse:
        posted = await read_request(request, settings)
        make, count = _builder(posted.inputs, posted.settings)
        lines = _progress(store, _digest(posted.inputs, posted.settings), make, count)
        return StreamingResponse(lines, media_type="application/x-ndjson")

    @app.get("/briefs/{brief_id}.json", summary="A brief as JSON",
             responses={200: _openapi_responses()[201]})
    async def brief_json(brief_id: str) -> Response:
        return Response(_stored(store, brief_id).json, media_type="application/json")

    @app.get("/briefs/{brief_id}", summary="A brief as a page (JSON with Accept)")
    async def brief_page(request: Request, brief_id: str) -> Response:
        stored = _stored(store, brief_id)
        if wants_json(request):
            return Response(stored.json, media_type="application/json")
        return HTMLResponse(stored.html)


def _stored(store: BriefStore, brief_id: str) -> Stored:
    stored = store.get(brief_id)
    if stored is None:
        raise Problem(404, f"no brief {brief_id[:40]!r} here (it was never built, or it was "
                           "removed as the oldest kept); build it again from the form")
    return stored


@cache
def _brief_schema() -> dict[str, Any]:
    """The brief's JSON Schema, its local refs pointed at the OpenAPI components."""
    text = read_text_schema()
    schema: dict[str, Any] = json.loads(text.replace('"#/$defs/', '"#/components/schemas/'))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


def read_text_schema() -> str:
    """The packaged brief schema as text (storyline/schema/brief.schema.json)."""
    return resources.files("storyline.schema").joinpath("brief.schema.json").read_text("utf-8")


def _openapi_responses() -> dict[int | str, dict[str, Any]]:
    return {201: {"description": "The brief (schema: Brief)",
                  "content": {"application/json": {"schema": {
                      "$ref": "#/components/schemas/Brief"}}}},
            413: {"description": "The upload is over max_upload_bytes"},
            422: {"description": "Nothing usable to read, or a bad option (the reason is given)"}}


def _openapi_body() -> dict[str, Any]:
    form = {"type": "object", "properties": {
        "text": {"type": "string", "description": "articles, separated by a line '---'"},
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
        "words": {"type": "integer", "minimum": 1, "maximum": MAX_WORDS},
        "method": {"type": "string", "enum": list(METHOD_NAMES)},
    }}
    article = {"oneOf": [{"type": "string"}, {"type": "object", "properties": {
        key: {"type": "string"} for key in ("title", "text", "url", "source", "published",
                                            "id", "author")}, "required": ["text"]}]}
    body = {"type": "object", "additionalProperties": False, "properties": {
        "articles": {"type": "array", "items": article},
        "text": {"type": "string", "description": "articles, separated by a line '---'"},
        "words": {"type": "integer", "minimum": 1, "maximum": MAX_WORDS},
        "method": {"type": "string", "enum": list(METHOD_NAMES)},
    }}
    return {"requestBody": {"required": True, "content": {
        "multipart/form-data": {"schema": form}, "application/json": {"schema": body}}}}


def _with_brief_schema(app: FastAPI) -> None:
    """Put the brief schema and its parts under components/schemas of the OpenAPI document."""
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = plain()
        schema = dict(_brief_schema())
        parts = schema.pop("$defs", {})
        components = doc.setdefault("components", {}).setdefault("schemas", {})
        components.update(parts)
        components["Brief"] = schema
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
