"""Measure summary quality: every system on the same clusters, budget, truncation and scorer.

The harness holds no summarization logic of its own: storyline and its baselines run through the
same library stages as `storyline brief` (clean, prepare, select); sumy peers and the oracle
live in `peers.py`. Every system's sentences are cut to the same first N words before scoring.
"""

from __future__ import annotations

import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, SettingsError, require
from ..ingest import read_clusters
from ..model import Article, Cluster
from ..pipeline import clean_articles, prepare, select
from ..settings import Settings
from ..summarize import METHOD_NAMES
from ..text.segment import segment
from .peers import SumyPeer, oracle, read_summaries, score_peers
from .significance import LEVEL, RESAMPLES, Difference, paired_columns
from .systems import DEFAULT_SYSTEMS, SYSTEMS

__all__ = [
    "DEFAULT_SYSTEMS", "SYSTEMS", "EvalResult", "Scorer", "SystemScore", "check_metric",
    "check_systems", "evaluate", "reference_lines", "score_peers", "summarize_cluster", "truncate",
]

METRICS = {"f": "fmeasure", "r": "recall"}
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
TIMING = (
    "ms per cluster of the summary step only (reading and cleaning excluded): storyline's "
    "methods time prepare+select, the oracle prepare+greedy search, sumy its parsing+summarizing"
)


def check_systems(systems: Iterable[str]) -> tuple[str, ...]:
    """Return the system names in order, 'all' expanded; raise SettingsError on unknown ones."""
    names: list[str] = []
    for name in systems:
        for item in SYSTEMS if name.strip() == "all" else (name.strip(),):
            if item and item not in names:
                names.append(item)
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        raise SettingsError(
            f"unknown system(s): {', '.join(unknown)}; known systems: {', '.join(SYSTEMS)} "
            "(or 'all')"
        )
    if not names:
        raise SettingsError(f"no system given; choose from {', '.join(SYSTEMS)} (or 'all')")
    return tuple(names)


def check_metric(metric: str) -> str:
    """Return the metric key ('f' for F1, 'r' for recall) or raise SettingsError."""
    if metric not in METRICS:
        raise SettingsError(f"metric must be 'f' (F1) or 'r' (recall), got {metric!r}")
    return metric


def truncate(sentences: Iterable[str], words: int) -> list[str]:
    """Keep exactly the first `words` whitespace words, one sentence per line."""
    out: list[str] = []
    left = words
    for sent in sentences:
        if left <= 0:
            break
        toks = sent.split()[:left]
        if toks:
            out.append(" ".join(toks))
            left -= len(toks)
    return out


def _own(articles: Sequence[Article], method: str, words: int, settings: Settings) -> list[str]:
    return _own_tuned(articles, settings.with_(method=method, words=words))


def _own_tuned(articles: Sequence[Article], settings: Settings) -> list[str]:
    """Summarize with settings already holding the method and budget (prepare + select)."""
    if not articles:
        return []
    story = prepare(articles)
    chosen = select(story, settings, overflow=True)
    return [story.texts[i] for i in chosen]


def summarize_cluster(
    cluster: Cluster, method: str, words: int, settings: Settings | None = None
) -> list[str]:
    """Summarize one cluster with a storyline method, as `storyline brief` would (untruncated)."""
    settings = settings or Settings()
    cleaned, _, _ = clean_articles(cluster.articles, settings)
    return _own(cleaned, method, words, settings)


def reference_lines(text: str) -> list[str]:
    """Split a human reference into sentences with storyline's segmenter (for ROUGE-Lsum)."""
    ref = Article(id="reference", origin="reference", text=text)
    return [s.text(ref) for s in segment(ref)]


class Scorer:
    """rouge-score with the Porter stemmer; each measure is averaged over the references."""

    def __init__(self, metric: str) -> None:
        module: Any = require("rouge_score.rouge_scorer", "eval")
        self._scorer = module.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
        self.field = METRICS[check_metric(metric)]

    def score(
        self, summary: Sequence[str], references: Sequence[Sequence[str]]
    ) -> tuple[float, float, float]:
        """Return (ROUGE-1, ROUGE-2, ROUGE-Lsum) on a 0-100 scale; lines are sentences."""
        if not references:
            raise InputError("a cluster without references cannot be scored")
        prediction = "\n".join(summary)
        totals = [0.0, 0.0, 0.0]
        for ref in references:
            scores = self._scorer.score("\n".join(ref), prediction)
            for k, rouge_type in enumerate(ROUGE_TYPES):
                totals[k] += getattr(scores[rouge_type], self.field)
        r1, r2, rl = (100.0 * t / len(references) for t in totals)
        return r1, r2, rl


