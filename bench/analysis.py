"""Analysis benchmark: quotes, speakers, figures, timeline and entities on annotated real stories.

    python bench/analysis.py                 # score, print, write results + the docs section
    python bench/analysis.py --details       # also print every miss and wrong item (article text!)
    python bench/analysis.py --no-write      # print only
    python bench/analysis.py --update-gate   # re-measure the CI analysis gate floors instead

Scores storyline on every story of ../shared/gold/duc2003 (hand-made gold for ten real
multi-source stories, issue 15) with the reference scorer ../shared/gold/score_analysis.py,
loaded from the shared folder (its code is not copied here). Each story is briefed once, in
process, through the public API; the briefs are cached in a temporary folder (or --briefs DIR,
which the reference scorer reads back with its own --briefs). The stories are split into two
halves by a fixed rule (see `halves`) so that rules tuned on one half can be checked on the
other. Set STORYLINE_SHARED to read the shared data from somewhere other than ../shared.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import importlib.util
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # measure this working tree, installed or not

import storyline  # noqa: E402

SHARED = Path(os.environ.get("STORYLINE_SHARED") or ROOT.parent / "shared")
GOLD = SHARED / "gold"
GOLD_DIR = GOLD / "duc2003"
SCORER = GOLD / "score_analysis.py"
RESULTS = ROOT / "bench" / "results"
GROUPS = ("A", "B", "total")
SECTIONS = ("quotes", "figures", "timeline", "entities")

# key -> (label, acceptance target, "min" (at least) or "max" (at most), numerator, denominator).
# Numerator and denominator name summed scorer counts as "section.count"; a denominator of None
# makes the metric a plain count. Targets are issue 15's acceptance.
METRICS: dict[str, tuple[str, float, str, str, str | None]] = {
    "quote_precision": ("quotes precision", 0.98, "min", "quotes.pred_tp", "quotes.pred_5w"),
    "quote_recall": ("quotes recall", 0.98, "min", "quotes.found", "quotes.gold"),
    "speaker_full": ("speakers right (full name)", 0.90, "min",
                     "quotes.speaker_strict", "quotes.found"),
    "figure_mentions": ("key figure mentions found", 0.80, "min",
                        "figures.mentions_found", "figures.gold_mentions"),
    "conflict_recall": ("conflicts + updates found", 0.70, "min",
                        "figures.conflict_hit", "figures.conflict_gold"),
    "conflict_precision": ("conflict + update precision", 0.85, "min",
                           "figures.conflict_tp", "figures.conflict_settled"),
    "agree_precision": ("agreement precision", 0.90, "min",
                        "figures.agree_tp", "figures.agree_settled"),
    "agree_recall": ("agreement recall", 0.60, "min", "figures.agree_hit", "figures.agree_gold"),
    "mixed_groups": ("groups mixing two quantities", 0, "max", "figures.mixed_groups", None),
    "timeline_main": ("timeline main events, right date", 0.95, "min",
                      "timeline.main_found", "timeline.main_events"),
    "timeline_entries": ("dated entries right", 0.97, "min",
                         "timeline.pred_anchored_right", "timeline.pred_anchored"),
    "entity_recall": ("entity variant pairs merged", 0.85, "min",
                      "entities.pairs_merged", "entities.gold_pairs"),
    "entity_precision": ("entity merge precision", 0.95, "min",
                         "entities.pred_pairs_ok", "entities.pred_pairs"),
    "must_not_merged": ("must-not-merge pairs merged", 0, "max",
                        "entities.must_not_violated", None),
}
# Shown beside the targets, not gated: the scorer's lenient and all-events variants.
EXTRA: dict[str, tuple[str, str, str]] = {
    "speaker_lenient": ("speakers right (shares a name word)",
                        "quotes.speaker_lenient", "quotes.found"),
    "figures_found": ("key figures with a mention found", "figures.figures_hit",
                      "figures.gold_figures"),
    "timeline_all": ("timeline all events, right date", "timeline.events_found",
                     "timeline.gold_events"),
}


@lru_cache(maxsize=1)
def load_scorer() -> ModuleType:
    """Import the reference scorer from the shared gold folder, by path."""
    spec = importlib.util.spec_from_file_location("score_analysis", SCORER)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def available() -> bool:
    """Tell whether the gold and its scorer are present."""
    return SCORER.is_file() and any(GOLD_DIR.glob("*.gold.json"))


def story_ids(gold_dir: Path = GOLD_DIR) -> list[str]:
    """Return the ids of the gold stories in `gold_dir`, sorted."""
    return sorted(f.name[: -len(".gold.json")] for f in load_scorer().find_gold(gold_dir))


def halves(ids: list[str]) -> dict[str, str]:
    """Map each story id to half "A" or "B": ids sorted by sha256 of the id, first half is A."""
    order = sorted(ids, key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())
    return {i: "A" if n < len(order) // 2 else "B" for n, i in enumerate(order)}


def build_brief(story: str, gold_dir: Path = GOLD_DIR) -> tuple[dict[str, Any], float]:
    """Brief one story through the public API; return its JSON (as a dict) and the seconds taken.

    Ingested by its bare file name from inside the gold folder (read, never written), so the
    articles' origins read "<ID>.jsonl:n" as the scorer expects.
    """
    settings = storyline.Settings()
    start = time.perf_counter()
    with contextlib.chdir(gold_dir):
        found = storyline.ingest([f"{story}.jsonl"], settings)
    brief = storyline.build_brief(found.articles, found.inputs, settings)
    text = storyline.to_json(brief)
    return json.loads(text), time.perf_counter() - start


def brief_all(ids: list[str], cache: Path, gold_dir: Path = GOLD_DIR) -> dict[str, float]:
    """Brief every story once into `cache`/<ID>.brief.json; return the seconds per story."""
    cache.mkdir(parents=True, exist_ok=True)
    seconds = {}
    for story in ids:
        brief, seconds[story] = build_brief(story, gold_dir)
        (cache / f"{story}.brief.json").write_text(json.dumps(brief, ensure_ascii=False), "utf-8")
    return seconds


def read_gold(story: str, gold_dir: Path = GOLD_DIR) -> tuple[dict[str, Any], list[str]]:
    """Return a story's gold and its raw article texts (line n = article An)."""
    gold = json.loads((gold_dir / f"{story}.gold.json").read_text("utf-8"))
    src = gold_dir / gold.get("file", f"{story}.jsonl")
    raw = [json.loads(line)["text"] for line in src.read_text("utf-8").splitlines() if line]
    return gold, raw


