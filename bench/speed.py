"""Speed of one brief on the seeds: storyline's stages against single-document peers.

Runs, in one process and on the same cleaned seed articles (../shared/seeds):
  * storyline's whole brief, warm (median of repeats), split by stage: ingest+clean,
    segment+features, summary, and each analysis stage (timeline, figures, entities, quotes,
    coverage);
  * the command line cold (a fresh `python -m storyline brief SEEDS --format json`);
  * sumy's LexRank, TextRank, LSA, Luhn and SumBasic on the same text and word budget, when the
    `bench` extra is installed.
Prints a table, writes bench/results/speed.json and the speed section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this working tree, installed or not

from docs_section import write_section  # noqa: E402

from storyline.analyze.stages import stages  # noqa: E402
from storyline.ingest import ingest  # noqa: E402
from storyline.model import Brief, Diagnostics  # noqa: E402
from storyline.pipeline import clean_articles, prepare, summarize_story  # noqa: E402
from storyline.settings import Settings  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = ROOT / "bench" / "results" / "speed.json"
WARM = frozenset({"terms", "idf", "original_doc"})  # what a story computes before the stages
SUMY = ("sumy-lexrank", "sumy-textrank", "sumy-lsa", "sumy-luhn", "sumy-sumbasic")


def median_ms(fn: Callable[[], Any], repeats: int) -> float:
    """Median wall time of `fn` in milliseconds over `repeats` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def storyline_stages(settings: Settings, repeats: int) -> dict[str, float]:
    """Time each stage of a seeds brief, warm."""
    found = ingest([str(SEEDS)], settings)
    out: dict[str, float] = {}
    out["ingest + clean"] = median_ms(
        lambda: clean_articles(ingest([str(SEEDS)], settings).articles, settings), repeats)
    kept, _, _ = clean_articles(found.articles, settings)
    out["segment + features"] = median_ms(lambda: prepare(kept), repeats)
    story = prepare(kept)
    out["summary + citations"] = median_ms(lambda: summarize_story(story, settings), repeats)
    brief = Brief(id="bench", articles=tuple(kept), summary=summarize_story(story, settings),
                  diagnostics=Diagnostics((), ()))
    total = 0.0
    for field, stage in stages():
        def run(stage: Any = stage, brief: Brief = brief) -> Any:
            # Stages share a per-story memo (entity index, publication dates): time each one
            # cold, on the story with its vectors and terms but an empty memo.
            cold = replace(story, _lazy={k: v for k, v in story._lazy.items() if k in WARM})
            return stage(brief, cold, settings)
        ms = median_ms(run, repeats)
        out[f"analysis: {field}"] = ms
        total += ms
        brief = replace(brief, **{field: run()})
    out["analysis (all stages)"] = total
    return out


def cold_cli(repeats: int) -> float:
    """Median wall time of the whole command in a fresh interpreter."""
    cmd = [sys.executable, "-m", "storyline", "brief", str(SEEDS), "--format", "json", "-q"]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peers(settings: Settings, repeats: int) -> dict[str, float]:
    """Time sumy's summarizers on the same cleaned seed text (empty if not installed)."""
    try:
        from storyline.evaluate.peers import SumyPeer
    except ImportError:
        return {}
    kept, _, _ = clean_articles(ingest([str(SEEDS)], settings).articles, settings)
    texts = [a.text for a in kept]
    out = {}
    for name in SUMY:
        try:
            peer = SumyPeer(name)
        except Exception as exc:  # noqa: BLE001 - a missing extra skips the peer
            print(f"speed: skipping {name}: {exc}", file=sys.stderr)
            continue
        out[name] = median_ms(lambda peer=peer: peer(texts, settings.words), repeats)
    return out


def markdown(result: dict[str, Any]) -> str:
    """Return the speed section of docs/benchmarks.md."""
    rows = [f"| storyline {k} | {v:.1f} |" for k, v in result["storyline"].items()]
    rows.append(f"| **storyline whole brief (sum of stages)** | {result['storyline_total']:.1f} |")
    rows.append(f"| storyline command, cold start (fresh interpreter) | {result['cold_cli']:.0f} |")
    rows += [f"| {k} (summary only) | {v:.1f} |" for k, v in result["peers"].items()]
    return "\n".join([
        "## Speed: one brief of the seeds",
        "",
        f"Measured {result['date']} by `python bench/speed.py` (Python {result['python']}, "
        f"{result['machine']}): the five seed articles, {result['words']}-word summary, warm "
        f"medians of {result['repeats']} runs in one process; peers get the same cleaned text "
        f"and budget. Peak RSS of the run: {result['peak_rss_mb']:.0f} MB. Raw numbers: "
        "`bench/results/speed.json`.",
        "",
        "| step | ms |",
        "|---|---|",
        *rows,
        "",
        f"Analysis adds {result['storyline']['analysis (all stages)']:.0f} ms to the brief "
        "(budget: 200 ms).",
    ])


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args(argv)
    if not SEEDS.is_dir():
        print(f"speed: seeds not found at {SEEDS}; put ../shared beside the repo", file=sys.stderr)
        return 2
    settings = Settings()
    steps = storyline_stages(settings, args.repeats)
    result = {
        "date": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
        "machine": f"{platform.machine()}, {len(__import__('os').sched_getaffinity(0))} CPUs",
        "repeats": args.repeats, "words": settings.words, "storyline": steps,
        "storyline_total": sum(v for k, v in steps.items() if k != "analysis (all stages)"),
        "cold_cli": cold_cli(3), "peers": peers(settings, args.repeats),
    }
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for key, value in {**steps, **result["peers"]}.items():
        print(f"{key:40s} {value:9.1f} ms")
    print(f"{'command, cold':40s} {result['cold_cli']:9.0f} ms")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not args.no_docs:
        write_section("speed", markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
