"""The web app of `storyline serve` (extra 'web'): paste or upload articles, get the brief.

Every brief page has a JSON twin (`/briefs/{id}.json`, or `Accept: application/json`), and
both render the same `Brief` the CLI writes. Uploads are read from memory with
`storyline.ingest.ingest_bytes`: an uploaded file's name is only a label and a format hint,
never a path. Size and article count are capped by settings; errors are 413/422 with a message.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
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
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__
from .ingest import ingest_bytes
from .model import Brief
from .pipeline import build_brief
from .render import to_html, to_json
from .render.html import content_security_policy, esc, page
from .settings import Settings

# Briefs kept in memory for their pages; the oldest is forgotten first. Each holds its
# articles' text (at most max_upload_bytes), so this bounds memory at 32 uploads.
KEEP_BRIEFS = 32
# Seconds between progress lines while a brief is being built (a live heartbeat).
HEARTBEAT = 0.5
_SEPARATOR = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.MULTILINE)
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")
_MULTIPART_BODY = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "type": "object",
    "properties": {
        "text": {"type": "string", "description": "articles, separated by a line '---'"},
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
    },
}}}, "required": True}}


class Problem(Exception):
    """A request storyline cannot serve, with its HTTP status and a message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Stored:
    """A brief with its two renderings, made once."""

    brief: Brief
    html: str
    json: str


class BriefStore:
    """Recently built briefs by id and by input digest; identical concurrent builds share one."""

    def __init__(self, capacity: int = KEEP_BRIEFS) -> None:
        self.capacity = capacity
        self.by_id: OrderedDict[str, Stored] = OrderedDict()
        self.by_input: dict[str, str] = {}
        self.pending: dict[str, asyncio.Future[Stored]] = {}

    def get(self, brief_id: str) -> Stored | None:
        """Return a stored brief, or None."""
        return self.by_id.get(brief_id)

    def put(self, digest: str, stored: Stored) -> None:
        """Keep a brief, forgetting the oldest beyond capacity."""
        self.by_id[stored.brief.id] = stored
        self.by_id.move_to_end(stored.brief.id)
        self.by_input[digest] = stored.brief.id
        while len(self.by_id) > self.capacity:
            old, _ = self.by_id.popitem(last=False)
            self.by_input = {k: v for k, v in self.by_input.items() if v != old}

    async def build(self, digest: str, make: Callable[[], Stored]) -> Stored:
        """Return the brief for these inputs, building it in a worker thread at most once."""
        known = self.by_input.get(digest)
        if known and known in self.by_id:
            return self.by_id[known]
        if digest in self.pending:
            return await asyncio.shield(self.pending[digest])
        future: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        self.pending[digest] = future
        try:
            stored = await asyncio.to_thread(make)
            self.put(digest, stored)
            future.set_result(stored)
            return stored
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: a lone build has no waiter to read it
            raise
        finally:
            del self.pending[digest]


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


def clean_name(name: str | None, number: int) -> str:
    """A display label for an uploaded file: its base name only, never a path."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_NAME.sub("", base).strip()[:200]
    return f"upload:{base or f'file-{number}'}"


def split_pasted(text: str) -> list[tuple[str, bytes]]:
    """Split pasted text into articles at lines holding only dashes ("---")."""
    pieces = [p.strip() for p in _SEPARATOR.split(text.replace("\r\n", "\n"))]
    return [(f"pasted article {n}", p.encode("utf-8"))
            for n, p in enumerate((p for p in pieces if p), 1)]


async def read_inputs(request: Request, settings: Settings) -> list[tuple[str, bytes]]:
    """Read the pasted text and uploaded files of a form post into (label, bytes) pairs."""
    try:
        form = await request.form(max_files=settings.max_articles,
                                  max_fields=10, max_part_size=settings.max_upload_bytes)
    except MultiPartException as exc:
        raise Problem(422, f"cannot read the form: {exc.message}") from exc
    except HTTPException as exc:  # starlette reports a malformed or over-full form as a 400
        hint = f" (setting max_articles: {settings.max_articles})" if "files" in exc.detail else ""
        raise Problem(422, f"cannot read the form: {exc.detail}{hint}") from exc
    except AssertionError as exc:  # starlette asserts python-multipart is importable
        raise Problem(500, "the 'web' extra is incomplete: pip install 'storyline[web]'") from exc
    inputs: list[tuple[str, bytes]] = []
    for key, value in form.multi_items():
        if key == "text" and isinstance(value, str):
            inputs += split_pasted(value)
        elif key == "files" and isinstance(value, UploadFile):
            data = await value.read()
            if data or value.filename:
                inputs.append((clean_name(value.filename, len(inputs) + 1), data))
    await form.close()
    if not any(data.strip() for _, data in inputs):
        raise Problem(422, "nothing to read: paste at least one article or choose a file")
    return inputs


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
        return Stored(brief, to_html(brief), to_json(brief))

    return make, len(ingested.articles)


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
    yield _line(status="done", id=stored.brief.id, url=f"/briefs/{stored.brief.id}",
                progress=1.0)


def create_app(settings: Settings | None = None,
               extend: Callable[[FastAPI], None] | None = None) -> ASGIApp:
    """Return the ASGI app: FastAPI routes wrapped in a body limit and security headers.

    `extend`, when given, adds its own routes first (`serve --store`: the story pages)."""
    settings = settings or Settings()
    app = FastAPI(title="storyline", version=__version__, docs_url=None, redoc_url=None,
                  description="One cited brief from many reports of the same story.")
    store = BriefStore()
    app.state.store = store
    app.state.settings = settings
    _errors(app)
    if extend is not None:
        extend(app)
    _routes(app, store, settings)
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

    @app.post("/briefs", status_code=201, openapi_extra=_MULTIPART_BODY,
              summary="Build a brief (JSON, or a redirect to its page for a browser form)")
    async def create(request: Request) -> Response:
        inputs = await read_inputs(request, settings)
        make, _ = _builder(inputs, settings)
        stored = await store.build(_digest(inputs, settings), make)
        where = f"/briefs/{stored.brief.id}"
        if "text/html" in request.headers.get("accept", ""):
            return RedirectResponse(where, status_code=303)
        return Response(stored.json, 201, {"location": where}, media_type="application/json")

    @app.post("/briefs/stream", openapi_extra=_MULTIPART_BODY,
              summary="Build a brief, streaming NDJSON progress lines")
    async def stream(request: Request) -> StreamingResponse:
        inputs = await read_inputs(request, settings)
        make, count = _builder(inputs, settings)
        lines = _progress(store, _digest(inputs, settings), make, count)
        return StreamingResponse(lines, media_type="application/x-ndjson")

    @app.get("/briefs/{brief_id}.json", summary="A brief as JSON")
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
        raise Problem(404, f"no brief {brief_id!r} here (briefs are kept in memory until the "
                           "server restarts); build it again from the form")
    return stored
