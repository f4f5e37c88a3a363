"""The dashboard's coverage map in a real browser, against the naive map, in one run.

Run: python -m bench.bench_dashboard   (needs chromium + chromium-driver; prints numbers)

For each app: seconds from server start to the map drawn in headless Chromium (any
host but 127.0.0.1 unresolvable, as offline), bytes received over Streamlit's
websocket for that page, and the server's resident memory. The naive app draws
full-precision geometry with folium's CDN scripts (bench/naive_app.py).
"""

from __future__ import annotations

import time

from selenium.common.exceptions import TimeoutException

from bench.browser import (
    app_server,
    chromium,
    free_port,
    map_paths,
    network_events,
    requested_hosts,
    rss_mb,
    wait_for_map,
    wait_idle,
    websocket_bytes,
)

DRAW_TIMEOUT = 90


def measure(script: str) -> dict:
    port = free_port()
    started = time.monotonic()
    with app_server(port, script=script) as server, chromium() as driver:
        driver.get(f"http://127.0.0.1:{port}/")
        try:
            wait_idle(driver, timeout=300)
            paths = wait_for_map(driver, minimum=300, timeout=DRAW_TIMEOUT)
            drawn = time.monotonic() - started
        except (TimeoutError, TimeoutException):
            paths, drawn = map_paths(driver), None
        events = network_events(driver)
        return {
            "drawn_s": drawn,
            "paths": paths,
            "ws_bytes": websocket_bytes(events),
            "rss_mb": rss_mb(server.pid),
            "hosts": sorted(requested_hosts(events)),
        }


def main() -> None:
    ours = measure("app.py")
    naive = measure("bench/naive_app.py")
    drawn = lambda r: f"{r['drawn_s']:6.1f} s" if r["drawn_s"] else f"not drawn in {DRAW_TIMEOUT} s"  # noqa: E731
    print(f"server start -> map drawn:   ours {drawn(ours)}   naive {drawn(naive)}")
    print(f"map paths drawn:             ours {ours['paths']:6d}     naive {naive['paths']}")
    print(
        f"bytes over the websocket:    ours {ours['ws_bytes'] / 1e6:6.1f} MB  naive {naive['ws_bytes'] / 1e6:6.1f} MB"
        f"  ({naive['ws_bytes'] / max(ours['ws_bytes'], 1):,.1f}x)"
    )
    print(
        f"server memory (RSS):         ours {ours['rss_mb']:6.0f} MB  naive {naive['rss_mb']:6.0f} MB"
        f"  ({naive['rss_mb'] / ours['rss_mb']:,.1f}x)"
    )
    print(f"hosts requested:             ours {ours['hosts']}  naive {naive['hosts']}")


if __name__ == "__main__":
    main()
