"""Paired comparisons of two systems over the same clusters (storyline eval's "minus" block)."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.evaluate.significance import paired, paired_columns


def _scores(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(20, 60, n)


def test_identical_systems_differ_by_nothing() -> None:
    a = _scores(40, 1)
    d = paired(a, a)
    assert (d.mean, d.low, d.high) == (0.0, 0.0, 0.0)
    assert d.p == 1.0 and (d.wins, d.ties, d.losses) == (0, 40, 0)


def test_a_consistently_better_system_is_significant() -> None:
    b = _scores(50, 2)
    a = b + 2.0 + np.random.default_rng(3).normal(0, 0.5, 50)
    d = paired(a, b)
    assert d.low > 0 and d.low <= d.mean <= d.high
    assert d.p < 0.001 and d.wins == 50


def test_noise_alone_is_not_significant() -> None:
    b = _scores(60, 4)
    a = b + np.random.default_rng(5).normal(0, 3, 60)  # no true difference
    d = paired(a, b)
    assert d.low < 0 < d.high and d.p > 0.05
    assert d.low <= d.mean <= d.high


def test_swapping_the_systems_mirrors_everything() -> None:
    a, b = _scores(30, 6), _scores(30, 7)
    ab, ba = paired(a, b), paired(b, a)
    assert ab.mean == pytest.approx(-ba.mean)
    assert (ab.low, ab.high) == pytest.approx((-ba.high, -ba.low))
    assert ab.p == ba.p and (ab.wins, ab.losses) == (ba.losses, ba.wins)


def test_same_scores_same_numbers_and_columns_share_their_draws() -> None:
    a, b, c = _scores(25, 8), _scores(25, 9), _scores(25, 10)
    assert paired(a, b) == paired(a, b)  # deterministic: a fixed seed
    assert paired(a, b, seed=1) != paired(a, b)
    both = paired_columns(np.column_stack([a - b, a - c]))
    for joint, alone in zip(both, [paired(a, b), paired(a, c)], strict=True):
        # The same draws: equal up to the last bits of a matrix product's rounding.
        assert (joint.wins, joint.ties, joint.losses, joint.p) == (
            alone.wins, alone.ties, alone.losses, alone.p)
        assert (joint.mean, joint.low, joint.high) == pytest.approx(
            (alone.mean, alone.low, alone.high), abs=1e-9)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="length"):
        paired([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="resamples"):
        paired([1.0], [2.0], resamples=0)
    assert paired_columns(np.zeros((0, 2))) == []
