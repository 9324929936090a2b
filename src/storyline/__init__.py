"""storyline: one cited brief from many reports of the same story."""

from __future__ import annotations

__version__ = "0.1.0"
