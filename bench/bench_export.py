"""Export times per format, and the standalone HTML against the naive folium file, in one run.

Run: python -m bench.bench_export   (prints numbers; not a test)
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import folium

from geo.boundaries import load_boundaries
from geo.license import load_licenses
from geo.mapdata import map_data
from geo.render.export import export_map
from geo.render.layers import layer_collections

SERVICES = ["idc", "vpn"]
AS_OF = dt.date(2026, 11, 28)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def naive_html(boundaries) -> bytes:
    """What one writes first: full-precision provinces and prefectures into folium, saved as HTML (CDN scripts)."""
    full = boundaries.full
    admin = full[full["level"].isin(["province", "prefecture"])][["adcode", "name", "geometry"]]
    m = folium.Map(location=[35.5, 104.5], zoom_start=4)
    folium.GeoJson(admin).add_to(m)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "naive.html"
        m.save(path)
        return path.read_bytes()


def main() -> None:
    boundaries = load_boundaries()
    lic = next(iter(load_licenses(boundaries.units).values()))
    load_s, data = timed(lambda: map_data(lic, boundaries))
    layers = layer_collections(boundaries)  # the HTML file inlines them
    print(f"map data (statuses, footprints): {load_s:6.2f} s")
    for fmt, paper in (("png", "screen"), ("png", "a4"), ("pdf", "a4"), ("html", "screen")):
        runs = [
            timed(lambda fmt=fmt, paper=paper: export_map(data, SERVICES, "zh", fmt, AS_OF, paper, layers))
            for _ in range(3)
        ]
        seconds, payload = sorted(runs, key=lambda r: r[0])[1]  # the median of three
        print(f"export {fmt:4} {paper:6}: {seconds:6.2f} s  {len(payload) / 1e6:6.2f} MB  (median of 3)")
    ours_s, ours = timed(lambda: export_map(data, SERVICES, "zh", "html", AS_OF, layers=layers))
    naive_s, naive = timed(lambda: naive_html(boundaries))
    ratio = f"{len(naive) / len(ours):.0f}x the bytes, {naive_s / ours_s:.0f}x the time"
    print(f"standalone HTML: ours {len(ours) / 1e6:.1f} MB in {ours_s:.1f} s (works offline); ", end="")
    print(f"naive folium save {len(naive) / 1e6:.1f} MB in {naive_s:.1f} s (needs CDN scripts) -> {ratio}")


if __name__ == "__main__":
    main()
