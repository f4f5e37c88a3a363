"""A first visit, in a browser that has never seen the app: this tree against another revision, in one run.

Run: python -m bench.bench_first_visit [--baseline REV]   (needs chromium + chromium-driver; prints numbers)

Each load is a new headless Chromium (nothing cached), every host but 127.0.0.1 unresolvable (as
offline). Both versions are served by their own `server.py` from the same cache, venv and machine;
a trivial Streamlit page (bench/trivial_app.py) is the floor. Rows, median of 3 unless said:
- coverage map: request -> shapes drawn;
- a typed check on /check (type 深圳, Enter -> outlined): bytes received, websocket and HTTP apart;
- a map click on /check after it: bytes received;
- `/check?q=深圳` opened cold -> the place outlined and the map zoomed to it;
- ten new browsers opening / at once: the slowest, over the trivial page's slowest (three rounds in turn);
- PDF export of the coverage map (the command's own export_map, timed inside one process per version);
- the license screen: request -> idle.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from bench.bench_dashboard import (
    HIGHLIGHT,
    QUERY_INPUT,
    alternating_races,
    map_ready,
    slowest,
    trivial_ready,
    unpack,
)
from tests.browser.harness import (
    ROOT,
    app_server,
    attribute_in_map,
    chromium,
    click_map_at,
    free_port,
    http_bytes,
    map_zoom,
    network_events,
    wait_for_map,
    wait_idle,
    websocket_bytes,
)

PDF_EXPORT = """
import datetime, time
from geo.boundaries import load_boundaries
from geo.license import load_licenses
from geo.mapdata import map_data
from geo.render.export import export_map
b = load_boundaries(); lic = next(iter(load_licenses(b.units).values())); data = map_data(lic, b)
draw = lambda: export_map(data, list(lic.services), "en", "pdf", datetime.date(2026, 12, 3))
draw()  # warm: fonts, matplotlib
times = []
for _ in range(3):
    start = time.perf_counter(); draw(); times.append(time.perf_counter() - start)
print(sorted(times)[1])
"""


class CountingRelay:
    """A TCP relay in front of the server that counts what the server sends: the bytes on the wire,
    compressed or not (the browser's log gives websocket frames as decoded)."""

    def __init__(self, target_port: int) -> None:
        self.target_port, self.down, self.port = target_port, 0, 0
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait()

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self._loop.run_forever()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, counted: bool) -> None:
        try:
            while data := await reader.read(65536):
                self.down += len(data) if counted else 0
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(self._pipe(reader, upstream_writer, False), self._pipe(upstream_reader, writer, True))


def fresh_load(url: str, ready: Callable) -> float:
    """Seconds from request to `ready` in a browser new to the app (its start-up is not timed)."""
    with chromium() as driver:
        start = time.monotonic()
        driver.get(url)
        WebDriverWait(driver, 120, poll_frequency=0.05).until(ready)
        return time.monotonic() - start


def median_of_3(measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(3))


def idle(driver) -> bool:
    return bool(driver.find_elements(By.CSS_SELECTOR, "[data-testid='stApp'][data-test-script-state='notRunning']"))


def zoomed_to_answer(driver) -> bool:
    return idle(driver) and attribute_in_map(driver, HIGHLIGHT, "d") != "" and (map_zoom(driver) or 0) >= 6


def received(driver) -> tuple[int, int]:
    events = network_events(driver)
    return websocket_bytes(events), http_bytes(events)


def check_bytes(port: int) -> dict[str, tuple[int, int, int]]:
    """A new browser on /check, through a counting relay: a typed check, then a map click; of each, the
    websocket's and HTTP's bytes as the browser decoded them, and the bytes that crossed the wire."""
    relay = CountingRelay(port)
    with chromium() as driver:
        driver.get(f"http://127.0.0.1:{relay.port}/check")
        wait_idle(driver)
        wait_for_map(driver, minimum=370)
        network_events(driver)  # what the screen itself took
        wire = relay.down
        box = driver.find_element(By.CSS_SELECTOR, QUERY_INPUT)
        box.send_keys("深圳")
        box.send_keys(Keys.ENTER)
        WebDriverWait(driver, 120).until(lambda d: attribute_in_map(d, HIGHLIGHT, "d") != "")
        wait_idle(driver)
        typed = (*received(driver), relay.down - wire)
        wire = relay.down
        before = attribute_in_map(driver, HIGHLIGHT, "d")
        click_map_at(driver, 22.55, 114.06)  # 福田, inside the frame the answer zoomed to
        WebDriverWait(driver, 120).until(lambda d: attribute_in_map(d, HIGHLIGHT, "d") not in ("", before))
        wait_idle(driver)
        return {"typed": typed, "click": (*received(driver), relay.down - wire)}


