"""Small builders for hand-made test objects (sumy's build_document shape)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from storyline.model import Article, content_id
from storyline.text.features import StoryFeatures, build_features
from storyline.text.segment import segment

ROOT = Path(__file__).resolve().parents[1]
# The shared read-only data; STORYLINE_SHARED points elsewhere (e.g. from a git worktree).
SHARED = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
EXAMPLE = ROOT / "examples" / "harbor-fire"
TESTS = ROOT / "tests"  # the test tree: gate floors, goldens and fixtures live at its top
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
# After an intended change: STORYLINE_UPDATE_GOLDEN=1 make test, then review git diff tests/golden.
UPDATE = os.environ.get("STORYLINE_UPDATE_GOLDEN") == "1"


def article(text: str, *, source: str = "Test Wire", published: str | None = None,
            title: str | None = None) -> Article:
    """Build a cleaned article whose paragraphs are the lines of `text`."""
    return Article(
        id=content_id(source, text), origin=f"test:{source}", text=text, title=title,
        source=source, published=published,
    )


def story(*texts: str) -> StoryFeatures:
    """Build prepared features for articles with the given texts (one per source)."""
    arts = [article(t, source=f"Outlet {n}") for n, t in enumerate(texts)]
    return build_features(arts, [segment(a) for a in arts])


def check(path: Path, text: str) -> None:
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{path.name} did not exist: written now, review and commit it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} changed: if intended, regenerate with STORYLINE_UPDATE_GOLDEN=1 and "
        "review the diff")


class Terminal(io.StringIO):
    """A stderr stand-in that says it is a terminal (progress is shown only on one)."""

    def isatty(self) -> bool:
        return True
