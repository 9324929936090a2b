"""Single-link grouping, shared by the stages that gather the same thing across articles
(quotes, timeline events): union-find over every linked pair, groups in first-member order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def single_link(items: Sequence[T], linked: Callable[[T, T], bool]) -> list[list[T]]:
    """Return the groups of items joined by any chain of linked pairs, in first-item order."""
    root = list(range(len(items)))

    def find(n: int) -> int:
        while root[n] != n:
            root[n] = root[root[n]]
            n = root[n]
        return n

    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            if find(a) != find(b) and linked(items[a], items[b]):
                root[max(find(a), find(b))] = min(find(a), find(b))
    members: dict[int, list[T]] = {}
    for n, item in enumerate(items):
        members.setdefault(find(n), []).append(item)
    return list(members.values())
