"""License import: the seed document read into a license file, against the naive place look-up, in one run.

Run: python -m bench.bench_license_import   (prints numbers; not a test)

Naive: every name of every coverage clause looked up by filtering the whole units table (what one writes
first); indexed: the check's place index (geo.lookup._gazetteer), dictionary look-ups. Also the whole command as
a user runs it (a fresh process, boundaries loaded from the cache), against the ≤ 2 s target.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_check import median_time
from geo.boundaries import load_boundaries
from geo.license_import import LicenseImporter
from geo.license_places import _groups
from geo.license_text import paragraphs
from geo.paths import REPO_ROOT
from geo.place_index import PlaceIndex

SEED = REPO_ROOT.parent / "shared" / "source" / "license-B1-20070275.txt"
ROUNDS = 5


def naive_places(units, text: str) -> list[int]:
    """Each listed name by a boolean filter over all 3,279 units, levels by the clause's kind words."""
    found = []
    for para in paragraphs(text):
        if not para.text.startswith("业务覆盖范围:") or "全国" in para.text:
            continue
        clause = para.text.split(":", 1)[1].removeprefix(" ").removeprefix("机房所在地为").rstrip("。")
        for names, _count, word in _groups(clause):
            level = "prefecture" if word and "城市" in word else "province"
            for name in names:
                rows = units[((units["name"] == name) | (units["short_name"] == name)) & (units["level"] == level)]
                found += rows["adcode"].tolist() or [0]
    return found


def main() -> None:
    text = SEED.read_text(encoding="utf-8")
    boundaries = load_boundaries()
    start = time.perf_counter()
    importer = LicenseImporter(PlaceIndex(boundaries))
    index_build = time.perf_counter() - start
    whole = median_time(lambda: importer.import_text(text, SEED.name), ROUNDS)
    clauses = [p.text.split(":", 1)[1] for p in paragraphs(text) if p.text.startswith("业务覆盖范围:")]
    indexed = median_time(lambda: [importer.places.read(c, (1,)) for c in clauses], 50)
    naive = median_time(lambda: naive_places(boundaries.units, text), 50)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "imported.yaml"
        command = [sys.executable, "-m", "geo", "license", "import", str(SEED), "-o", str(out)]
        cli = median_time(lambda: subprocess.run(command, cwd=REPO_ROOT, capture_output=True, check=True), 3)
    print(f"place index built once:               {index_build:.3f} s")
    print(f"seed document imported (in process): {whole:.3f} s  (target ≤ 2 s)")
    print(f"coverage clauses, naive table filter: {naive * 1000:.2f} ms")
    print(f"coverage clauses, place index:        {indexed * 1000:.2f} ms  ({naive / indexed:.1f}× faster)")
    print(f"`license import` command, fresh process: {cli:.2f} s  (target ≤ 2 s)")


if __name__ == "__main__":
    main()
