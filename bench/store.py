"""Benchmark the story store: growing it by one new day against re-clustering everything.

The synthetic stream of bench/clustering.py (N articles over about a year) is written as one
JSON Lines file per day. The store is built from every day but the last ones (batches of
--batch-days days, `storyline add --no-briefs`); the last days, about 1% of the articles, are
then added as one batch, timed as processes the way a user runs them:

- `add` of the new day, without briefs and with the briefs of the stories it changed;
- `storyline cluster` over every day (what one had to re-run before the store), no briefs;
- a second `add` of the same day (adds 0);
- `stories` on the whole store: in process (the query and rows) and as a command;
- the store's size per article;
- `serve --store`: 200 concurrent GETs of the front page, its JSON twin, a search, a story.

It also checks the acceptance: the store's stories equal that `cluster` run's.

    PYTHONPATH=src python bench/store.py [--articles 100000] [--batch-days 30] [--docs]
--load STORE only runs the load test against a store built before (--work keeps one).
--briefs also times the new day with the briefs of the stories it changed, in a copy of the
store whose older stories count as briefed.
Writes bench/results/store.json and prints a markdown table (--docs: also the store section
of docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from clustering import synthetic_stream  # noqa: E402  (the same synthetic stream)
from load import LeanClient, burst, free_port  # noqa: E402  (bench/load.py's concurrent bursts)

from storyline.store import list_stories, open_store  # noqa: E402

# Issue 18's targets.
TARGETS = {"speedup": 20.0, "stories_ms": 200.0}
NEW_SHARE = 0.01  # the new day: about 1% of the store
LOAD_REQUESTS = 200  # concurrent GETs of the front page (issue 18: p95 < 300 ms, 0 errors)


def serve_load(where: str, count: int) -> list[dict[str, Any]]:
    """Serve the store (`storyline serve --store`) and fire `count` concurrent GETs at once
    at the front page, its JSON twin, a search and one story's page: with bench/load.py's
    LeanClient (the measure), then the front page again with httpx's AsyncClient (whose own
    CPU dominates on a small machine). Each burst records the server's and the client's CPU
    seconds, so one can see which side the time went to."""
    import asyncio

    import httpx

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--store", where,
                             "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/stories.json", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the store server did not start within 60 s")
            time.sleep(0.2)
        first = httpx.get(base + "/stories.json", timeout=30).json()["stories"]
        story = next((r["story"] for r in first if r["versions"]), None)
        return asyncio.run(_bursts(base, port, proc.pid, count, story))
    finally:
        proc.terminate()
        proc.wait()


def _cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of a process, or of this one when pid is None."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _timed(pid: int, name: str, count: int, call: Any) -> dict[str, Any]:
    server, client = _cpu(pid), _cpu(None)
    row = await burst(name, count, call)
    row["server_cpu_s"] = round(_cpu(pid) - server, 2)
    row["client_cpu_s"] = round(_cpu(None) - client, 2)
    return row


async def _bursts(base: str, port: int, pid: int, count: int,
                  story: str | None) -> list[dict[str, Any]]:
    import httpx

    lean = LeanClient("127.0.0.1", port)

    async def get(path: str) -> bool:  # the headers a browser sends that matter here
        status, _, body = await lean.get(path, {"Accept-Encoding": "gzip, deflate"})
        return status == 200 and bool(body)

    paths = [("front page", lambda i: "/stories"), ("front page JSON", lambda i: "/stories.json"),
             ("search", lambda i: f"/stories.json?q=a{i % 7}")]
    if story:
        paths.append(("story page", lambda i: f"/stories/{story}"))
    rows = [await _timed(pid, name, count, lambda i, p=path: get(p(i))) for name, path in paths]
    await lean.close()
    limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        async def hget(path: str) -> bool:
            r = await client.get(path)
            return bool(r.status_code == 200)

        rows.append(await _timed(pid, "front page, httpx client", count,
                                 lambda i: hget("/stories")))
    return rows


def write_days(n: int, folder: Path) -> list[tuple[Path, int]]:
    """Write the synthetic stream as one JSONL file per day; return (file, articles) in order."""
    days: dict[str, list[str]] = {}
    for article in synthetic_stream(n):
        record = {"title": article.title, "text": article.text, "published": article.published,
                  "source": f"Outlet {int(article.id, 16) % 40}"}
        days.setdefault(str(article.published), []).append(json.dumps(record))
    out = []
    for day in sorted(days):
        path = folder / f"{day}.jsonl"
        path.write_text("\n".join(days[day]) + "\n", encoding="utf-8")
        out.append((path, len(days[day])))
    return out


def storyline(*args: str, stdout: Any = subprocess.DEVNULL) -> float:
    """Run a storyline command in a fresh process; return its wall time in seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "storyline", *args], check=False, env=env,
                   stdout=stdout, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def split_new(days: list[tuple[Path, int]], total: int) -> int:
    """Index of the first of the last days that together hold about NEW_SHARE of the stream."""
    held, at = 0, len(days)
    while at > 1 and held < NEW_SHARE * total:
        at -= 1
        held += days[at][1]
    return at


