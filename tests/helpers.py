"""Small builders for hand-made test objects (sumy's build_document shape)."""

from __future__ import annotations

import os
from pathlib import Path

from storyline.features import StoryFeatures, build_features
from storyline.model import Article, content_id
from storyline.segment import segment

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared")  # data beside the repo
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
EXAMPLE = ROOT / "examples" / "harbor-fire"


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
