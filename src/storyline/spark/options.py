"""The Spark job's arguments, light to import: the CLI builds its parser from them on every run."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the job's arguments (shared by `storyline spark` and spark-submit)."""
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or globs "
                   "(JSONL, JSON, Parquet, WARC, text, HTML) or URIs Spark can read")
    p.add_argument("output", metavar="OUTPUT", help="folder for stories/ and rejects/")
    p.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                   help="stories output format")
    p.add_argument("--settings", metavar="FILE.toml", help="settings file")
    p.add_argument("--master", metavar="URL", help="Spark master (default: spark-submit's)")
    p.add_argument("--partitions", type=int, metavar="N",
                   help="partitions for cleaning (default: Spark's default parallelism)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress or closing tally on stderr")


def add_spark_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline spark` on the CLI's subparsers."""
    p = sub.add_parser(
        "spark", help="cluster and brief an archive on Apache Spark (stories + rejects out)",
        description="Read JSONL, Parquet or WARC archives on Spark, group the articles into "
        "stories exactly as `storyline cluster` does, and write one brief per story.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        epilog="example: storyline spark 'archive/*.parquet' out/ --master local[2]",
    )
    add_arguments(p)