@dataclass(frozen=True, slots=True)
class _Item:
    """One cluster, cleaned once and shared by every system."""

    id: str
    articles: tuple[Article, ...]
    references: tuple[str, ...]
    ref_lines: tuple[tuple[str, ...], ...]


Runner = Callable[[_Item], list[str]]


def _runner(name: str, words: int, metric: str, settings: Settings) -> Runner:
    """Build the summary step of one system (built eagerly, so a missing extra fails first)."""
    if name in METHOD_NAMES:
        # Configured once, outside the timed call, as each sumy peer is built once.
        tuned = settings.with_(method=name, words=words)
        return lambda item: _own_tuned(item.articles, tuned)
    if name == "oracle":

        def run_oracle(item: _Item) -> list[str]:
            texts = prepare(item.articles).texts if item.articles else ()
            return oracle(texts, item.references, words, metric)

        return run_oracle
    peer = SumyPeer(name)
    return lambda item: peer([a.text for a in item.articles], words)


@dataclass(frozen=True, slots=True)
class SystemScore:
    """One system's mean ROUGE (0-100) and summary-step time over the scored clusters."""

    name: str
    rouge1: float
    rouge2: float
    rougeLsum: float  # noqa: N815 - the name rouge-score and the papers use
    ms_median: float | None  # None for summaries read from a file (nothing was timed)
    ms_total: float | None
    n: int
    # ROUGE-1, ROUGE-2, ROUGE-Lsum of each scored cluster, in EvalResult.clusters order.
    per_cluster: tuple[tuple[float, float, float], ...] = field(default=(), repr=False,
                                                                compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (without the name, which is the key)."""
        return {
            "rouge1": round(self.rouge1, 2),
            "rouge2": round(self.rouge2, 2),
            "rougeLsum": round(self.rougeLsum, 2),
            "ms_median": None if self.ms_median is None else round(self.ms_median, 2),
            "ms_total": None if self.ms_total is None else round(self.ms_total, 1),
            "n": self.n,
        }


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Every system's scores on one data set, the run's settings and the process's peak memory."""

    systems: tuple[SystemScore, ...]
    settings: dict[str, Any] = field(default_factory=dict)
    peak_mb: float | None = None
    clusters: tuple[str, ...] = ()  # ids of the scored clusters, in order
    # The first system against each other one: {other: {measure: Difference}} (_paired_all).
    paired: dict[str, dict[str, Difference]] = field(default_factory=dict)

    def system(self, name: str) -> SystemScore:
        """Return the scores of one system (KeyError if it was not run)."""
        for score in self.systems:
            if score.name == name:
                return score
        raise KeyError(name)

    def to_dict(self, per_cluster: bool = False) -> dict[str, Any]:
        """Return `{"systems": {name: scores}, "settings": {...}, "peak_mb": ..., "paired":
        {...}}`, and every cluster's scores under "per_cluster" when asked."""
        out: dict[str, Any] = {
            "systems": {s.name: s.to_dict() for s in self.systems},
            "settings": dict(self.settings),
            "peak_mb": None if self.peak_mb is None else round(self.peak_mb, 1),
        }
        if self.paired:
            out["paired"] = {
                "against": self.systems[0].name, "resamples": RESAMPLES, "level": LEVEL,
                "systems": {other: {m: d.to_dict() for m, d in diffs.items()}
                            for other, diffs in self.paired.items()},
            }
        if per_cluster:
            out["per_cluster"] = {
                "clusters": list(self.clusters),
                "scores": {s.name: [[round(v, 4) for v in row] for row in s.per_cluster]
                           for s in self.systems},
            }
        return out

    def to_json(self, per_cluster: bool = False) -> str:
        """Return the JSON text of `to_dict()`."""
        return json.dumps(self.to_dict(per_cluster), indent=2, ensure_ascii=False)


def _paired_all(systems: Sequence[SystemScore]) -> dict[str, dict[str, Difference]]:
    """Compare the first system with each other one, cluster by cluster, on every measure."""
    import numpy as np

    if len(systems) < 2 or systems[0].n < 2:
        return {}
    first, others = np.asarray(systems[0].per_cluster), systems[1:]
    # One column per (other system, measure), a row per cluster: first minus other.
    diffs = np.hstack([first - np.asarray(other.per_cluster) for other in others])
    tested = iter(paired_columns(diffs))
    return {other.name: {measure: next(tested) for measure in ROUGE_TYPES} for other in others}


@dataclass
class _Tally:
    scores: list[tuple[float, float, float]] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)

    def result(self, name: str) -> SystemScore:
        n = len(self.scores)
        means = [sum(s[k] for s in self.scores) / n if n else 0.0 for k in range(3)]
        median = statistics.median(self.ms) if self.ms else None
        total = sum(self.ms) if self.ms else None
        return SystemScore(name, means[0], means[1], means[2], median, total, n,
                           tuple(self.scores))


