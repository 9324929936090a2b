"""Load test of `storyline serve` on loopback: many concurrent requests of the seeds' brief.

Starts the web app with uvicorn in a child process on 127.0.0.1 (a free port), then fires
bounded bursts of concurrent requests with httpx and records latency percentiles and errors:

- post-same:  N concurrent POST /briefs of the seeds (identical input: one build, shared)
- page:       N concurrent GET /briefs/{id} (the HTML report)
- json:       N concurrent GET /briefs/{id}.json (the JSON twin)
- post-cold:  M concurrent POST /briefs, each input made distinct so every one is built

Prints a table and writes bench/results/load.json (and the "load" section of
docs/benchmarks.md with --docs). Needs the 'web' extra and the seeds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
RESULTS = ROOT / "bench" / "results" / "load.json"
SERVER = (
    "import sys, uvicorn; sys.path.insert(0, sys.argv[2]);"
    "from storyline.web import create_app;"
    "uvicorn.run(create_app(), host='127.0.0.1', port=int(sys.argv[1]), log_level='warning')"
)


def free_port() -> int:
    """A port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    """Start the app in a child process and wait until it answers."""
    import httpx

    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port), str(ROOT / "src")])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 20 s")


def seed_files(tag: str = "") -> list[tuple[str, tuple[str, bytes]]]:
    """The seeds as multipart file parts; a tag line makes the input (and its brief) distinct."""
    parts = []
    for path in sorted(p for p in SEEDS.iterdir() if p.is_file()):
        data = path.read_bytes()
        if tag:
            data += f"\n\nBench run {tag}.\n".encode()
        parts.append(("files", (path.name, data)))
    return parts


def summary(name: str, latencies: list[float], errors: int, wall: float) -> dict[str, Any]:
    """Percentiles in milliseconds for one burst."""
    ordered = sorted(latencies) or [0.0]
    cuts = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99
    return {
        "scenario": name, "requests": len(latencies) + errors, "errors": errors,
        "p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1), "wall_s": round(wall, 2),
        "req_per_s": round((len(latencies) + errors) / wall, 1) if wall else 0.0,
    }


class LeanClient:
    """A small HTTP/1.1 GET client on asyncio streams with keep-alive connections.

    httpx's AsyncClient spends 10-30x the server's CPU on a burst of 200 concurrent requests
    (encode/httpx#3215: its pool does per-request work over all its connections); on a
    2-core machine that shares the cores with the server it measures mostly itself. This
    client reads a response by its Content-Length (or to the close), nothing more."""

    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def get(self, path: str, headers: dict[str, str] | None = None
                  ) -> tuple[int, dict[str, str], bytes]:
        """GET `path`: (status, lower-cased headers, body)."""
        return await asyncio.wait_for(self._get(path, headers or {}), self.timeout)

    async def _get(self, path: str, headers: dict[str, str]
                   ) -> tuple[int, dict[str, str], bytes]:
        reader, writer = (self.idle.pop() if self.idle
                          else await asyncio.open_connection(self.host, self.port))
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 *(f"{k}: {v}" for k, v in headers.items())]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            status = int(head[0].split()[1])
            got = {k.strip().lower(): v.strip()
                   for k, v in (line.split(":", 1) for line in head[1:] if ":" in line)}
            if "content-length" in got:
                body = await reader.readexactly(int(got["content-length"]))
            else:
                body = await reader.read()
                got["connection"] = "close"
        except BaseException:
            writer.close()
            raise
        if got.get("connection", "").lower() == "close":
            writer.close()
        else:
            self.idle.append((reader, writer))
        return status, got, body

    async def close(self) -> None:
        """Close the kept connections."""
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


async def burst(name: str, count: int, call: Any) -> dict[str, Any]:
    """Run `count` calls at once; a call returns True on the expected status."""
    latencies: list[float] = []
    errors = 0

    async def one(i: int) -> None:
        nonlocal errors
        start = time.perf_counter()
        try:
            ok = await call(i)
        except Exception:  # a timeout or a dropped connection is an error, not a crash
            ok = False
        if ok:
            latencies.append(time.perf_counter() - start)
        else:
            errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(count)))
    return summary(name, latencies, errors, time.perf_counter() - began)


async def run(base: str, count: int, cold: int) -> list[dict[str, Any]]:
    """All scenarios against a running server."""
    import httpx

    limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
    accept = {"accept": "application/json"}
    files = seed_files()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=300) as client:
        # No warm-up: the burst starts cold, so it shows N requests sharing one build.
        rows = [await burst("post-same", count, lambda i: _post(client, files))]
        again = await client.post("/briefs", files=files, headers=accept)
        again.raise_for_status()
        where = again.headers["location"]
        rows.append(await burst("page", count, lambda i: _get(client, where, "text/html")))
        rows.append(await burst("json", count, lambda i: _get(client, where + ".json", "")))
        rows.append(await burst("post-cold", cold,
                                lambda i: _post(client, seed_files(f"cold-{i}"))))
    return rows


async def _post(client: Any, files: list[Any]) -> bool:
    r = await client.post("/briefs", files=files, headers={"accept": "application/json"})
    return bool(r.status_code == 201 and r.json()["summary"])


async def _get(client: Any, path: str, accept: str) -> bool:
    r = await client.get(path, headers={"accept": accept} if accept else {})
    return bool(r.status_code == 200 and len(r.content) > 1000)


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table of the bursts."""
    head = "| scenario | requests | errors | p50 ms | p95 ms | max ms | req/s |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['scenario']} | {r['requests']} | {r['errors']} | {r['p50_ms']} | "
                     f"{r['p95_ms']} | {r['max_ms']} | {r['req_per_s']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the load test and write its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="concurrent requests per burst")
    parser.add_argument("--cold", type=int, default=20, help="concurrent distinct builds")
    parser.add_argument("--docs", action="store_true", help="rewrite docs/benchmarks.md 'load'")
    args = parser.parse_args(argv)
    if not SEEDS.is_dir():
        raise SystemExit(f"seeds not found at {SEEDS}")
    port = free_port()
    proc = start_server(port)
    try:
        rows = asyncio.run(run(f"http://127.0.0.1:{port}", args.requests, args.cold))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    result = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform()},
              "server": "uvicorn, 1 worker, 127.0.0.1", "seeds": len(seed_files()), "rows": rows}
    print(table(rows))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.docs:
        sys.path.insert(0, str(ROOT / "bench"))
        from docs_section import write_section

        write_section("load", "## Web load (bench/load.py)\n\n" + table(rows))
    return 0 if all(r["errors"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
