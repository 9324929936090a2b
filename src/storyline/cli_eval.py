"""The `storyline eval` command: score systems on a cluster file and print a ROUGE table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import InputError
from .evaluate import DEFAULT_SYSTEMS, SYSTEMS, EvalResult, evaluate
from .settings import Settings


def add_eval_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline eval` on the CLI's subparsers."""
    p = sub.add_parser(
        "eval",
        help="score summaries against human references (ROUGE) on a cluster JSONL file",
        description="Summarize every cluster with each system, cut each summary to the same "
        "first N words, and score it against the cluster's references with ROUGE.",
    )
    p.add_argument("data", metavar="DATA.jsonl", help="one cluster per line, with 'summaries'")
    p.add_argument("--words", type=int, default=100, help="word budget per summary (default 100)")
    p.add_argument(
        "--metric", choices=("f", "r"), default="f", help="f = F1 (default), r = recall"
    )
    p.add_argument(
        "--systems",
        default=",".join(DEFAULT_SYSTEMS),
        help=f"comma-separated, or 'all' (default {','.join(DEFAULT_SYSTEMS)}); "
        f"known: {', '.join(SYSTEMS)}",
    )
    p.add_argument("--limit", type=int, help="score only the first N clusters")
    p.add_argument("--json", metavar="OUT", help="also write the results as JSON here")
    p.add_argument("--settings", metavar="FILE.toml", help="storyline settings file")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar on stderr")


def format_table(result: EvalResult) -> str:
    """Return the results as a plain-text table (system, R-1, R-2, R-Lsum, ms median, n)."""
    about = result.settings
    lines = [
        f"{about.get('data')}: {about.get('clusters')} clusters, first {about.get('words')} "
        f"words, ROUGE {about.get('measure')} (0-100)",
        f"{'system':<15} {'R-1':>6} {'R-2':>6} {'R-Lsum':>6} {'ms median':>9} {'n':>5}",
    ]
    for s in result.systems:
        lines.append(
            f"{s.name:<15} {s.rouge1:6.2f} {s.rouge2:6.2f} {s.rougeLsum:6.2f} "
            f"{s.ms_median:9.1f} {s.n:5d}"
        )
    lines.append("ms: summary step only, per cluster (reading and cleaning excluded)")
    if about.get("textless"):
        count = len(about["textless"])
        lines.append(f"{count} cluster{'s' * (count > 1)} left without article text by cleaning:"
                     " every system scores 0 there (listed on stderr)")
    if result.peak_mb is not None:
        lines.append(f"peak memory: {result.peak_mb:.0f} MB")
    return "\n".join(lines)


def run_eval(args: argparse.Namespace) -> int:
    """Run `storyline eval`; return the exit code."""
    settings = Settings.from_toml(args.settings) if args.settings else Settings()
    result = evaluate(
        args.data,
        systems=args.systems.split(","),
        words=args.words,
        metric=args.metric,
        limit=args.limit,
        progress=not args.quiet,
        settings=settings,
    )
    print(format_table(result))
    for reason in result.settings.get("skipped", ()):
        print(f"storyline: skipped {reason}", file=sys.stderr)
    for reason in result.settings.get("textless", ()):
        print(f"storyline: scored 0, {reason}", file=sys.stderr)
    if args.json:
        try:
            Path(args.json).write_text(result.to_json() + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {args.json}: {exc.strerror}") from exc
    return 0