def evaluate(
    path: str | Path,
    systems: Iterable[str] = DEFAULT_SYSTEMS,
    words: int = 100,
    metric: str = "f",
    limit: int | None = None,
    progress: bool = False,
    settings: Settings | None = None,
    summaries: Sequence[str | Path] = (),
) -> EvalResult:
    """Score each system's first-`words` summary of every cluster against its references.

    `summaries` are files of other systems' summaries (`{"id", "system", "summary"}` per line,
    see peers.read_summaries): each system there is scored beside the named ones, untimed.
    """
    names = check_systems(systems)
    _check_budget(words, limit)
    settings = settings or Settings()
    scorer = Scorer(metric)
    runners = {name: _runner(name, words, metric, settings) for name in names}
    missing: dict[str, list[str]] = {}
    external = _external(summaries, names)
    for system, texts in external.items():
        runners[system] = _reader(texts, missing.setdefault(system, []))
    names = tuple(runners)
    tallies = {name: _Tally() for name in names}
    skipped: list[str] = []
    textless: list[str] = []
    ids: list[str] = []
    with _Progress(_count(path, limit) * len(names), progress, Path(path).name) as bar:
        for chunk in _chunks(_items(path, settings, limit, skipped, textless), BATCH):
            ids += [item.id for item in chunk]
            for name in names:  # each system runs a batch back to back, then it is scored
                outputs = []
                for item in chunk:
                    start = time.perf_counter()
                    outputs.append(runners[name](item))
                    if name not in external:  # summaries read from a file are not timed
                        tallies[name].ms.append((time.perf_counter() - start) * 1000.0)
                for item, sents in zip(chunk, outputs, strict=True):
                    tallies[name].scores.append(scorer.score(truncate(sents, words),
                                                             item.ref_lines))
                    bar.update()
    if not tallies[names[0]].scores:
        raise InputError(f"no cluster in {path} has a reference ('summaries'): nothing to score")
    about = _about(path, words, metric, limit, settings)
    about.update(clusters=len(tallies[names[0]].scores), skipped=skipped,
                 textless=textless, summaries=[str(p) for p in summaries],
                 missing={k: v for k, v in missing.items() if v},
                 unscored=_unscored(external, ids))
    scores = tuple(tallies[n].result(n) for n in names)
    return EvalResult(scores, about, peak_mb(), tuple(ids), _paired_all(scores))


def _external(paths: Sequence[str | Path], taken: Sequence[str]) -> dict[str, dict[str, str]]:
    """Read every summaries file; a system may not share a name with another system."""
    out: dict[str, dict[str, str]] = {}
    for path in paths:
        for system, texts in read_summaries(path).items():
            if system in out or system in taken or system in SYSTEMS:
                raise SettingsError(f"{path}: system {system!r} is already in the run; "
                                    "rename it in the file")
            out[system] = texts
    return out


def _unscored(
    external: Mapping[str, Mapping[str, str]], ids: Sequence[str]
) -> dict[str, list[str]]:
    """Return, per system read from a file, the clusters it summarized that were not scored."""
    scored = set(ids)
    out = {system: sorted(set(texts) - scored) for system, texts in external.items()}
    return {system: clusters for system, clusters in out.items() if clusters}


