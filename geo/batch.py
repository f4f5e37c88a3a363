"""Check a whole spreadsheet of sites: read CSV/XLSX, answer every row, write CSV/XLSX.

Every input row is kept, in order, with all its columns; the answer columns are
appended. A row that cannot be answered is marked (status invalid / not_found and
a message), never dropped. Coordinates columns take a vectorised path (one
STRtree query for all rows); text is answered once per distinct value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.check import NEAREST_SERVICES, Checker, CheckResult
from geo.datum import to_wgs84
from geo.errors import CoverageAtlasError
from geo.license import SERVICE_KEYS

__all__ = [
    "RESULT_COLUMNS",
    "BatchInputError",
    "LocationColumns",
    "check_table",
    "find_location_columns",
    "read_table",
    "write_table",
]

RESULT_COLUMNS = (
    "status", "province", "city", "adcode", *SERVICE_KEYS,
    "idc_nearest", "idc_km", "vpn_nearest", "vpn_km", "message",
)  # fmt: skip
MAX_ROWS = 200_000
_TEXT_HINTS = re.compile(r"地址|地点|位置|城市|地区|所在地|站点|address|location|place|city|site|addr", re.I)
_LAT_HINTS = re.compile(r"^(lat|latitude|纬度|wd|y)$", re.I)
_LNG_HINTS = re.compile(r"^(lng|lon|long|longitude|经度|jd|x)$", re.I)

Progress = Callable[[int, int], None]


class BatchInputError(CoverageAtlasError):
    """The input file cannot be used (missing, unreadable, no usable column)."""


@dataclass(frozen=True)
class LocationColumns:
    """Either one text column (names, addresses or "lat,lng") or a latitude and a longitude column."""

    text: str | None = None
    lat: str | None = None
    lng: str | None = None

    def describe(self) -> str:
        return f"column {self.text!r}" if self.text else f"columns {self.lat!r} (lat) and {self.lng!r} (lng)"


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, a superset of the GBK that Excel in China writes."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BatchInputError("the CSV is neither UTF-8 nor GBK/GB18030 text")


def _delimiter(text: str) -> str:
    """Comma unless the header line clearly uses tab, semicolon or pipe (pandas' sniffer guesses letters)."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def read_table(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """Read CSV or XLSX (by extension) with every cell as text; raise BatchInputError with a one-line reason."""
    name = name or str(source)
    suffix = Path(name).suffix.lower()
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as exc:
        raise BatchInputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    try:
        if suffix in (".xlsx", ".xlsm"):
            table = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="openpyxl")
        elif suffix in (".csv", ".txt", ".tsv"):
            text = _decode(data)
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=_delimiter(text))
        else:
            raise BatchInputError(f"{name}: unsupported file type {suffix or '(none)'}; use .csv or .xlsx")
    except BatchInputError:
        raise
    except Exception as exc:  # pandas/openpyxl raise many types for a corrupt file
        raise BatchInputError(
            f"{name}: not a readable {suffix.lstrip('.').upper()} file ({type(exc).__name__})"
        ) from exc
    if table.empty and not len(table.columns):
        raise BatchInputError(f"{name}: the file has no columns")
    if len(table) > MAX_ROWS:
        raise BatchInputError(f"{name}: {len(table):,} rows; the limit is {MAX_ROWS:,} per file")
    table.columns = [str(c) for c in table.columns]
    return table


def _looks_like_places(checker: Checker, values: pd.Series) -> float:
    sample = [v for v in values if str(v).strip()][:20]
    if not sample:
        return 0.0
    return sum(checker.check(v).status in ("ok", "ambiguous") for v in sample) / len(sample)


def find_location_columns(table: pd.DataFrame, checker: Checker) -> LocationColumns:
    """Pick the location column(s): lat/lng by header, a header that says address/city, else the best-resolving column."""
    lat = next((c for c in table.columns if _LAT_HINTS.match(c.strip())), None)
    lng = next((c for c in table.columns if _LNG_HINTS.match(c.strip())), None)
    if lat and lng:
        return LocationColumns(lat=lat, lng=lng)
    scores = {c: _looks_like_places(checker, table[c]) for c in table.columns}
    hinted = [c for c in table.columns if _TEXT_HINTS.search(c) and scores[c] > 0]
    if hinted:
        return LocationColumns(text=max(hinted, key=scores.get))
    best = max(scores, key=scores.get, default=None)
    if best is None or scores[best] < 0.5:
        raise BatchInputError("no column looks like place names, addresses or coordinates; name one with --column")
    return LocationColumns(text=best)


def _row_values(result: CheckResult) -> dict:
    place = result.place
    values = {
        "status": result.status,
        "province": place.province if place else "",
        "city": (place.city or "") if place else "",
        "adcode": str(place.adcode) if place else "",
        **{s: result.services[s].verdict if s in result.services else "" for s in SERVICE_KEYS},
        "message": result.message,
    }
    for s in NEAREST_SERVICES:
        nearest = result.nearest.get(s)
        values[f"{s}_nearest"] = nearest.city if nearest else ""
        values[f"{s}_km"] = round(nearest.km, 1) if nearest else np.nan
    return values


