"""Two fixes to uvicorn's HTTP connections, which Streamlit's st.App mode serves through.

- Nagle's algorithm stays on for every connection: Streamlit binds the listening socket itself
  with `proto` 0, and asyncio only sets TCP_NODELAY on accepted sockets whose `proto` is TCP
  (uvicorn issue #3149). A response's headers and body go out as two writes, so on a kept-alive
  connection the body waits for the client's delayed ACK: ~44 ms a request instead of ~1 ms.
- A connection that sends half a request is kept forever: uvicorn times out only the wait
  *between* requests. Each request here must have its headers within HEADER_SECONDS of the
  connection (or of the previous answer) and its body within BODY_SECONDS of its headers.

`tune_http_protocol` wraps the protocol class's methods once, before the server accepts a
connection (server.py calls it when uvicorn imports it, which is before it starts listening).
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["BODY_SECONDS", "HEADER_SECONDS", "tune_http_protocol"]


def _seconds(variable: str, default: float) -> float:
    value = os.environ.get(variable, "")
    try:
        return float(value) if float(value) > 0 else default
    except ValueError:
        return default


HEADER_SECONDS = _seconds("COVERAGE_ATLAS_HEADER_SECONDS", 15.0)
BODY_SECONDS = _seconds("COVERAGE_ATLAS_BODY_SECONDS", 300.0)  # a 20 MB upload at ~0.5 Mbit/s


def _no_delay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _arm(protocol: Any, seconds: float, waiting_for: object) -> None:
    """Close the connection unless the client has moved past `waiting_for` within `seconds`."""
    _disarm(protocol)

    def expire() -> None:
        if protocol.conn.their_state is waiting_for and not protocol.transport.is_closing():
            protocol.transport.close()

    protocol._atlas_deadline = (protocol.loop.call_later(seconds, expire), waiting_for)


def _disarm(protocol: Any) -> None:
    armed = getattr(protocol, "_atlas_deadline", None)
    if armed is not None:
        armed[0].cancel()
        protocol._atlas_deadline = None


def _follow(protocol: Any) -> None:
    """After data arrives: the headers' deadline gives way to the body's, which ends with the request."""
    armed = getattr(protocol, "_atlas_deadline", None)
    state = protocol.conn.their_state
    if armed is not None and armed[1] is state:
        return  # still waiting for the same thing: the deadline runs on
    if state is h11.SEND_BODY:
        _arm(protocol, protocol._atlas_body_seconds, h11.SEND_BODY)
    elif state is not h11.IDLE:
        _disarm(protocol)  # request complete (or handed to a websocket): the app has it


def tune_http_protocol(
    protocol: type[H11Protocol] = H11Protocol,
    header_seconds: float = HEADER_SECONDS,
    body_seconds: float = BODY_SECONDS,
) -> None:
    """Give every connection of `protocol` TCP_NODELAY and the two deadlines (once per class)."""
    protocol._atlas_header_seconds = header_seconds  # type: ignore[attr-defined]
    protocol._atlas_body_seconds = body_seconds  # type: ignore[attr-defined]
    if getattr(protocol, "_atlas_tuned", False):
        return
    made, received, complete, lost = (
        protocol.connection_made,
        protocol.data_received,
        protocol.on_response_complete,
        protocol.connection_lost,
    )

    def connection_made(self: Any, transport: asyncio.Transport) -> None:
        made(self, transport)
        _no_delay(transport)
        _arm(self, self._atlas_header_seconds, h11.IDLE)

    def data_received(self: Any, data: bytes) -> None:
        received(self, data)
        _follow(self)

    def on_response_complete(self: Any) -> None:
        complete(self)
        if not self.transport.is_closing():
            _arm(self, self._atlas_header_seconds, h11.IDLE)
            _follow(self)  # a pipelined request may already be in

    def connection_lost(self: Any, exc: Exception | None) -> None:
        _disarm(self)
        lost(self, exc)

    protocol.connection_made = connection_made  # type: ignore[method-assign]
    protocol.data_received = data_received  # type: ignore[method-assign]
    protocol.on_response_complete = on_response_complete  # type: ignore[method-assign]
    protocol.connection_lost = connection_lost  # type: ignore[method-assign]
    protocol._atlas_tuned = True  # type: ignore[attr-defined]
