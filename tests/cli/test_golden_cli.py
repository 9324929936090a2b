"""Golden outputs of the command line, reviewed as diffs: the HTML report, a baseline method,
`storyline cluster` (with and without `--brief`) and `storyline eval --json`.

They guard behaviour while the code moves: an intended change is regenerated with
`STORYLINE_UPDATE_GOLDEN=1 make test` and its `git diff tests/golden/` reviewed on its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import GOLDEN, ROOT, check

from storyline.cli import main

CLUSTER_INPUTS = ["examples/harbor-fire", "tests/fixtures/ingest"]


def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *argv: str) -> str:
    """Run the CLI from the repository root (origins are relative) and return what it wrote."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    code = main([*argv, "-q", "-o", str(out)])
    assert code in (0, 1), f"storyline {' '.join(argv)} exited {code}"
    return out.read_text(encoding="utf-8")


def test_example_html_matches_golden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    html = run(monkeypatch, tmp_path, "brief", "examples/harbor-fire", "--format", "html")
    assert "<html" in html
    check(GOLDEN / "harbor-fire.html", html)


def test_lexrank_brief_matches_golden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = run(monkeypatch, tmp_path, "brief", "examples/harbor-fire", "--method", "lexrank",
               "--format", "json")
    assert json.loads(text)["method"] == "lexrank"
    check(GOLDEN / "harbor-fire.lexrank.json", text)


def test_cluster_matches_golden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = run(monkeypatch, tmp_path, "cluster", *CLUSTER_INPUTS)
    assert len(text.splitlines()) >= 2
    check(GOLDEN / "cluster.jsonl", text)


def test_cluster_brief_matches_golden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = run(monkeypatch, tmp_path, "cluster", *CLUSTER_INPUTS, "--brief")
    assert all("summary" in json.loads(line) for line in text.splitlines())
    check(GOLDEN / "cluster-brief.jsonl", text)


UNSTABLE = frozenset({"peak_mb", "seconds"})  # measurements, not results


def _untimed(data: object) -> object:
    """Drop the timing fields (they vary run to run) from eval's JSON, keep everything else."""
    if isinstance(data, dict):
        return {k: _untimed(v) for k, v in data.items()
                if not k.startswith("ms") and k not in UNSTABLE}
    if isinstance(data, list):
        return [_untimed(v) for v in data]
    return data


def test_eval_json_matches_golden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("rouge_score", reason="the eval extra is not installed")
    monkeypatch.chdir(ROOT)
    out = tmp_path / "eval.json"
    code = main(["eval", "tests/fixtures/ingest/clusters.jsonl", "--systems",
                 "storyline,lead,lexrank,random", "--json", str(out), "--per-cluster", "-q"])
    assert code == 0
    data = _untimed(json.loads(out.read_text(encoding="utf-8")))
    check(GOLDEN / "eval.json", json.dumps(data, indent=2, sort_keys=True) + "\n")
