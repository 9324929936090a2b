"""Evaluation: ROUGE against human references, beside peers, with paired significance.

The face loads its modules on first use: the CLI imports `evaluate.systems` for its --help on
every run, and the harness (with the whole pipeline) only when `storyline eval` runs.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "DEFAULT_SYSTEMS": "systems", "SYSTEMS": "systems", "EvalResult": "harness",
    "SystemScore": "harness", "evaluate": "harness", "score_peers": "peers",
    "LEVEL": "significance", "Difference": "significance",
}
__all__ = ["DEFAULT_SYSTEMS", "LEVEL", "SYSTEMS", "Difference", "EvalResult", "SystemScore",
           "evaluate", "score_peers"]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
