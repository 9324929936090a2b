"""Summary-step speed against sumy's LexRank, over several passes: how steady is the ratio?

    python bench/summary_speed.py                       # 5 passes per dev set; docs + json
    python bench/summary_speed.py --passes 3 --sets multinews,multinews_plus_val --no-docs

`storyline eval` times every system once per cluster, in one run. On this shared 2-core virtual
machine the ratio of two systems' medians moves by up to ±15% from one run to the next, so one
run cannot tell 18x from 22x. This script times only storyline and sumy-LexRank, with eval's own
runners on eval's own cleaned clusters (settings built outside the timed call), in one process:

- every pass starts from first sight: the words storyline learned are forgotten, so each pass
  pays what a single `eval` run pays;
- clusters run in batches of 32, one system over the whole batch and then the other (as in
  `eval`), and the order of the two swaps from batch to batch, so slow spells of the machine
  fall on both;
- per pass: each system's median ms per cluster, and their ratio.

It reports the median ratio over the passes with the lowest and highest, writes
bench/results/summary_speed.json and the summary-speed section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this working tree, installed or not

from docs_section import write_section  # noqa: E402

# eval's own (private) cluster reader and runners: the same work `storyline eval` times.
from storyline.evaluate.harness import BATCH, _items, _runner  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.text.features import forget_words  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "results" / "summary_speed.json"
# (folder, title, words, metric): the standard setting of each set, as in bench/quality.py.
SETS = (
    ("multinews", "Multi-News dev", 300, "f"),
    ("duc2003", "DUC 2003", 100, "r"),
    ("multiling2011", "MultiLing 2011", 250, "f"),
    ("multinews_plus_val", "Multi-News+ val", 300, "f"),
)
SYSTEMS = ("storyline", "sumy-lexrank")


def one_set(folder: str, words: int, metric: str, passes: int) -> dict[str, Any]:
    """Time both systems over every pass; return per-pass medians and ratios."""
    settings = Settings()
    items = list(_items(DATA / folder / "dev.jsonl", settings, None, [], []))
    runners = {name: _runner(name, words, metric, settings) for name in SYSTEMS}
    rows = []
    for number in range(passes):
        forget_words()
        ms: dict[str, list[float]] = {name: [] for name in SYSTEMS}
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            order = SYSTEMS if (start // BATCH + number) % 2 == 0 else SYSTEMS[::-1]
            for name in order:
                for item in batch:
                    began = time.perf_counter()
                    runners[name](item)
                    ms[name].append((time.perf_counter() - began) * 1000.0)
        medians = {name: statistics.median(ms[name]) for name in SYSTEMS}
        rows.append({**medians, "ratio": medians["sumy-lexrank"] / medians["storyline"]})
        print(f"  pass {number + 1}: storyline {medians['storyline']:.2f} ms, sumy-lexrank "
              f"{medians['sumy-lexrank']:.1f} ms, {rows[-1]['ratio']:.1f}x", flush=True)
    ratios = sorted(r["ratio"] for r in rows)
    return {"clusters": len(items), "passes": rows, "ratio_median": statistics.median(ratios),
            "ratio_low": ratios[0], "ratio_high": ratios[-1]}


def markdown(result: dict[str, Any]) -> str:
    """Return the summary-speed section of docs/benchmarks.md."""
    lines = [
        "### Summary-step speed against sumy's LexRank, repeated (bench/summary_speed.py)",
        "",
        f"Measured {result['date']} by `python bench/summary_speed.py --passes "
        f"{result['passes']}` (Python {result['python']}): storyline and sumy-LexRank only, "
        "eval's runners on eval's cleaned clusters, in one process; every pass starts from first "
        "sight (storyline's learned words forgotten), batches of 32 clusters with the two "
        "systems' order swapped from batch to batch. ms: median per cluster, median over passes.",
        "",
        "| set | clusters | storyline ms | sumy-lexrank ms | ratio (median of passes) | "
        "lowest - highest |",
        "|---|---|---|---|---|---|",
    ]
    for folder, title, words, _ in SETS:
        if folder not in result["sets"]:
            continue
        r = result["sets"][folder]
        mine = statistics.median(p["storyline"] for p in r["passes"])
        theirs = statistics.median(p["sumy-lexrank"] for p in r["passes"])
        lines.append(f"| {title} ({words} w) | {r['clusters']} | {mine:.2f} | {theirs:.1f} | "
                     f"{r['ratio_median']:.1f}× | {r['ratio_low']:.1f}× - {r['ratio_high']:.1f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Time every chosen set; print, write the JSON and (unless told not to) the docs."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--sets", default=",".join(s[0] for s in SETS))
    ap.add_argument("--no-docs", action="store_true", help="print and write the JSON only")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (the dev sets are read from ../shared/data)")
        return 0
    chosen = args.sets.split(",")
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
        "passes": args.passes, "sets": {},
    }
    for folder, title, words, metric in SETS:
        if folder in chosen:
            print(f"== {title}", flush=True)
            result["sets"][folder] = one_set(folder, words, metric, args.passes)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(markdown(result))
    if not args.no_docs:
        write_section("summary-speed", markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
