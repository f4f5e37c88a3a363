"""The server's own route (map geometry served immutable and gzipped, nothing but the built files) and its pages' calm style."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
from pathlib import Path

import pytest
import streamlit
from starlette.requests import Request

import server
from geo.render.layers import layer_files


def get(name: str, **headers: str):
    scope = {
        "type": "http",
        "method": "GET",
        "path": f"/geo/layers/{name}",
        "path_params": {"file": name},
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
    }
    return asyncio.run(server.layer(Request(scope)))


@pytest.fixture(scope="module")
def files(boundaries):
    return layer_files(boundaries)


def test_a_layer_is_sent_gzipped_and_marked_immutable(files):
    name = files.names["prefectures"]
    response = get(name, accept_encoding="gzip, deflate")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.body))["type"] == "FeatureCollection"


def test_a_client_without_gzip_gets_plain_json(files):
    response = get(files.names["dashline"])
    assert "content-encoding" not in response.headers
    assert json.loads(response.body)["features"][0]["properties"] == {"kind": "dashline"}


def test_a_revalidation_is_answered_with_304(files):
    name = files.names["provinces"]
    response = get(name, if_none_match=f'"{name}"')
    assert response.status_code == 304 and not response.body


@pytest.mark.parametrize("name", ["../provenance.json", "full.parquet", "prefectures.json", "index.json"])
def test_only_the_built_layer_files_are_served(name):
    assert get(name).status_code == 404


# --- CalmPlaceholders: Streamlit's page carries CALM_CSS; nothing else changes ---

STREAMLIT_BUNDLES = Path(streamlit.__file__).parent / "static" / "static" / "js"  # the installed frontend


def through_calm(messages: list[dict], method: str = "GET") -> list[dict]:
    """What a client receives when an app answers with `messages` behind the middleware."""
    sent: list[dict] = []

    async def inner(scope, receive, send):
        for message in messages:
            await send(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/", "headers": []}
    asyncio.run(server.CalmPlaceholders(inner)(scope, receive, send))
    return sent


def response(body: bytes, content_type: bytes, *extra: tuple[bytes, bytes], chunks: int = 1) -> list[dict]:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *extra]
    size = -(-len(body) // chunks)
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    bodies = [{"type": "http.response.body", "body": p, "more_body": i < len(parts) - 1} for i, p in enumerate(parts)]
    return [{"type": "http.response.start", "status": 200, "headers": headers}, *bodies]


@pytest.mark.parametrize("chunks", [1, 3])
def test_streamlits_page_carries_the_calm_style_in_its_head(chunks):
    page = server.STREAMLIT_PAGE  # the installed Streamlit's index.html, as it sends it
    sent = through_calm(response(page, b"text/html; charset=utf-8", (b"etag", b'"abc"'), chunks=chunks))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    head = body.split(b"</head>")[0]
    assert head.endswith(server.CALM_TAG) and body.count(b"atlas-calm") == 1
    assert body.replace(server.CALM_TAG, b"") == page  # nothing else in the page changed
    headers = dict(start["headers"])
    assert int(headers[b"content-length"]) == len(body)
    assert b"etag" not in headers  # the old tag described the page without the style


def test_the_style_names_placeholders_this_streamlit_draws():
    """A Streamlit upgrade that renames its placeholders fails here, not silently in the bench."""
    bundles = " ".join(p.read_text(errors="ignore") for p in STREAMLIT_BUNDLES.glob("*.js"))
    testids = re.findall(r'data-testid\^?="(\w+)"', server.CALM_CSS)
    assert sorted(set(testids)) == ["stAppSkeleton", "stSkeleton"]
    for testid in testids:
        assert f"`{testid}`" in bundles  # as the frontend writes its data-testid values
    assert "animation: none" in server.CALM_CSS and "transition" not in server.CALM_CSS  # nothing else stops


def other_answers() -> dict[str, tuple[list[dict], str]]:
    page = server.STREAMLIT_PAGE
    export = page.replace(b"<title>", b"<title>B1-20070275 ")[: len(page)]  # an HTML file as long as the page
    download = (b"content-disposition", b'attachment; filename="B1-20070275-idc-zh.html"')
    return {
        "an HTML export downloaded": (response(export, b"text/html", download), "GET"),
        "a component's frame": (response(b"<html><head></head><body>map</body></html>", b"text/html"), "GET"),
        "the API": (response(b'{"status": "ok"}', b"application/json"), "GET"),
        "the page, compressed": (response(gzip.compress(page), b"text/html", (b"content-encoding", b"gzip")), "GET"),
        "a form sent": (response(page, b"text/html"), "POST"),
    }


@pytest.mark.parametrize("case", list(other_answers()))
def test_other_answers_pass_untouched(case):
    messages, method = other_answers()[case]
    assert through_calm(messages, method) == messages
