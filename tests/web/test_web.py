"""The web app: form, JSON twin, limits (413/422), safety headers, no paths from the browser."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi", reason="the 'web' extra (fastapi) is not installed")
pytest.importorskip("multipart", reason="the 'web' extra (python-multipart) is not installed")

from briefs import COURIER, RADIO, THIRD  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from helpers import FIXTURES

from storyline.settings import Settings  # noqa: E402
from storyline.web import clean_name, create_app, split_pasted  # noqa: E402

JSON = {"accept": "application/json"}
HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def client(**settings: object) -> TestClient:
    return TestClient(create_app(Settings().with_(**settings)), raise_server_exceptions=False)


def pasted() -> dict[str, str]:
    return {"text": f"{COURIER}\n---\n{RADIO}\n  ----  \n{THIRD}\n"}


def test_split_pasted_on_dash_lines() -> None:
    pieces = split_pasted(pasted()["text"])
    assert [name for name, _ in pieces] == [f"pasted article {n}" for n in (1, 2, 3)]
    assert pieces[1][1].decode() == RADIO
    assert split_pasted("one - two -- three") == [("pasted article 1", b"one - two -- three")]


@pytest.mark.parametrize(("given", "label"), [
    ("../../etc/passwd", "upload:passwd"),
    ("C:\\Users\\me\\story.html", "upload:story.html"),
    ("a\x00b\nc.txt", "upload:abc.txt"),
    ("", "upload:file-3"),
])
def test_uploaded_names_are_labels_never_paths(given: str, label: str) -> None:
    assert clean_name(given, 3) == label


def test_form_page_and_headers() -> None:
    r = client().get("/")
    assert r.status_code == 200 and 'id="brief-form"' in r.text and "---" in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"


def test_pasted_articles_give_a_brief_with_a_json_twin() -> None:
    c = client()
    r = c.post("/briefs", data=pasted(), headers=JSON)
    assert r.status_code == 201, r.text
    brief = r.json()
    assert len(brief["articles"]) == 3 and brief["summary"]
    where = r.headers["location"]
    assert where == f"/briefs/{brief['id']}"
    twin = c.get(where + ".json")
    assert twin.status_code == 200 and twin.json() == brief
    assert c.get(where, headers=JSON).json() == brief
    page = c.get(where, headers=HTML)
    assert page.headers["content-type"].startswith("text/html")
    assert '<section id="summary"' in page.text and "content-security-policy" in page.headers


def test_browser_form_post_redirects_to_the_page() -> None:
    r = client().post("/briefs", data=pasted(), headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/briefs/")


def test_uploaded_files_are_read_from_memory() -> None:
    files = [("files", ("../../secret/one.txt", COURIER.encode())),
             ("files", ("two.html", f"<html><body><p>{RADIO}</p></body></html>".encode()))]
    r = client().post("/briefs", files=files, headers=JSON)
    assert r.status_code == 201, r.text
    origins = [a["origin"] for a in r.json()["articles"]]
    assert sorted(origins) == ["upload:one.txt", "upload:two.html"]


def test_stream_reports_progress_then_the_page() -> None:
    c = client()
    r = c.post("/briefs/stream", data=pasted())
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert lines[0]["status"] == "reading" and "3 article" in lines[0]["message"]
    assert lines[-1]["status"] == "done"
    assert c.get(lines[-1]["url"], headers=HTML).status_code == 200


def test_upload_over_the_limit_is_413_with_a_message() -> None:
    r = client(max_upload_bytes=200).post("/briefs", data=pasted(), headers=JSON)
    assert r.status_code == 413
    assert "max_upload_bytes" in r.json()["error"]
    page = client(max_upload_bytes=200).post("/briefs", data=pasted(), headers=HTML)
    assert page.status_code == 413 and "max_upload_bytes" in page.text
    assert "Traceback" not in page.text


def test_chunked_upload_over_the_limit_is_413() -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b"--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
        for _ in range(20):
            yield b"a" * 100
        yield b"\r\n--x--\r\n"

    r = client(max_upload_bytes=500).post(
        "/briefs", content=chunks(),
        headers={**JSON, "content-type": "multipart/form-data; boundary=x"})
    assert r.status_code == 413 and "max_upload_bytes" in r.json()["error"]


def test_too_many_articles_is_422() -> None:
    r = client(max_articles=2).post("/briefs", data=pasted(), headers=JSON)
    assert r.status_code == 422
    assert "3 articles" in r.json()["error"] and "max_articles" in r.json()["error"]


@pytest.mark.parametrize("data", [{"text": ""}, {"text": "  \n---\n  "}, {}])
def test_empty_input_is_422(data: dict[str, str]) -> None:
    r = client().post("/briefs", data=data, headers=JSON)
    assert r.status_code == 422 and "nothing to read" in r.json()["error"]


def test_unusable_input_is_422_with_the_reason() -> None:
    files = [("files", ("x.bin", (FIXTURES / "bad" / "binary.bin").read_bytes()))]
    r = client().post("/briefs", files=files, headers=JSON)
    assert r.status_code == 422 and "binary" in r.json()["error"]


def test_not_multipart_is_422_not_a_traceback() -> None:
    r = client().post("/briefs", content=b"{}", headers={**JSON, "content-type": "text/plain"})
    assert r.status_code == 422 and "nothing to read" in r.json()["error"]


def test_unknown_brief_is_404_json_or_html() -> None:
    assert client().get("/briefs/nope.json").status_code == 404
    page = client().get("/briefs/nope", headers=HTML)
    assert page.status_code == 404 and "<!DOCTYPE html>" in page.text


def test_hostile_and_deeply_nested_html_never_crash() -> None:
    deep = "<html><body>" + "<div><span>" * 5000 + "Gales postponed the regatta." + \
        "</span></div>" * 5000 + "</body></html>"
    files = [("files", ("hostile.html", (FIXTURES / "bad" / "hostile.html").read_bytes())),
             ("files", ("deep.html", deep.encode()))]
    c = client()
    r = c.post("/briefs", files=files, headers=JSON)
    assert r.status_code == 201, r.text
    page = c.get(r.headers["location"], headers=HTML).text
    assert page.count("<script") == 1 and "onerror=alert" not in page


def test_openapi_describes_the_api() -> None:
    spec = client().get("/openapi.json").json()
    assert {"/briefs", "/briefs/stream", "/briefs/{brief_id}", "/briefs/{brief_id}.json"} <= set(
        spec["paths"])
    body = spec["paths"]["/briefs"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in body


def test_serve_binds_loopback_by_default() -> None:
    from storyline.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000