def store_groups(where: str) -> set[frozenset[str]]:
    from sqlalchemy import select

    from storyline.store.schema import articles

    engine = open_store(where)
    groups: dict[str, set[str]] = {}
    with engine.connect() as conn:
        for story, article in conn.execute(select(articles.c.story, articles.c.id)):
            groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def run(n: int, batch_days: int, work: Path, briefs: bool) -> dict[str, Any]:
    days = write_days(n, work)
    total = sum(count for _, count in days)
    cut = split_new(days, total)
    old, new = days[:cut], days[cut:]
    where = str(work / "store.db")
    build = 0.0
    for at in range(0, len(old), batch_days):
        build += storyline("add", *(str(p) for p, _ in old[at:at + batch_days]),
                           "--store", where, "--no-briefs", "-q")
    new_paths = [str(p) for p, _ in new]
    add_briefs = None
    if briefs:  # the same day into a copy of the store, its changed stories briefed
        copy = str(work / "copy.db")
        _copy_store(where, copy)
        _as_if_briefed(copy)
        add_briefs = storyline("add", *new_paths, "--store", copy, "-q")
    add_plain = storyline("add", *new_paths, "--store", where, "--no-briefs", "-q")
    again = storyline("add", *new_paths, "--store", where, "--no-briefs", "-q")
    with open(work / "cluster.jsonl", "w") as out:
        recluster = storyline("cluster", *(str(p) for p, _ in days), "-q", stdout=out)
    with open(work / "cluster.jsonl") as lines:
        once = {frozenset(json.loads(line)["articles"]) for line in lines}
    same = store_groups(where) == once
    engine = open_store(where)
    list_stories(engine)  # warm
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        rows = list_stories(engine)
        timings.append(time.perf_counter() - start)
    first_page = []
    for _ in range(5):
        start = time.perf_counter()
        list_stories(engine, limit=50)
        first_page.append(time.perf_counter() - start)
    command = statistics.median(storyline("stories", "--store", where, "--limit", "50")
                                for _ in range(3))
    size = sum(os.path.getsize(p) for p in (where, where + "-wal") if os.path.exists(p))
    served = serve_load(where, LOAD_REQUESTS)
    return {
        "load": served,
        "articles": total, "new_articles": sum(c for _, c in new), "new_days": len(new),
        "stories": len(rows), "build_seconds": build,
        "add_new_day_s": add_plain, "add_new_day_with_briefs_s": add_briefs,
        "second_add_s": again, "cluster_rerun_s": recluster,
        "speedup": recluster / add_plain,
        "speedup_with_briefs": recluster / add_briefs if add_briefs else None,
        "same_stories_as_cluster": same,
        "stories_all_ms": 1000 * statistics.median(timings),
        "stories_first_50_ms": 1000 * statistics.median(first_page),
        "stories_command_ms": 1000 * command,
        "store_bytes": size, "bytes_per_article": size / total,
    }


def _as_if_briefed(where: str) -> None:
    """Mark every story's brief current, as in a store briefed all along (building 16k briefs
    first would take an hour here): the timed add then briefs only the stories it grows."""
    import sqlite3

    with sqlite3.connect(where) as db:
        db.execute("UPDATE stories SET due = 0")


def _copy_store(src: str, dst: str) -> None:
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)  # the documented backup: a consistent copy, WAL included


