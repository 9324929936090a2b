"""`storyline stories` and `storyline export`: list a story store's stories, or write them out."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..errors import StorylineError, require
from .add import add_store_option
from .common import EXIT_NOTHING, EXIT_OK, Formatter, examples, output


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def add_stories_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline stories`."""
    p = sub.add_parser(
        "stories", help="list the stories of a store",
        description="List a store's stories, latest news first: headline, article and outlet "
        "counts, first and last publication seen, brief versions.",
        formatter_class=Formatter,
        epilog=examples("storyline stories --store news.db --since 2025-03-01",
                        "storyline stories --store news.db --min-articles 5 --format csv"),
    )
    add_store_option(p)
    p.add_argument("--since", type=_day, help="stories with news on or after this day")
    p.add_argument("--until", type=_day, help="stories with news on or before this day")
    p.add_argument("--min-articles", type=int, default=1, help="at least this many articles")
    p.add_argument("--search", help="words that must all be in the headline or entities")
    p.add_argument("--limit", type=int, help="at most this many stories")
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table",
                   help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")


def run_stories(args: argparse.Namespace) -> int:
    """Run `storyline stories`."""
    require("sqlalchemy", "store")
    from ..render.stories import stories_csv, stories_jsonl, stories_table
    from ..store.db import open_store
    from ..store.query import list_stories

    engine = open_store(args.store)
    rows = [r.to_dict() for r in list_stories(engine, args.since, args.until,
                                              args.min_articles, args.search, args.limit)]
    render = {"table": stories_table, "jsonl": stories_jsonl, "csv": stories_csv}[args.format]
    with output(args.output) as out:
        out.write(render(rows))
    return EXIT_OK if rows else EXIT_NOTHING


def add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline export`."""
    p = sub.add_parser(
        "export", help="write a store's stories and latest briefs (JSONL or Parquet)",
        description="Write one record per story: its counts and time span, its article ids "
        "and its latest brief (the same JSON as `storyline brief --format json`). The format "
        "follows the file name: .parquet (the 'parquet' extra) or JSON Lines.",
        formatter_class=Formatter,
        epilog=examples("storyline export --store news.db stories.jsonl",
                        "storyline export --store news.db stories.parquet --min-articles 3"),
    )
    add_store_option(p)
    p.add_argument("out", help="output file (.jsonl, or .parquet), or - for stdout")
    p.add_argument("--min-articles", type=int, default=1, help="at least this many articles")


def run_export(args: argparse.Namespace) -> int:
    """Run `storyline export`."""
    require("sqlalchemy", "store")
    from ..store.db import open_store
    from ..store.query import export_records

    engine = open_store(args.store)
    records = export_records(engine, args.min_articles)
    if args.out.endswith(".parquet"):
        count = _parquet(records, args.out)
    else:
        count = 0
        with output(None if args.out == "-" else args.out) as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return EXIT_OK if count else EXIT_NOTHING


def _parquet(records: Iterable[dict[str, Any]], path: str) -> int:
    pa = require("pyarrow", "parquet")
    pq = require("pyarrow.parquet", "parquet")
    rows = [
        {**{k: v for k, v in r.items() if k not in ("brief", "article_ids")},
         "article_ids": r["article_ids"],
         "brief": json.dumps(r["brief"], ensure_ascii=False) if r["brief"] else None}
        for r in records
    ]
    if not rows:
        raise StorylineError("the store has no stories to export")
    pq.write_table(pa.Table.from_pylist(rows), path)  # type: ignore[attr-defined]
    return len(rows)
