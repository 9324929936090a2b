"""`storyline spark INPUT... OUTPUT`: cluster and brief an archive on Apache Spark.

Also runnable as `spark-submit src/storyline/spark/submit.py INPUT... OUTPUT` (storyline must be
installed in the executors' Python, e.g. a venv-pack'ed environment). Steps:

1. Read, distributed: JSONL/JSON/text/HTML files whole with the CLI's own readers (so article
   ids, from the user's id, URL or text, are the ones `storyline cluster PATH` gives), big
   JSONL files line by line, Parquet rows ("PATH:ROW", 1-based) through `record_article`, WARC
   files with `read_warc`. Cleaning runs per partition with the library's `clean`.
2. Every input row ends as an article or as a reject (`OUTPUT/rejects/`, origin and reason).
   An article whose id an earlier row already has (the same article given twice) is a reject,
   "duplicate of <the first one's origin>", as `storyline cluster` reports it.
3. Cluster: ONE sequential pass. The clusterer is online: where an article goes depends on
   every article before it (open stories, document frequencies, closing by time window), so
   splitting the stream by partition, or blocking by window and LSH bucket then merging, can
   only approximate it. A single partition sorted by `stream_order` (ties: input order) fed to
   the library's clusterer gives exactly the single-machine result. What the clusterer reads
   of an article's text (term counts, MinHash signature and bucket keys: `article_prints`)
   is computed in step 1, per partition, so this step carries no text: only each article's
   fields and its prints. That cut the sequential work about threefold. Its memory is bounded
   by the clusterer's own bounds (open stories closed after `cluster_window_days` or beyond
   `cluster_max_open`, 2^20 DF counters, a bounded MinHash index); stories are emitted as
   they close. Cleaning and briefing, the costly steps, stay distributed.
4. Brief, distributed: articles join their story; partitions sorted by (story, position)
   are briefed in one Python call each (`mapInPandas`), with the same
   `brief_line` as `storyline cluster --brief`, members in the order the clusterer saw them.
5. Write `OUTPUT/stories/` (JSONL or Parquet, sorted by first_seen then story id) and
   `OUTPUT/rejects/` in overwrite mode: a re-run after a failure replaces both cleanly.

pyspark is imported only when the job runs, so `storyline --help` works without it.
Differences from `storyline cluster`: the CLI only reorders within `cluster_buffer` articles,
so on a larger, unordered input the two orders (and results) can differ. Both read JSONL
files over `max_bytes` line by line (the limit then bounds one line).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

from ..console import progress, step
from ..errors import StorylineError, require
from ..ingest.records import DUPLICATE
from ..settings import Settings
from .options import add_arguments
from .partitions import RAW_SCHEMA, Source, location_key, plan_local, route_of


@dataclass(frozen=True, slots=True)
class JobResult:
    """What one run produced: counts and wall time."""

    articles: int
    stories: int
    rejects: int
    seconds: float
    steps: tuple[tuple[str, float], ...] = ()  # (step, seconds): read+clean, cluster, ...

    def exit_code(self) -> int:
        """Return 2 when nothing was clustered, 1 when some input was rejected, else 0."""
        if not self.stories:
            return 2
        return 1 if self.rejects else 0


def session(master: str | None = None) -> Any:
    """Return the active SparkSession or start one (master only when given)."""
    require("pyspark", "spark")  # so a missing extra is named as "pyspark", not a submodule
    sql: Any = require("pyspark.sql", "spark")
    launched = "PYSPARK_GATEWAY_PORT" in os.environ  # under spark-submit
    if not launched and (master is None or master.startswith("local")):
        # Local workers must run this Python (it has storyline); on a cluster the packed
        # environment's python is named by the user, so it is left alone there.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = sql.SparkSession.builder.appName("storyline")
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def run_spark(args: argparse.Namespace, spark: Any = None) -> int:
    """Run `storyline spark`; return the exit code."""
    settings = Settings.from_toml(args.settings) if args.settings else Settings()
    spark = spark or session(args.master)
    quiet = getattr(args, "quiet", False)
    result = run_job(spark, args.inputs, args.output, settings, args.format, args.partitions,
                     quiet=quiet)
    if not quiet:
        print(f"storyline: spark: {result.articles:,} articles, {result.stories:,} stories, "
              f"{result.rejects:,} rejects, {result.seconds:.1f} s", file=sys.stderr)
    return result.exit_code()


def run_job(spark: Any, inputs: list[str], output: str, settings: Settings | None = None,
            fmt: str = "jsonl", partitions: int | None = None, quiet: bool = True) -> JobResult:
    """Read, clean, cluster and brief `inputs` on `spark`; write OUTPUT/stories and rejects.

    Unless `quiet`, planning shows a bar and each step a line on stderr (on a terminal only)."""
    start = time.perf_counter()
    settings = settings or Settings()
    f: Any = require_functions()
    sources, early = plan_inputs(spark, inputs, settings, quiet)
    step(quiet, f"spark: planned {len(sources):,} files ({len(early):,} refused), "
                f"{time.perf_counter() - start:.1f} s")
    raw = read_raw(spark, sources, settings)
    parts = partitions or spark.sparkContext.defaultParallelism
    cleaned = raw.repartition(parts).mapInPandas(
        lambda b: _io().clean_rows(b, settings), _io().CLEAN_SCHEMA).persist()
    # Actions in step order, so each step's input is computed once and already cached.
    ranked = _ranked(cleaned, f).persist()  # each id's first row (rank 1) and its repeats
    counts = {row[0]: row[1] for row in ranked.groupBy(f.col("rank") == 1).count().collect()}
    steps = [("read+clean", time.perf_counter() - start)]
    step(quiet, f"spark: read and cleaned {sum(counts.values()):,} rows, {steps[-1][1]:.1f} s")
    articles = ranked.filter("rank = 1")
    repeats = ranked.filter("rank > 1").select(
        "file_no", "item_no", "origin",
        f.format_string(DUPLICATE, "first", "same").alias("reason"))
    assigned = (articles.select("stub", "prints", *_io().ORDER_KEYS).repartition(1)
                .sortWithinPartitions(*_io().ORDER_KEYS)
                .mapInPandas(lambda b: _io().cluster_rows(b, settings), _io().ASSIGN_SCHEMA)
                .persist())
    n_stories = assigned.filter("pos = 0").count()
    steps.append(("cluster", time.perf_counter() - start - sum(t for _, t in steps)))
    step(quiet, f"spark: clustered into {n_stories:,} stories, {steps[-1][1]:.1f} s")
    stories = (assigned.join(articles.select(f.col("id").alias("article_id"), "article"),
                             "article_id")
               .repartition(parts, "story").sortWithinPartitions("story", "pos")
               .mapInPandas(lambda b: _io().brief_rows(b, settings), _io().STORY_SCHEMA)
               .persist())  # orderBy samples its input first: briefs must not run twice
    writer = stories.orderBy(f.asc_nulls_first("first_seen"), "story").write.mode("overwrite")
    target = os.path.join(output, "stories")
    writer.parquet(target) if fmt == "parquet" else writer.json(target)
    steps.append(("brief+write", time.perf_counter() - start - sum(t for _, t in steps)))
    step(quiet, f"spark: briefed and wrote the stories, {steps[-1][1]:.1f} s")
    rejects = _rejects(spark, cleaned, early, repeats)
    rejects.write.mode("overwrite").json(os.path.join(output, "rejects"))
    n_rejects = cleaned.filter("reason IS NOT NULL").count() + counts.get(False, 0)
    result = JobResult(counts.get(True, 0), n_stories, n_rejects + len(early),
                       time.perf_counter() - start, tuple(steps))
    for frame in (cleaned, ranked, assigned, stories):
        frame.unpersist()
    return result


def _ranked(cleaned: Any, f: Any) -> Any:
    """Return the cleaned articles, each with its rank among the rows of its id (in input
    order) and the origin of the first of them."""
    window: Any = require("pyspark.sql.window", "spark")
    by_id = window.Window.partitionBy("id").orderBy("file_no", "item_no")
    return (cleaned.filter(f.col("reason").isNull())
            .withColumn("rank", f.row_number().over(by_id))
            .withColumn("first", f.first("origin").over(by_id)))


def _io() -> Any:
    # Imported inside the lambdas so executors load it from the installed package.
    from . import partitions as spark_io

    return spark_io


def require_functions() -> Any:
    """Return pyspark.sql.functions, or raise MissingExtraError naming the spark extra."""
    return require("pyspark.sql.functions", "spark")


def _rejects(spark: Any, cleaned: Any, early: list[Any], repeats: Any) -> Any:
    """Return every reject (planning, reading/cleaning and repeats), in input order."""
    found = cleaned.filter("reason IS NOT NULL").select("file_no", "item_no", "origin", "reason")
    found = found.unionByName(repeats)
    if early:
        rows = [(-1, n, r.origin, r.reason) for n, r in enumerate(early)]
        found = spark.createDataFrame(rows, found.schema).unionByName(found)
    return found.orderBy("file_no", "item_no", "origin").select("origin", "reason")


def plan_inputs(spark: Any, inputs: list[str], settings: Settings, quiet: bool = True
                ) -> tuple[list[Source], list[Any]]:
    """Return the input files in input order (local paths expanded as the CLI does)."""
    sources: list[Source] = []
    early: list[Any] = []
    seen: dict[str, str] = {}
    for given in progress(inputs, quiet or len(inputs) < 2, "input", "planning"):
        if "://" in given and not given.startswith("file:"):  # hdfs://, s3a://, gs://...
            listing = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                       .load(given).select("path", "length").orderBy("path").collect())
            for row in listing:
                route = route_of(row["path"], row["length"], settings) or "lines"
                sources.append(Source(len(sources), row["path"], row["path"], route))
            continue
        local = location_key(given) if given.startswith("file:") else given
        found, rejects = plan_local([local], settings, seen)
        sources += [Source(len(sources) + s.file_no, s.origin, s.location, s.route)
                    for s in found]
        early += rejects
    return sources, early


def read_raw(spark: Any, sources: list[Source], settings: Settings) -> Any:
    """Return RAW_SCHEMA rows (raw article records and rejects) for every input file."""
    by_key = {location_key(s.location): s for s in sources}
    frames = [spark.createDataFrame([], RAW_SCHEMA)]
    whole = [s.location for s in sources if s.route == "bytes"]
    if whole:
        files = spark.read.format("binaryFile").load(whole).select("path", "content")
        frames.append(files.mapInPandas(lambda b: _io().read_files(b, by_key), RAW_SCHEMA))
    tables = [s.location for s in sources if s.route == "parquet"]
    if tables:
        rows = spark.read.option("mergeSchema", "true").parquet(*tables).select(
            "*", "_metadata.file_path", "_metadata.row_index")
        frames.append(rows.mapInPandas(lambda b: _io().read_parquet_rows(b, by_key),
                                       RAW_SCHEMA))
    warcs = [(s.file_no, s.origin) for s in sources if s.route == "warc"]
    if warcs:
        names = spark.createDataFrame(warcs, "file_no long, origin string")
        limit = settings.max_bytes
        frames.append(names.repartition(len(warcs))
                      .mapInPandas(lambda b: _io().read_warcs(b, limit), RAW_SCHEMA))
    frames += [_read_lines(spark, s) for s in sources if s.route == "lines"]
    raw = frames[0]
    for frame in frames[1:]:
        raw = raw.unionByName(frame)
    return raw


def _read_lines(spark: Any, source: Source) -> Any:
    """Return RAW_SCHEMA rows of a big JSONL file, read line by line in parallel."""
    file_no, origin = source.file_no, source.origin
    numbered = spark.sparkContext.textFile(source.location).zipWithIndex().map(
        lambda pair: (file_no, origin, pair[1] + 1, pair[0]))
    lines = spark.createDataFrame(numbered, "file_no long, origin string, line_no long, "
                                  "line string")
    return lines.mapInPandas(lambda b: _io().read_lines(b), _io().RAW_SCHEMA)


def main(argv: list[str] | None = None, spark: Any = None) -> int:
    """Entry point for spark-submit: `spark.py INPUT... OUTPUT [options]`."""
    parser = argparse.ArgumentParser(prog="storyline spark", description=__doc__.split("\n")[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run_spark(args, spark)
    except StorylineError as exc:
        print(f"storyline: error: {exc}", file=sys.stderr)
        return exc.exit_code
