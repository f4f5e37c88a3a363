"""Connections as `streamlit run server.py` serves them: uvicorn's HTTP protocol on a listening socket
that Streamlit's own binder made (proto 0, the cause of Nagle staying on), with the tuning server.py
applies. Real sockets on 127.0.0.1, no mock."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import uvicorn
from streamlit.web.server.starlette.starlette_server import _bind_socket
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

import server  # noqa: F401  (tunes the protocol as the real server does)
from geo.connections import BODY_SECONDS, HEADER_SECONDS, tune_http_protocol

BODY = b'{"ok": true}'


async def _app(scope, receive, send) -> None:
    assert scope["type"] == "http"
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"12")]})
    await send({"type": "http.response.body", "body": BODY})


@asynccontextmanager
async def served(protocol: type[H11Protocol] = H11Protocol) -> AsyncIterator[tuple[int, ServerState]]:
    """uvicorn's protocol on a socket from Streamlit's binder, as UvicornRunner starts it."""
    config = uvicorn.Config(_app, http="h11", lifespan="off", log_level="critical")
    config.load()
    state = ServerState()
    sock = _bind_socket("127.0.0.1", 0, 16)
    loop = asyncio.get_running_loop()
    listener = await loop.create_server(lambda: protocol(config=config, server_state=state, app_state={}), sock=sock)
    try:
        yield sock.getsockname()[1], state
    finally:
        listener.close()
        for connection in list(state.connections):
            connection.transport.close()


def _server_side_no_delay(state: ServerState) -> list[int]:
    return [
        c.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        for c in state.connections
    ]


async def _ask(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bytes:
    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    head = await reader.readuntil(b"\r\n\r\n")
    return head + await reader.readexactly(len(BODY))


def test_every_connection_has_nagle_off_on_streamlits_own_listening_socket():
    async def run() -> list[int]:
        async with served() as (port, state):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            answers = [await _ask(reader, writer) for _ in range(3)]  # kept alive: the stalled case
            assert all(answer.endswith(BODY) for answer in answers)
            flags = _server_side_no_delay(state)
            writer.close()
            return flags

    assert asyncio.run(run()) == [1]  # was 0: asyncio skips sockets whose proto is 0 (uvicorn#3149)


def test_streamlits_binder_still_leaves_proto_zero():
    """Why the tuning exists; when Streamlit or uvicorn fixes it, this fails and the tuning can go."""
    sock = _bind_socket("127.0.0.1", 0, 1)
    try:
        assert sock.proto == 0
    finally:
        sock.close()


class _Quick(H11Protocol):
    """The same protocol, its deadlines short enough to wait out in a test."""


tune_http_protocol(_Quick, header_seconds=0.5, body_seconds=0.5)


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET / HTTP/1.1\r\nHost: 1", b"POST / HTTP/1.1\r\nHost: 1\r\nContent-Length: 10\r\n\r\n12345"],
    ids=["nothing", "half the headers", "half the body"],
)
def test_a_request_that_stops_arriving_is_closed(sent):
    async def run() -> bytes:
        async with served(_Quick) as (port, _):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(sent)
            received = await asyncio.wait_for(reader.read(), timeout=10)  # b"" once the server closes
            writer.close()
            return received

    assert asyncio.run(run()) == b""  # was: kept open for ever (the 10 s wait ran out)


def test_a_complete_request_is_answered_and_the_deadline_rearmed_for_the_next():
    async def run() -> list[bytes]:
        async with served(_Quick) as (port, _):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            answers = [await _ask(reader, writer)]
            await asyncio.sleep(0.2)  # well within the deadline: the connection stays usable
            answers.append(await _ask(reader, writer))
            answers.append(await asyncio.wait_for(reader.read(), timeout=10))  # then idle: closed
            writer.close()
            return answers

    first, second, after = asyncio.run(run())
    assert first.endswith(BODY) and second.endswith(BODY) and after == b""


def test_the_real_servers_deadlines_allow_slow_clients():
    assert H11Protocol._atlas_header_seconds == HEADER_SECONDS >= 10  # type: ignore[attr-defined]
    assert H11Protocol._atlas_body_seconds == BODY_SECONDS >= 120  # type: ignore[attr-defined]
