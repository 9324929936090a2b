"""Untrusted text made safe to show: Markdown escaping, links that may be followed, and inputs
named without the sender's local paths. Shared by the Markdown and HTML renderers."""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlsplit

_PATH_END = re.compile(r"(?P<path>.*?)(?P<rest>(?::\d+|\[\d+\]|#.*|:[^/\\]*)?)$")


def md_escape(text: str) -> str:
    """Escape Markdown and inline HTML in untrusted article text."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def safe_url(url: str | None) -> str | None:
    """The URL when a reader may follow it (http or https, no spaces or controls), else None."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def shown_origin(origin: str) -> str:
    """Name an input without a local absolute path: its file name (with its line or record)."""
    if origin.startswith("file:"):
        origin = origin[5:].lstrip("/")
        return os.path.basename(origin) or origin
    if not os.path.isabs(origin):
        return origin
    match = _PATH_END.match(origin)
    path, rest = (match.group("path"), match.group("rest")) if match else (origin, "")
    return (os.path.basename(path) or path) + rest
