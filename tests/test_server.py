"""The server's own route: map geometry served immutable and gzipped, nothing but the built files."""

from __future__ import annotations

import asyncio
import gzip
import json

import pytest
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