def score_brief(
    story: str, brief: dict[str, Any], gold_dir: Path = GOLD_DIR
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Score one brief with the reference scorer; return its counts per section and its details.

    A figure group with status "update" (a count that moved over time) is scored as a conflict,
    the gold's `conflict` with `kind: update`. Two counts are added to the figures: the groups
    the gold settles (`*_settled`) and `mixed_groups`, see `mixed_groups`.
    """
    scorer = load_scorer()
    gold, raw = read_gold(story, gold_dir)
    brief = dict(brief)
    brief["figures"] = [
        {**f, "status": "conflict"} if f.get("status") == "update" else f
        for f in brief.get("figures") or []
    ]
    cluster = scorer.Cluster(story, gold, raw, brief)
    details: list[str] = []
    counts = {
        "quotes": scorer.score_quotes(cluster, details),
        "figures": scorer.score_figures(cluster, details),
        "timeline": scorer.score_timeline(cluster, details),
        "entities": scorer.score_entities(cluster, details),
    }
    fig = counts["figures"]
    for status in ("conflict", "agree"):
        fig[f"{status}_settled"] = fig[f"{status}_tp"] + fig[f"{status}_fp"]
    fig["mixed_groups"] = mixed_groups(details, gold)
    if cluster.unlocated:
        details.append("  gold strings not found in storyline's article text: "
                       + "; ".join(cluster.unlocated))
    return counts, details


GROUP_LINE = re.compile(r"^\s*(?:IMPURE|FALSE) (?:AGREE|CONFLICT)\b")
GROUP_MENTION = re.compile(r"\bA\d+ \S+ \(([^()]+)\)")


def mixed_groups(details: list[str], gold: dict[str, Any]) -> int:
    """Count the agree/conflict groups the scorer marked wrong that hold two gold quantities.

    Read from the scorer's IMPURE/FALSE lines (each lists its mentions' gold figure ids): a
    group mixes when two of its ids are different figures, neither soft nor a neutral pair. A
    conflict marked wrong only because the gold says its values agree is not counted.
    """
    soft = {f["id"] for f in gold.get("figures", []) if f.get("soft")}
    neutral = {frozenset((p["a"], p["b"])) for p in gold.get("neutral_figure_pairs", [])}
    n = 0
    for line in details:
        if not GROUP_LINE.match(line):
            continue
        ids = sorted({i for i in GROUP_MENTION.findall(line) if i != "-"} - soft)
        n += any(frozenset((a, b)) not in neutral for k, a in enumerate(ids) for b in ids[k + 1:])
    return n


def add_counts(into: dict[str, dict[str, float]], counts: dict[str, dict[str, float]]) -> None:
    """Add one story's numeric counts to a running total, section by section."""
    for section in SECTIONS:
        for key, value in counts[section].items():
            if isinstance(value, (int, float)):
                into.setdefault(section, defaultdict(float))[key] += value


