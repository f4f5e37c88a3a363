"""One browser session against the real app, meant to run inside a network namespace with only loopback.

    unshare --net -- sh -c 'ip link set lo up && python -m tests.browser.offline_run OUT_DIR'

Starts the server, opens the coverage map and the check screen in headless Chromium,
types a query, and writes OUT_DIR/report.json plus screenshots. tests/test_browser.py
runs it and asserts on the report; bench/bench_dashboard.py reuses the timings.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from geo.i18n import t
from tests.browser.harness import (
    MAP_FRAME,
    app_server,
    attribute_in_map,
    chromium,
    click_map_at,
    count_in_map,
    free_port,
    http_bytes,
    map_frame,
    map_zoom,
    network_events,
    requested_hosts,
    requested_urls,
    rss_mb,
    text_in_map,
    wait_for_map,
    wait_idle,
    websocket_bytes,
)

QUERY_INPUT = ".st-key-query input"
SIZES = ((1600, 1000), (1366, 768), (390, 844), (1920, 1080))  # laptop, small laptop, phone, projector
LAYOUT_JS = """
function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
var legend = document.querySelector('.atlas-legend');
var inset = document.querySelector('.atlas-inset');
return {
  legend: legend ? box(legend) : null,
  inset: inset ? box(inset) : null,
  inset_over_land: inset ? inset.dataset.atlasInsetOverLand : null,
  labels: [].map.call(document.querySelectorAll('.atlas-label'), function (el) {
    return {unit: el.dataset.atlasUnit, text: el.textContent, shown: el.dataset.atlasShown === 'yes', box: box(el)};
  })
};
"""

FOLD_JS = """
function bottom(el) { return el ? el.getBoundingClientRect().bottom : null; }
var line = [].filter.call(document.querySelectorAll('[data-testid=stMarkdownContainer]'), function (el) {
  return el.textContent.indexOf('CDN ✔') >= 0 || el.textContent.indexOf('CDN ✘') >= 0;
})[0];
var badges = ['cdn', 'isp', 'idc', 'vpn'].map(function (s) {  // the card's verdict: the text behind its colour
  var marked = [].filter.call(document.querySelectorAll('.st-key-card_' + s + ' span'), function (el) {
    return /^[✔✘◐]/.test(el.textContent.trim()) && !el.querySelector('span');
  });
  return marked.length ? bottom(marked[0]) : null;
});
var frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
return {viewport: window.innerHeight, line: bottom(line), badges: badges,
        map_top: frame ? frame.getBoundingClientRect().top : null};
"""


def _above_the_fold(driver, port: int, width: int, height: int) -> dict:
    """Where the answer's line, the four verdicts and the map's top edge fall after /check?q=深圳, at one size."""
    driver.set_window_size(width, height)
    driver.get(f"http://127.0.0.1:{port}/check?q=深圳")
    WebDriverWait(driver, 120).until(lambda d: _card_text(d, "vpn"))
    wait_idle(driver)
    time.sleep(0.5)  # the columns settle after the frame is sized (a condition would need Streamlit's internals)
    return driver.execute_script(FOLD_JS)


def _export_pdf(driver, port: int, out: Path) -> dict:
    """One click on the coverage screen's PDF button: the file is drawn and downloaded (no 'make file' first)."""
    folder = out / "downloads"
    folder.mkdir(exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    driver.set_window_size(1600, 1000)
    driver.get(f"http://127.0.0.1:{port}/?lang=en")
    wait_idle(driver)
    driver.find_element(By.CSS_SELECTOR, ".st-key-export_open summary").click()
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".st-key-export_pdf-a4 button"))
    wait_idle(driver)  # the expander's rerun done: its buttons are the final ones

    def click(d) -> bool:  # the page may still move under the pointer for a moment
        try:
            button = d.find_element(By.CSS_SELECTOR, ".st-key-export_pdf-a4 button")
            d.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
            button.click()
            return True
        except (ElementClickInterceptedException, StaleElementReferenceException):
            return False

    started = time.monotonic()
    WebDriverWait(driver, 30, poll_frequency=0.2).until(click)
    pdfs = _wait_until_value(lambda: [p for p in folder.glob("*.pdf") if p.stat().st_size > 0], 90)
    failed = "Failed to generate" in driver.find_element(By.TAG_NAME, "body").text
    return {"files": [p.name for p in pdfs or []], "seconds": time.monotonic() - started, "failed": failed}


