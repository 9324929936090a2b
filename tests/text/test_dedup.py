"""Near-duplicate detection: shingles, containment, MinHash LSH and `mark_duplicates`."""

from __future__ import annotations

from helpers import article

from storyline.settings import Settings
from storyline.text.dedup import DuplicateIndex, containment, mark_duplicates, shingles

WIRE = (
    "Fire crews in Port Caldera fought a blaze at Warehouse 7 on the North Quay through the "
    "night, Fire Chief Darius Kemble said on Tuesday. Two dock workers were treated for smoke. "
    "The harbour authority closed the terminal and diverted three container ships to the south "
    "basin while inspectors checked the crane rails for heat damage."
)
OTHER = (
    "The city council of Lowmere voted to rebuild the river bridge after spring floods cracked "
    "two of its piers. Engineers expect the work to take eighteen months and cost far more than "
    "the last repair. Ferries will carry commuters across the river in the meantime."
)


def test_shingles_are_stable_and_order_sensitive() -> None:
    assert shingles(WIRE) == shingles(WIRE)
    assert shingles("a b c d e f") != shingles("f e d c b a")
    assert shingles("") == frozenset()


def test_containment_of_a_truncated_copy_is_one() -> None:
    head = WIRE[: WIRE.index("The harbour")]
    assert containment(shingles(head), shingles(WIRE)) == 1.0
    assert containment(shingles(OTHER), shingles(WIRE)) < 0.1


def test_mark_duplicates_points_copy_at_earlier_original() -> None:
    original = article(WIRE, source="Wire", published="2025-03-11")
    copy = article("Reposted. " + WIRE, source="Aggregator", published="2025-03-12")
    unrelated = article(OTHER, source="Lowmere Post", published="2025-03-10")
    marked = mark_duplicates([copy, unrelated, original], Settings())
    assert [a.id for a in marked] == [copy.id, unrelated.id, original.id]  # order kept
    assert marked[0].duplicate_of == original.id
    assert marked[1].duplicate_of is None and marked[2].duplicate_of is None


def test_independent_reports_are_not_duplicates() -> None:
    one = article(WIRE, source="Wire", published="2025-03-11")
    two = article(WIRE.replace("Tuesday", "Wednesday") + " " + OTHER, source="Daily")
    assert mark_duplicates([one, two], Settings(duplicate_threshold=0.99))[1].duplicate_of is None
    assert mark_duplicates([one, two], Settings())[1].duplicate_of == one.id


def test_lsh_index_finds_copy_and_evicts_oldest() -> None:
    index = DuplicateIndex(threshold=0.8, capacity=2)
    for name, text in (("wire", WIRE), ("other", OTHER)):
        found, sig, size = index.find(text)
        assert found is None
        index.add(name, sig, size)
    assert index.find("Reposted. " + WIRE)[0] == "wire"
    _, sig, size = index.find("a third unrelated text about a school festival in spring")
    index.add("third", sig, size)  # capacity 2: "wire" is evicted
    assert index.find(WIRE)[0] is None
    assert index.find(OTHER)[0] == "other"
