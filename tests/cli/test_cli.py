"""End-to-end: the command on the example story and on bad input (exit codes, no tracebacks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLE, ROOT

from storyline.cli import main

BAD = ROOT / "tests" / "fixtures" / "bad"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "storyline", *args], input=stdin, capture_output=True,
        cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, timeout=120,
    )


def test_example_markdown_has_markers_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["brief", str(EXAMPLE)])
    out = capsys.readouterr().out
    assert code == 0
    assert "## Summary" in out and "## Sources" in out
    assert "[1]" in out and "4. " in out


def test_json_is_valid_against_schema(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from storyline.resources import read_text

    assert main(["brief", str(EXAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    schema = json.loads(
        (ROOT / "src" / "storyline" / "schema" / "brief.schema.json").read_text()
    )
    jsonschema.validate(data, schema)
    assert data["summary"] and all(s["citations"] for s in data["summary"])
    del read_text


def test_bad_inputs_are_reported_and_run_goes_on() -> None:
    proc = run("brief", str(EXAMPLE), str(BAD), "--format", "json")
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    for name in ("empty.txt", "binary.bin", "bad_utf8.txt", "truncated.jsonl:3",
                 "only_boilerplate.txt"):
        assert name in err, name
    data = json.loads(proc.stdout)
    skipped = {r["origin"] for r in data["diagnostics"]["inputs"] if r["status"] == "skipped"}
    assert any(o.endswith("empty.txt") for o in skipped)
    assert all(r["reason"] for r in data["diagnostics"]["inputs"] if r["status"] == "skipped")


@pytest.mark.parametrize("args", [("brief", "tests/fixtures/bad/empty.txt"),
                                  ("brief", "no/such/dir"), ("brief",)])
def test_nothing_usable_exits_2_with_advice(args: tuple[str, ...]) -> None:
    proc = run(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert "Traceback" not in err and err.strip()


def test_oversized_input_is_skipped(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("The harbour was calm today and nobody was hurt at all. " * 500)
    cfg = tmp_path / "s.toml"
    cfg.write_text("max_bytes = 10000\n")  # above every example file, below big.txt
    proc = run("brief", str(big), str(EXAMPLE), "--settings", str(cfg))
    assert proc.returncode == 1
    assert "big.txt" in proc.stderr.decode() and "max_bytes" in proc.stderr.decode()


def test_stdin_and_determinism() -> None:
    text = (EXAMPLE / "01_wire.txt").read_bytes()
    first = run("brief", "-", "--format", "json", stdin=text)
    second = run("brief", "-", "--format", "json", stdin=text)
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == second.stdout and first.stdout


def test_clusters_mode_writes_one_brief_per_line() -> None:
    proc = run("brief", "--clusters", "tests/fixtures/ingest/clusters.jsonl")
    lines = proc.stdout.decode().splitlines()
    assert lines and all(json.loads(line)["summary"] is not None for line in lines)


def test_markdown_sources_link_urls_show_bylines_and_no_absolute_path() -> None:
    from storyline.model import Article, Brief
    from storyline.render import to_markdown

    art = Article(id="a1", origin="/srv/private/wire.jsonl:3", text="Ships wait.",
                  title="Port shut", source="Coast Wire", url="https://coast.example/p",
                  byline="Ana Reyes")
    text = to_markdown(Brief("b", (art,), ()))
    assert "[Port shut](<https://coast.example/p>)" in text and "by Ana Reyes" in text
    assert "/srv/private" not in text and "`wire.jsonl:3`" in text


@pytest.mark.parametrize("command", [("brief", "--format", "json"), ("brief", "--format", "md"),
                                     ("brief", "--format", "html"), ("cluster",),
                                     ("cluster", "--brief")])
def test_absolute_inputs_leave_no_local_path_in_any_output(
        command: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private = tmp_path / "private-desk" / "harbor"
    private.mkdir(parents=True)
    for path in sorted(EXAMPLE.iterdir()):
        (private / path.name).write_bytes(path.read_bytes())
    (private / "empty.txt").write_text("", encoding="utf-8")  # a diagnostic names it too
    main([*command, str(private.resolve()), "-q"])
    out = capsys.readouterr().out
    assert out and "private-desk" not in out and str(tmp_path) not in out
    if command[-1] == "json":
        origins = [a["origin"] for a in json.loads(out)["articles"]]
        assert origins and all(not o.startswith("/") for o in origins)
        assert {o.split(":")[0] for o in origins} <= {p.name for p in private.iterdir()}