def _count(counts: dict[str, dict[str, float]], path: str) -> float:
    section, key = path.split(".")
    return counts.get(section, {}).get(key, 0)


def metrics(counts: dict[str, dict[str, float]]) -> dict[str, dict[str, Any]]:
    """Return each metric of METRICS and EXTRA: its value (None on 0/0) and its counts."""
    out: dict[str, dict[str, Any]] = {}
    specs = {**{k: (v[3], v[4]) for k, v in METRICS.items()},
             **{k: (v[1], v[2]) for k, v in EXTRA.items()}}
    for key, (num_path, den_path) in specs.items():
        num = int(_count(counts, num_path))
        if den_path is None:
            out[key] = {"value": num, "n": num, "of": None}
            continue
        den = int(_count(counts, den_path))
        out[key] = {"value": round(num / den, 4) if den else None, "n": num, "of": den}
    return out


def kinds(counts: dict[str, dict[str, float]]) -> dict[str, dict[str, Any]]:
    """Return key figure mention recall by kind of figure (the scorer's coarse kinds)."""
    fig = counts.get("figures", {})
    names = sorted(k[5:-5] for k in fig if k.startswith("kind_") and k.endswith("_gold"))
    out = {}
    for kind in names:
        n, of = int(fig.get(f"kind_{kind}_found", 0)), int(fig.get(f"kind_{kind}_gold", 0))
        out[kind] = {"value": round(n / of, 4) if of else None, "n": n, "of": of}
    return out


