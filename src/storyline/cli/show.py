"""`storyline show` and `storyline changes`: one story of a store, its brief or what is new."""

from __future__ import annotations

import argparse
import json

from ..errors import require
from .add import add_store_option
from .common import EXIT_OK, Formatter, examples, output


def add_show_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline show`."""
    p = sub.add_parser(
        "show", help="show a stored story's brief (latest, or --version N)",
        description="Write the brief of one story of a store, as `storyline brief` writes it.",
        formatter_class=Formatter,
        epilog=examples("storyline show 3f2a9c01d4e5 --store news.db",
                        "storyline show 3f2a9c01d4e5 --store news.db --version 1 --format json"),
    )
    p.add_argument("story", help="the story id (storyline stories lists them)")
    add_store_option(p)
    p.add_argument("--version", type=int, help="this brief version (1 is the first)")
    p.add_argument("--format", choices=("md", "json", "html"), default="md",
                   help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")


def run_show(args: argparse.Namespace) -> int:
    """Run `storyline show`."""
    require("sqlalchemy", "store")
    from ..render import to_html, to_json, to_markdown
    from ..store.briefs import read_brief
    from ..store.db import open_store

    brief, _ = read_brief(open_store(args.store), args.story, args.version)
    render = {"md": to_markdown, "json": to_json, "html": to_html}[args.format]
    with output(args.output) as out:
        out.write(render(brief))
    return EXIT_OK


def add_changes_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline changes`."""
    p = sub.add_parser(
        "changes", help="what a stored story's latest brief adds to the one before",
        description="Say what version N of a story's brief (default: the latest) adds to "
        "version N - 1: new articles, new summary sentences, new or changed figures with "
        "their sources, new timeline entries and quotes. --field keeps one of them.",
        formatter_class=Formatter,
        epilog=examples("storyline changes 3f2a9c01d4e5 --store news.db",
                        "storyline changes 3f2a9c01d4e5 --store news.db --field figures "
                        "--format json"),
    )
    p.add_argument("story", help="the story id")
    add_store_option(p)
    p.add_argument("--version", type=int, help="compare this version with the one before")
    p.add_argument("--field", choices=("articles", "sentences", "figures", "timeline",
                                       "quotes"), help="only this part")
    p.add_argument("--format", choices=("md", "json"), default="md", help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")


FIELDS = ("articles", "sentences", "figures", "timeline", "quotes")


def run_changes(args: argparse.Namespace) -> int:
    """Run `storyline changes`."""
    require("sqlalchemy", "store")
    from ..render.changes import changes_markdown
    from ..store.changes import story_changes
    from ..store.db import open_store

    changes = story_changes(open_store(args.store), args.story, args.version)
    if args.field:
        for name in FIELDS:
            if name != args.field:
                changes[name] = []
    with output(args.output) as out:
        if args.format == "json":
            out.write(json.dumps(changes, ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(changes_markdown(changes))
    return EXIT_OK
