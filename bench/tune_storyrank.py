"""Grid-search StoryRank's constructor constants on the four dev sets (fast, cached).

    python bench/tune_storyrank.py                                   # the shipped defaults
    python bench/tune_storyrank.py length_power=0.4,0.6,0.8 df_power=1,1.5
    python bench/tune_storyrank.py --sets duc2003,multinews salience_weight=0,0.5,1

Every combination of the given values is scored on each set at its standard setting (the
same budget, metric and truncation as bench/quality.py); the table lists ROUGE-1/ROUGE-2 per
set and the mean ROUGE-2 over sets, which is what the defaults were chosen by (ROUGE-1 as
tie-break). Baselines print first for reference. The salience model is the shipped one: its
own cross-validated numbers come from bench/train_storyrank.py.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import storyrank_data as D  # noqa: E402

from storyline.summarize import get_summarizer  # noqa: E402
from storyline.summarize.storyrank import StoryRank  # noqa: E402


def parse_grid(specs: list[str]) -> list[dict[str, float]]:
    """Turn ["a=1,2", "b=3"] into every combination as keyword dicts."""
    axes = []
    for spec in specs:
        name, _, values = spec.partition("=")
        axes.append([(name, float(v)) for v in values.split(",")])
    return [dict(combo) for combo in itertools.product(*axes)]


def row(label: str, make: object, sets: list[str], limit: int | None) -> list[float]:
    """Score one summarizer on every set and print one table row."""
    cells, r2s = [], []
    for folder in sets:
        words, metric = D.SETS[folder]
        r1, r2, _ = D.score_set(D.load(folder, limit), make, words, metric)  # type: ignore[arg-type]
        cells.append(f"{r1:6.2f} {r2:6.2f}")
        r2s.append(r2)
    mean = sum(r2s) / len(r2s)
    print(f"{label:<60} " + " | ".join(cells) + f" | {mean:6.3f}", flush=True)
    return r2s


def main() -> None:
    """Print baselines, then every grid point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("grid", nargs="*", help="name=v1,v2,... (StoryRank keywords)")
    ap.add_argument("--sets", default=",".join(D.SETS))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-baselines", action="store_true")
    args = ap.parse_args()
    sets = args.sets.split(",")
    print(f"{'variant':<60} " + " | ".join(f"{s[:13]:>13}" for s in sets) + " | mean R-2")
    if not args.no_baselines:
        for name in ("lead", "lexrank", "textrank"):
            row(name, get_summarizer(name, overflow=True), sets, args.limit)
    for params in parse_grid(args.grid) or [{}]:
        label = " ".join(f"{k}={v:g}" for k, v in params.items()) or "defaults"
        row(label, StoryRank(overflow=True, **params), sets, args.limit)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
