"""The `storyline eval` command: score systems on a cluster file and print a ROUGE table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..evaluate.systems import DEFAULT_SYSTEMS, SYSTEMS
from ..settings import Settings
from .common import Formatter, examples

if TYPE_CHECKING:
    from ..evaluate.harness import EvalResult
    from ..evaluate.significance import Difference


def add_eval_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `storyline eval` on the CLI's subparsers."""
    p = sub.add_parser(
        "eval",
        help="score summaries against human references (ROUGE) on a cluster JSONL file",
        description="Summarize every cluster with each system, cut each summary to the same "
        "first N words, and score it against the cluster's references with ROUGE.",
        formatter_class=Formatter,
        epilog=examples("storyline eval ../shared/data/duc2003/dev.jsonl --words 100 --metric r",
                        "storyline eval clusters.jsonl --systems all --json scores.json",
                        "storyline eval clusters.jsonl --summaries other_tool.jsonl"),
    )
    p.add_argument("data", metavar="DATA.jsonl", help="one cluster per line, with 'summaries'")
    p.add_argument("--words", type=int, default=100, help="word budget per summary")
    p.add_argument(
        "--metric", choices=("f", "r"), default="f", help="f = F1, r = recall"
    )
    p.add_argument(
        "--systems",
        default=",".join(DEFAULT_SYSTEMS),
        help=f"comma-separated, or 'all'; known: {', '.join(SYSTEMS)}",
    )
    p.add_argument("--limit", type=int, help="score only the first N clusters")
    p.add_argument(
        "--summaries", metavar="FILE.jsonl", action="append", default=[],
        help="other systems' summaries to score beside them, one {'id', 'system', 'summary'} "
        "per line (repeatable; not timed)",
    )
    p.add_argument("--json", metavar="OUT", help="also write the results as JSON here")
    p.add_argument("--per-cluster", action="store_true",
                   help="with --json: also write every cluster's scores for every system")
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
            f"{'-' if s.ms_median is None else f'{s.ms_median:.1f}':>9} {s.n:5d}"
        )
    lines.append("ms: summary step only, per cluster (reading and cleaning excluded; "
                 "'-': read from a file)" if any(s.ms_median is None for s in result.systems)
                 else "ms: summary step only, per cluster (reading and cleaning excluded)")
    if about.get("textless"):
        count = len(about["textless"])
        lines.append(f"{count} cluster{'s' * (count > 1)} left without article text by cleaning:"
                     " every system scores 0 there (listed on stderr)")
    if result.peak_mb is not None:
        lines.append(f"peak memory: {result.peak_mb:.0f} MB")
    return "\n".join(lines + format_paired(result))


def format_paired(result: EvalResult) -> list[str]:
    """Return the first system's per-cluster differences with each other one, as text lines."""
    from ..evaluate.significance import LEVEL  # start-up: loads only when eval runs
    if not result.paired:
        return []
    first = result.systems[0].name
    lines = [
        "",
        f"{first} minus each system, cluster by cluster ({LEVEL:.0%} bootstrap interval, "
        "sign-flip p)",
        f"{'system':<15} {'R-1':>22} {'p':>7} {'R-2':>22} {'p':>7} {'R-1 won/tied/lost':>18}",
    ]
    for other, diffs in result.paired.items():
        r1, r2 = diffs["rouge1"], diffs["rouge2"]
        lines.append(f"{other:<15} {_interval(r1)} {r1.p:7.4f} {_interval(r2)} {r2.p:7.4f} "
                     f"{f'{r1.wins}/{r1.ties}/{r1.losses}':>18}")
    return lines


def _some(items: list[str], shown: int = 5) -> str:
    return ", ".join(items[:shown]) + (", ..." if len(items) > shown else "")


def _interval(d: Difference) -> str:
    return f"{d.mean:+6.2f} [{d.low:+6.2f}, {d.high:+6.2f}]"


def run_eval(args: argparse.Namespace) -> int:
    """Run `storyline eval`; return the exit code."""
    settings = Settings.from_toml(args.settings) if args.settings else Settings()
    from ..evaluate.harness import evaluate  # start-up: the pipeline loads only for eval

    result = evaluate(
        args.data,
        systems=args.systems.split(","),
        words=args.words,
        metric=args.metric,
        limit=args.limit,
        progress=not args.quiet,
        settings=settings,
        summaries=args.summaries,
    )
    print(format_table(result))
    for reason in result.settings.get("skipped", ()):
        print(f"storyline: skipped {reason}", file=sys.stderr)
    for reason in result.settings.get("textless", ()):
        print(f"storyline: scored 0, {reason}", file=sys.stderr)
    for system, clusters in result.settings.get("missing", {}).items():
        print(f"storyline: {system} has no summary of {len(clusters)} cluster(s), scored 0: "
              f"{_some(clusters)}", file=sys.stderr)
    for system, clusters in result.settings.get("unscored", {}).items():
        print(f"storyline: {system} summarized {len(clusters)} cluster(s) not scored in this "
              f"run (not in the data, no reference, or past --limit): {_some(clusters)}",
              file=sys.stderr)
    if args.json:
        try:
            Path(args.json).write_text(result.to_json(args.per_cluster) + "\n",
                                       encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {args.json}: {exc.strerror}") from exc
    return 0