def _answer_text(checker: Checker, values: pd.Series, crs: str, progress: Progress | None) -> pd.DataFrame:
    cache: dict[str, dict] = {}
    rows = []
    total = len(values)
    for i, value in enumerate(values):
        key = str(value)
        if key not in cache:
            cache[key] = _row_values(checker.check(key, crs))
        rows.append(cache[key])
        if progress and (i + 1) % 5000 == 0:
            progress(i + 1, total)
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS), index=values.index)


def _answer_coordinates(checker: Checker, lat: pd.Series, lng: pd.Series, crs: str) -> pd.DataFrame:
    """Vectorised: convert and locate all points at once, answer once per unit, take rows by index."""
    y = pd.to_numeric(lat.str.strip(), errors="coerce").to_numpy(dtype=float)
    x = pd.to_numeric(lng.str.strip(), errors="coerce").to_numpy(dtype=float)
    valid = np.isfinite(x) & np.isfinite(y) & (np.abs(y) <= 90) & (np.abs(x) <= 180)
    wx, wy = to_wgs84(np.where(valid, x, 0.0), np.where(valid, y, 0.0), crs)
    located = checker.counties.locate(np.where(valid, wx, np.nan), np.where(valid, wy, np.nan))
    unique_rows, inverse = np.unique(located, return_inverse=True)
    refs = [checker.ref_for_row(int(r)) for r in unique_rows]
    per_unit = []
    for ref in refs:
        if ref is None:
            per_unit.append(_row_values(CheckResult("", "not_found")))
        else:
            answer = checker.answer_for(ref)
            per_unit.append(
                _row_values(CheckResult("", "ok", f"坐标位于 {answer.place.label}", answer.place, answer.services))
            )
    out = pd.DataFrame(per_unit, columns=list(RESULT_COLUMNS)).iloc[inverse].reset_index(drop=True)
    owners, kms = checker.nearest_many(refs, inverse, wx, wy)
    names = checker.nearest_names(owners)
    for service in NEAREST_SERVICES:
        out[f"{service}_nearest"] = names[service]
        out[f"{service}_km"] = np.round(kms[service], 1)
    off_land = valid & (located < 0)
    if off_land.any():
        out.loc[off_land, "message"] = checker.no_unit_messages(wx[off_land], wy[off_land])
    if not valid.all():
        invalid = _row_values(CheckResult("", "invalid", "不是有效坐标 (not valid coordinates)"))
        out.loc[~valid, list(RESULT_COLUMNS)] = [invalid[c] for c in RESULT_COLUMNS]
    out.index = lat.index
    return out


def check_table(
    checker: Checker,
    table: pd.DataFrame,
    columns: LocationColumns,
    crs: str = "wgs84",
    progress: Progress | None = None,
) -> pd.DataFrame:
    """The input table with the answer columns appended (suffix _check where a name is taken)."""
    for name in (columns.text, columns.lat, columns.lng):
        if name is not None and name not in table.columns:
            raise BatchInputError(f"no column {name!r}; the file has: {', '.join(table.columns)}")
    if columns.text:
        answers = _answer_text(checker, table[columns.text], crs, progress)
    else:
        answers = _answer_coordinates(checker, table[columns.lat], table[columns.lng], crs)
    if progress:
        progress(len(table), len(table))
    answers.columns = [f"{c}_check" if c in table.columns else c for c in answers.columns]
    return pd.concat([table, answers], axis=1)


def result_points(checker: Checker, result: pd.DataFrame, columns: LocationColumns, crs: str = "wgs84") -> pd.DataFrame:
    """WGS-84 lng/lat per result row for a map: the point itself, or the resolved unit's centre."""
    if columns.lat:
        lat = pd.to_numeric(result[columns.lat], errors="coerce").to_numpy(dtype=float)
        lng = pd.to_numeric(result[columns.lng], errors="coerce").to_numpy(dtype=float)
        wx, wy = to_wgs84(lng, lat, crs)
        return pd.DataFrame({"lng": wx, "lat": wy}, index=result.index)
    points = []
    for query in result[columns.text]:
        answer = checker.check(str(query), crs)
        points.append(answer.point or (checker.point_of(answer.place) if answer.place else (np.nan, np.nan)))
    return pd.DataFrame(points, columns=["lng", "lat"], index=result.index)


def write_table(table: pd.DataFrame, path: str | Path) -> None:
    """CSV (UTF-8 with BOM, so Excel opens Chinese text correctly) or XLSX, by extension."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        table.to_excel(path, index=False, engine="openpyxl")
    elif path.suffix.lower() == ".csv":
        table.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        raise BatchInputError(f"{path.name}: output must end in .csv or .xlsx")
