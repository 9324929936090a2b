"""Summary quality on the four dev sets: storyline vs baselines, sumy peers and an oracle.

    python bench/quality.py                # all sets, all systems; writes results + docs
    python bench/quality.py --quick        # first 20 clusters per set; writes quality-quick.json
    python bench/quality.py --update-gate  # re-measure the CI quality gate floors instead

Every system is scored in the same run, on the same clusters, with the same truncation and
scorer (storyline.evaluate). Writes bench/results/quality.json and rewrites the quality section
of docs/benchmarks.md. Also checks our scorer against MultiLing 2011's published ROUGE.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this working tree, installed or not

from docs_section import DOCS, write_section  # noqa: E402

from storyline.cli.eval import format_table  # noqa: E402
from storyline.errors import StorylineError  # noqa: E402
from storyline.evaluate.harness import SYSTEMS, EvalResult, evaluate, score_peers  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "results"
QUICK_LIMIT = 20
# (folder, title, words, metric): the standard setting of each set (see its README).
SETS = (
    ("multinews", "Multi-News dev", 300, "f"),
    ("duc2003", "DUC 2003 Task 2", 100, "r"),
    ("multiling2011", "MultiLing 2011 English", 250, "f"),
    ("multinews_plus_val", "Multi-News+ validation", 300, "f"),
)


def command(folder: str, words: int, metric: str, limit: int | None) -> str:
    """Return the `storyline eval` command that reproduces one table."""
    cmd = f"storyline eval ../shared/data/{folder}/dev.jsonl --words {words} --metric {metric}"
    cmd += "".join(f" --summaries ../shared/data/{folder}/{p.name}" for p in _peers(folder))
    return cmd + " --systems all" + (f" --limit {limit}" if limit else "")


def _peers(folder: str) -> list[Path]:
    """Return the set's file of published systems' summaries, when it has one (MultiLing)."""
    path = DATA / folder / "peers.jsonl"
    return [path] if path.is_file() else []


def run_sets(limit: int | None) -> dict[str, EvalResult]:
    """Evaluate every system on every set; print each table as it finishes."""
    out = {}
    for folder, title, words, metric in SETS:
        print(f"\n== {title}: {command(folder, words, metric, limit)}", flush=True)
        result = evaluate(DATA / folder / "dev.jsonl", SYSTEMS, words, metric, limit,
                          progress=True, summaries=_peers(folder))
        print(format_table(result), flush=True)
        out[folder] = result
    return out


def official_multiling() -> dict[str, tuple[float, float]]:
    """Read the published ROUGE-1/2 recall of MultiLing 2011 peers from the set's README."""
    text = (DATA / "multiling2011" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (ID\d+)[^|]*\| ([\d.]+) \| ([\d.]+) \|", text, flags=re.M)
    return {name: (float(r1), float(r2)) for name, r1, r2 in rows}


def peers_check() -> dict[str, Any]:
    """Score MultiLing peers our way and compare with the official ROUGE-1.5.5 figures."""
    ours = score_peers(DATA / "multiling2011" / "peers.jsonl", DATA / "multiling2011" / "dev.jsonl")
    official = official_multiling()
    rows = {
        name: {"ours": [round(v, 5) for v in ours[name]], "official": list(official[name])}
        for name in official
    }
    diff = max(abs(ours[n][k] - official[n][k]) for n in official for k in (0, 1))
    print(f"\n== MultiLing 2011 scorer check: max |ours - official| = {diff:.5f}")
    return {"systems": rows, "max_abs_diff": round(diff, 5)}


def markdown(results: dict[str, EvalResult], check: dict[str, Any], limit: int | None) -> str:
    """Return the quality section of docs/benchmarks.md (between the markers)."""
    lines = [
        "## Summary quality (ROUGE)",
        "",
        f"Measured {datetime.date.today().isoformat()} by `python bench/quality.py` "
        f"(Python {platform.python_version()}, {os.cpu_count()} CPUs). Every system's summary is "
        "cut to the same first N whitespace words and scored with rouge-score 0.1.2 (Porter "
        "stemmer, stopwords kept), each measure averaged over the cluster's references, 0-100. "
        "`oracle` is a greedy extractive upper bound that sees the references; `random` a "
        "lower bound. sumy peers (0.13.0, English stemmer and stop words) read the same cleaned "
        "articles. The MultiLing table also scores the 10 systems submitted to the 2011 pilot "
        "from their published summaries (`--summaries`; ID1-ID8 participants, ID9 the "
        "centroid baseline, ID10 a topline that used the references; not timed: ms '—'). "
        "Under each table, storyline's margin over the strongest baseline is tested cluster by "
        "cluster (paired bootstrap interval and sign-flip p-value, `storyline eval`'s own). "
        "ms = median time per cluster of the summary step only (reading and cleaning "
        "excluded); timings come from one run on a machine that may be shared, so compare them "
        "within a table, not across runs. Peak memory of the whole run (process max RSS): "
        f"{_peak(results)}. Raw numbers: `bench/results/quality.json`.",
    ]
    for folder, title, words, metric in SETS:
        lines += _set_table(results[folder], title, command(folder, words, metric, limit))
    lines += _check_table(check)
    return "\n".join(lines)


def _peak(results: dict[str, EvalResult]) -> str:
    peaks = [r.peak_mb for r in results.values() if r.peak_mb is not None]
    return f"{max(peaks):.0f} MB" if peaks else "not available on this OS"


def _set_table(result: EvalResult, title: str, cmd: str) -> list[str]:
    about = result.settings
    lines = [
        "",
        f"### {title}: {about['clusters']} clusters, {about['words']} words, "
        f"ROUGE {about['measure']}",
        "",
        "| system | R-1 | R-2 | R-Lsum | ms median | n |",
        "|---|---|---|---|---|---|",
    ]
    for s in result.systems:
        name = f"**{s.name}**" if s.name == "storyline" else s.name
        lines.append(
            f"| {name} | {s.rouge1:.2f} | {s.rouge2:.2f} | {s.rougeLsum:.2f} "
            f"| {'—' if s.ms_median is None else f'{s.ms_median:.1f}'} | {s.n} |"
        )
    lines += _margin(result)
    empty = about.get("textless", [])
    if empty:  # scored 0 by every system, which pulls every mean down alike
        lines += ["", f"Scored 0 for every system, oracle included ({len(empty)}): "
                  + "; ".join(f"`{note}`" for note in empty) + "."]
    return lines + ["", f"Reproduce: `{cmd}`"]


# Systems that saw the references: an upper bound, not a baseline to beat. ID10 is the
# MultiLing 2011 "topline" (../shared/data/multiling2011/README.md).
TOPLINES = ("oracle", "ID10")


def _margin(result: EvalResult) -> list[str]:
    """Return a line: storyline against the strongest baseline on ROUGE-1 and ROUGE-2."""
    if not result.paired or result.systems[0].name != "storyline":
        return []
    cells = []
    for measure, label in (("rouge1", "R-1"), ("rouge2", "R-2")):
        rivals = [s for s in result.systems[1:] if s.name not in TOPLINES]
        best = max(rivals, key=lambda s: getattr(s, measure))
        d = result.paired[best.name][measure]
        cells.append(f"{label} {d.mean:+.2f} [{d.low:+.2f}, {d.high:+.2f}] against {best.name} "
                     f"(p = {d.p:.4f}; {d.wins} clusters won, {d.ties} tied, {d.losses} lost)")
    return ["", "storyline minus the strongest baseline, cluster by cluster (95% bootstrap "
            "interval, sign-flip p): " + "; ".join(cells) + "."]


def _check_table(check: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "### Scorer check: MultiLing 2011 peers against the official ROUGE-1.5.5 run",
        "",
        "Official flags `-a -x -2 4 -u -c 95 -r 1000 -n 2 -f A -p 0.5 -t 0` (no stemming, no "
        "length limit). Ours: rouge-score without stemmer, recall averaged over the 3 "
        "references, then over topics (`storyline.evaluate.harness.score_peers`). "
        f"Largest difference: {check['max_abs_diff']:.5f}. Also tried once by hand: pooling "
        "hits and counts over references (micro) is within 0.0004 as well; jackknifing "
        "(best of the other references) is off by up to 0.057, so `-f A` here is no jackknife. "
        "rouge-score's tokenizer (lower-case, non-alphanumerics to spaces) already matches "
        "ROUGE-1.5.5's, so no tokenizer of our own is needed.",
        "",
        "| system | R-1 ours | R-1 official | R-2 ours | R-2 official |",
        "|---|---|---|---|---|",
    ]
    for name, row in check["systems"].items():
        (o1, o2), (p1, p2) = row["ours"], row["official"]
        lines.append(f"| {name} | {o1:.5f} | {p1:.5f} | {o2:.5f} | {p2:.5f} |")
    return lines + ["", "Reproduce: `python bench/quality.py` (it runs this check every time)"]


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"first {QUICK_LIMIT} clusters")
    parser.add_argument("--update-gate", action="store_true", help="run bench/update_gate.py")
    parser.add_argument("--reason", help="with --update-gate: why a floor may go down")
    args = parser.parse_args(argv)
    missing = [f for f, *_ in SETS if not (DATA / f / "dev.jsonl").is_file()]
    if missing:
        print(f"quality: missing {', '.join(missing)} under {DATA}; the benchmark needs "
              "../shared/data beside the repository", file=sys.stderr)
        return 2
    if args.update_gate:
        import update_gate

        return update_gate.main(["--gate", "quality"]
                                + (["--reason", args.reason] if args.reason else []))
    try:
        limit = QUICK_LIMIT if args.quick else None
        results = run_sets(limit)
        check = peers_check()
    except StorylineError as exc:
        print(f"quality: error: {exc}", file=sys.stderr)
        return 2
    payload = {
        "quick": args.quick,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "sets": {f: results[f].to_dict() for f in results},
        "commands": {f: command(f, w, m, limit) for f, _, w, m in SETS},
        "multiling_scorer_check": check,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("quality-quick.json" if args.quick else "quality.json")
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}")
    if not args.quick:  # the docs show full runs only
        write_section("quality", markdown(results, check, limit))
        print(f"rewrote the quality section of {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
