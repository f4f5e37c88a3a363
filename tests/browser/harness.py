"""Drive the real app in headless Chromium: start the server, open screens, wait, measure, screenshot.

Used by the browser test and by bench/bench_dashboard.py. Waits are conditions, never
fixed sleeps: /_stcore/health answers, the app reports `notRunning`, the map frame
holds drawn paths.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]  # the project folder (tests/browser/harness.py)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in seconds (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def isolated(*command: str) -> list[str]:
    """`command` inside a fresh network namespace with loopback only: nothing beyond this machine."""
    inner = "ip link set lo up && exec " + " ".join(command)
    prefix = ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--net", "--map-root-user"]
    return [*prefix, "--", "sh", "-c", inner]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until(predicate, timeout: float, what: str, poll: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)  # polling interval of a condition, not a fixed wait
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def app_server(
    port: int, env: dict | None = None, script: str = "server.py", root: Path = ROOT
) -> Iterator[subprocess.Popen]:
    """`streamlit run <script>` from `root` (this repository) on 127.0.0.1:port until the block ends."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    env = {"PYTHONPATH": str(root), **(env or {})}  # scripts outside the root (bench/) import geo too
    with tempfile.TemporaryFile() as log:  # a pipe nobody reads would stall a chatty server
        process = subprocess.Popen(command, cwd=root, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_until(lambda: _healthy(port) or process.poll() is not None, 120, "the server's health check")
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"streamlit exited: {log.read().decode(errors='replace')[-2000:]}")
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def chromium(width: int = 1600, height: int = 1000) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    quiet = "--disable-background-networking --disable-component-update --disable-sync --no-first-run"
    flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", *quiet.split()]
    flags.append(f"--window-size={width},{height}")
    # any host but this machine is unreachable, as on an intranet without internet
    flags.append("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1")
    for flag in flags:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def wait_idle(driver: webdriver.Chrome, timeout: float = 120) -> None:
    WebDriverWait(driver, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, APP_IDLE))


@contextlib.contextmanager
def map_frame(driver: webdriver.Chrome) -> Iterator[bool]:
    """Inside the first map frame for the block (yields False, staying outside, if there is no map yet)."""
    frames = driver.find_elements(By.CSS_SELECTOR, MAP_FRAME)
    if not frames:
        yield False
        return
    driver.switch_to.frame(frames[0])
    try:
        yield True
    finally:
        driver.switch_to.default_content()


def count_in_map(driver: webdriver.Chrome, selector: str) -> int:
    """How many elements match inside the map frame (0 while there is none, or while it is being replaced)."""
    try:
        with map_frame(driver) as inside:
            return len(driver.find_elements(By.CSS_SELECTOR, selector)) if inside else 0
    except StaleElementReferenceException:
        driver.switch_to.default_content()
        return 0


def attribute_in_map(driver: webdriver.Chrome, selector: str, name: str) -> str:
    """An attribute of the first element matching `selector` inside the map frame ("" if none, or while replaced)."""
    try:
        with map_frame(driver) as inside:
            found = driver.find_elements(By.CSS_SELECTOR, selector) if inside else []
            return (found[0].get_attribute(name) or "") if found else ""
    except StaleElementReferenceException:
        driver.switch_to.default_content()
        return ""


def text_in_map(driver: webdriver.Chrome, selector: str) -> str:
    """Text of the first element matching `selector` inside the map frame ("" if none)."""
    with map_frame(driver) as inside:
        found = driver.find_elements(By.CSS_SELECTOR, selector) if inside else []
        return found[0].text if found else ""


def map_zoom(driver: webdriver.Chrome) -> float | None:
    """The Leaflet zoom of the map frame's main map (None while there is none)."""
    try:
        with map_frame(driver) as inside:
            return driver.execute_script("return window.map ? window.map.getZoom() : null;") if inside else None
    except StaleElementReferenceException:
        driver.switch_to.default_content()
        return None


def click_map_at(driver: webdriver.Chrome, lat: float, lng: float) -> None:
    """A real mouse click on the map where (lat, lng) is drawn.

    The map is scrolled wholly into view first: WebDriver offsets count from the centre of an
    element's visible part, not of the element.
    """
    frame = driver.find_element(By.CSS_SELECTOR, MAP_FRAME)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", frame)
    with map_frame(driver):
        container = driver.find_element(By.CSS_SELECTOR, ".leaflet-container")
        x, y = driver.execute_script(
            "var p = window.map.latLngToContainerPoint([arguments[0], arguments[1]]);return [p.x, p.y];", lat, lng
        )
        size = container.size
        ActionChains(driver).move_to_element_with_offset(
            container, int(x - size["width"] / 2), int(y - size["height"] / 2)
        ).click().perform()


# Units drawn in the main map: as our layers script reports them (a canvas has no elements to count), or, for
# maps folium drew as SVG (the first release), its paths. The inset sits inside the main map: not counted.
MAP_UNITS_JS = """
var c = document.querySelector('.leaflet-container');
if (!c) { return 0; }
if (c.dataset.atlasUnits) { return Number(c.dataset.atlasUnits); }
return c.querySelectorAll('.leaflet-overlay-pane path').length - c.querySelectorAll('.atlas-inset path').length;
"""


def map_units(driver: webdriver.Chrome) -> int:
    """Prefecture-level units drawn in the map frame's main map (0 if none yet)."""
    try:
        with map_frame(driver) as inside:
            return int(driver.execute_script(MAP_UNITS_JS)) if inside else 0
    except StaleElementReferenceException:
        driver.switch_to.default_content()
        return 0


def wait_for_map(driver: webdriver.Chrome, minimum: int = 300, timeout: float = 120) -> int:
    return _wait_until(lambda: (n := map_units(driver)) >= minimum and n, timeout, f"{minimum} units drawn")


def network_events(driver: webdriver.Chrome) -> list[dict]:
    """Chromium's network events since the last call (reading the performance log drains it)."""
    import json

    return [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]


def websocket_bytes(events: list[dict]) -> int:
    """Bytes received over websockets (Streamlit's channel) in these events."""
    total = 0
    for event in events:
        if event.get("method") == "Network.webSocketFrameReceived":
            frame = event["params"]["response"]
            data = frame.get("payloadData", "")
            total += len(data) * 3 // 4 if frame.get("opcode") == 2 else len(data.encode())
    return total


def http_bytes(events: list[dict]) -> int:
    """Bytes received over HTTP in these events, as on the wire (compressed; 0 for the browser's cache)."""
    return int(sum(e["params"]["encodedDataLength"] for e in events if e.get("method") == "Network.loadingFinished"))


def requested_urls(events: list[dict]) -> list[str]:
    """URLs requested over HTTP(S) in these events, in order."""
    return [
        e["params"]["request"]["url"]
        for e in events
        if e.get("method") == "Network.requestWillBeSent"
        and e["params"]["request"]["url"].startswith(("http://", "https://"))
    ]


def requested_hosts(events: list[dict]) -> set[str]:
    """Hosts requested over HTTP(S) in these events."""
    from urllib.parse import urlparse

    return {
        urlparse(e["params"]["request"]["url"]).hostname
        for e in events
        if e.get("method") == "Network.requestWillBeSent"
        and e["params"]["request"]["url"].startswith(("http://", "https://"))
    }