def _network_interfaces() -> list[str]:
    return [name for _, name in socket.if_nameindex()]


def _wait_until_value(read, timeout: float = 30):
    """The first non-empty value `read` gives within `timeout` s ("" if none): the inset draws after the map."""
    try:
        return WebDriverWait(None, timeout, poll_frequency=0.1).until(lambda _: read())
    except TimeoutException:
        return ""


def _copy_from(driver, port: int, block: str) -> dict:
    """Click a copy_text block's button as a person would; what it then said, and what the clipboard holds."""
    host = driver.find_element(By.CSS_SELECTOR, block)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", host)
    button = driver.execute_script(
        "return [...arguments[0].querySelectorAll('*')].find(e => e.shadowRoot).shadowRoot.querySelector('button')",
        host,
    )
    button.click()
    WebDriverWait(driver, 10).until(lambda d: button.text != t("copy_text.label", "zh"))
    said = button.text
    permissions = ["clipboardReadWrite", "clipboardSanitizedWrite"]  # only for reading it back here
    driver.execute_cdp_cmd(
        "Browser.grantPermissions", {"origin": f"http://127.0.0.1:{port}", "permissions": permissions}
    )
    held = driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done(String(e)))"
    )
    shown = driver.execute_script(
        "return [...arguments[0].querySelectorAll('*')].find(e => e.shadowRoot).shadowRoot.querySelector('pre').textContent",
        host,
    )
    return {"said": said, "clipboard": held, "shown": shown}


def _element_text(driver, selector: str) -> str:
    found = driver.find_elements(By.CSS_SELECTOR, selector)
    return found[0].text if found else ""


def _card_text(driver, service: str) -> str:
    cards = driver.find_elements(By.CSS_SELECTOR, f".st-key-card_{service}")
    return cards[0].text if cards else ""