def _reader(texts: Mapping[str, str], missing: list[str]) -> Runner:
    """Return a runner that hands out a file's summary of each cluster, split into sentences
    (an absent one is empty, and its cluster is listed in `missing`)."""
    def read(item: _Item) -> list[str]:
        if item.id not in texts:
            missing.append(item.id)
            return []
        return reference_lines(texts[item.id])

    return read


# Clusters held at once. Each system summarizes a batch in a row and only then is scored, so
# every system is timed in its steady state: interleaving systems and the scorer per cluster
# evicted each one's code and data from the CPU caches between calls, which doubled
# storyline's time per cluster and moved sumy's by up to 1.4x (docs/benchmarks.md).
BATCH = 32


def _chunks(items: Iterable[_Item], size: int) -> Iterator[list[_Item]]:
    """Yield lists of up to `size` items, in order."""
    chunk: list[_Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_budget(words: int, limit: int | None) -> None:
    if words < 1:
        raise SettingsError(f"words must be at least 1, got {words}")
    if limit is not None and limit < 1:
        raise SettingsError(f"limit must be at least 1 (or left out for all), got {limit}")


def _items(
    path: str | Path, settings: Settings, limit: int | None, skipped: list[str],
    textless: list[str],
) -> Iterable[_Item]:
    """Read and clean each cluster once; clusters without references are listed as skipped,
    those left without article text by cleaning as textless."""

    for cluster in itertools.islice(read_clusters(str(path), settings), limit):
        if not cluster.references:
            skipped.append(f"{cluster.id}: no reference summary" + _why(cluster))
            continue
        cleaned, _, unused = clean_articles(cluster.articles, settings)
        if not cleaned:  # still scored (0 for every system), as held-out data would be
            textless.append(f"{cluster.id}: no article text" + _why(cluster, unused.values()))
        refs = tuple(tuple(reference_lines(r)) for r in cluster.references)
        yield _Item(cluster.id, tuple(cleaned), cluster.references, refs)


def _why(cluster: Cluster, more: Iterable[str] = ()) -> str:
    """Return ' (reasons)' for a cluster's unused inputs and the given reasons, or ''."""
    reasons = [r.reason for r in cluster.inputs if r.status != "used"] + sorted(set(more))
    return f" ({'; '.join(reasons)})" if reasons else ""


def _count(path: str | Path, limit: int | None) -> int:
    """Count non-empty lines (for the progress bar's total); missing files fail later, clearly."""
    try:
        with open(path, "rb") as handle:
            n = sum(1 for line in handle if line.strip())
    except OSError:
        return 0
    return n if limit is None else min(n, limit)


def _about(
    path: str | Path, words: int, metric: str, limit: int | None, settings: Settings
) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        rouge_version = version("rouge-score")
    except PackageNotFoundError:
        rouge_version = "unknown"
    return {
        "data": str(path),
        "words": words,
        "metric": metric,
        "measure": "F1" if metric == "f" else "recall",
        "limit": limit,
        "scorer": f"rouge-score {rouge_version}, Porter stemmer, stopwords kept, "
        "mean over references, summaries truncated to the first N words",
        "timing": TIMING,
        "storyline": settings.to_dict(),
    }


def peak_mb() -> float | None:
    """Return this process's peak resident memory in MB (None where the OS cannot say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class _Progress:
    """A progress bar on stderr: tqdm when installed, else a plain counter."""

    def __init__(self, total: int, enabled: bool, desc: str) -> None:
        self.total, self.enabled, self.desc, self.done = total, enabled, desc, 0
        self.bar: Any = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                return
            self.bar = tqdm(total=total or None, desc=desc, unit="summary", file=sys.stderr)

    def __enter__(self) -> _Progress:
        return self

    def update(self) -> None:
        """Count one finished summary."""
        self.done += 1
        if self.bar is not None:
            self.bar.update()
        elif self.enabled and (self.done % 50 == 0 or self.done == self.total):
            print(f"\r{self.desc}: {self.done}/{self.total} summaries", end="", file=sys.stderr)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled and self.done:
            print(file=sys.stderr)
