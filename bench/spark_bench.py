"""Time the Spark job (`storyline.spark.job.run_job`) on n synthetic articles in local[2].

    PYTHONPATH=src python bench/spark_bench.py 10000 [50000 ...]
or through bench/clustering.py --spark 10000,50000, which calls `run(n)` in a fresh process.
`seconds` is the job's wall time (read, clean, cluster, brief, write), without Spark start-up
(`startup_s`) and data generation. `equal_to_cluster` checks the job's stories against the
single-machine `storyline cluster` code on the same JSONL (sizes up to EQUALITY_MAX).
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from clustering import synthetic  # noqa: E402

# Above this size the single-machine comparison (clean + cluster in one process) is skipped.
EQUALITY_MAX = 50000


def write_jsonl(n: int, path: Path) -> None:
    """Write n synthetic articles as JSONL article records."""
    with path.open("w", encoding="utf-8") as handle:
        for article in synthetic(n):
            record = {"title": article.title, "text": article.text,
                      "published": article.published}
            handle.write(json.dumps(record) + "\n")


def local_session() -> Any:
    """Start a local[2] session. The loopback settings suit this machine only (see
    ../shared/scale.md); the job itself never sets them."""
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master("local[2]").appName("storyline-bench")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "2")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _cluster_keys(jsonl: Path) -> list[tuple[Any, ...]]:
    """Return the stories `storyline cluster` writes for the file, as comparable tuples."""
    from storyline.cluster import write_stories
    from storyline.ingest import ingest
    from storyline.settings import Settings

    settings = Settings()
    out = io.StringIO()
    write_stories(ingest([str(jsonl)], settings).articles, settings, out, False)
    return sorted(_key(json.loads(line)) for line in out.getvalue().splitlines())


def _key(story: dict[str, Any]) -> tuple[Any, ...]:
    return (story["story"], tuple(story["articles"]), story.get("title"),
            story.get("first_seen"), story.get("last_seen"),
            tuple(tuple(p) for p in story.get("duplicates") or ()))


def run(n: int) -> dict[str, Any]:
    """Run the job on n synthetic articles; return counts, timings and the equality check."""
    from storyline.spark.job import run_job

    with tempfile.TemporaryDirectory(prefix="storyline-spark-") as tmp:
        jsonl = Path(tmp) / "stream.jsonl"
        write_jsonl(n, jsonl)
        start = time.perf_counter()
        spark = local_session()
        startup = time.perf_counter() - start
        result = run_job(spark, [str(jsonl)], str(Path(tmp) / "out"))
        stories = [json.loads(line) for part in sorted((Path(tmp) / "out" / "stories")
                                                        .glob("part-*.json"))
                   for line in part.read_text(encoding="utf-8").splitlines()]
        spark.stop()
        equal = None
        if n <= EQUALITY_MAX:
            equal = sorted(map(_key, stories)) == _cluster_keys(jsonl)
    return {"articles": result.articles, "seconds": result.seconds, "stories": result.stories,
            "rejects": result.rejects, "startup_s": startup, "equal_to_cluster": equal,
            "articles_per_s": result.articles / result.seconds,
            "steps_s": dict(result.steps)}


if __name__ == "__main__":
    for size in sys.argv[1:] or ["10000"]:
        print(json.dumps(run(int(size))), flush=True)
