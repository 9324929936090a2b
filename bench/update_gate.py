"""Re-measure the quality gate's subsets and rewrite the floors in tests/quality_baseline.json.

    python bench/update_gate.py                 # raise floors after an improvement
    python bench/update_gate.py --check         # measure and compare, write nothing
    python bench/update_gate.py --reason "..."  # also allowed to LOWER a floor, with the reason
    python bench/update_gate.py --clustering    # the clustering gate's floors instead

Each ROUGE floor is storyline's score on the subset minus the baseline's tolerance, rounded down
to 0.01. Each clustering floor (tests/clustering_baseline.json: B-cubed F1 and precision,
pairwise F1 on the event streams) is the measured score rounded down to 0.001, since clustering
is deterministic. A floor is never lowered without a written reason; the reason is kept in
"history". The shared data is found at $STORYLINE_SHARED, else ../shared beside the repo.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this working tree, installed or not

from storyline.evaluate import evaluate  # noqa: E402

BASELINE = ROOT / "tests" / "quality_baseline.json"
CLUSTERING = ROOT / "tests" / "clustering_baseline.json"
DATA = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared") / "data"


def measure(subset: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Return {system: {metric: score}} for one gate subset (scores rounded to 0.01)."""
    result = evaluate(
        DATA / subset["data"],
        subset["systems"],
        words=subset["words"],
        metric=subset["metric"],
        limit=subset["limit"],
    )
    return {
        s.name: {"rouge1": round(s.rouge1, 2), "rouge2": round(s.rouge2, 2)}
        for s in result.systems
    }


def new_floors(measured: dict[str, float], tolerance: float) -> dict[str, float]:
    """Return floors = measured - tolerance, rounded down to 0.01."""
    return {m: math.floor((v - tolerance) * 100 + 1e-6) / 100 for m, v in measured.items()}


def update(baseline: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Measure every subset; return the new baseline and the floors that would go down."""
    lowered = []
    for name, subset in baseline["subsets"].items():
        measured = measure(subset)
        floors = new_floors(measured["storyline"], baseline["tolerance"])
        for metric, floor in floors.items():
            old = subset.get("floors", {}).get(metric)
            if old is not None and floor < old:
                lowered.append(f"{name} {metric}: {old} -> {floor}")
            print(f"{name:<10} {metric}: measured {measured['storyline'][metric]:.2f}, "
                  f"floor {old} -> {floor}; " +
                  ", ".join(f"{s} {m[metric]:.2f}" for s, m in measured.items()))
        for other in subset.get("must_beat", ()):
            wins = all(measured["storyline"][m] > measured[other][m] for m in ("rouge1", "rouge2"))
            gap = baseline.get("open_gaps", {}).get(f"{name}:{other}")
            print(f"{name:<10} storyline beats {other}: {'yes' if wins else 'NO'}"
                  + (f" (listed open gap: {gap})" if gap else ""))
        subset["measured"] = measured
        subset["floors"] = floors
    return baseline, lowered


def update_clustering(baseline: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Measure the clustering subsets; return the new baseline and the floors that would drop."""
    sys.path.insert(0, str(ROOT / "bench"))
    import clustering  # the benchmark's own reading, ordering and scoring

    lowered = []
    for name, subset in baseline["subsets"].items():
        measured = clustering.gate_scores(subset["stream"], subset["days"])
        floors = {m: math.floor(v * 1000 + 1e-9) / 1000 for m, v in measured.items()}
        for metric, floor in floors.items():
            old = subset.get("floors", {}).get(metric)
            if old is not None and floor < old:
                lowered.append(f"{name} {metric}: {old} -> {floor}")
            print(f"{name:<10} {metric}: measured {measured[metric]:.4f}, floor {old} -> {floor}")
        subset["measured"] = {m: round(v, 4) for m, v in measured.items()}
        subset["floors"] = floors
    return baseline, lowered


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="measure only, write nothing")
    parser.add_argument("--reason", help="why floors change (required to lower any floor)")
    parser.add_argument("--clustering", action="store_true",
                        help="the clustering gate (tests/clustering_baseline.json) instead")
    args = parser.parse_args(argv)
    path, measure_all = (CLUSTERING, update_clustering) if args.clustering else (BASELINE, update)
    if not DATA.is_dir():
        print(f"update_gate: {DATA} not found; put ../shared/data beside the repo or set "
              "STORYLINE_SHARED", file=sys.stderr)
        return 2
    baseline, lowered = measure_all(json.loads(path.read_text(encoding="utf-8")))
    if args.check:
        return 0
    if lowered and not args.reason:
        print("update_gate: refusing to lower floors without --reason:\n  " + "\n  ".join(lowered),
              file=sys.stderr)
        return 1
    baseline.setdefault("history", []).append({
        "date": datetime.date.today().isoformat(),
        "reason": args.reason or "re-measured; no floor went down",
        "floors": {name: s["floors"] for name, s in baseline["subsets"].items()},
    })
    path.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
