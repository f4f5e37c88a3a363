"""The maps in a real browser: this tree against the first release (the approach it replaced), in one run.

Run: python -m bench.bench_dashboard [--baseline REV]   (needs chromium + chromium-driver; prints numbers)

The baseline is the first release (commit d7de44c: every rerun builds a folium map with all
geometry inside and sends it over the websocket), unpacked with `git archive` into a
temporary folder and served from the same cache, venv and machine. For each it measures,
in headless Chromium with every host but 127.0.0.1 unresolvable (as offline):
- warm load of the coverage map: request -> shapes drawn (median of 3, after one cold load);
- one check on the check screen: bytes received (websocket + HTTP) and Enter -> place outlined;
- a second visit of the map page: bytes over the network in total;
- server CPU per new map session, and the slowest of 10 browsers opening the map at once
  against 10 opening a trivial page (bench/trivial_app.py) and 10 opening the map alone
  (bench/map_only_server.py: the same map, nothing else on the page), each the median of 3 races
  run in turn (ours, trivial, map alone; three rounds); 20 at once: how many drew;
- server memory after those 51 sessions (one warm-up, three races of ten, one of twenty).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.harness import (
    MAP_UNITS_JS,
    ROOT,
    app_server,
    attribute_in_map,
    chromium,
    cpu_seconds,
    free_port,
    http_bytes,
    map_units,
    network_events,
    rss_mb,
    wait_for_map,
    wait_idle,
    websocket_bytes,
)

FIRST_RELEASE = "d7de44c"
HIGHLIGHT = "path[fill='#ffd400']"  # the checked place's outline, in both versions
QUERY_INPUT = ".st-key-query input"


def unpack(rev: str, into: Path) -> Path:
    """The tree at `rev`, with this tree's vendored Leaflet (not committed in either)."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    vendor = into / "static" / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-r", str(ROOT / "static" / "vendor" / "leaflet"), str(vendor)], check=True)
    return into


def timed(action: Callable[[], object]) -> float:
    start = time.monotonic()
    action()
    return time.monotonic() - start


def load_map(driver, url: str) -> None:
    driver.get(url)
    wait_idle(driver)
    wait_for_map(driver, minimum=370)


def check_once(driver, query: str) -> tuple[float, int]:
    """Type a query and press Enter: seconds until the place is outlined on the map, and bytes received."""
    network_events(driver)  # drain what came before
    before = outline(driver)  # the previous place's outline: a map that is not yet redrawn still shows it
    box = driver.find_element(By.CSS_SELECTOR, QUERY_INPUT)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE, query)
    start = time.monotonic()
    box.send_keys(Keys.ENTER)
    cards = ".st-key-card_cdn"
    WebDriverWait(driver, 120).until(lambda d: any(query in c.text for c in d.find_elements(By.CSS_SELECTOR, cards)))
    WebDriverWait(driver, 120, poll_frequency=0.02).until(
        lambda d: outline(d) not in ("", before) and map_units(d) >= 370
    )
    seconds = time.monotonic() - start
    wait_idle(driver)
    events = network_events(driver)
    return seconds, websocket_bytes(events) + http_bytes(events)


def outline(driver) -> str:
    """The shape of the checked place's outline on the map ("" while there is none)."""
    return attribute_in_map(driver, HIGHLIGHT, "d")


def at_once(port: int, sessions: int, ready: Callable) -> list[float | None]:
    """`sessions` browsers open the page together; seconds each took to be ready (None: not within 180 s)."""
    with contextlib.ExitStack() as stack:
        drivers = [stack.enter_context(chromium()) for _ in range(sessions)]  # browser start-up is not timed
        return _race(drivers, port, ready)


