"""Round 2, item 5: other hosts and origins never reach the server; every answer carries the security headers."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

import server
from geo.web_guard import HOSTS_VARIABLE, ORIGINS_VARIABLE, SECURITY_HEADERS, WebGuard, allowed_hosts


async def _page(request):
    return PlainTextResponse("page")


async def _batch(request):
    return JSONResponse({"ok": True})


async def _socket(websocket):
    await websocket.accept()
    await websocket.send_text("hello")
    await websocket.close()


def _client(hosts=None) -> TestClient:
    app = Starlette(
        routes=[Route("/", _page), Route("/api/v1/batch", _batch, methods=["POST"]), WebSocketRoute("/ws", _socket)]
    )
    return TestClient(
        WebGuard(app, hosts if hosts is not None else allowed_hosts("127.0.0.1")), base_url="http://localhost"
    )


def test_the_servers_own_names_are_answered_with_the_security_headers():
    client = _client()
    for host in ("localhost:8501", "127.0.0.1:8501", "[::1]:8501"):
        answer = client.get("/", headers={"host": host})
        assert answer.status_code == 200, host
        for name, value in SECURITY_HEADERS:
            assert answer.headers[name.decode()] == value.decode()


def test_a_foreign_host_header_is_refused_for_pages_and_websockets():
    """A DNS-rebinding page reaches the server under its own name: refused, as JSON."""
    client = _client()
    answer = client.get("/", headers={"host": "attacker.example:8501"})
    assert answer.status_code == 400 and HOSTS_VARIABLE in answer.json()["error"]
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect("/ws", headers={"host": "attacker.example"}) as ws,
    ):
        ws.receive_text()
    with client.websocket_connect("/ws", headers={"host": "localhost"}) as ws:
        assert ws.receive_text() == "hello"


def test_an_intranet_name_is_allowed_by_the_setting(monkeypatch):
    monkeypatch.setenv(HOSTS_VARIABLE, "atlas.intranet, other.intranet")
    assert _client().get("/", headers={"host": "atlas.intranet"}).status_code == 200


def test_a_cross_origin_post_to_the_api_is_refused_and_a_same_origin_one_answered(monkeypatch):
    client = _client()
    hostile = client.post("/api/v1/batch", headers={"origin": "http://attacker.example"})
    assert hostile.status_code == 403 and ORIGINS_VARIABLE in hostile.json()["error"]
    fetch_metadata = client.post("/api/v1/batch", headers={"sec-fetch-site": "cross-site"})
    assert fetch_metadata.status_code == 403
    assert client.post("/api/v1/batch", headers={"origin": "http://localhost:8501"}).status_code == 200
    assert client.post("/api/v1/batch").status_code == 200  # curl and scripts send no Origin
    monkeypatch.setenv(ORIGINS_VARIABLE, "http://crm.intranet")
    assert _client().post("/api/v1/batch", headers={"origin": "http://crm.intranet"}).status_code == 200


def test_the_server_puts_the_guard_in_front_of_everything():
    assert server.PAGE_MIDDLEWARE[0].cls is WebGuard
