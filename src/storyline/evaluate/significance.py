"""Is one system's lead over another real? Paired tests over the clusters both were scored on.

Two summarizers scored on the same clusters are compared cluster by cluster: the mean of the
per-cluster differences, a percentile bootstrap confidence interval for it (clusters resampled
with replacement), and a two-sided sign-flip permutation p-value (under "no difference" each
cluster's difference is as likely to have either sign). Both draw from a fixed seed, so the same
scores always give the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy.typing as npt

RESAMPLES = 10_000
LEVEL = 0.95
_CHUNK = 500  # resamples drawn at once: memory stays near _CHUNK x clusters


@dataclass(frozen=True, slots=True)
class Difference:
    """Mean per-cluster difference a - b, its confidence interval, p-value and tallies."""

    mean: float
    low: float
    high: float
    p: float
    wins: int  # clusters where a scored higher
    ties: int
    losses: int

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (scores rounded to 2 decimals, p to 4)."""
        return {
            "diff": round(self.mean, 2), "low": round(self.low, 2), "high": round(self.high, 2),
            "p": round(self.p, 4), "wins": self.wins, "ties": self.ties, "losses": self.losses,
        }


def paired(
    a: Sequence[float], b: Sequence[float], resamples: int = RESAMPLES, level: float = LEVEL,
    seed: int = 0,
) -> Difference:
    """Compare two systems' scores on the same clusters (a[k] and b[k] score cluster k)."""
    if len(a) != len(b):
        raise ValueError(f"paired scores differ in length: {len(a)} and {len(b)}")
    return paired_columns([[x - y] for x, y in zip(a, b, strict=True)], resamples, level, seed)[0]


def paired_columns(
    diffs: npt.ArrayLike, resamples: int = RESAMPLES, level: float = LEVEL,
    seed: int = 0,
) -> list[Difference]:
    """Test every column of per-cluster differences (row k: cluster k) on the same draws.

    The same resampled clusters and sign flips serve every column, so comparing many systems on
    several measures costs one set of random draws and a matrix product per chunk.
    """
    import numpy as np

    if resamples < 1 or not 0.0 < level < 1.0:
        raise ValueError("resamples must be >= 1 and level between 0 and 1")
    d = np.asarray(diffs, dtype=np.float64)
    n = len(d)
    if n == 0:
        return []
    observed = d.mean(axis=0)
    rng = np.random.default_rng(seed)
    means, extreme = [], np.zeros(d.shape[1], dtype=np.int64)
    for start in range(0, resamples, _CHUNK):
        size = min(_CHUNK, resamples - start)
        drawn = rng.integers(0, n, size=(size, n)) + (np.arange(size) * n)[:, None]
        counts = np.bincount(drawn.ravel(), minlength=size * n).reshape(size, n)  # per draw
        means.append(counts @ d / n)
        signs = rng.integers(0, 2, size=(size, n)) * 2.0 - 1.0
        # A tiny tolerance: the observed arrangement itself must count as "as extreme".
        extreme += (np.abs(signs @ d / n) >= np.abs(observed) - 1e-12).sum(axis=0)
    boot = np.concatenate(means)
    tail = (1.0 - level) / 2.0 * 100.0
    lows, highs = np.percentile(boot, [tail, 100.0 - tail], axis=0)
    wins, losses = (d > 0).sum(axis=0), (d < 0).sum(axis=0)
    # (extreme + 1) / (resamples + 1): a permutation p-value is never exactly 0.
    return [
        Difference(float(observed[j]), float(lows[j]), float(highs[j]),
                   float((extreme[j] + 1) / (resamples + 1)), int(wins[j]),
                   int(n - wins[j] - losses[j]), int(losses[j]))
        for j in range(d.shape[1])
    ]
