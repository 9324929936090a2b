"""What a request to `storyline serve` brings: articles and the brief's options.

Two request bodies are read the same way. A form (`multipart/form-data`, what the page posts)
carries pasted `text`, uploaded `files` and the fields `words` and `method`. A JSON body
(`application/json`, for programs) is an object with `articles` (a list of strings or of
records like a JSONL line: title, text, url, source, published, id), optional `text` (pasted
articles, split like the form's), `words` and `method`. Both become (label, bytes) pairs read
by `storyline.ingest.ingest_bytes`, so a JSON record gets exactly the per-record diagnostics a
JSON file would. An upload's file name is only a label, never a path.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from ..ingest.pasted import split_articles
from ..settings import Settings
from ..summarize import METHOD_NAMES

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")
# The longest summary a request may ask for (words); a brief is a brief.
MAX_WORDS = 2000
_JSON_KEYS = frozenset({"articles", "text", "words", "method"})


class Problem(Exception):
    """A request storyline cannot serve, with its HTTP status and a message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Posted:
    """The articles of one request, as (label, bytes), and the settings to brief them with."""

    inputs: list[tuple[str, bytes]]
    settings: Settings


def clean_name(name: str | None, number: int) -> str:
    """A display label for an uploaded file: its base name only, never a path."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_NAME.sub("", base).strip()[:200]
    return f"upload:{base or f'file-{number}'}"


def split_pasted(text: str) -> list[tuple[str, bytes]]:
    """Split pasted text into articles at lines holding only dashes ("---"), as stdin is."""
    return [(f"pasted article {n}", p.encode("utf-8", "replace"))
            for n, p in enumerate(split_articles(text), 1)]


def options(settings: Settings, words: object, method: object) -> Settings:
    """Settings with the request's `words` and `method` applied, or a 422 saying what is wrong."""
    changes: dict[str, Any] = {}
    if words not in (None, ""):
        try:
            value = int(str(words).strip()) if not isinstance(words, bool) else None
        except ValueError:
            value = None
        if value is None or not 1 <= value <= MAX_WORDS:
            raise Problem(422, f"words must be a whole number from 1 to {MAX_WORDS}, "
                               f"got {str(words)[:40]!r}")
        changes["words"] = value
    if method not in (None, ""):
        name = str(method).strip()
        if name not in METHOD_NAMES:
            close = difflib.get_close_matches(name, METHOD_NAMES, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise Problem(422, f"unknown method {name[:40]!r}: {hint}"
                               f"choose one of {', '.join(METHOD_NAMES)}")
        changes["method"] = name
    return settings.with_(**changes) if changes else settings


async def read_request(request: Request, settings: Settings) -> Posted:
    """Read a form post or a JSON body into inputs and settings (422 with the reason)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        got = await _read_json(request, settings)
    else:
        got = await _read_form(request, settings)
    if not any(data.strip() for _, data in got.inputs):
        raise Problem(422, "nothing to read: paste at least one article or choose a file")
    return got


async def _read_form(request: Request, settings: Settings) -> Posted:
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
    fields: dict[str, str] = {}
    for key, value in form.multi_items():
        if key == "text" and isinstance(value, str):
            inputs += split_pasted(value)
        elif key == "files" and isinstance(value, UploadFile):
            data = await value.read()
            if data or value.filename:
                inputs.append((clean_name(value.filename, len(inputs) + 1), data))
        elif key in ("words", "method") and isinstance(value, str):
            fields[key] = value
    await form.close()
    return Posted(inputs, options(settings, fields.get("words"), fields.get("method")))


async def _read_json(request: Request, settings: Settings) -> Posted:
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Problem(422, f"the JSON body does not parse: {exc}") from exc
    if not isinstance(body, dict):
        raise Problem(422, 'the JSON body must be an object such as {"articles": [...]}')
    unknown = sorted(set(body) - _JSON_KEYS)
    if unknown:
        raise Problem(422, f"unknown field(s) {', '.join(map(repr, unknown))}: the body takes "
                           f"{', '.join(sorted(_JSON_KEYS))}")
    articles = body.get("articles", [])
    if not isinstance(articles, list):
        raise Problem(422, "articles must be a list of strings or article objects")
    if len(articles) > settings.max_articles:
        raise Problem(422, f"{len(articles)} articles given; the limit is "
                           f"{settings.max_articles} (setting max_articles)")
    inputs = split_pasted(body["text"]) if isinstance(body.get("text"), str) else []
    if body.get("text") is not None and not isinstance(body.get("text"), str):
        raise Problem(422, "text must be a string")
    for n, item in enumerate(articles, 1):
        inputs.append(_json_article(n, item))
    return Posted(inputs, options(settings, body.get("words"), body.get("method")))


def _json_article(n: int, item: object) -> tuple[str, bytes]:
    """One element of `articles`: plain text, or a record the JSON reader understands."""
    label = f"articles[{n - 1}]"
    if isinstance(item, str):
        return label, item.encode("utf-8", "replace")
    # Anything else (an object, or a wrong type) goes to the reader, which keeps or refuses
    # it with a reason naming the element: a bad element never fails the others.
    return f"{label}.json", json.dumps(item, ensure_ascii=False).encode("utf-8", "replace")