def pdf_seconds(root: Path) -> float:
    env = {"PYTHONPATH": str(root), "COVERAGE_ATLAS_CACHE": str(ROOT / "data" / "cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", PDF_EXPORT], cwd=root, env=env, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def measure(root: Path, port: int) -> dict:
    url = f"http://127.0.0.1:{port}"
    fresh_load(f"{url}/", map_ready)  # warm the server, as a running service would be
    result: dict = {
        "map_s": median_of_3(lambda: fresh_load(f"{url}/", map_ready)),
        "deep_link_s": median_of_3(lambda: fresh_load(f"{url}/check?q=深圳", zoomed_to_answer)),
        "license_s": median_of_3(lambda: fresh_load(f"{url}/license", idle)),
        "bytes": check_bytes(port),
        "pdf_s": pdf_seconds(root),
    }
    print(root.name, result, file=sys.stderr, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default="cd299d6", help="git revision to compare against (today's main)")
    args = parser.parse_args()
    env = {"COVERAGE_ATLAS_CACHE": str(ROOT / "data" / "cache")}
    with tempfile.TemporaryDirectory() as folder:
        baseline_root = unpack(args.baseline, Path(folder))
        ours_port, base_port, trivial_port = free_port(), free_port(), free_port()
        with (
            app_server(ours_port, env, script="server.py"),
            app_server(base_port, env, script="server.py", root=baseline_root),
            app_server(trivial_port, script="bench/trivial_app.py"),
        ):
            trivial_s = median_of_3(lambda: fresh_load(f"http://127.0.0.1:{trivial_port}/", trivial_ready))
            ours, base = measure(ROOT, ours_port), measure(baseline_root, base_port)
            races = alternating_races(
                {
                    "ours": (ours_port, map_ready),
                    "base": (base_port, map_ready),
                    "trivial": (trivial_port, trivial_ready),
                }
            )
    floor = slowest(races["trivial"])

    def row(label: str, a: float, b: float, unit: str, target: str) -> None:
        print(f"{label:<46} this tree {a:7.2f} {unit:<3} {args.baseline} {b:7.2f} {unit:<3} ({b / a:4.1f}x)  {target}")

    print(f"baseline {args.baseline}; trivial page, request -> drawn: {trivial_s:.2f} s (the floor)")
    row("coverage map, request -> drawn (new browser)", ours["map_s"], base["map_s"], "s", "target <= 2.0 s")
    for what, target in (("typed", "target <= 0.15 MB"), ("click", "target <= 0.15 MB")):
        (ws, http, wire), (base_ws, base_http, base_wire) = ours["bytes"][what], base["bytes"][what]
        row(f"{what} check on /check: on the wire", wire / 1e6, base_wire / 1e6, "MB", target)
        row("  websocket, as decoded", ws / 1e6, base_ws / 1e6, "MB", "")
        row("  HTTP (Streamlit's code chunks)", max(http, 1) / 1e6, max(base_http, 1) / 1e6, "MB", "")
    row("/check?q=深圳 cold -> map zoomed", ours["deep_link_s"], base["deep_link_s"], "s", "target <= 2.0 s")
    ten, ten_base = slowest(races["ours"]), slowest(races["base"])
    row("ten new browsers on /, slowest / trivial's", ten / floor, ten_base / floor, "x", "target <= 1.5x")
    print(f"  (slowest of ten: this tree {ten:.1f} s, {args.baseline} {ten_base:.1f} s, trivial page {floor:.1f} s)")
    row("PDF export of the coverage map", ours["pdf_s"], base["pdf_s"], "s", "target <= 2.0 s")
    row("license screen, request -> idle", ours["license_s"], base["license_s"], "s", "target <= 1.5 s")


if __name__ == "__main__":
    main()
