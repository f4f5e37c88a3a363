"""The command line's streamed batch: answers kept from chunk to chunk against each chunk answered on its own.

Run: python -m bench.bench_stream   (prints numbers; not a test)

100,000 mixed queries (bench.bench_generality.mixed_queries, seed 2) written as a CSV, then:
- `python -m geo batch mixed.csv -o out.csv`, wall clock, as a user runs it (target of the issue
  "A check that generalises": 100,000 mixed rows through `batch` in <= 5 s);
- `run_local` in a fresh process per run (each pays the same loading), alternately with the
  default AnswerMemo and with AnswerMemo(0) (each 25,000-row chunk answered alone, as before), twice each.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
_CHILD = """
import json, sys, time
from geo.batch import LocationColumns
from geo.batch._answers import AnswerMemo
from geo.batch._stream import run_local
from geo.cli import _checker
checker = _checker(None)
memo = AnswerMemo() if sys.argv[3] == "kept" else AnswerMemo(0)
start = time.perf_counter()
run_local(checker, sys.argv[1], sys.argv[2], LocationColumns(text="address"), memo=memo)
print(json.dumps({"run_s": time.perf_counter() - start}))
"""


def _wall(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    from bench.bench_generality import mixed_queries

    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "mixed.csv", Path(tmp) / "out.csv"
        pd.DataFrame({"address": mixed_queries(100_000, 2)}).to_csv(source, index=False)
        cli = [_wall([sys.executable, "-m", "geo", "batch", str(source), "-o", str(out)])[0] for _ in range(2)]
        runs: dict[str, list[float]] = {"alone": [], "kept": []}
        for _ in range(2):
            for variant in runs:
                _, printed = _wall([sys.executable, "-c", _CHILD, str(source), str(out), variant])
                runs[variant].append(json.loads(printed)["run_s"])
    alone, kept = (statistics.median(runs[v]) for v in ("alone", "kept"))
    print(f"python -m geo batch (100,000 mixed rows), wall: {', '.join(f'{s:.2f} s' for s in cli)} (target <= 5 s)")
    print(f"run_local, each chunk alone: {alone:.2f} s; answers kept across chunks: {kept:.2f} s; {alone / kept:.2f}x")


if __name__ == "__main__":
    main()
