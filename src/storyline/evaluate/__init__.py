"""Evaluation: ROUGE against human references, beside peers, with paired significance."""

from .harness import DEFAULT_SYSTEMS, SYSTEMS, EvalResult, SystemScore, evaluate
from .peers import score_peers
from .significance import LEVEL, Difference

__all__ = ["DEFAULT_SYSTEMS", "LEVEL", "SYSTEMS", "Difference", "EvalResult", "SystemScore",
           "evaluate", "score_peers"]
