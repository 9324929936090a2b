"""Golden end-to-end briefs of the bundled example, reviewed as diffs.

After an intended change, regenerate with `STORYLINE_UPDATE_GOLDEN=1 make test` and review
`git diff tests/golden/` before committing: the diff is the behaviour change.
"""

from __future__ import annotations

import pytest
from helpers import GOLDEN, ROOT, check

from storyline.ingest import ingest
from storyline.model import Brief
from storyline.pipeline import build_brief
from storyline.render import to_json, to_markdown
from storyline.settings import Settings


def example_brief(monkeypatch: pytest.MonkeyPatch) -> Brief:
    monkeypatch.chdir(ROOT)  # origins are relative paths, the same on every machine
    settings = Settings()
    found = ingest(["examples/harbor-fire"], settings)
    return build_brief(found.articles, found.inputs, settings)


def test_example_json_matches_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    check(GOLDEN / "harbor-fire.json", to_json(example_brief(monkeypatch)) + "\n")


def test_example_markdown_matches_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    check(GOLDEN / "harbor-fire.md", to_markdown(example_brief(monkeypatch)))
