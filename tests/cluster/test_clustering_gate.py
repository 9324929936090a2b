"""Clustering gate: storyline's B-cubed and pairwise scores on the event streams hold their floors.

The streams are ../shared/data/clustering/{gva,ecbplus} (or $STORYLINE_SHARED/data/...); the
subsets and floors live in tests/clustering_baseline.json. Clustering is deterministic, so a
floor is the measured score rounded down to 3 decimals. After a deliberate change, re-measure
with `python bench/update_gate.py --gate clustering`; a floor is never lowered without `--reason`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, ROOT, TESTS

sys.path.insert(0, str(ROOT / "bench"))

BASELINE = json.loads((TESTS / "clustering_baseline.json").read_text("utf-8"))
SUBSETS: dict[str, dict[str, Any]] = BASELINE["subsets"]
EVENTS = DATA / "clustering"
HOW_TO = (
    "If the drop is intended, re-measure with "
    "`python bench/update_gate.py --gate clustering --reason '...'` and explain why in the commit."
)


def _missing(subset: dict[str, Any]) -> list[Path]:
    folder = EVENTS / subset["stream"]
    return [p for p in (folder / "stream.jsonl", folder / "truth.json") if not p.is_file()]


@pytest.mark.parametrize("name", sorted(SUBSETS))
def test_clustering_holds_its_floors(name: str) -> None:
    subset = SUBSETS[name]
    missing = _missing(subset)
    if missing:
        pytest.skip(f"{missing[0]} not found: the clustering gate needs the event streams of "
                    "../shared/data/clustering (or set STORYLINE_SHARED)")
    import clustering  # bench/clustering.py: the benchmark's own reading, ordering and scoring

    got = clustering.gate_scores(subset["stream"], subset["days"])
    assert subset.get("floors"), f"no floors for {name}: run bench/update_gate.py --gate clustering"
    days = "all days" if subset["days"] is None else f"first {subset['days']} days"
    for metric, floor in subset["floors"].items():
        assert got[metric] >= floor, (
            f"storyline {metric} on {name} ({subset['stream']}, {days}) fell to "
            f"{got[metric]:.4f}, below its floor {floor} (measured "
            f"{subset['measured'][metric]} when pinned). {HOW_TO}"
        )