def table(r: dict[str, Any]) -> str:
    ok = "≥" if r["speedup"] >= TARGETS["speedup"] else "<"
    fast = "<" if r["stories_all_ms"] < TARGETS["stories_ms"] else "≥"
    return "\n".join([
        "| measure | value |", "|---|---|",
        f"| store | {r['articles']:,} synthetic articles, {r['stories']:,} stories "
        f"(built in {r['build_seconds']:.0f} s, batches without briefs) |",
        f"| new day | {r['new_articles']:,} articles ({r['new_days']} days, "
        f"{100 * r['new_articles'] / r['articles']:.1f}%) |",
        f"| `add` new day, no briefs | {r['add_new_day_s']:.2f} s |",
        _briefs_line(r),
        f"| `cluster` re-run over everything | {r['cluster_rerun_s']:.2f} s |",
        f"| speed-up (no briefs) | {r['speedup']:.1f}x ({ok} {TARGETS['speedup']:.0f}x) |",
        f"| second `add` of the same day | {r['second_add_s']:.2f} s, adds 0 |",
        f"| store stories == one `cluster` run | {r['same_stories_as_cluster']} |",
        f"| `stories` query, all rows | {r['stories_all_ms']:.0f} ms ({fast} "
        f"{TARGETS['stories_ms']:.0f} ms) |",
        f"| `stories` query, first 50 | {r['stories_first_50_ms']:.1f} ms |",
        f"| `storyline stories --limit 50` (process) | {r['stories_command_ms']:.0f} ms |",
        f"| store size | {r['store_bytes'] / 1e6:.1f} MB, "
        f"{r['bytes_per_article']:,.0f} bytes per article |",
        *(f"| serve: {x['requests']} concurrent GETs, {x['scenario']} | p50 {x['p50_ms']:.0f} "
          f"ms, p95 {x['p95_ms']:.0f} ms, {x['errors']} errors, {x['req_per_s']:.0f} req/s "
          f"(CPU s: server {x.get('server_cpu_s', '?')}, client {x.get('client_cpu_s', '?')}) |"
          for x in r["load"]),
    ])


COMMAND = "PYTHONPATH=src python bench/store.py --articles 100000 --batch-days 60 --briefs"


def docs_section(r: dict[str, Any]) -> str:
    """The store section of docs/benchmarks.md: the command, the table, how to read the load."""
    return "\n\n".join([
        "## Story store (bench/store.py, issue 18)",
        f"`{COMMAND} --docs` (a 2-core machine shared with other work; the load test serves "
        "the store with `storyline serve --store`, one uvicorn process, on 127.0.0.1).",
        table(r),
        "Each load row is one burst of 200 GETs fired at once, timed from the burst's start "
        "(the first burst also opens the 200 connections). The measure is bench/load.py's "
        "LeanClient, a small keep-alive HTTP/1.1 client on asyncio streams that sends "
        "`Accept-Encoding: gzip, deflate` as browsers do. The last row fires the same burst "
        "from httpx's AsyncClient, as the first version of this benchmark did: on a machine "
        "this small its own CPU (the client column: many times the server's) makes most of "
        "the latency (encode/httpx#3215), so it measures the client rather than the server. "
        "The machine is shared, so a burst's p95 moves from run to run "
        "(bench/store.py --load STORE repeats only the load test).",
    ])


def _briefs_line(r: dict[str, Any]) -> str:
    if r["add_new_day_with_briefs_s"] is None:
        return "| `add` new day, briefs of changed stories | not run (--briefs) |"
    return (f"| `add` new day, briefs of changed stories | {r['add_new_day_with_briefs_s']:.2f} s "
            f"({r['speedup_with_briefs']:.1f}x faster than the re-run, which briefs nothing) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch-days", type=int, default=30)
    parser.add_argument("--briefs", action="store_true",
                        help="also time the new day with its changed stories briefed")
    parser.add_argument("--work", type=Path, help="keep the day files and the store here")
    parser.add_argument("--docs", action="store_true",
                        help="also rewrite the store section of docs/benchmarks.md")
    parser.add_argument("--load", metavar="STORE",
                        help="only serve this existing store and run the load test (prints "
                        "the bursts; writes nothing)")
    args = parser.parse_args()
    if args.load:
        print(json.dumps(serve_load(args.load, LOAD_REQUESTS), indent=2))
        return
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        result = run(args.articles, args.batch_days, args.work, args.briefs)
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = run(args.articles, args.batch_days, Path(folder), args.briefs)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "store.json").write_text(
        json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    if args.docs:
        from docs_section import write_section

        write_section("store", docs_section(result))


if __name__ == "__main__":
    main()
