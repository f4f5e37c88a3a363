"""Open a standalone HTML export from disk in headless Chromium; meant to run with no network.

unshare --net -- sh -c 'ip link set lo up && python -m tests.browser.standalone_run FILE OUT.json'
"""

from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path

from selenium.webdriver.common.by import By

from tests.browser.harness import MAP_UNITS_JS, chromium, network_events, requested_hosts


def run(html: Path, report_path: Path) -> dict:
    with chromium(1600, 1000) as driver:
        driver.get(html.resolve().as_uri())
        deadline = time.monotonic() + 60
        paths = 0
        while time.monotonic() < deadline and paths < 370:
            paths = int(driver.execute_script(MAP_UNITS_JS))
            time.sleep(0.1)  # polling a condition
        driver.save_screenshot(str(report_path.with_suffix(".png")))
        report = {
            "interfaces": [name for _, name in socket.if_nameindex()],
            "paths": paths,
            "hosts": sorted(requested_hosts(network_events(driver))),
            "legend": bool(driver.find_elements(By.CSS_SELECTOR, ".atlas-legend")),
        }
    report_path.write_text(json.dumps(report))
    return report


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]))
