"""The batch screen with a 199,999-row upload: what a filter click and a language switch cost, in one run.

Run: python -m bench.bench_batch_screen   (prints numbers; not a test)

The upload is put where the uploader puts it (session state), as AppTest cannot upload. The
naive way, in the same run, is what the first release did on every rerun: parse the file,
detect its columns, and build the XLSX download.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from geo.batch import find_location_columns, read_table, table_bytes
from geo.boundaries import load_boundaries
from geo.check import Checker
from geo.license import load_licenses

APP = str(Path(__file__).resolve().parents[1] / "app.py")
ROWS = 199_999


def upload() -> bytes:
    rng = np.random.default_rng(3)
    lat, lng = rng.uniform(20, 45, ROWS), rng.uniform(100, 122, ROWS)
    frame = pd.DataFrame({"site": [f"S{i}" for i in range(ROWS)], "lat": lat.round(5), "lng": lng.round(5)})
    return frame.to_csv(index=False).encode()


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def main() -> None:
    payload = upload()
    at = AppTest.from_file(APP, default_timeout=600)
    at.run()
    at.switch_page("pages/screens/batch.py")
    at.run()
    at.session_state["batch_source"] = ("sites.csv", payload)
    first = timed_run(at)
    assert not at.exception, at.exception
    at.multiselect(key="filter_status").set_value(["not_found"])
    click = timed_run(at)
    at.sidebar.radio(key="lang").set_value("en")
    switch = timed_run(at)
    assert not at.exception, at.exception

    boundaries = load_boundaries()
    checker = Checker(boundaries, next(iter(load_licenses(boundaries.units).values())))
    start = time.perf_counter()
    table = read_table(payload, "sites.csv")
    find_location_columns(table, checker)
    table_bytes(at.session_state["batch_result"], "xlsx")
    naive = time.perf_counter() - start
    print(f"{ROWS:,} rows: first check {first:.1f} s (parse, detect, answer every row)")
    print(f"filter click: {click:.2f} s (target < 2 s); language switch (answers re-rendered): {switch:.2f} s")
    print(f"what the first release redid on every rerun (parse + detect + XLSX): {naive:.1f} s ({naive / click:.0f}x)")


if __name__ == "__main__":
    main()
