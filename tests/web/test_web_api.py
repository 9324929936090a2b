"""The web API for programs: a JSON body, the words and method options, the OpenAPI brief
schema, and briefs kept on disk so a shared link outlives a restart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the 'web' extra (fastapi) is not installed")
pytest.importorskip("multipart", reason="the 'web' extra (python-multipart) is not installed")

from briefs import COURIER, RADIO, THIRD  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from helpers import ROOT

from storyline.settings import Settings  # noqa: E402
from storyline.web import create_app  # noqa: E402

JSON = {"accept": "application/json"}
HTML = {"accept": "text/html"}
SCHEMA = ROOT / "src" / "storyline" / "schema" / "brief.schema.json"


def client(**settings: object) -> TestClient:
    return TestClient(create_app(Settings().with_(**settings)), raise_server_exceptions=False)


def words_in(brief: dict[str, object]) -> int:
    return sum(len(s["text"].split()) for s in brief["summary"])  # type: ignore[index,union-attr]


def test_json_body_with_records_and_plain_text() -> None:
    body = {"articles": [
        {"title": "Ferry strike ends", "text": COURIER, "url": "https://courier.example/a",
         "source": "Courier", "id": "courier-1"},
        RADIO,
    ], "text": THIRD}
    r = client().post("/briefs", json=body, headers=JSON)
    assert r.status_code == 201, r.text
    brief = r.json()
    assert len(brief["articles"]) == 3
    record = next(a for a in brief["articles"] if a.get("url") == "https://courier.example/a")
    assert record["source"] == "Courier" and record["title"] == "Ferry strike ends"
    origins = [i["origin"] for i in brief["diagnostics"]["inputs"]]
    assert any(o.startswith("articles[0]") for o in origins)
    assert "articles[1]" in origins and "pasted article 1" in origins


def test_a_bad_json_element_is_refused_alone() -> None:
    body = {"articles": [COURIER, RADIO, {"title": "no text here"}, 42]}
    r = client().post("/briefs", json=body, headers=JSON)
    assert r.status_code == 201, r.text
    inputs = r.json()["diagnostics"]["inputs"]
    skipped = [i for i in inputs if i["status"] == "skipped"]
    assert len(skipped) == 2 and all(i["reason"] for i in skipped)
    assert len(inputs) == 4  # nothing vanishes


@pytest.mark.parametrize(("body", "needle"), [
    (b"{not json", "does not parse"),
    (b"[1, 2]", "must be an object"),
    (b'{"articles": "one"}', "must be a list"),
    (b'{"articles": ["x"], "colour": "red"}', "unknown field"),
    (b'{"articles": []}', "nothing to read"),
])
def test_bad_json_bodies_are_422_with_the_reason(body: bytes, needle: str) -> None:
    r = client().post("/briefs", content=body,
                      headers={**JSON, "content-type": "application/json"})
    assert r.status_code == 422 and needle in r.json()["error"]


def test_words_shortens_the_summary_in_form_and_json() -> None:
    c = client()
    text = f"{COURIER}\n---\n{RADIO}\n---\n{THIRD}"
    long = c.post("/briefs", data={"text": text, "words": "200"}, headers=JSON).json()
    short = c.post("/briefs", data={"text": text, "words": "25"}, headers=JSON).json()
    by_json = c.post("/briefs", json={"text": text, "words": 25}, headers=JSON).json()
    assert words_in(short) < words_in(long)
    assert by_json["summary"] == short["summary"]
    assert short["id"] != long["id"] or short["summary"] != long["summary"]


def test_method_picks_the_summarizer() -> None:
    text = f"{COURIER}\n---\n{RADIO}\n---\n{THIRD}"
    r = client().post("/briefs", data={"text": text, "method": "lead"}, headers=JSON)
    assert r.status_code == 201, r.text
    assert r.json()["method"] == "lead"


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("words", "0", "words must be"),
    ("words", "many", "words must be"),
    ("words", "999999", "words must be"),
    ("method", "lexrnk", "did you mean 'lexrank'"),
    ("method", "zzz", "choose one of"),
])
def test_bad_options_are_422(field: str, value: str, needle: str) -> None:
    r = client().post("/briefs", data={"text": COURIER, field: value}, headers=JSON)
    assert r.status_code == 422 and needle in r.json()["error"]


def test_the_form_offers_words_and_method() -> None:
    page = client(words=90).get("/").text
    assert 'name="words"' in page and 'value="90"' in page
    assert 'name="method"' in page and '<option value="lexrank"' in page


def test_openapi_gives_the_brief_schema_and_both_bodies() -> None:
    spec = client().get("/openapi.json").json()
    post = spec["paths"]["/briefs"]["post"]
    assert set(post["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    ref = post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    brief = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    own = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert set(brief["required"]) == set(own["required"])
    assert set(brief["properties"]) == set(own["properties"])
    # Every reference inside resolves within the OpenAPI document.
    text = json.dumps(spec)
    for name in own.get("$defs", {}):
        assert f'"#/components/schemas/{name}"' in text and name in spec["components"]["schemas"]
    assert '"#/$defs/' not in text


def test_briefs_survive_a_restart(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    first = client(serve_briefs_dir=str(folder))
    r = first.post("/briefs", data={"text": f"{COURIER}\n---\n{RADIO}"}, headers=JSON)
    where = r.headers["location"]
    again = client(serve_briefs_dir=str(folder))  # a new app: nothing in memory
    assert again.get(where + ".json").json() == r.json()
    page = again.get(where, headers=HTML)
    assert page.status_code == 200 and r.json()["id"] in page.text
    assert sorted(p.suffix for p in folder.iterdir()) == [".html", ".json"]
    assert client().get(where + ".json").status_code == 404  # memory only: gone


def test_kept_briefs_are_bounded_and_ids_never_name_paths(tmp_path: Path) -> None:
    c = client(serve_briefs_dir=str(tmp_path), serve_keep_briefs=1)
    one = c.post("/briefs", data={"text": COURIER}, headers=JSON).json()["id"]
    two = c.post("/briefs", data={"text": RADIO}, headers=JSON).json()["id"]
    assert len(list(tmp_path.glob("*.json"))) == 1 and (tmp_path / f"{two}.json").exists()
    assert c.get(f"/briefs/{one}.json").status_code == 404
    (tmp_path.parent / "secret.json").write_text("{}")
    for bad in ("..%2Fsecret", "../secret", "SECRET", "a" * 13):
        assert c.get(f"/briefs/{bad}.json").status_code == 404


def test_the_served_page_links_its_json_twin() -> None:
    c = client()
    where = c.post("/briefs", data={"text": f"{COURIER}\n---\n{RADIO}"},
                   headers=JSON).headers["location"]
    page = c.get(where, headers=HTML).text
    brief_id = where.rsplit("/", 1)[1]
    assert f'href="{brief_id}.json"' in page and 'id="copy-link"' in page


def test_serve_keeps_briefs_under_the_state_folder(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    from storyline.cli.serve import default_briefs_dir

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_briefs_dir() == tmp_path / "storyline" / "briefs"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_briefs_dir() == tmp_path / "home" / ".local" / "state" / "storyline" / "briefs"
