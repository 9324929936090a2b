"""storyline: one cited brief from many reports of the same story.

The public Python API, loaded on first use so that `storyline --help` stays fast::

    import storyline

    found = storyline.ingest(["examples/harbor-fire"])
    brief = storyline.build_brief(found.articles, found.inputs)
    print(storyline.to_markdown(brief))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it; each is imported the first time the name is used.
_PUBLIC = {
    "Brief": "storyline.model",
    "Article": "storyline.model",
    "Story": "storyline.model",
    "Settings": "storyline.settings",
    "StorylineError": "storyline.errors",
    "build_brief": "storyline.pipeline",
    "cluster_stream": "storyline.cluster",
    "to_json": "storyline.render",
    "to_markdown": "storyline.render",
    "to_html": "storyline.render",
}

__all__ = [
    "Article", "Brief", "Settings", "Story", "StorylineError", "build_brief", "cluster_stream",
    "ingest", "to_html", "to_json", "to_markdown",
]

# `ingest` is both a function of the API and the name of its wing (storyline.ingest): importing
# the wing binds the module to this name, so the function is bound here, once, after it. The
# wing is light (its HTML and archive libraries are imported only when a file needs them).
from .ingest import ingest  # noqa: E402

if TYPE_CHECKING:
    from .cluster import cluster_stream
    from .errors import StorylineError
    from .model import Article, Brief, Story
    from .pipeline import build_brief
    from .render import to_html, to_json, to_markdown
    from .settings import Settings


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    where = _PUBLIC.get(name)
    if where is None:
        raise AttributeError(f"module 'storyline' has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value  # later lookups skip this hook, and the function shadows a module
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
