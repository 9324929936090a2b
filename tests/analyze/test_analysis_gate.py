"""Analysis gate: storyline's quotes, speakers, figures, timeline and entities on the annotated
real stories of ../shared/gold must not fall below the floors pinned in
tests/analysis_baseline.json (per half and in total; bench/analysis.py measures them).

The stories are briefed in process (a few seconds). After a deliberate change, re-measure with
`python bench/update_gate.py --gate analysis`; a floor is never lowered without `--reason`.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType
from typing import Any

import pytest
from helpers import ROOT, SHARED, TESTS

GOLD = SHARED / "gold"
BENCH = ROOT / "bench"
BASELINE: dict[str, Any] = json.loads(
    (TESTS / "analysis_baseline.json").read_text("utf-8")
)
HOW_TO = (
    "If the drop is intended, re-measure with "
    "`python bench/update_gate.py --gate analysis --reason '...'` and explain why in the commit."
)
BOUNDS = [
    (kind, group, metric)
    for kind in ("floors", "ceilings")
    for group, metrics in sorted(BASELINE.get(kind, {}).items())
    for metric in sorted(metrics)
]

pytestmark = pytest.mark.skipif(
    not (GOLD / "score_analysis.py").is_file() or not (GOLD / "duc2003").is_dir(),
    reason=f"{GOLD} not found: the analysis gate needs ../shared/gold (or STORYLINE_SHARED)",
)


def load_bench() -> ModuleType:
    """Import bench/analysis.py by path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("analysis_bench", BENCH / "analysis.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """The benchmark module, reading the same shared folder as these tests."""
    module = load_bench()
    assert module.GOLD == GOLD, "bench/analysis.py and tests/helpers.py disagree on ../shared"
    return module


@pytest.fixture(scope="module")
def measured(bench: ModuleType) -> dict[str, dict[str, float | None]]:
    """Brief and score every gold story once (all tests below share it)."""
    return bench.measure()


def test_every_metric_has_a_bound(bench: ModuleType) -> None:
    """Each benchmark metric is pinned for both halves and the total."""
    kinds = {"min": "floors", "max": "ceilings"}
    for metric, (*_, way, _num, _den) in bench.METRICS.items():
        for group in bench.GROUPS:
            assert metric in BASELINE.get(kinds[way], {}).get(group, {}), (
                f"no {kinds[way][:-1]} for {group} {metric}: run "
                "python bench/update_gate.py --gate analysis"
            )


def test_halves_are_the_pinned_ones(bench: ModuleType) -> None:
    """The gold stories and their split into halves are those the bounds were pinned on."""
    split = bench.halves(bench.story_ids())
    got = {h: sorted(s for s, g in split.items() if g == h) for h in ("A", "B")}
    assert got == {h: sorted(ids) for h, ids in BASELINE["halves"].items()}, (
        "the gold stories changed: re-pin with python bench/update_gate.py --gate analysis"
    )


@pytest.mark.parametrize(("kind", "group", "metric"), BOUNDS)
def test_storyline_holds_its_bounds(
    kind: str, group: str, metric: str, measured: dict[str, dict[str, float | None]]
) -> None:
    """A rate stays at or above its floor; a count of errors at or below its ceiling."""
    bound = BASELINE[kind][group][metric]
    got = measured[group][metric]
    was = BASELINE["measured"][group][metric]
    where = f"storyline {metric} on {'the total' if group == 'total' else 'half ' + group}"
    if bound is None:
        return  # nothing was predicted to measure when pinned (0/0)
    assert got is not None, f"{where} can no longer be measured (0/0; was {was}). {HOW_TO}"
    if kind == "floors":
        assert got >= bound, f"{where} fell to {got}, below its floor {bound} (was {was}). {HOW_TO}"
    else:
        assert got <= bound, (
            f"{where} rose to {got}, above its ceiling {bound} (was {was}). {HOW_TO}"
        )
