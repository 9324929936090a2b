"""The online clusterer's state, exported and imported, so a stream can stop and resume exactly.

`to_state(clusterer)` returns plain data (JSON-ready values and numpy arrays); `from_state`
rebuilds a `StreamClusterer` that assigns every later article as the uninterrupted one would.
`dump_state` / `load_state` pack that into one byte string (numpy's .npz, no pickle) for the
story store.

What is kept: the document frequencies, the clock and counters, every open story (its centroid
in insertion order, which decides ties when it is trimmed; its named slots with how many members
name each, its size, and whether it is dormant: the re-opening test reads them), and the
near-duplicate index in insertion order (which decides ties between equally close copies). What
is rebuilt: the term postings, the dormant stories' name index, the article-to-story map, the
closing heaps and the recency order, all functions of the open stories. Closed stories'
leftovers (stale postings, stale heap entries) are not kept: the clusterer skips them anyway,
so the result is the same.
"""

from __future__ import annotations

import heapq
import io
import json
import zlib
from typing import Any

from ..settings import Settings
from ..text.dedup import BAND_ROWS
from .stream import StreamClusterer, _Open, fewer_collections

STATE_FORMAT = 2
# Format 1 (before names, size and dormancy were kept) still loads: its stories come back with
# no names, as that version resumed them.
READABLE_FORMATS = (1, 2)


def to_state(clusterer: StreamClusterer) -> dict[str, Any]:
    """Return the clusterer's state as plain data: `meta` (JSON-ready) plus numpy arrays."""
    import numpy as np

    stories = []
    keys: list[int] = []
    weights: list[float] = []
    for number, story in clusterer.open.items():
        stories.append({
            "number": number, "first": story.first, "last": story.last, "ids": story.ids,
            "dates": story.dates, "title": story.title,
            "duplicates": [list(pair) for pair in story.duplicates],
            "touched": story.touched, "norm": story.norm, "terms": len(story.centroid),
            "names": [list(story.names), list(story.names.values())], "size": story.size,
            "dormant": story.dormant is not None,
        })
        keys.extend(story.centroid)
        weights.extend(story.centroid.values())
    entries = clusterer.dups.entries
    meta = {
        "format": STATE_FORMAT, "docs": clusterer.docs, "clock": clusterer.clock,
        "arrivals": clusterer.arrivals, "stories": stories,
        "dup_ids": list(entries), "dup_sizes": [size for _, size in entries.values()],
    }
    width = len(clusterer.dups.hasher.a)
    sigs = (np.stack([sig for sig, _ in entries.values()]).astype(np.uint32) if entries
            else np.zeros((0, width), dtype=np.uint32))
    return {
        "meta": meta, "df": clusterer.df.copy(),
        "keys": np.asarray(keys, dtype=np.int64), "weights": np.asarray(weights, np.float64),
        "sigs": sigs,
    }


def from_state(state: dict[str, Any], settings: Settings | None = None) -> StreamClusterer:
    """Rebuild a clusterer from `to_state`'s data, under the same settings it ran with."""
    meta = state["meta"]
    if meta.get("format") not in READABLE_FORMATS:
        raise ValueError(f"clusterer state format {meta.get('format')!r} is not {STATE_FORMAT}")
    clusterer = StreamClusterer(settings)
    clusterer.df[:] = state["df"]
    clusterer.docs = int(meta["docs"])
    clusterer.clock = meta["clock"]
    clusterer.arrivals = int(meta["arrivals"])
    keys, weights = state["keys"].tolist(), state["weights"].tolist()
    opened: list[tuple[int, _Open]] = []
    at = 0
    for item in meta["stories"]:  # centroids are concatenated in this (export) order
        end = at + int(item["terms"])
        story = _Open(dict(zip(keys[at:end], weights[at:end], strict=True)), item["first"],
                      item["last"], list(item["ids"]), list(item["dates"]), item["title"],
                      [(a, b) for a, b in item["duplicates"]], [], int(item["touched"]),
                      float(item["norm"]))
        slots, counts = item.get("names", ([], []))
        story.names = dict(zip(map(int, slots), map(int, counts), strict=True))
        story.size = int(item.get("size", 0))
        if item.get("dormant"):
            story.dormant = tuple(story.names)
        opened.append((int(item["number"]), story))
        at = end
    for number, story in sorted(opened, key=lambda pair: pair[1].touched):
        _reopen(clusterer, number, story)
    # Stories were opened in number order (a story's number is its first arrival).
    clusterer.open = dict(sorted(clusterer.open.items()))
    _refill_duplicates(clusterer, meta["dup_ids"], meta["dup_sizes"], state["sigs"])
    return clusterer


