"""Fuzz storyline's entry points with seeded random and mutated inputs (issue 14).

    python bench/fuzz.py --n 100000            # seed 14; writes results + docs
    python bench/fuzz.py --n 2000 --no-docs    # a quick look, nothing written
    python tests/fuzzing.py 14 4711            # replay one case of seed 14

The generators, mutators, routes and invariants are tests/fuzzing.py's (the CI test
tests/core/test_fuzz.py runs a bounded slice of the same cases). Case i of a seed depends on
(seed, i) only, so the figures do not depend on --jobs. Writes bench/results/fuzz.json and
the fuzz section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this working tree, installed or not
sys.path.insert(0, str(ROOT / "tests"))  # the harness

from docs_section import write_section  # noqa: E402
from fuzzing import SLOW_SECONDS, Report, run, scaling  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SCALING_SIZES = (5_000, 40_000)


def markdown(report: Report, growth: dict[str, tuple[float, float, float]], jobs: int,
             wall: float) -> str:
    """The fuzz section of docs/benchmarks.md."""
    lines = [
        "## Fuzzing (issue 14)",
        "",
        f"`python bench/fuzz.py --n {report.inputs} --seed {report.seed}` "
        f"({datetime.date.today().isoformat()}, {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {jobs} jobs, {wall:.0f} s wall). Seeded random and mutated "
        "inputs of every kind through `brief`, `brief --clusters`, `cluster [--brief]` and "
        "the web API; see tests/fuzzing.py for the generators and invariants.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| inputs (units: files, lines, elements) | {report.inputs} ({report.units}) |",
        f"| crashes (undocumented exceptions) | {sum(report.crashes.values())} |",
        f"| documented errors, as diagnostics | {report.documented_errors} |",
        f"| inputs losing a unit (neither used nor skipped) | {report.lost} |",
        f"| inputs with a duplicate article id | {report.duplicate_ids} |",
        f"| inputs with an origin twice in diagnostics | {report.duplicate_origins} |",
        f"| inputs over {SLOW_SECONDS:.0f} s | {report.slow} |",
        f"| slowest input | {report.slowest[0]:.2f} s (case {report.slowest[1]}) |",
        f"| worst time per byte (inputs of 4 KB or more) | {report.worst_ratio[0]:.1f} µs/B "
        f"(case {report.worst_ratio[1]}, {report.worst_ratio[2]:,} B) |",
        "",
        "Crashes by class (type and innermost storyline function; replay the example with "
        "`python tests/fuzzing.py SEED CASE`):",
        "",
        "| class | inputs | example case |",
        "|---|---|---|",
    ]
    lines += [f"| `{cls}` | {n} | {report.examples[cls]} |"
              for cls, n in report.crashes.most_common()] or ["| (none) | 0 | |"]
    small, big = SCALING_SIZES
    lines += [
        "",
        f"Growth of the time of one `brief` over hostile inputs from {small:,} to {big:,} "
        f"bytes, divided by the size ratio ({big // small}): about 1 is linear, about "
        f"{big // small} quadratic.",
        "",
        "| input | small (s) | big (s) | growth |",
        "|---|---|---|---|",
    ]
    lines += [f"| {name} | {a:.2f} | {b:.2f} | {g:.1f} |" for name, (a, b, g) in growth.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer and write its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs (default 100000)")
    parser.add_argument("--seed", type=int, default=14, help="seed (default 14)")
    parser.add_argument("--start", type=int, default=0, help="first case index")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument("--no-docs", action="store_true", help="write no results or docs")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def progress(report: Report) -> None:
        print(f"{report.inputs} inputs, {report.failures} failing, "
              f"{time.perf_counter() - started:.0f} s", flush=True)

    report = run(args.seed, args.n, args.start, jobs=args.jobs, progress=progress)
    wall = time.perf_counter() - started
    growth = scaling(SCALING_SIZES)
    print(report.summary())
    for name, (a, b, g) in growth.items():
        print(f"scaling {name}: {a:.2f} s -> {b:.2f} s, growth {g:.1f}")
    if not args.no_docs:
        RESULTS.mkdir(parents=True, exist_ok=True)
        data = {
            "seed": report.seed, "inputs": report.inputs, "units": report.units,
            "crashes": dict(report.crashes), "examples": report.examples,
            "documented_errors": report.documented_errors, "lost": report.lost,
            "duplicate_ids": report.duplicate_ids,
            "duplicate_origins": report.duplicate_origins, "slow": report.slow,
            "slowest": report.slowest, "worst_ratio_us_per_byte": report.worst_ratio,
            "scaling": growth, "wall_seconds": round(wall, 1), "jobs": args.jobs,
        }
        (RESULTS / "fuzz.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        write_section("fuzz", markdown(report, growth, args.jobs, wall))
    return 0


if __name__ == "__main__":
    sys.exit(main())
