"""Re-measure the CI gates and rewrite their floors: ROUGE (tests/quality_baseline.json), the
analysis benchmark (tests/analysis_baseline.json) and clustering (tests/clustering_baseline.json).

    python bench/update_gate.py                   # raise floors after an improvement (both gates)
    python bench/update_gate.py --gate analysis   # one gate (quality, analysis, clustering, all)
    python bench/update_gate.py --check           # measure and compare, write nothing
    python bench/update_gate.py --reason "..."    # also allowed to LOWER a floor, with the reason

ROUGE floors are storyline's score on the subset minus the baseline's tolerance, rounded down
to 0.01. Analysis floors are the measured rates rounded down to 0.001 (the benchmark is
deterministic), and its counts that must stay low (groups mixing two quantities, must-not-merge
pairs merged) are ceilings at the measured count. Clustering floors (B-cubed F1 and precision,
pairwise F1 on the event streams) are the measured scores rounded down to 0.001. A floor is
never lowered (nor a ceiling raised) without a written reason; the reason is kept in "history".
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
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/analysis.py

import analysis  # noqa: E402

BASELINE = ROOT / "tests" / "quality_baseline.json"
ANALYSIS_BASELINE = ROOT / "tests" / "analysis_baseline.json"
CLUSTERING = ROOT / "tests" / "clustering_baseline.json"
DATA = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared") / "data"


def measure(subset: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Return {system: {metric: score}} for one gate subset (scores rounded to 0.01)."""
    from storyline.evaluate import evaluate  # internal module: the ROUGE gate's one such import

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


def update_analysis(baseline: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Measure the analysis benchmark; return the new baseline and the bounds that would loosen."""
    measured = analysis.measure()
    lowered = []
    floors: dict[str, dict[str, float | None]] = {}
    ceilings: dict[str, dict[str, float | None]] = {}
    for group, values in measured.items():
        for metric, value in values.items():
            way = analysis.METRICS[metric][2]
            kind, bounds = ("floors", floors) if way == "min" else ("ceilings", ceilings)
            new = None if value is None else analysis.floor3(value) if way == "min" else value
            old = baseline.get(kind, {}).get(group, {}).get(metric)
            looser = old is not None and (new is None or (new < old if way == "min" else new > old))
            if looser:
                lowered.append(f"analysis {group} {metric}: {old} -> {new}")
            bounds.setdefault(group, {})[metric] = new
            print(f"analysis {group:<5} {metric:<18} measured {value}, "
                  f"{kind[:-1]} {old} -> {new}")
    baseline["halves"] = {h: [s for s, g in analysis.halves(analysis.story_ids()).items() if g == h]
                          for h in ("A", "B")}
    baseline["measured"], baseline["floors"], baseline["ceilings"] = measured, floors, ceilings
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


def _history(baseline: dict[str, Any], reason: str | None, bounds: dict[str, Any]) -> None:
    baseline.setdefault("history", []).append({
        "date": datetime.date.today().isoformat(),
        "reason": reason or "re-measured; no floor went down",
        **bounds,
    })


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gate", choices=("quality", "analysis", "clustering", "all"),
                        default="all",
                        help="which gate to re-measure (default: all whose data is present)")
    parser.add_argument("--check", action="store_true", help="measure only, write nothing")
    parser.add_argument("--reason", help="why floors change (required to lower any floor)")
    args = parser.parse_args(argv)
    gates = ("quality", "analysis", "clustering") if args.gate == "all" else (args.gate,)
    present = {"quality": DATA.is_dir(), "analysis": analysis.available(),
               "clustering": (DATA / "clustering").is_dir()}
    where = {"quality": f"{DATA} (../shared/data)", "analysis": f"{analysis.GOLD_DIR} "
             "(../shared/gold)", "clustering": f"{DATA / 'clustering'}"}
    for gate in gates:
        if not present[gate]:
            print(f"update_gate: {gate} gate skipped: {where[gate]} not found; put ../shared "
                  "beside the repo or set STORYLINE_SHARED", file=sys.stderr)
    gates = tuple(g for g in gates if present[g])
    if not gates:
        return 2
    todo: list[tuple[Path, dict[str, Any], dict[str, Any]]] = []
    lowered: list[str] = []
    if "quality" in gates:
        baseline, low = update(json.loads(BASELINE.read_text(encoding="utf-8")))
        lowered += low
        todo.append((BASELINE, baseline, {"floors": {n: s["floors"]
                                                     for n, s in baseline["subsets"].items()}}))
    if "analysis" in gates:
        baseline, low = update_analysis(json.loads(ANALYSIS_BASELINE.read_text(encoding="utf-8"))
                                        if ANALYSIS_BASELINE.exists() else {})
        lowered += low
        todo.append((ANALYSIS_BASELINE, baseline,
                     {"floors": baseline["floors"], "ceilings": baseline["ceilings"]}))
    if "clustering" in gates:
        baseline, low = update_clustering(json.loads(CLUSTERING.read_text(encoding="utf-8")))
        lowered += low
        todo.append((CLUSTERING, baseline, {"floors": {n: s["floors"]
                                                       for n, s in baseline["subsets"].items()}}))
    if args.check:
        return 0
    if lowered and not args.reason:
        print("update_gate: refusing to lower floors without --reason:\n  " + "\n  ".join(lowered),
              file=sys.stderr)
        return 1
    for path, baseline, bounds in todo:
        _history(baseline, args.reason, bounds)
        path.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