def alternating_races(pages: dict[str, tuple[int, Callable]], rounds: int = 3) -> dict[str, list[float | None]]:
    """Ten browsers at once on each page in turn, `rounds` times; per page, the race whose slowest is the median.

    In turn, so that a drift of the machine's speed (the trivial page took 12 s in one hour and 26 s
    in another) moves every page alike instead of the ratios.
    """
    runs: dict[str, list] = {name: [] for name in pages}
    for _ in range(rounds):
        for name, (port, ready) in pages.items():
            runs[name].append(at_once(port, 10, ready))
    return {name: sorted(r, key=slowest)[len(r) // 2] for name, r in runs.items()}


def _race(drivers: list, port: int, ready: Callable) -> list[float | None]:
    sessions = len(drivers)
    results: list[float | None] = [None] * sessions
    barrier = threading.Barrier(sessions)

    def one(i: int) -> None:
        barrier.wait()
        start = time.monotonic()
        try:
            drivers[i].get(f"http://127.0.0.1:{port}/")
            WebDriverWait(drivers[i], 180, poll_frequency=0.5).until(lambda d: ready(d))
            results[i] = time.monotonic() - start
        except Exception:  # a session that failed to draw is reported as None
            results[i] = None

    threads = [threading.Thread(target=one, args=(i,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


READY_JS = """
if (!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")) { return 0; }
var frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
var doc = frame && frame.contentDocument;
if (!doc) { return 0; }
""" + MAP_UNITS_JS.replace("document.", "doc.")


def map_ready(driver) -> bool:
    """One WebDriver call a poll: the app idle and the map's units drawn (ten browsers poll at once)."""
    return int(driver.execute_script(READY_JS) or 0) >= 370


def trivial_ready(driver) -> bool:
    return bool(driver.execute_script("return document.body.innerText.indexOf('trivial page') >= 0"))


def say(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def measure(root: Path, script: str, floors: dict[str, tuple[int, Callable]]) -> dict:
    """Every figure for one version; its ten-browser races alternate with those of the `floors` pages."""
    port = free_port()
    result: dict = {}
    env = {"COVERAGE_ATLAS_CACHE": str(ROOT / "data" / "cache")}  # one cache for both versions
    with app_server(port, env, script=script, root=root) as server, chromium() as driver:
        url = f"http://127.0.0.1:{port}/"
        load_map(driver, url)  # cold: builds the server's caches, fills the browser's
        result["warm_load_s"] = statistics.median(timed(lambda: load_map(driver, url)) for _ in range(3))
        say(root.name, "warm load", result["warm_load_s"])
        network_events(driver)
        load_map(driver, url)
        events = network_events(driver)
        result["second_visit_bytes"] = websocket_bytes(events) + http_bytes(events)

        driver.get(f"{url}check")
        wait_idle(driver)
        check_once(driver, "深圳")  # warm
        result["check_s"], result["check_bytes"] = check_once(driver, "兰州")
        say(root.name, "check", result["check_s"], result["check_bytes"])

        cpu_before = cpu_seconds(server.pid)
        for _ in range(5):  # a new Streamlit session each time, from a browser that has been here before
            driver.get("about:blank")
            load_map(driver, url)
        result["cpu_per_session_s"] = (cpu_seconds(server.pid) - cpu_before) / 5
        cpu_before = cpu_seconds(server.pid)
        for _ in range(3):
            with chromium() as fresh:  # a browser that never saw the app: Streamlit's own bundles too
                load_map(fresh, url)
        result["cpu_per_first_session_s"] = (cpu_seconds(server.pid) - cpu_before) / 3
        say(root.name, "cpu per session", result["cpu_per_session_s"])

    port = free_port()
    with app_server(port, env, script=script, root=root) as server:
        with chromium() as driver:
            load_map(driver, f"http://127.0.0.1:{port}/")  # warm the server as a running service would be
        races = alternating_races({"ours": (port, map_ready), **floors})
        result["ten"], result["floors"] = races.pop("ours"), races
        say(root.name, "ten", result["ten"], races)
        result["twenty"] = at_once(port, 20, map_ready)
        result["rss_after_races_mb"] = rss_mb(server.pid)
    return result


@contextlib.contextmanager
def floor_pages() -> Iterator[dict[str, tuple[int, Callable]]]:
    """The two floors, served and warmed: a trivial page, and the dashboard's map alone.

    Streamlit serves static files from beside the main script, so bench/static points at the project's
    for the run (local Leaflet, as the dashboard's maps use it).
    """
    link = ROOT / "bench" / "static"
    made = not link.exists()
    if made:
        link.symlink_to(Path("..") / "static")
    env = {"COVERAGE_ATLAS_CACHE": str(ROOT / "data" / "cache")}
    trivial, alone = free_port(), free_port()
    try:
        with (
            app_server(trivial, script="bench/trivial_app.py"),
            app_server(alone, env, script="bench/map_only_server.py"),
        ):
            for port, ready in ((trivial, trivial_ready), (alone, map_ready)):
                with chromium() as driver:
                    driver.get(f"http://127.0.0.1:{port}/")
                    WebDriverWait(driver, 120).until(ready)
            yield {"trivial": (trivial, trivial_ready), "map alone": (alone, map_ready)}
    finally:
        if made:
            link.unlink()


def slowest(times: list[float | None]) -> float:
    return max(t if t is not None else float("inf") for t in times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", default=FIRST_RELEASE, help="git revision of the approach to compare against")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline_root = unpack(args.baseline, Path(folder))
        with floor_pages() as floors:
            ours = measure(ROOT, "server.py", floors)
            before = measure(baseline_root, "app.py", {"trivial": floors["trivial"]})

    def row(label: str, key: str, unit: str, scale: float = 1.0, target: str = "") -> None:
        a, b = ours[key] * scale, before[key] * scale
        print(f"{label:<44} ours {a:9.2f} {unit:<3} first release {b:9.2f} {unit:<3} ({b / a:5.1f}x)  {target}")

    print(f"baseline: {args.baseline} (first release), same machine, cache and browser")
    row("warm load, request -> shapes drawn", "warm_load_s", "s", target="target <= 1.5 s")
    row("one check: bytes received (ws + HTTP)", "check_bytes", "KB", 1e-3, "target <= 150 KB")
    row("one check: Enter -> place outlined", "check_s", "s", target="target <= 0.8 s")
    row("second visit of the map: bytes in total", "second_visit_bytes", "KB", 1e-3, "target <= 400 KB")
    row("server CPU per new map session", "cpu_per_session_s", "s", target="target <= 0.2 s")
    row("  ... from a browser new to the app", "cpu_per_first_session_s", "s")
    ten_ours, ten_before = slowest(ours["ten"]), slowest(before["ten"])
    floor, floor_then = slowest(ours["floors"]["trivial"]), slowest(before["floors"]["trivial"])
    print(
        f"10 sessions at once, slowest:                ours {ten_ours:6.1f} s (trivial page in the same rounds"
        f" {floor:6.1f} s -> {ten_ours / floor:.2f}x, target <= 1.5x);  first release {ten_before:6.1f} s"
        f" (trivial page {floor_then:6.1f} s -> {ten_before / floor_then:.2f}x)"
    )
    alone = slowest(ours["floors"]["map alone"])
    print(
        f"10 sessions at once, slowest: the map alone (no frame, nothing beside it) {alone:6.1f} s -> {alone / floor:.2f}x"
        f" the trivial page; the whole screen {ten_ours / alone:.2f}x the map alone"
    )
    drawn = lambda r: sum(t is not None for t in r["twenty"])  # noqa: E731
    print(
        f"20 sessions at once: drawn                   ours {drawn(ours)}/20, slowest {slowest(ours['twenty']):.1f} s;"
        f"  first release {drawn(before)}/20, slowest {slowest(before['twenty']):.1f} s"
    )
    row("server memory after 51 sessions (RSS)", "rss_after_races_mb", "MB", target="target < 600 MB")


if __name__ == "__main__":
    main()
