"""Time single checks and a text batch over a set of queries, for whichever tree is on the path.

The batch is timed twice: as a running server answers it (its checker has answered another
sheet, of other queries, before), and as the first sheet of a fresh process, which also pays
for what is loaded once per process (full county outlines, the point grid, the catalogue).

Run by bench.bench_generality once for this tree and once for an older one (a git worktree),
so both are measured on the same queries in the same run. Prints one JSON object.
Usage: python bench/time_checks.py QUERIES.json
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

from geo.batch import LocationColumns, check_table
from geo.boundaries import load_boundaries
from geo.check import Checker
from geo.license import load_licenses


def main(path: str) -> None:
    queries = json.loads(Path(path).read_text(encoding="utf-8"))
    boundaries = load_boundaries()
    lic = load_licenses(boundaries.units)["B1-20070275"]
    checker = Checker(boundaries, lic)
    checker.check("22.5431,114.0579")  # warm up: full geometry, prepared polygons
    times, statuses = [], {}
    for query in queries["single"]:
        start = time.perf_counter()
        result = checker.check(query)
        times.append(time.perf_counter() - start)
        statuses[result.status] = statuses.get(result.status, 0) + 1
    times.sort()
    table = pd.DataFrame({"address": queries["batch"]})
    fresh = Checker(boundaries, lic)
    start = time.perf_counter()
    check_table(fresh, table, LocationColumns(text="address"))
    first_batch_s = time.perf_counter() - start
    running = Checker(boundaries, lic)  # a running server's: it has answered another sheet (other queries) before
    check_table(running, pd.DataFrame({"address": queries["earlier"]}), LocationColumns(text="address"))
    start = time.perf_counter()
    check_table(running, table, LocationColumns(text="address"))
    batch_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "median_ms": statistics.median(times) * 1e3,
                "p95_ms": times[int(0.95 * len(times))] * 1e3,
                "batch_s": batch_s,
                "first_batch_s": first_batch_s,
                "rows": len(table),
                "statuses": statuses,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