def _legend_follows_layers(driver) -> dict:
    """At laptop size: the layer box is open; switching CDN off hides its legend row; the title folds the legend."""
    with map_frame(driver):
        found = {"layers_expanded": bool(driver.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-expanded"))}
        row = driver.find_element(By.CSS_SELECTOR, '.atlas-legend [data-atlas-layer="cdn"]')
        found["cdn_row_before"] = row.is_displayed()
        driver.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-overlays input")[0].click()  # CDN off
        found["cdn_row_after_switch_off"] = row.is_displayed()
        driver.find_element(By.CSS_SELECTOR, ".atlas-legend-title").click()
        found["folded_by_title"] = not driver.find_element(By.CSS_SELECTOR, ".atlas-legend-body").is_displayed()
    return found


def _plain_start(out: Path) -> dict:
    """`streamlit run app.py`, as a hosting service or a Streamlit user starts it: the map must draw too."""
    port = free_port()
    seen: dict = {}
    with app_server(port, script="app.py"), chromium() as driver:
        driver.get(f"http://127.0.0.1:{port}/")
        wait_idle(driver)
        seen["map_paths"] = wait_for_map(driver, minimum=370)
        events = network_events(driver)
        seen["layer_requests"] = [u for u in requested_urls(events) if "/app/static/layers/" in u]
        seen["hosts"] = sorted(requested_hosts(events))
        driver.save_screenshot(str(out / "plain-start-map.png"))
        driver.get(f"http://127.0.0.1:{port}/check?q=深圳")  # a second session's deep link
        WebDriverWait(driver, 120).until(lambda d: _card_text(d, "vpn"))
        seen["deep_link_page_not_found"] = "Page not found" in driver.find_element(By.TAG_NAME, "body").text
        seen["deep_link_map_paths"] = wait_for_map(driver, minimum=370)
    return seen


def run(out: Path, deep_link: str = "深圳", typed: str = "Xi'an") -> dict:
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {"interfaces": _network_interfaces()}
    port = free_port()
    started = time.monotonic()
    with app_server(port) as server, chromium() as driver:
        report["server_ready_s"] = time.monotonic() - started
        # the first request to a cold server is a deep link: it must be answered, framed
        driver.get(f"http://127.0.0.1:{port}/check?q={deep_link}")
        WebDriverWait(driver, 120).until(lambda d: _card_text(d, "vpn"))
        wait_idle(driver)
        report["deep_link_cards"] = {s: _card_text(driver, s) for s in ("cdn", "isp", "idc", "vpn")}
        report["deep_link_has_sidebar"] = bool(driver.find_elements(By.CSS_SELECTOR, ".st-key-lang"))
        report["deep_link_page_not_found"] = "Page not found" in driver.find_element(By.TAG_NAME, "body").text
        _wait_until_value(lambda: attribute_in_map(driver, ".leaflet-container", "data-atlas-fitted"), 60)
        report["deep_link_zoom"] = map_zoom(driver)
        driver.save_screenshot(str(out / "check-deep-link.png"))
        # the map follows the answer: a name nothing matches puts the whole country back, not 深圳's frame
        box = driver.find_element(By.CSS_SELECTOR, QUERY_INPUT)
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.BACKSPACE, "Qwxzv", Keys.ENTER)
        WebDriverWait(driver, 60, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: not _card_text(d, "vpn") and d.find_elements(By.CSS_SELECTOR, "[data-testid=stAlert]")
        )
        wait_idle(driver)
        _wait_until_value(lambda: (map_zoom(driver) or 99) < 6, 30)
        report["not_found_zoom"] = map_zoom(driver)
        # an ambiguous name frames its candidates, numbered as in the list beside the map
        box = driver.find_element(By.CSS_SELECTOR, QUERY_INPUT)
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.BACKSPACE, "鼓楼区", Keys.ENTER)
        WebDriverWait(driver, 60, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".st-key-candidate")
        )
        wait_idle(driver)
        _wait_until_value(lambda: count_in_map(driver, ".atlas-candidate") >= 2, 30)
        report["ambiguous_labels"] = count_in_map(driver, ".atlas-candidate")
        report["ambiguous_choices"] = len(driver.find_elements(By.CSS_SELECTOR, ".st-key-candidate input[type=radio]"))
        driver.save_screenshot(str(out / "check-ambiguous.png"))
        report["fold"] = {f"{w}x{h}": _above_the_fold(driver, port, w, h) for w, h in ((1366, 768), (390, 844))}
        driver.save_screenshot(str(out / "check-phone.png"))
        driver.set_window_size(1600, 1000)
        hosts = requested_hosts(network_events(driver))

        driver.get(f"http://127.0.0.1:{port}/")
        wait_idle(driver)
        report["map_paths"] = wait_for_map(driver, minimum=370)
        report["map_drawn_s"] = time.monotonic() - started
        report["server_rss_mb"] = rss_mb(server.pid)
        report["calm_style_parent"] = driver.execute_script(
            "var s = document.getElementById('atlas-calm'); return s ? s.parentNode.tagName : '';"
        )
        driver.save_screenshot(str(out / "coverage-map.png"))
        events = network_events(driver)
        hosts |= requested_hosts(events)
        report["layer_requests"] = [u for u in requested_urls(events) if "/geo/layers/" in u]
        report["legend_and_layers"] = _legend_follows_layers(driver)
        # the matrix is drawn when its expander is opened: until then the page loads no table code
        report["table_code_before_open"] = [u for u in requested_urls(events) if "/DataFrame." in u]
        driver.find_element(By.CSS_SELECTOR, ".st-key-matrix_open summary").click()
        matrix = WebDriverWait(driver, 60).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".st-key-matrix_open [data-testid=stDataFrame]")
        )
        report["matrix_opened"] = matrix[0].is_displayed()
        hosts |= requested_hosts(network_events(driver))
        driver.set_window_size(390, 844)  # a phone: the layer box and the legend start folded
        driver.get(f"http://127.0.0.1:{port}/")
        wait_idle(driver)
        wait_for_map(driver, minimum=370)
        with map_frame(driver):
            report["phone_layers_expanded"] = bool(
                driver.find_elements(By.CSS_SELECTOR, ".leaflet-control-layers-expanded")
            )
            legend = driver.find_element(By.CSS_SELECTOR, ".atlas-legend")
            report["phone_legend_folded"] = "atlas-collapsed" in legend.get_attribute("class")
        driver.save_screenshot(str(out / "coverage-map-phone.png"))
        driver.set_window_size(1600, 1000)

        driver.get(f"http://127.0.0.1:{port}/check")
        wait_idle(driver)
        wait_for_map(driver, minimum=370)
        hosts |= requested_hosts(network_events(driver))  # drain: what follows is the first check's traffic
        box = WebDriverWait(driver, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, QUERY_INPUT))
        box.send_keys(typed, Keys.ENTER)
        WebDriverWait(driver, 120).until(lambda d: _card_text(d, "vpn"))
        wait_idle(driver)
        report["cards"] = {s: _card_text(driver, s) for s in ("cdn", "isp", "idc", "vpn")}
        report["check_map_paths"] = wait_for_map(driver, minimum=370)
        report["url"] = driver.current_url
        driver.save_screenshot(str(out / "check.png"))
        events = network_events(driver)
        report["first_check_websocket_bytes"] = websocket_bytes(events)
        kept = ("/geo/layers/", "/static/layers/", "st_folium", "atlas_map.js", "leaflet.js")  # the map's own files
        report["first_check_map_requests"] = [u for u in requested_urls(events) if any(k in u for k in kept)]
        report["first_check_http_bytes"] = http_bytes(events)
        report["first_check_code_chunks"] = [u.rsplit("/", 1)[-1] for u in requested_urls(events) if "/static/js/" in u]
        hosts |= requested_hosts(events)
        report["copied_link"] = _copy_from(driver, port, ".st-key-share_link_text")

        # a second check: only the small highlight group should travel, never the geometry again
        box = driver.find_element(By.CSS_SELECTOR, QUERY_INPUT)
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.BACKSPACE, "兰州", Keys.ENTER)
        WebDriverWait(driver, 120).until(lambda d: "兰州" in _element_text(d, ".st-key-recognised"))
        wait_idle(driver)
        report["recheck_map_paths"] = wait_for_map(driver, minimum=370)
        inset = count_in_map(driver, ".atlas-inset .leaflet-overlay-pane path")
        report["recheck_highlight_paths"] = count_in_map(driver, ".leaflet-overlay-pane path") - inset
        events = network_events(driver)
        report["recheck_websocket_bytes"] = websocket_bytes(events)
        report["recheck_layer_requests"] = [u for u in requested_urls(events) if "/geo/layers/" in u]
        hosts |= requested_hosts(events)

        # a click on land (兰州) checks that point: the unit under the mouse must not swallow it
        driver.get(f"http://127.0.0.1:{port}/check")
        wait_idle(driver)
        wait_for_map(driver, minimum=370)
        network_events(driver)  # drain: what follows is the click's traffic
        click_map_at(driver, 36.06, 103.83)
        WebDriverWait(driver, 120).until(lambda d: _card_text(d, "vpn"))
        wait_idle(driver)
        report["click_websocket_bytes"] = websocket_bytes(network_events(driver))
        report["click_cards"] = {s: _card_text(driver, s) for s in ("cdn", "isp", "idc", "vpn")}
        report["click_answer"] = _element_text(driver, ".st-key-recognised")
        report["click_query_box"] = driver.find_element(By.CSS_SELECTOR, QUERY_INPUT).get_attribute("value")
        report["click_url"] = driver.current_url
        driver.save_screenshot(str(out / "check-click.png"))

        # the coverage map at four window sizes, in both languages: where the legend and the labels fall
        report["layouts"] = {}
        for width, height in SIZES:
            driver.set_window_size(width, height)
            for lang in ("zh", "en"):
                driver.get(f"http://127.0.0.1:{port}/?lang={lang}")
                wait_idle(driver)
                wait_for_map(driver, minimum=370)
                time.sleep(0.5)  # the labels are sorted out 30 ms after the map settles
                _wait_until_value(lambda: attribute_in_map(driver, ".atlas-inset", "data-atlas-inset-over-land"))
                with map_frame(driver):
                    layout = driver.execute_script(LAYOUT_JS)
                layout["viewport_height"] = driver.execute_script("return window.innerHeight;")
                frame = driver.find_element(By.CSS_SELECTOR, MAP_FRAME)
                layout["frame_bottom"] = driver.execute_script(
                    "return arguments[0].getBoundingClientRect().bottom;", frame
                )
                report["layouts"][f"{width}x{height}-{lang}"] = layout
                driver.save_screenshot(str(out / f"map-{lang}-{width}x{height}.png"))
        driver.set_window_size(1600, 1000)

        # the Draft screen: a click on 成都 adds it to IDC (the service chosen above the map)
        driver.get(f"http://127.0.0.1:{port}/draft?lang=en")
        wait_idle(driver)
        wait_for_map(driver, minimum=370)
        click_map_at(driver, 30.66, 104.07)
        WebDriverWait(driver, 120).until(lambda d: "Chengdu" in _element_text(d, ".st-key-draft_diff"))
        wait_idle(driver)
        report["draft_diff"] = _element_text(driver, ".st-key-draft_diff")
        report["draft_shares"] = _element_text(driver, ".st-key-draft_shares")
        report["draft_inset_over_land"] = _wait_until_value(
            lambda: attribute_in_map(driver, ".atlas-inset", "data-atlas-inset-over-land")
        )
        driver.save_screenshot(str(out / "draft-click.png"))

        # presentation mode, as a projector shows it
        driver.set_window_size(1920, 1080)
        driver.get(f"http://127.0.0.1:{port}/?mode=present&services=idc,vpn&lang=en")
        wait_idle(driver)
        report["present_paths"] = wait_for_map(driver, minimum=370)
        sidebars = driver.find_elements(By.CSS_SELECTOR, "[data-testid='stSidebar']")
        report["present_sidebar_visible"] = any(s.is_displayed() for s in sidebars)
        report["present_title"] = text_in_map(driver, ".atlas-title")
        report["present_legend"] = text_in_map(driver, ".atlas-legend")
        drawn = _wait_until_value(lambda: attribute_in_map(driver, ".atlas-inset", "data-atlas-inset"))
        report["present_inset_units"] = int(drawn or 0)
        driver.save_screenshot(str(out / "present.png"))
        report["export_pdf"] = _export_pdf(driver, port, out)
        report["hosts"] = sorted(hosts | requested_hosts(network_events(driver)))
    report["plain_start"] = _plain_start(out)
    shots = (
        "check-deep-link.png",
        "coverage-map.png",
        "check.png",
        "check-click.png",
        "draft-click.png",
        "present.png",
    )
    report["screenshots"] = [str(out / name) for name in shots]
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    return report


if __name__ == "__main__":
    run(Path(sys.argv[1]), *sys.argv[2:])
