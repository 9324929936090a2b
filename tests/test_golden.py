"""Golden end-to-end briefs of the bundled example, reviewed as diffs.

After an intended change, regenerate with `STORYLINE_UPDATE_GOLDEN=1 make test` and review
`git diff tests/golden/` before committing: the diff is the behaviour change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import ROOT

from storyline.ingest import ingest
from storyline.model import Brief
from storyline.pipeline import build_brief
from storyline.render import to_json, to_markdown
from storyline.settings import Settings

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("STORYLINE_UPDATE_GOLDEN") == "1"


def example_brief(monkeypatch: pytest.MonkeyPatch) -> Brief:
    monkeypatch.chdir(ROOT)  # origins are relative paths, the same on every machine
    settings = Settings()
    found = ingest(["examples/harbor-fire"], settings)
    return build_brief(found.articles, found.inputs, settings)


def check(path: Path, text: str) -> None:
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{path.name} did not exist: written now, review and commit it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} changed: if intended, regenerate with STORYLINE_UPDATE_GOLDEN=1 and "
        "review the diff")


def test_example_json_matches_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    check(GOLDEN / "harbor-fire.json", to_json(example_brief(monkeypatch)) + "\n")


def test_example_markdown_matches_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    check(GOLDEN / "harbor-fire.md", to_markdown(example_brief(monkeypatch)))
