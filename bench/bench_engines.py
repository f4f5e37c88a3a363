"""Big batches: rows/s of the local and Dask engines, and peak memory against reading the whole file.

Run: python -m bench.bench_engines [ROWS]   (prints numbers; not a test; default 2,000,000)

Every run is a fresh `python -m geo batch` process, as a user runs it, so start-up (loading the
boundaries, starting a cluster) is counted; peak memory is the process's (and, for Dask, its
workers') maximum resident set. The naive way is what the command did before: read the whole
file, answer it in one table, write it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

NAIVE = """
import sys, pandas as pd
from geo.batch import LocationColumns, check_table
from geo.boundaries import load_boundaries
from geo.check import Checker
from geo.license import load_licenses
b = load_boundaries(); checker = Checker(b, next(iter(load_licenses(b.units).values())))
table = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
check_table(checker, table, LocationColumns(lat="lat", lng="lng")).to_csv(sys.argv[2], index=False)
"""


def points(n: int, folder: Path) -> dict[str, Path]:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "id": np.arange(n).astype(str),
            "lat": rng.uniform(18, 53, n).round(5),
            "lng": rng.uniform(75, 134, n).round(5),
        }
    )
    paths = {"csv": folder / f"points-{n}.csv", "parquet": folder / f"points-{n}.parquet"}
    frame.to_csv(paths["csv"], index=False)
    frame.to_parquet(paths["parquet"], index=False)
    return paths


_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run(command: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one command's process tree, its largest single process (via a fresh parent)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


def measure(label: str, command: list[str], rows: int) -> float:
    seconds, peak = run(command)
    print(f"{label:<44} {seconds:7.1f} s  {rows / seconds:>9,.0f} rows/s  peak {peak:6.0f} MB")
    return rows / seconds


def steady_rates() -> None:
    """After start-up: one process's answering rate, and the client's writing rates (what bounds a cluster)."""
    from geo.batch import ChunkWriter, LocationColumns, check_table
    from geo.boundaries import load_boundaries
    from geo.check import Checker
    from geo.license import load_licenses

    boundaries = load_boundaries()
    checker = Checker(boundaries, next(iter(load_licenses(boundaries.units).values())))
    n = 250_000
    rng = np.random.default_rng(1)
    table = pd.DataFrame(
        {"lat": rng.uniform(18, 53, n).round(5).astype(str), "lng": rng.uniform(75, 134, n).round(5).astype(str)}
    )
    columns = LocationColumns(lat="lat", lng="lng")
    check_table(checker, table.head(2_000), columns)  # start-up: the point index and grid
    start = time.perf_counter()
    answered = check_table(checker, table, columns)
    print(f"{'answering, one warm process':<44} {n / (time.perf_counter() - start):>19,.0f} rows/s")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".parquet", ".csv"):
            writer = ChunkWriter(Path(tmp) / f"out{suffix}")
            start = time.perf_counter()
            for _ in range(4):
                writer.write(answered, "status")
            writer.close()
            print(
                f"{'writing ' + suffix.lstrip('.') + ' (the client, in order)':<44} {4 * n / (time.perf_counter() - start):>19,.0f} rows/s"
            )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    geo = [sys.executable, "-m", "geo", "batch"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{n:,} coordinate rows (random in China's bounding box, about half on land)")
        big = points(n, folder)
        million = points(1_000_000, folder) if n != 1_000_000 else big
        print("\n-- memory, 1,000,000 rows (target: local engine peak <= 600 MB)")
        for kind in ("csv", "parquet"):
            measure(f"local engine, {kind} -> csv", [*geo, str(million[kind]), "-o", str(folder / "m.csv")], 1_000_000)
        naive = [sys.executable, "-c", NAIVE, str(million["csv"]), str(folder / "naive.csv")]
        measure("naive: whole file in one table", naive, 1_000_000)
        print(f"\n-- speed, {n:,} rows")
        local = measure("local engine, csv -> parquet", [*geo, str(big["csv"]), "-o", str(folder / "l.parquet")], n)
        for workers in (1, 2):
            out = folder / f"d{workers}.parquet"
            command = [*geo, str(big["csv"]), "-o", str(out), "--engine", "dask", "--workers", str(workers)]
            rate = measure(f"dask, LocalCluster of {workers} worker(s)", command, n)
            print(f"{'':<44} {rate / local:.2f}x the local engine")
        print("\n-- steady state (what a cluster of N workers is bounded by)")
        steady_rates()


if __name__ == "__main__":
    main()
