"""CLI manners: help with defaults and examples, "did you mean", bare `storyline`, refused flag
combinations, a busy port, the closing tally of batch runs."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from helpers import EXAMPLE, ROOT

from storyline.cli import main


def test_bare_storyline_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "usage: storyline" in out and "brief" in out


def test_a_mistyped_command_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brif", "x.txt"]) == 2
    assert "did you mean 'brief'?" in capsys.readouterr().err


def test_every_command_help_has_examples_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("brief", "cluster", "eval", "serve", "spark"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert "example" in out, command
        if command in ("eval", "serve", "spark"):
            assert "(default:" in out, command


def test_clusters_with_html_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    clusters = str(ROOT / "tests/fixtures/ingest/clusters.jsonl")
    assert main(["brief", "--clusters", clusters, "--format", "html", "-q"]) == 2
    assert "--format html is not available" in capsys.readouterr().err


def test_serve_refuses_a_busy_port(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("uvicorn", reason="the web extra is not installed")
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "serving" not in err


def test_cluster_ends_with_a_tally(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cluster", str(EXAMPLE), "-o", str(tmp_path / "s.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "storyline: 4 articles read, 0 skipped, 1 stories" in err
    assert main(["cluster", str(EXAMPLE), "-q", "-o", str(tmp_path / "s.jsonl")]) == 0
    assert capsys.readouterr().err == ""
