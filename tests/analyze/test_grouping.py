"""The single-link grouping shared by quotes and the timeline."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.analyze.grouping import single_link


def test_chains_join_and_order_is_first_member() -> None:
    groups = single_link([1, 10, 2, 11, 30], lambda a, b: abs(a - b) == 1)
    assert groups == [[1, 2], [10, 11], [30]]


@given(st.lists(st.integers(0, 40), max_size=25))
def test_groups_partition_the_items(items: list[int]) -> None:
    groups = single_link(items, lambda a, b: a % 5 == b % 5)
    assert sorted(x for g in groups for x in g) == sorted(items)
    assert all(len({x % 5 for x in g}) == 1 for g in groups)
    assert len(groups) == len({x % 5 for x in items})
