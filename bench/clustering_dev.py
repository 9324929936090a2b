"""A fast dev loop for the event clusterer: bench/clustering.py's reading, scored in seconds.

Reads, cleans and orders both event streams of ../shared/data/clustering once (as
bench/clustering.py does; cached in a pickle when --cache is given), then clusters each stream
and its two halves with storyline at default settings and prints one line per stream: B-cubed
and pairwise P/R/F1, predicted/true stories, clusterer articles/s, and each half's B-cubed F1,
B-cubed P and pairwise F1. No scores are written anywhere: the numbers to report come from
bench/clustering.py.

    STORYLINE_SHARED=/path/to/shared PYTHONPATH=src python bench/clustering_dev.py
        [--cache /tmp/streams.pkl] [--merges] [--oracle]

--merges lists each predicted story holding more than one true story (labels and counts):
where precision is lost. --oracle re-runs with joins across true stories refused (a join into
a story of other labels is vetoed, nothing else changes): the score an ideal veto rule on top
of the present clusterer would reach. Both read the labels, so use them to analyse, never to
tune a rule on single stories.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clustering as bench  # noqa: E402  (bench/clustering.py: reading, halves, scoring)

from storyline import Settings  # noqa: E402
from storyline.cluster import stream as clusterer_module  # noqa: E402

Streams = dict[str, tuple[list[Any], dict[str, str]]]


def load(cache: Path | None) -> Streams:
    """Return each event stream read, cleaned and ordered, with its article -> record map."""
    if cache is not None and cache.exists():
        data: Streams = pickle.loads(cache.read_bytes())
        return data
    settings = Settings()
    out: Streams = {}
    for name in bench.STREAMS:
        stream, record_of, _ = bench.prepared(name, settings)
        out[name] = (stream, record_of)
    if cache is not None:
        cache.write_bytes(pickle.dumps(out))
    return out


def line(name: str, stream: list[Any], record_of: dict[str, str]) -> str:
    """Cluster one stream and its halves; return its summary line."""
    truth = bench.truth_of(name)
    start = time.perf_counter()
    pred = bench.storyline_labels(stream, Settings())
    per_s = len(stream) / (time.perf_counter() - start)
    f = bench.score_stream(pred, record_of, truth)
    text = (f"{name:8s} B3 P {f['bcubed_p']:.3f} R {f['bcubed_r']:.3f} F1 {f['bcubed_f1']:.4f}"
            f" | pair P {f['pair_p']:.3f} R {f['pair_r']:.3f} F1 {f['pair_f1']:.4f}"
            f" | stories {f['stories']}/{f['true_stories']} | {per_s:.0f} art/s")
    for half in "AB":
        part = [a for a in stream if bench.half_of(truth[record_of[a.id]]) == half]
        keep = [i for i, label in truth.items() if bench.half_of(label) == half]
        h = bench.score_stream(bench.storyline_labels(part, Settings()), record_of, truth, keep)
        text += f" | {half} {h['bcubed_f1']:.3f}/{h['bcubed_p']:.3f}/{h['pair_f1']:.3f}"
    return text


def merges(name: str, stream: list[Any], record_of: dict[str, str]) -> list[str]:
    """Return each predicted story of several true stories, largest first."""
    truth = bench.truth_of(name)
    groups: dict[str, list[str]] = defaultdict(list)
    for article_id, story in bench.storyline_labels(stream, Settings()).items():
        groups[story].append(truth[record_of[article_id]])
    mixed = [Counter(g) for g in groups.values() if len(set(g)) > 1]
    return [f"  {dict(c.most_common())}" for c in sorted(mixed, key=lambda c: -c.total())]


def oracle(name: str, stream: list[Any], record_of: dict[str, str]) -> str:
    """Score the clusterer with every join across true stories vetoed."""
    truth = bench.truth_of(name)
    cls = clusterer_module.StreamClusterer
    add, admits = cls.add, cls._admits
    labels: dict[int, set[str]] = defaultdict(set)
    current: list[str] = [""]

    def veto_add(self: Any, article: Any, prints: Any = None) -> Any:
        current[0] = truth[record_of[article.id]]
        closed = add(self, article, prints)
        labels[self.story_of[article.id]].add(current[0])
        return closed

    def veto_admits(self: Any, story: Any, *args: Any) -> bool:
        number = next(n for n, s in self.open.items() if s is story)
        if labels[number] and current[0] not in labels[number]:
            return False
        return bool(admits(self, story, *args))

    cls.add, cls._admits = veto_add, veto_admits  # type: ignore[method-assign]
    try:
        f = bench.score_stream(bench.storyline_labels(stream, Settings()), record_of, truth)
    finally:
        cls.add, cls._admits = add, admits  # type: ignore[method-assign]
    return (f"{name:8s} oracle veto: B3 P {f['bcubed_p']:.3f} R {f['bcubed_r']:.3f} "
            f"F1 {f['bcubed_f1']:.4f} | pair F1 {f['pair_f1']:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="pickle of the read streams (made if absent)")
    parser.add_argument("--merges", action="store_true", help="list merged true stories")
    parser.add_argument("--oracle", action="store_true", help="score with an ideal veto")
    args = parser.parse_args()
    for name, (stream, record_of) in load(args.cache).items():
        print(line(name, stream, record_of))
        if args.merges:
            print("\n".join(merges(name, stream, record_of)[:20]))
        if args.oracle:
            print(oracle(name, stream, record_of))


if __name__ == "__main__":
    main()
