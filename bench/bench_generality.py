"""The generalising check's speed against the check before it, on the same mixed queries in one run.

Run: python -m bench.bench_generality [--old REV]   (prints numbers; not a test)

The queries are generated from the data (every kind the check reads: Chinese addresses,
pinyin with level words, English postal addresses, labelled coordinates and map links,
typos, former names), then timed by bench/time_checks.py twice: in this tree, and in REV
(default: main before this round) checked out as a git worktree with its own boundary cache.
Targets (issue "A check that generalises"): single check <= 2 ms median, <= 10 ms p95;
100,000 mixed addresses through the batch <= 5 s (timed on a running server's checker, and as
the first sheet of a fresh process).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from geo.boundaries import load_boundaries
from geo.history import load_history
from geo.latin import kind_and_stem
from geo.names import english_name, pinyin

ROOT = Path(__file__).resolve().parents[1]
OLD = "de20177"  # main before "A check that generalises"
LEVEL = {"district": "District", "county": "County", "city": "City", "banner": "Banner"}


def mixed_queries(n: int, seed: int) -> list[str]:
    """n queries of every kind, drawn from the real units (fixed seed)."""
    boundaries = load_boundaries()
    units = boundaries.units.drop_duplicates(["level", "adcode"])
    names = units.set_index(["level", "adcode"])
    counties = units[(units["level"] == "county") & (units["adcode"] < 710000)].reset_index(drop=True)
    former = [f.name for f in load_history(boundaries.folder)]
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        row = counties.iloc[int(rng.integers(len(counties)))]
        city = (
            names.loc[("prefecture", row["parent_adcode"])]
            if ("prefecture", row["parent_adcode"]) in names.index
            else row
        )
        province = names.loc[("province", row["province_adcode"])]
        kind, stem = kind_and_stem(row["name"], row["short_name"])
        latin = f"{pinyin(stem).capitalize()} {LEVEL.get(kind, '')}".strip()
        city_en = english_name(city["name"], city["short_name"])
        number = int(rng.integers(1, 999))
        lat, lng = 22 + rng.random() * 20, 100 + rng.random() * 20
        kinds = [
            f"{province['name']}{city['name']}{row['name']}人民路{number}号",
            f"{latin}, {city_en}",
            f"Room {number}, Tower B, No. {number} Renmin Road, {latin}, {city_en} 100022, P.R. China",
            f"纬度：{lat:.5f} 经度：{lng:.5f}",
            f"https://uri.amap.com/marker?position={lng:.5f},{lat:.5f}",
            f"{lat:.5f},{lng:.5f} (WGS84)",
            city_en[:2] + city_en[3:] if len(city_en) > 5 else city_en,  # a letter dropped
            former[int(rng.integers(len(former)))] if former else row["name"],
            f"{city['short_name']} {latin}",
        ]
        out.append(kinds[i % len(kinds)])
    return out


def run(tree: Path, queries: Path, cache: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    if cache is not None:
        env["COVERAGE_ATLAS_CACHE"] = str(cache)
        subprocess.run(
            [sys.executable, "-m", "geo", "build", "--if-stale"], cwd=tree, env=env, check=True, capture_output=True
        )
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench/time_checks.py"), str(queries)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", default=OLD)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        queries = Path(tmp) / "queries.json"
        queries.write_text(
            json.dumps(
                {
                    "single": mixed_queries(2_000, 1),
                    "batch": mixed_queries(100_000, 2),
                    "earlier": mixed_queries(100_000, 3),
                }
            )
        )
        old_tree = Path(tmp) / "old"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(old_tree), args.old], cwd=ROOT, check=True, capture_output=True
        )
        try:
            new = run(ROOT, queries, None)
            old = run(old_tree, queries, Path(tmp) / "old-cache")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, check=False)
    for label, figures in (("this tree", new), (f"before ({args.old})", old)):
        print(
            f"{label:>18}: single check median {figures['median_ms']:.3f} ms, p95 {figures['p95_ms']:.3f} ms;"
            f" {figures['rows']:,} mixed addresses through the batch {figures['batch_s']:.2f} s"
            f" (first sheet of a fresh process {figures['first_batch_s']:.2f} s); {figures['statuses']}"
        )
    print(
        f"ratios (this tree / before): median {new['median_ms'] / old['median_ms']:.2f}x,"
        f" p95 {new['p95_ms'] / old['p95_ms']:.2f}x, batch {new['batch_s'] / old['batch_s']:.2f}x"
    )
    met = new["median_ms"] <= 2 and new["p95_ms"] <= 10 and new["batch_s"] <= 5
    print(f"targets (median <= 2 ms, p95 <= 10 ms, batch on a running server <= 5 s): {'met' if met else 'MISSED'}")
    first = "met" if new["first_batch_s"] <= 5 else "missed"
    print(f"first sheet of a fresh process <= 5 s: {first} ({new['first_batch_s']:.2f} s)")


if __name__ == "__main__":
    main()