def score_all(
    briefs: dict[str, dict[str, Any]], gold_dir: Path = GOLD_DIR
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Score every brief; return per-story counts and per-group metrics, and the details."""
    split = halves(sorted(briefs))
    per_story, details = {}, {}
    totals: dict[str, dict[str, dict[str, float]]] = {g: {} for g in GROUPS}
    for story in sorted(briefs):
        counts, details[story] = score_brief(story, briefs[story], gold_dir)
        per_story[story] = counts
        add_counts(totals[split[story]], counts)
        add_counts(totals["total"], counts)
    groups = {g: {"stories": sorted(s for s in split if g in (split[s], "total")),
                  "metrics": metrics(totals[g]), "kinds": kinds(totals[g])} for g in GROUPS}
    return {"stories": per_story, "groups": groups}, details


def measure(gold_dir: Path = GOLD_DIR) -> dict[str, dict[str, Any]]:
    """Brief and score every story in process; return {group: {metric: value}} (for the gate)."""
    briefs = {s: build_brief(s, gold_dir)[0] for s in story_ids(gold_dir)}
    scored, _ = score_all(briefs, gold_dir)
    return {g: {k: m["value"] for k, m in d["metrics"].items() if k in METRICS}
            for g, d in scored["groups"].items()}


def floor3(value: float) -> float:
    """Round down to 3 decimals (a gate floor)."""
    return math.floor(value * 1000 + 1e-6) / 1000


# ----------------------------------------------------------------------------- naive baseline
QUOTE = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{3,}?)[\"\u201d]")
CAPNAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z'\-]+)+")
NUMBER = re.compile(r"(?<![\w.,$-])\d[\d,]*(?:\.\d+)?(?![\w-])")
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
DATE_WORD = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|"
    r"Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)\w*\b"
)


def naive_brief(brief: dict[str, Any]) -> dict[str, Any]:
    """Return a baseline brief made by surface rules on storyline's own article texts.

    Quotes: every span between quotation marks, said by the nearest run of two or more
    capitalised words before it in its article (else none). Figures: every number that is not
    a year, grouped across articles by equal value (an "agree" group when two articles share
    it). Timeline: every sentence naming a weekday, month, today or yesterday, dated with its
    article's publication day. Entities: none.
    """
    quotes, by_value, timeline = [], defaultdict(list), []
    for art in brief.get("articles", []):
        text, aid = art.get("text", ""), art["id"]
        for m in QUOTE.finditer(text):
            names = CAPNAME.findall(text, max(0, m.start() - 400), m.start())
            quotes.append({"text": m.group(1), "speaker": names[-1] if names else None,
                           "citations": [{"article": aid, "start": m.start(1), "end": m.end(1)}]})
        for m in NUMBER.finditer(text):
            value = float(m.group().replace(",", ""))
            if re.fullmatch(r"(19|20)\d\d", m.group()):
                continue
            by_value[value].append({"article": aid, "value": value, "upper": None,
                                    "start": m.start(), "end": m.end(), "text": m.group()})
        day = (art.get("published") or "")[:10]
        for m in SENTENCE.finditer(text):
            if day and DATE_WORD.search(m.group()):
                timeline.append({"date": day, "text": m.group(), "citations": [
                    {"article": aid, "start": m.start(), "end": m.end()}]})
    figures = [{"label": f"{v:g}", "mentions": ms,
                "status": "agree" if len({x["article"] for x in ms}) > 1 else "single"}
               for v, ms in by_value.items()]
    return {"articles": brief.get("articles", []), "quotes": quotes, "figures": figures,
            "timeline": timeline, "entities": []}


# ----------------------------------------------------------------------------- report
SEEDS_TESTS = ("tests/analyze/test_analysis_seeds.py", "tests/pipeline/test_seeds_brief.py")


def seeds_line() -> str:
    """Run the seeds checks (SEEDS_TESTS) with pytest; return its summary line."""
    env = {**os.environ, "STORYLINE_SHARED": str(SHARED),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *SEEDS_TESTS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    lines = [x.strip("= ") for x in proc.stdout.splitlines()
             if re.search(r"\d+ (passed|failed|skipped|error)", x)]
    return lines[-1] if lines else f"pytest exited {proc.returncode}"


def cell(m: dict[str, Any]) -> str:
    """Format one metric: value with its counts, e.g. `0.713 (278/390)`."""
    if m["of"] is None:
        return str(m["n"])
    if m["value"] is None:
        return "– (0/0)"
    return f"{m['value']:.3f} ({m['n']}/{m['of']})"


def meets(key: str, value: float | None) -> bool:
    """Tell whether a metric value meets its acceptance target."""
    _, target, way, _, _ = METRICS[key]
    return value is not None and (value >= target if way == "min" else value <= target)


def target_text(key: str) -> str:
    """Return a metric's acceptance target, e.g. `≥ 0.98` or `= 0`."""
    _, target, way, _, _ = METRICS[key]
    return f"≥ {target:.2f}" if way == "min" else f"= {target}" if target == 0 else f"≤ {target}"


def table(scored: dict[str, Any], naive: dict[str, Any] | None) -> list[str]:
    """Return the markdown table of every metric: target, half A, half B, total, baseline."""
    groups = scored["groups"]
    head = "| metric | target | half A | half B | total | total meets target |"
    lines = [head + (" naive baseline (total) |" if naive else ""),
             "|---|---|---|---|---|---|" + ("---|" if naive else "")]
    for key, (label, *_rest) in {**METRICS, **EXTRA}.items():
        cells = [cell(groups[g]["metrics"][key]) for g in GROUPS]
        ok = ("yes" if meets(key, groups["total"]["metrics"][key]["value"]) else "**no**") \
            if key in METRICS else ""
        row = f"| {label} | {target_text(key) if key in METRICS else ''} | " + " | ".join(cells)
        row += f" | {ok} |"
        if naive:
            row += f" {cell(naive['groups']['total']['metrics'][key])} |"
        lines.append(row)
    return lines


def kinds_table(scored: dict[str, Any]) -> list[str]:
    """Return the markdown table of key figure mentions found by kind, per half and total."""
    groups = scored["groups"]
    names = sorted(groups["total"]["kinds"])
    lines = ["| kind of figure | half A | half B | total |", "|---|---|---|---|"]
    for kind in names:
        cells = [cell(groups[g]["kinds"][kind]) if kind in groups[g]["kinds"] else "–"
                 for g in GROUPS]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return lines


def markdown(payload: dict[str, Any]) -> str:
    """Return the analysis section of docs/benchmarks.md (between the markers)."""
    scored, split = payload["storyline"], payload["halves"]
    secs = payload["brief_seconds"]
    lines = [
        "## Analysis on annotated real stories (issue 15)",
        "",
        f"Measured {payload['date']} by `python bench/analysis.py` (storyline "
        f"{payload['storyline_version']}, Python {payload['python']}). Hand-made gold for "
        f"{len(split['A']) + len(split['B'])} real multi-source newswire stories "
        "(`../shared/gold/duc2003`, AP and NYT 1998, about ten articles each; schema and scoring "
        "rules in `../shared/gold/README.md`), scored with the reference scorer "
        "`../shared/gold/score_analysis.py` on briefs built in process with default settings "
        "(identical to `storyline brief <ID>.jsonl --format json`). Counts are micro-averaged "
        "over the stories of each column; a cell reads value (hits/total).",
        "",
        "Halves, so that a rule tuned on one half is checked on the other: the story ids sorted "
        "by the sha256 hex digest of the id, the first half is A. "
        f"A: {', '.join(split['A'])}; B: {', '.join(split['B'])}. (Not the annotators' sets "
        "`README-A.md` / `README-B.md`: each half mixes both annotators.)",
        "",
        *table(scored, payload.get("naive")),
        "",
        "Speakers are judged among the quotes found; conflict and agreement precision over the "
        "predicted groups the gold settles (unsettled groups left out, as the scorer does); a "
        "group mixes two quantities when the scorer marks it wrong for holding mentions of two "
        "different gold figures (not a neutral pair); a figure group of status `update` would "
        "be scored as a conflict. The naive baseline is surface rules on storyline's own "
        "article texts: each quotation-mark span said by the nearest run of capitalised words "
        "before it, every non-year number grouped across articles by equal value, and every "
        "sentence naming a weekday or month dated with its article's day (no entities); it "
        "shows what the sections add over the obvious rule, not a bar to clear.",
        "",
        "Key figure mentions found, by the scorer's kind of figure:",
        "",
        *kinds_table(scored),
        "",
        f"Brief time per story (ingest + brief + JSON, one run, in process): median "
        f"{statistics.median(secs.values()):.2f} s, max {max(secs.values()):.2f} s, total "
        f"{sum(secs.values()):.1f} s for {len(secs)} stories, on a machine that may be shared.",
    ]
    if payload.get("seeds"):
        lines += ["", "Seeds checks (" + ", ".join(f"`{t}`" for t in SEEDS_TESTS)
                  + f"): {payload['seeds']}."]
    lines += [
        "",
        "CI gate: `tests/analyze/test_analysis_gate.py` holds every metric of both halves and the "
        "total to the floors in `tests/analysis_baseline.json` (raise them with "
        "`python bench/update_gate.py --gate analysis`; lowering one needs `--reason`).",
        "",
        "Reproduce: `python bench/analysis.py` (per story and with every miss listed: "
        "`python3 ../shared/gold/score_analysis.py --storyline .venv/bin/storyline --details`, "
        "which gives the same totals).",
    ]
    return "\n".join(lines)


def print_report(payload: dict[str, Any]) -> None:
    """Print the tables to stdout."""
    print("\n".join(table(payload["storyline"], payload.get("naive"))))
    print()
    print("\n".join(kinds_table(payload["storyline"])))
    secs = payload["brief_seconds"]
    print(f"\nbrief seconds: total {sum(secs.values()):.2f}, "
          + ", ".join(f"{s} {t:.2f}" for s, t in secs.items()))
    if payload.get("seeds"):
        print(f"seeds checks: {payload['seeds']}")


def run(briefs_dir: Path, details: bool, with_naive: bool, with_seeds: bool) -> dict[str, Any]:
    """Brief every story once into `briefs_dir`, score storyline and the baseline."""
    ids = story_ids()
    split = halves(ids)
    seconds = brief_all(ids, briefs_dir)
    briefs = {s: json.loads((briefs_dir / f"{s}.brief.json").read_text("utf-8")) for s in ids}
    scored, det = score_all(briefs)
    if details:
        for story in ids:
            print(f"===== {story} (half {split[story]})")
            print("\n".join(det[story]) or "  (no errors)")
    gold_sha = {s: hashlib.sha256((GOLD_DIR / f"{s}.gold.json").read_bytes()).hexdigest()
                for s in ids}
    payload = {
        "date": datetime.date.today().isoformat(),
        "storyline_version": storyline.__version__,
        "python": platform.python_version(),
        "gold": "../shared/gold/duc2003",
        "gold_sha256": gold_sha,
        "halves_rule": "story ids sorted by sha256(id) hex digest; the first half is A",
        "halves": {h: sorted(s for s in ids if split[s] == h) for h in ("A", "B")},
        "targets": {k: {"target": v[1], "way": v[2]} for k, v in METRICS.items()},
        "brief_seconds": {s: round(t, 3) for s, t in seconds.items()},
        "storyline": scored,
        "command": "python bench/analysis.py",
    }
    if with_naive:
        payload["naive"] = score_all({s: naive_brief(b) for s, b in briefs.items()})[0]
    if with_seeds:
        payload["seeds"] = seeds_line()
    return payload


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true",
                        help="print every miss and wrong item (quotes article text)")
    parser.add_argument("--briefs", type=Path, help="keep the briefs here (default: a temp dir)")
    parser.add_argument("--no-write", action="store_true", help="print only, write nothing")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seeds checks")
    parser.add_argument("--update-gate", action="store_true",
                        help="run bench/update_gate.py --gate analysis instead")
    parser.add_argument("--reason", help="with --update-gate: why a floor may go down")
    args = parser.parse_args(argv)
    if not available():
        print(f"analysis: no gold under {GOLD_DIR} (or no {SCORER.name}); put ../shared beside "
              "the repository or set STORYLINE_SHARED", file=sys.stderr)
        return 2
    if args.update_gate:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import update_gate

        return update_gate.main(["--gate", "analysis"]
                                + (["--reason", args.reason] if args.reason else []))
    with tempfile.TemporaryDirectory(prefix="storyline-analysis-") as tmp:
        payload = run(args.briefs or Path(tmp), args.details, not args.no_baseline,
                      not args.no_seeds)
    print_report(payload)
    if args.no_write:
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from docs_section import DOCS, write_section

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "analysis.json"
    out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    write_section("analysis", markdown(payload))
    print(f"\nwrote {out.relative_to(ROOT)} and the analysis section of {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
