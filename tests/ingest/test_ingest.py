"""Tests for the ingest stage: every format, every bad input, ordering, stdin, globs, clusters."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, ROOT, SHARED
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from storyline.errors import InputError, StorylineError
from storyline.ingest import Ingested, decode, ingest, normalize_date, read_bytes, read_clusters
from storyline.ingest import html as html_reader
from storyline.ingest.formats import sniff
from storyline.model import Article, InputRecord, article_id
from storyline.settings import Settings

INGEST = FIXTURES / "ingest"


def fixture(name: str) -> str:
    return str(INGEST / name)


def only_article(result: Ingested) -> Article:
    assert len(result.articles) == 1, result.inputs
    return result.articles[0]


def only_skip(result: Ingested) -> InputRecord:
    assert result.articles == ()
    assert len(result.inputs) == 1, result.inputs
    record = result.inputs[0]
    assert record.status == "skipped"
    assert record.reason
    return record


def write(path: Path, data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def assert_accounted(result: Ingested) -> None:
    """Every article has exactly one "used" record, and every record has a known status."""
    used = [r.origin for r in result.inputs if r.status == "used"]
    assert used == [a.origin for a in result.articles]
    assert {r.status for r in result.inputs} <= {"used", "skipped"}
    for record in result.inputs:
        assert (record.reason == "") == (record.status == "used")


# --- formats -------------------------------------------------------------------------------


def test_plain_text_is_kept_as_is() -> None:
    path = fixture("plain.txt")
    result = ingest([path])
    article = only_article(result)
    assert article.text == Path(path).read_text(encoding="utf-8")
    assert article.origin == path
    assert article.id == article_id(article.text)  # from the text: no URL or user id
    assert (article.title, article.published, article.published_from) == (None, None, None)
    assert result.inputs == (InputRecord(path, "used", ""),)


def test_plain_text_newlines_and_bom_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path / "page.txt", b"\xef\xbb\xbfFirst line.\r\nSecond line.\rThird.\r\n")
    article = only_article(ingest([path]))
    assert article.text == "First line.\nSecond line.\nThird.\n"


def test_cp1252_text_decodes_when_clean(tmp_path: Path) -> None:
    path = write(tmp_path / "old.txt", "The caf\u00e9 reopened \u2014 finally.".encode("cp1252"))
    article = only_article(ingest([path]))
    assert article.text == "The caf\u00e9 reopened \u2014 finally."


def test_utf16_with_bom_decodes(tmp_path: Path) -> None:
    path = write(tmp_path / "notepad.txt", "Council meets on Monday.".encode("utf-16"))
    assert only_article(ingest([path])).text == "Council meets on Monday."


def test_html_metadata_and_body() -> None:
    path = fixture("page.html")
    article = only_article(ingest([path]))
    assert "reopened on Tuesday after eight months of repairs" in article.text
    assert "Deputy Mayor Tomas Reyes" in article.text
    assert "SCRIPT-SHOULD-NOT-APPEAR" not in article.text
    assert "Home" not in article.text.split("\n")  # the nav rail is not the report
    assert article.title == "Harbor bridge reopens"
    assert article.byline == "Mira Okafor"
    assert article.source == "Gullport Gazette"
    assert article.url == "https://gazette.example/news/harbor-bridge"
    assert (article.published, article.published_from) == ("2024-03-05", "metadata")
    assert article.id == article_id(article.text, url=article.url)  # from its URL


def test_html_is_sniffed_without_extension(tmp_path: Path) -> None:
    html = (INGEST / "page.html").read_bytes()
    article = only_article(ingest([write(tmp_path / "download", html)]))
    assert article.title == "Harbor bridge reopens"


def test_html_without_date_metadata_has_no_date(tmp_path: Path) -> None:
    # The body names a date, but only markup counts: ingest never guesses from the text.
    page = (
        "<html><body><article><p>On 3 January 2021 the mill closed after a long dispute "
        "between owners and staff over the new shift pattern.</p></article></body></html>"
    )
    article = only_article(ingest([write(tmp_path / "a.html", page)]))
    assert (article.published, article.published_from) == (None, None)


def test_html_falls_back_to_tag_stripping(tmp_path: Path) -> None:
    page = "<html><head><title>Note</title></head><body><p>Short.</p></body></html>"
    article = only_article(ingest([write(tmp_path / "tiny.html", page)]))
    assert article.text == "Short."
    assert article.title == "Note"


def test_html_deep_nesting_does_not_crash(tmp_path: Path) -> None:
    page = (
        "<html><body>" + "<div>" * 10_000
        + "<p>Deep inside the page the harbor bridge reopened on Tuesday.</p>"
        + "</div>" * 10_000 + "</body></html>"
    )
    article = only_article(ingest([write(tmp_path / "deep.html", page)]))
    assert "harbor bridge reopened on Tuesday" in article.text


def test_html_scripts_only_is_skipped(tmp_path: Path) -> None:
    page = "<html><head><script>document.write('<p>evil</p>')</script></head><body></body></html>"
    record = only_skip(ingest([write(tmp_path / "s.html", page)]))
    assert "no text" in record.reason


def test_html_extractor_errors_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str) -> dict[str, str | None]:
        raise ValueError("document is empty")

    monkeypatch.setattr(html_reader, "_extract_html", boom)
    record = only_skip(ingest([write(tmp_path / "bad.html", "<html><p>x</p></html>")]))
    assert "HTML could not be parsed" in record.reason
    assert "ValueError: document is empty" in record.reason


def test_json_array_fields_and_aliases() -> None:
    path = fixture("articles.json")
    result = ingest([path])
    assert [a.origin for a in result.articles] == [f"{path}[{i}]" for i in range(4)]
    first, second, third, fourth = result.articles
    assert first.title == "Orchard frost hits apple growers"
    assert first.text.startswith("A late frost damaged apple blossoms")
    assert (first.url, first.source) == ("https://valley.example/frost", "Valley Post")
    assert (first.published, first.published_from) == ("2024-04-14", "metadata")
    # body / headline / published_at / source object / author aliases
    assert second.text.startswith("Apple growers in the Dunmore valley")
    assert (second.title, second.source, second.byline) == (
        "Growers seek frost aid", "Dunmore Herald", "Lena Fisk",
    )
    assert second.published == "2024-04-16"  # the date as written, not shifted to UTC
    assert third.text.startswith("The province said")  # content alias
    assert third.published == "2024-04-17"  # "April 17, 2024" via the published alias
    assert (fourth.published, fourth.published_from) == (None, None)  # unreadable date
    assert_accounted(result)


def test_json_single_object() -> None:
    path = fixture("record.json")
    article = only_article(ingest([path]))
    assert article.origin == path
    assert (article.title, article.source, article.published) == (
        "Tram line opens", "Metro Daily", "2024-06-01",
    )


def test_jsonl_origins_are_line_numbers() -> None:
    path = fixture("articles.jsonl")
    result = ingest([path])
    assert [a.origin for a in result.articles] == [f"{path}:1", f"{path}:3"]  # line 2 is blank
    assert result.articles[0].published == "2024-04-20"  # 2024/04/20
    assert result.articles[1].published == "2024-04-20"  # RFC 2822
    assert_accounted(result)


def test_jsonl_bad_line_is_skipped_and_rest_kept(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "Line one reports the vote."}),
        '{"text": "Line two was cut off in the mid',
        json.dumps({"text": "Line three reports the count."}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = ingest([path])
    assert [a.text for a in result.articles] == [
        "Line one reports the vote.", "Line three reports the count.",
    ]
    bad = [r for r in result.inputs if r.status == "skipped"]
    assert len(bad) == 1
    assert bad[0].origin == f"{path}:2"
    assert "line 2" in bad[0].reason
    assert "Unterminated string" in bad[0].reason
    assert_accounted(result)


def test_truncated_json_file_is_skipped_with_error(tmp_path: Path) -> None:
    path = write(tmp_path / "cut.json", '[\n  {"text": "A report that was cut',)
    record = only_skip(ingest([path]))
    assert record.origin == path
    assert "not valid JSON" in record.reason
    assert "line 2" in record.reason


def test_json_record_without_text_is_skipped(tmp_path: Path) -> None:
    records = [{"title": "Headline only"}, {"text": "   "}, {"text": 42}, "just a string"]
    path = write(tmp_path / "recs.json", json.dumps(records))
    result = ingest([path])
    assert result.articles == ()
    reasons = [r.reason for r in result.inputs]
    assert [r.origin for r in result.inputs] == [f"{path}[{i}]" for i in range(4)]
    assert "no text" in reasons[0] and "'text'" in reasons[0]
    assert "no text" in reasons[1]
    assert "not a string" in reasons[2]
    assert "not a JSON object" in reasons[3]


def test_deeply_nested_json_does_not_crash(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.json", "[" * 200_000 + "]" * 200_000)
    record = only_skip(ingest([path]))
    assert "nested too deeply" in record.reason


def test_text_starting_with_bracket_is_not_json(tmp_path: Path) -> None:
    path = write(tmp_path / "note.txt", "[Updated] The ferry timetable changed on Monday.\n")
    assert only_article(ingest([path])).text.startswith("[Updated]")


def test_clusters_in_ingest_become_articles() -> None:
    path = fixture("clusters.jsonl")
    result = ingest([path])
    assert [a.origin for a in result.articles] == [
        f"{path}:1:a1", f"{path}:1:a2", f"{path}:2:b1",
    ]
    first = result.articles[0]
    assert (first.title, first.source, first.published, first.published_from) == (
        "Storm closes port", "Coast News", "2023-11-02", "metadata",
    )
    assert first.text == (
        "A storm closed the port of Brisk on Thursday.\nShips were told to wait offshore."
    )
    assert (result.articles[1].published, result.articles[1].title) == (None, None)
    assert_accounted(result)


def test_multinews_pieces() -> None:
    path = fixture("multinews.txt")
    result = ingest([path])
    assert [a.origin for a in result.articles] == [f"{path}[0]", f"{path}[1]"]
    assert result.articles[0].text.startswith("Volunteers cleaned the Marrow river banks")
    assert result.articles[1].text.endswith("Next year they hope to double that.")
    assert result.inputs[-1] == InputRecord(
        f"{path}[2]", "skipped", "empty article between ||||| separators"
    )


def test_multinews_src_lines_stay_apart(tmp_path: Path) -> None:
    src = (
        "Story one, piece A.NEWLINE_CHARSecond paragraph. ||||| Story one, piece B.\n"
        "Story two, piece A. ||||| Story two, piece B.\n"
    )
    path = write(tmp_path / "val.src", src)
    result = ingest([path])
    assert [a.text for a in result.articles] == [
        "Story one, piece A.\nSecond paragraph.", "Story one, piece B.",
        "Story two, piece A.", "Story two, piece B.",
    ]
    assert result.articles[2].origin == f"{path}:2[0]"


def test_feed_xml_is_skipped_with_reason(tmp_path: Path) -> None:
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    record = only_skip(ingest([write(tmp_path / "feed.xml", feed)]))
    assert "RSS or Atom" in record.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-3-5", "2024-03-05"),
        ("2024-03-05T23:30:00-05:00", "2024-03-05"),
        ("2024-03-05 10:00", "2024-03-05"),
        ("2024/03/05", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("5 Mar 2024", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05"),
        ("Tue, 05 Mar 2024 " + "10" * 200 + ":00:00 GMT", None),  # an hour too big to hold
        ("2024-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20240305, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


@given(st.text(max_size=60))
def test_normalize_date_never_raises(value: str) -> None:
    result = normalize_date(value)
    assert result is None or (len(result) == 10 and result[4] == "-" and result[7] == "-")


def test_two_digit_years_are_not_guessed() -> None:
    assert normalize_date("1 Jan 24 10:00") is None


def test_sniff_uses_content_and_extension() -> None:
    assert sniff('{"text": "x"}', ".txt") == "json"
    assert sniff("<!DOCTYPE html><p>x</p>", ".txt") == "html"
    assert sniff("Just words", ".html") == "html"
    assert sniff("Plain words about <things>", "") == "text"
    assert sniff("a ||||| b", "") == "multinews"


# --- bad inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"  \n\t\r\n", "empty"),
        (b"\xef\xbb\xbf \n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes"),
        (bytes(range(1, 32)) * 20, "mostly non-text"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "cannot decode as UTF-8"),
        (bytes(range(0x80, 0x100)) * 4, "cannot decode as UTF-8"),
    ],
)
def test_bad_bytes_are_skipped(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    record = only_skip(ingest([path]))
    assert record.origin == path
    assert fragment in record.reason


def test_undecodable_reason_names_byte_and_fix() -> None:
    text, reason = decode(b"Caf\x81 \x9d" + b"\xff" * 40)
    assert text is None
    assert "0x81" in reason and "save it as UTF-8" in reason


def test_file_over_max_bytes_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "big.txt", "x" * 2_000)
    opened: list[object] = []
    real_open = open

    def spy_open(file: object, *args: Any, **kwargs: Any) -> Any:
        opened.append(file)
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy_open)
    record = only_skip(ingest([path], Settings(max_bytes=1_000)))
    assert "2,000 bytes" in record.reason
    assert "1,000" in record.reason
    assert "max_bytes" in record.reason
    assert path not in opened  # the size is checked before reading


def test_missing_path_and_empty_glob(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    pattern = str(tmp_path / "*.nothing")
    result = ingest([missing, pattern])
    assert result.articles == ()
    assert [r.origin for r in result.inputs] == [missing, pattern]
    assert "no such file" in result.inputs[0].reason
    assert "no file matches" in result.inputs[1].reason


def test_broken_symlink_and_special_file(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = ingest([str(link), str(fifo)])
    assert result.articles == ()
    assert "cannot read this file" in result.inputs[0].reason
    assert "not a regular file" in result.inputs[1].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "Hidden report.")
    os.chmod(path, 0)
    try:
        record = only_skip(ingest([path]))
    finally:
        os.chmod(path, 0o644)
    assert "cannot read this file" in record.reason


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "The dam held overnight.")
    result = ingest([path, str(tmp_path)])
    assert len(result.articles) == 1
    assert result.inputs[1].status == "skipped"
    assert "already read" in result.inputs[1].reason
    assert result.inputs[2] == InputRecord(
        str(tmp_path), "skipped", "folder holds no articles: all 1 files were skipped"
    )


def test_nothing_raises_on_a_pile_of_bad_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [
        write(tmp_path / "empty.txt", b""),
        write(tmp_path / "bin.dat", b"\x00\x01\x02" * 50),
        write(tmp_path / "cut.jsonl", '{"text": "ok"}\n{"text": '),
        write(tmp_path / "deep.html", "<div>" * 10_000),
        write(tmp_path / "junk.json", "{]"),
        str(tmp_path / "missing"),
        str(tmp_path / "*.none"),
        "-",
    ]
    result = ingest(paths, stdin=io.BytesIO(b""))
    assert [a.text for a in result.articles] == ["ok"]
    origins = {r.origin for r in result.inputs}
    for path in paths:
        assert any(o == path or o.startswith(path + ":") for o in origins), path
    assert_accounted(result)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


@hyp_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from(["", ".txt", ".json", ".html"]))
def test_read_bytes_never_raises(data: bytes, suffix: str) -> None:
    items = list(read_bytes(data, "x", suffix))
    for item in items:
        if isinstance(item, Article):
            assert item.text.strip()
            item.text.encode("utf-8")  # no lone surrogate survives
        else:
            assert item.status == "skipped" and item.reason
    # Ids never depend on where the input was read from.
    again = [i.id for i in read_bytes(data, "elsewhere/y", suffix) if isinstance(i, Article)]
    assert again == [i.id for i in items if isinstance(i, Article)]


# --- paths: folders, globs, stdin, order ---------------------------------------------------


def make_tree(root: Path) -> None:
    write(root / "b.txt", "Report B about the flood.")
    write(root / "a.txt", "Report A about the flood.")
    write(root / "sub" / "c.txt", "Report C about the flood.")
    write(root / "sub" / "deeper" / "d.txt", "Report D about the flood.")
    write(root / ".hidden.txt", "Hidden notes.")
    write(root / ".git" / "e.txt", "Version control internals.")


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    result = ingest([str(tmp_path / "in")])
    names = [Path(a.origin).relative_to(tmp_path / "in").as_posix() for a in result.articles]
    assert names == ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt"]
    assert_accounted(result)


def test_order_is_stable_across_runs_and_trees(tmp_path: Path) -> None:
    make_tree(tmp_path / "one")
    first = ingest([str(tmp_path / "one")])
    assert ingest([str(tmp_path / "one")]) == first
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    second = ingest([str(tmp_path / "two")])
    assert [a.text for a in second.articles] == [a.text for a in first.articles]


def test_empty_folder_and_folder_without_articles(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / ".only-hidden", "x")
    junk = tmp_path / "junk"
    write(junk / "blank.txt", b"")
    write(junk / "image.png", b"\x89PNG\x00\x00")
    result = ingest([str(empty), str(junk)])
    assert result.articles == ()
    assert result.inputs[0] == InputRecord(
        str(empty), "skipped", "folder holds no files (hidden files are ignored)"
    )
    assert [r.origin for r in result.inputs[1:]] == [
        str(junk / "blank.txt"), str(junk / "image.png"), str(junk),
    ]
    assert "all 2 files were skipped" in result.inputs[-1].reason


def test_unlistable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()

    def failing_walk(top: str, onerror: Any = None, **kwargs: Any) -> Any:
        onerror(PermissionError(13, "Permission denied", top))
        return iter(())

    monkeypatch.setattr(os, "walk", failing_walk)
    record = only_skip(ingest([str(folder)]))
    assert record.origin == str(folder)
    assert "cannot list this folder (Permission denied)" in record.reason


def test_glob_is_expanded_and_sorted(tmp_path: Path) -> None:
    make_tree(tmp_path)
    result = ingest([str(tmp_path / "*.txt")])
    assert [Path(a.origin).name for a in result.articles] == ["a.txt", "b.txt"]
    deep = ingest([str(tmp_path / "**" / "*.txt")])
    assert [Path(a.origin).name for a in deep.articles] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert all(r.status == "used" for r in deep.inputs)


def test_glob_matching_folders_reads_them(tmp_path: Path) -> None:
    make_tree(tmp_path)
    result = ingest([str(tmp_path / "su*")])
    assert [Path(a.origin).name for a in result.articles] == ["c.txt", "d.txt"]


def test_stdin_argument_and_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    article = only_article(ingest(["-"], stdin=io.BytesIO(b"Piped report.\r\n")))
    assert (article.origin, article.text) == ("-", "Piped report.\n")

    fake = io.TextIOWrapper(io.BytesIO(b'{"text": "From sys.stdin.", "date": "2024-01-02"}'))
    monkeypatch.setattr(sys, "stdin", fake)
    article = only_article(ingest(["-"]))
    assert (article.text, article.published) == ("From sys.stdin.", "2024-01-02")


def test_stdin_over_limit_and_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    record = only_skip(ingest(["-"], Settings(max_bytes=10), stdin=io.BytesIO(b"y" * 50)))
    assert "standard input" in record.reason and "max_bytes" in record.reason
    monkeypatch.setattr(sys, "stdin", None)
    assert "no standard input" in only_skip(ingest(["-"])).reason


def test_paths_as_a_single_string_and_empty_list() -> None:
    assert len(ingest(fixture("plain.txt")).articles) == 1  # a str is a Sequence[str] too
    assert ingest([]) == Ingested((), ())


def test_mixed_inputs_keep_argument_order(tmp_path: Path) -> None:
    paths = [fixture("record.json"), "-", fixture("plain.txt")]
    result = ingest(paths, stdin=io.BytesIO(b"Middle report."))
    assert [a.origin for a in result.articles] == paths


def test_import_does_not_load_trafilatura() -> None:
    code = "import sys, storyline.ingest.read; print('trafilatura' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


# --- read_clusters -------------------------------------------------------------------------


def test_read_clusters_fixture() -> None:
    path = fixture("clusters.jsonl")
    clusters = list(read_clusters(path))
    assert [c.id for c in clusters] == ["storm-1", "vote-2"]
    storm, vote = clusters
    assert [a.origin for a in storm.articles] == [f"{path}:1:a1", f"{path}:1:a2"]
    assert storm.references == ("A storm shut the port of Brisk for a day.",)
    assert vote.references == (
        "Fairley will build a park.", "The council approved a rail-yard park.",
    )
    assert storm.inputs == tuple(InputRecord(a.origin, "used", "") for a in storm.articles)
    # the same articles, with the same ids, as ingest gives
    assert [a for c in clusters for a in c.articles] == list(ingest([path]).articles)


def test_read_clusters_bad_lines_come_back_empty(tmp_path: Path) -> None:
    good = {"id": "ok", "documents": [{"id": "d", "text": "Fine."}], "summaries": ["Fine."]}
    lines = [
        json.dumps(good),
        "",
        '{"id": "cut", "documents": [{"te',
        json.dumps({"text": "an article, not a cluster"}),
        json.dumps({"id": "nodocs", "documents": []}),
        json.dumps({"id": "halfbad", "documents": [{"id": "e", "text": ""}, {"text": "Kept."}]}),
    ]
    path = write(tmp_path / "c.jsonl", "\n".join(lines).encode() + b"\n\xff\xfe{}\n")
    clusters = list(read_clusters(path))
    assert [c.id for c in clusters] == [
        "ok", f"{path}:3", f"{path}:4", "nodocs", "halfbad", f"{path}:7",
    ]
    assert len(clusters[0].articles) == 1
    cut = clusters[1]
    assert cut.articles == () and cut.inputs[0].status == "skipped"
    assert "line 3" in cut.inputs[0].reason and "not valid JSON" in cut.inputs[0].reason
    assert "not a cluster" in clusters[2].inputs[0].reason
    assert "no documents" in clusters[3].inputs[0].reason
    halfbad = clusters[4]
    assert [a.text for a in halfbad.articles] == ["Kept."]
    assert [(r.origin, r.status) for r in halfbad.inputs] == [
        (f"{path}:6:e", "skipped"), (f"{path}:6:1", "used"),
    ]
    assert "not UTF-8" in clusters[5].inputs[0].reason


def test_read_clusters_long_line_is_skipped(tmp_path: Path) -> None:
    small = {"id": "s", "documents": [{"text": "Tiny."}]}
    big = {"id": "b", "documents": [{"text": "word " * 500}]}
    path = write(tmp_path / "c.jsonl", "\n".join(json.dumps(x) for x in (big, small)) + "\n")
    clusters = list(read_clusters(path, Settings(max_bytes=200)))
    assert [c.id for c in clusters] == [f"{path}:1", "s"]
    assert "max_bytes" in clusters[0].inputs[0].reason


def test_read_clusters_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_clusters(str(tmp_path / "nope.jsonl"))  # raised at the call, before iterating
    with pytest.raises(StorylineError, match="not a file"):
        read_clusters(str(tmp_path))


# --- shared seeds --------------------------------------------------------------------------


def test_shared_seeds_are_all_used() -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"shared seeds not found at {seeds}; this test needs the shared folder")
    result = ingest([str(seeds / "*.txt")])
    assert len(result.articles) == 5
    assert [r.status for r in result.inputs] == ["used"] * 5
    assert [a.origin for a in result.articles] == sorted(a.origin for a in result.articles)
    for article in result.articles:
        assert article.text.strip()
        assert "\r" not in article.text


def test_jsonl_over_max_bytes_is_read_line_by_line(tmp_path: Path) -> None:
    lines = [json.dumps({"title": f"Ferry delay {n}", "text": f"The Kestrel Bay ferry was "
                         f"{n} hours late on Monday, the port said."}) for n in range(40)]
    lines.insert(7, json.dumps({"title": "Huge", "text": "word " * 400}))  # one line too big
    lines.insert(3, "{not json")
    path = tmp_path / "archive.jsonl"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    whole = ingest([str(path)], Settings(max_bytes=1_000_000))
    streamed = ingest([str(path)], Settings(max_bytes=1_000))
    assert path.stat().st_size > 1_000
    by_line = [a for a in whole.articles if a.title != "Huge"]
    assert streamed.articles == tuple(by_line) and len(by_line) == 40  # same ids and origins
    reasons = {r.origin: r.reason for r in streamed.inputs if r.status != "used"}
    assert set(reasons) == {f"{path}:4", f"{path}:9"}
    assert "not valid JSON" in reasons[f"{path}:4"] and "max_bytes" in reasons[f"{path}:9"]


def test_big_file_that_is_not_jsonl_is_still_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "big.json", json.dumps([{"text": "x " * 800}]))
    assert "max_bytes" in only_skip(ingest([path], Settings(max_bytes=1_000))).reason


def test_spark_plans_the_files_ingest_reads(tmp_path: Path) -> None:
    from storyline.spark.partitions import plan_local

    for name in ("a/one.txt", "a/sub/two.txt", "b.txt"):  # three texts: one text is one article
        write(tmp_path / name, f"The Lowmere bridge reopened on Friday, {name} said.")
    for pattern in (str(tmp_path / "*"), str(tmp_path / "**"), str(tmp_path / "a")):
        planned, rejects = plan_local([pattern], Settings())
        read = ingest([pattern]).articles
        assert [s.origin for s in planned] == [a.origin for a in read] and not rejects
