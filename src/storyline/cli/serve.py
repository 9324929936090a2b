"""The `storyline serve` subcommand: run the web app (extra 'web') on a local port."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path
from typing import Any

from ..errors import StorylineError, require
from ..settings import Settings
from .common import Formatter, examples

DEFAULT_HOST = "127.0.0.1"  # loopback: reachable from this computer only
DEFAULT_PORT = 8000
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `serve` subcommand to the CLI."""
    p = sub.add_parser(
        "serve", help="serve the paste-and-upload web page (needs storyline[web])",
        description="Serve a web page where you paste or upload articles and get the brief, "
        "with a JSON twin of every page (the 'web' extra: pip install 'storyline[web]').",
        formatter_class=Formatter,
        epilog=examples("storyline serve", "storyline serve --port 8080",
                        "storyline serve --store news.db   # its stories at /stories"),
    )
    p.add_argument("--host", default=DEFAULT_HOST,
                   help="address to bind (loopback: this computer only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port")
    p.add_argument("--settings", metavar="FILE.toml", help="storyline settings file")
    p.add_argument("--store", metavar="PATH|URL",
                   help="also serve this story store's stories at /stories (storyline[store])")
    p.add_argument("--briefs-dir", metavar="DIR",
                   help="folder keeping the briefs, so their links survive a restart "
                   "(default: setting serve_briefs_dir, else ~/.local/state/storyline/briefs)")


def default_briefs_dir() -> Path:
    """Where served briefs are kept when neither the flag nor the setting says."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "storyline" / "briefs"


def _check_port(host: str, port: int) -> None:
    """Refuse a port another program holds before claiming to serve on it."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((host, port))
    except OSError as exc:
        raise StorylineError(f"cannot listen on {host}:{port} ({exc.strerror}); is another "
                             "server using it? pass another --port") from exc


def run_serve(args: argparse.Namespace) -> int:
    """Run `storyline serve` until interrupted."""
    if not 0 <= args.port <= 65535:
        raise StorylineError(f"--port must be between 0 and 65535, got {args.port}")
    require("fastapi", "web")
    require("python_multipart", "web")
    uvicorn: Any = require("uvicorn", "web")
    from ..web import create_app  # the web extra: FastAPI loads only for `serve`

    settings = Settings.from_toml(args.settings) if args.settings else Settings()
    folder = args.briefs_dir or settings.serve_briefs_dir or str(default_briefs_dir())
    settings = settings.with_(serve_briefs_dir=folder)
    _check_port(args.host, args.port)
    app = create_app(settings, extend=_store_pages(args.store))
    if args.host not in _LOOPBACK:
        print(f"storyline: warning: binding {args.host} makes the page reachable from other "
              "computers; it has no login", file=sys.stderr)
    where = "stories" if args.store else ""
    print(f"storyline: serving on http://{args.host}:{args.port}/{where} (Ctrl+C to stop); "
          f"briefs kept in {folder}", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _store_pages(store: str | None) -> Any:
    """The hook adding a store's pages to the app (None without --store)."""
    if not store:
        return None
    require("sqlalchemy", "store")
    from ..store.db import open_store
    from ..store.front import add_store_routes

    engine = open_store(store)
    return lambda app: add_store_routes(app, engine)