def _refill_duplicates(clusterer: StreamClusterer, ids: list[str], sizes: list[int],
                       sigs: Any) -> None:
    """Put the near-duplicate index back as `DuplicateIndex.add` would have left it: entries
    and bucket lists in insertion order; the band keys worked out for all rows at once (the
    same uint64 arithmetic as `band_keys`) and grouped by a stable sort, not row by row."""
    import numpy as np

    index = clusterer.dups
    wide = sigs.astype(np.uint64)
    bands = wide.shape[1] // BAND_ROWS if len(wide) else 0
    mixed = (wide.reshape(len(wide), bands, BAND_ROWS) * index.band_mix[None, None, :]).sum(
        axis=2, dtype=np.uint64)
    index.entries.update(zip(ids, zip(wide, map(int, sizes), strict=True), strict=True))
    # Each bucket lists its articles in insertion order: a stable sort by key keeps it.
    flat = ((mixed << np.uint64(6)) | np.arange(bands, dtype=np.uint64)).ravel()
    owner = np.repeat(np.arange(len(wide)), bands)
    order = np.argsort(flat, kind="stable")
    keys, owners = flat[order], owner[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys
    counts = np.diff(np.r_[starts, len(keys)])
    named = np.empty(len(ids), dtype=object)
    named[:] = ids
    lone = starts[counts == 1]
    index.buckets.update(zip(keys[lone].tolist(), map(list, zip(named[owners[lone]])),
                             strict=True))
    for start, count in zip(starts[counts > 1].tolist(), counts[counts > 1].tolist(),
                            strict=True):
        index.buckets[int(keys[start])] = named[owners[start:start + count]].tolist()


def _reopen(clusterer: StreamClusterer, number: int, story: _Open) -> None:
    clusterer.open[number] = story
    clusterer.recency[number] = None  # added least recent first: the order they were touched
    for article_id in story.ids:
        clusterer.story_of[article_id] = number
    if story.dormant is not None:  # out of the postings, found by its core names (`_shrink`)
        for slot in story.dormant:
            clusterer.named.setdefault(slot, set()).add(number)
        if story.last is not None:
            heapq.heappush(clusterer.dormant, (story.last, story.touched, number))
        return
    for key in story.centroid:
        clusterer.postings.setdefault(key, set()).add(number)
    clusterer.posted += len(story.centroid)
    if story.last is not None:
        heapq.heappush(clusterer.heap, (story.last, story.touched, number))


def dump_state(clusterer: StreamClusterer) -> bytes:
    """Pack the clusterer's state into bytes (an .npz archive; the JSON part compressed)."""
    import numpy as np

    state = to_state(clusterer)
    meta = zlib.compress(json.dumps(state.pop("meta"), separators=(",", ":")).encode(), 1)
    df = zlib.compress(state.pop("df").tobytes(), 1)
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(meta, np.uint8), df=np.frombuffer(df, np.uint8),
             **state)
    return buffer.getvalue()


def load_state(data: bytes, settings: Settings | None = None) -> StreamClusterer:
    """Rebuild a clusterer from `dump_state`'s bytes (with the collector held back, as the
    clusterer runs: the rebuild makes a million small objects and no cycles)."""
    with fewer_collections():
        return _load(data, settings)


def _load(data: bytes, settings: Settings | None) -> StreamClusterer:
    import numpy as np

    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    meta = json.loads(zlib.decompress(arrays.pop("meta").tobytes()))
    df = np.frombuffer(zlib.decompress(arrays.pop("df").tobytes()), dtype=np.int32)
    return from_state({"meta": meta, "df": df, **arrays}, settings)


__all__ = ["dump_state", "from_state", "load_state", "to_state"]
