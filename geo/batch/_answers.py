"""Check a whole spreadsheet of sites: answer every row of a table (read by geo.batch._sheets), write CSV/XLSX.

Every input row is kept, in order, with all its columns; the answer columns are
appended. A row that cannot be answered is marked (status invalid / not_found and
a message), never dropped. Coordinates columns take a vectorised path (one
STRtree query for all rows); text is answered once per distinct value.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from geo.batch._collector import collector_paused
from geo.batch._sheets import BatchInputError
from geo.batch._tables import ROWS_PER_WRITE, TABLE_FORMATS, table_slices, write_table_to
from geo.check import SEA_KM, Checker, CheckResult, PointChecks
from geo.datum import to_wgs84
from geo.files import write_atomic
from geo.i18n import Msg
from geo.license import SERVICE_KEYS, License

__all__ = [
    "PLACE_COLUMNS",
    "RESULT_COLUMNS",
    "AnswerMemo",
    "LocationColumns",
    "Progress",
    "answer_columns",
    "check_table",
    "checked_slices",
    "find_location_columns",
    "result_columns",
    "result_points",
    "write_table",
]

PLACE_COLUMNS = ("status", "province", "city", "county", "adcode", "lng", "lat")  # lng/lat: the answer's WGS-84 point


def result_columns(lic: License) -> tuple[str, ...]:
    """The answer columns for one license: its own services, and the nearest city of those licensed by city."""
    nearest = tuple(column for s in lic.services_by_city() for column in (f"{s}_nearest", f"{s}_km"))
    return (*PLACE_COLUMNS, *lic.service_keys, *nearest, "message", "suggestions")


RESULT_COLUMNS = (
    *PLACE_COLUMNS,
    *SERVICE_KEYS,
    "idc_nearest",
    "idc_km",
    "vpn_nearest",
    "vpn_km",
    "message",
    "suggestions",
)
_TEXT_HINTS = re.compile(r"地址|地点|位置|城市|地区|所在地|站点|address|location|place|city|site|addr", re.I)
_LAT_HINTS = re.compile(r"^(lat|latitude|纬度|wd|y)$", re.I)
_LNG_HINTS = re.compile(r"^(lng|lon|long|longitude|经度|jd|x)$", re.I)

Progress = Callable[[int, int], None]
_CHUNK = 5_000  # distinct texts answered per step (progress is reported between steps)


@dataclass(frozen=True)
class LocationColumns:
    """Either one text column (names, addresses or "lat,lng") or a latitude and a longitude column."""

    text: str | None = None
    lat: str | None = None
    lng: str | None = None

    def describe(self) -> Msg:
        if self.text:
            return Msg("batch.using_column", {"column": self.text})
        return Msg("batch.using_latlng", {"lat": self.lat, "lng": self.lng})


def _looks_like_places(checker: Checker, values: pd.Series) -> float:
    """The share of the column's first 20 non-empty cells that name a place (read lazily: a column of 200,000
    cells is not turned into 200,000 Python strings to look at 20)."""
    sample = list(itertools.islice((v for v in values if str(v).strip()), 20))
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
        return LocationColumns(text=max(hinted, key=lambda c: scores[c]))
    best = max(scores, key=lambda c: scores[c], default=None)
    if best is None or scores[best] < 0.5:
        raise BatchInputError(Msg("batch.no_location_column"))
    return LocationColumns(text=best)


def _point_of(checker: Checker, result: CheckResult) -> tuple[float, float] | None:
    """Where a row is drawn: the coordinate it gave, or the representative point of the unit it names."""
    return result.point or (checker.point_of(result.place) if result.place else None)


def _row_values(result: CheckResult, lang: str, point: tuple[float, float] | None = None) -> dict:
    place = result.place
    values: dict[str, object] = {
        "status": result.status,
        "province": place.province.zh if place else "",
        "city": place.city.zh if place and place.city else "",
        "county": place.county.zh if place and place.county else "",
        "adcode": str(place.adcode) if place else "",
        "lng": round(point[0], 6) if point else np.nan,
        "lat": round(point[1], 6) if point else np.nan,
        **{s: result.services[s].verdict if s in result.services else "" for s in SERVICE_KEYS},
        "message": result.message.render(lang),
        "suggestions": "; ".join(s.place.label(lang) for s in result.suggestions),  # did you mean, for a name not found
    }
    for s in SERVICE_KEYS:
        nearest = result.nearest.get(s)
        values[f"{s}_nearest"] = nearest.city.zh if nearest else ""
        values[f"{s}_km"] = round(nearest.km, 1) if nearest else np.nan
    return values


def _answer_text(
    checker: Checker,
    values: pd.Series,
    crs: str,
    lang: str,
    progress: Progress | None,
    memo: AnswerMemo | None = None,
) -> pd.DataFrame:
    """Each distinct text answered once (coordinates among them located together), in chunks for progress.

    Rows share their answers: each distinct status, name or message is kept once while answering (a
    small code per distinct text), then spread to the rows as Arrow text. Memory grows with the
    answers' bytes, and never holds a Python dict per row. With a `memo`, texts answered in an
    earlier chunk of the same run are not answered again.
    """
    codes, distinct = pd.factorize(_as_text(values), use_na_sentinel=False)
    columns = list(result_columns(checker.license))
    answers = (memo or AnswerMemo()).answers(columns, (id(checker), crs, lang), len(distinct))
    rows = answers.rows_of(distinct)
    new = np.flatnonzero(rows < 0)
    with collector_paused():
        for start in range(0, len(new), _CHUNK):
            step = new[start : start + _CHUNK]
            texts = list(distinct[step])
            results = checker.check_many(texts, crs)
            rows[step] = answers.add(texts, [_row_values(r, lang, _point_of(checker, r)) for r in results])
            if progress:
                progress(min(start + _CHUNK, len(new)), len(new))
    return answers.spread(rows[codes], values.index)


class AnswerMemo:
    """The answers of one streamed run's distinct texts, kept from chunk to chunk (a file's chunks repeat each other's
    addresses); bounded: past `limit` distinct texts it starts again, so memory stays flat on a file of any size."""

    def __init__(self, limit: int = 250_000) -> None:
        self.limit = limit
        self._key: tuple | None = None
        self._answers: _SharedAnswers | None = None

    def answers(self, columns: list[str], key: tuple, coming: int) -> _SharedAnswers:
        """The answers kept for `key` (checker, datum, language); new ones if the key changed or the limit is near."""
        kept = self._answers
        if kept is None or key != self._key or kept.columns != columns or len(kept) + coming > self.limit:
            self._key, self._answers = key, _SharedAnswers(columns)
        assert self._answers is not None
        return self._answers


def _as_text(values: pd.Series) -> pd.Series:
    """Each cell as the text `check` is given; a column read as text is used as it is (no Python string per row)."""
    if isinstance(values.dtype, pd.StringDtype) and not values.hasnans:
        return values
    return pd.Series([str(v) for v in values], dtype=object)


class _SharedAnswers:
    """The answers of distinct texts, a column at a time and compactly: numbers as doubles, text as a code into the
    column's distinct values (a status, a name or a message is kept once); spread to the rows as Arrow text."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self._numbers = {c: array("d") for c in columns if _NUMBER_COLUMN.match(c)}
        self._codes = {c: array("i") for c in columns if c not in self._numbers}
        self._words: dict[str, dict[str, int]] = {c: {} for c in self._codes}
        self._row_of: dict[str, int] = {}  # each answered text's row

    def __len__(self) -> int:
        return len(self._row_of)

    def rows_of(self, texts: Iterable[str]) -> np.ndarray:
        """The row of each text's answer, -1 for a text not answered yet."""
        row_of = self._row_of
        return np.array([row_of.get(text, -1) for text in texts], dtype=np.int64)

    def add(self, texts: list[str], rows: list[dict]) -> np.ndarray:
        """Keep the answers `rows` of `texts`; returns the rows they were given."""
        first = len(self._row_of)
        self._row_of.update(zip(texts, range(first, first + len(texts)), strict=True))
        for column, numbers in self._numbers.items():
            numbers.extend(float(row[column]) for row in rows)
        for column, codes in self._codes.items():
            words = self._words[column]
            codes.extend(words.setdefault(str(row[column]), len(words)) for row in rows)
        return np.arange(first, first + len(texts))

    def spread(self, rows: np.ndarray, index: pd.Index) -> pd.DataFrame:
        """Row i takes the answer of distinct text rows[i]."""
        out: dict[str, object] = {}
        for column in self.columns:
            if column in self._numbers:
                out[column] = np.frombuffer(self._numbers[column], dtype=float)[rows]
                continue
            codes = pa.array(np.frombuffer(self._codes[column], dtype=np.int32)[rows])
            words = pa.array(list(self._words[column]), pa.string())
            text = pa.DictionaryArray.from_arrays(codes, words).dictionary_decode()
            out[column] = text.to_pandas().array
        return pd.DataFrame(out, index=index)


_NUMBER_COLUMN = re.compile(r"^(lng|lat|.+_km)$")


def _numbers(values: pd.Series) -> np.ndarray:
    """Text cells as floats; a cell that is no number becomes NaN (and its row is marked invalid).

    Arrow's parser first (ten times faster on 100,000 cells; stricter, and equal wherever it
    accepts a cell); a column it refuses (" 1.5", "１２") is read cell by cell as Python reads floats.
    """
    try:
        return values.astype("float64[pyarrow]").to_numpy(dtype=float, na_value=np.nan)
    except (ValueError, TypeError, pa.ArrowException):
        pass
    try:
        return values.astype("float64").to_numpy()
    except (ValueError, TypeError):
        return pd.to_numeric(values.str.strip(), errors="coerce").to_numpy(dtype=float)


def _answer_coordinates(checker: Checker, lat: pd.Series, lng: pd.Series, crs: str, lang: str) -> pd.DataFrame:
    """Vectorised: one check_points call; rows answered once per unit and taken by index."""
    y, x = _numbers(lat), _numbers(lng)
    checks = checker.check_points(x, y, crs)
    per_unit = [
        _row_values(CheckResult("", "ok", Msg("check.point_in_unit", {"place": a.place}), a.place, a.services), lang)
        for a in checks.answers
    ]
    per_unit.append(_row_values(CheckResult("", "not_found"), lang))  # last: row -1 is "in no unit"
    columns = list(result_columns(checker.license))
    out = pd.DataFrame(per_unit, columns=columns).iloc[checks.unit].reset_index(drop=True)
    for service, index in checks.licensed.items():
        names = np.array([n.zh for n in index.names] + [""], dtype=object)  # owner -1 takes the ""
        out[f"{service}_nearest"] = names[checks.nearest_owner[service].astype(np.int64)]
        out[f"{service}_km"] = np.round(checks.nearest_km[service], 1)
    off_land = np.flatnonzero(checks.off_land_province >= 0)
    if len(off_land):
        out.loc[off_land, "message"] = _off_land_messages(checks, off_land, lang)
    if not checks.valid.all():
        invalid = _row_values(CheckResult("", "invalid", Msg("check.point_invalid")), lang)
        out.loc[~checks.valid, columns] = [invalid[c] for c in columns]
    wx, wy = to_wgs84(x, y, crs)  # every row drawn at the point it gave (a bad coordinate has none)
    out["lng"], out["lat"] = np.round(wx, 6), np.round(wy, 6)
    out.loc[~checks.valid, ["lng", "lat"]] = np.nan
    out.index = lat.index
    return out


def _off_land_messages(checks: PointChecks, rows: np.ndarray, lang: str) -> np.ndarray:
    """The off-land note of each row: rendered once per (kind, province), the km filled in vectorised."""
    marker = "\x00"
    abroad = (checks.off_land_km[rows] > SEA_KM).astype(np.int64)
    key = checks.off_land_province[rows] * 2 + abroad
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    parts = [checks.off_land_note(rows[i], shown_km=marker).render(lang).split(marker) for i in first]
    before = pd.Series([p[0] for p in parts]).iloc[inverse].reset_index(drop=True)
    after = pd.Series([p[1] for p in parts]).iloc[inverse].reset_index(drop=True)
    return (before + pd.Series(checks.off_land_km[rows].astype(int)).astype(str) + after).to_numpy()


def answer_columns(input_columns: Iterable[str], lic: License | None = None) -> dict[str, str]:
    """The name each answer column gets beside the input's: `status`, or `status_check` (`_check2`, ...) if taken.

    For `lic`'s own columns (default: those of a license granting all four services)."""
    taken = {str(c) for c in input_columns}
    names = {}
    for column in result_columns(lic) if lic else RESULT_COLUMNS:
        name, n = column, 1
        while name in taken:
            name = f"{column}_check" + (str(n) if n > 1 else "")
            n += 1
        taken.add(name)
        names[column] = name
    return names


def check_table(
    checker: Checker,
    table: pd.DataFrame,
    columns: LocationColumns,
    crs: str = "wgs84",
    progress: Progress | None = None,
    lang: str = "zh",
    memo: AnswerMemo | None = None,
) -> pd.DataFrame:
    """The input table with the answer columns appended (named by `answer_columns`); messages in `lang`.

    `memo`: answers kept across the tables of one run (a streamed file's chunks), see AnswerMemo."""
    for name in (columns.text, columns.lat, columns.lng):
        if name is not None and name not in table.columns:
            raise BatchInputError(Msg("batch.no_such_column", {"column": name, "columns": ", ".join(table.columns)}))
    if columns.text:
        answers = _answer_text(checker, table[columns.text], crs, lang, progress, memo)
    else:
        answers = _answer_coordinates(checker, table[columns.lat], table[columns.lng], crs, lang)
    if progress:
        progress(len(table), len(table))
    answers.columns = list(answer_columns(table.columns, checker.license).values())
    return pd.concat([table, answers], axis=1)


def checked_slices(
    checker: Checker,
    table: pd.DataFrame,
    columns: LocationColumns,
    crs: str = "wgs84",
    lang: str = "zh",
    rows: int = ROWS_PER_WRITE,
) -> Iterator[pd.DataFrame]:
    """`check_table`'s answer a slice of rows at a time, for writing as it comes: a row's answer is its own, so the
    slices are the whole answer cut up, and memory holds one slice's answers, not 200,000 rows'."""
    for part in table_slices(table, rows):
        yield check_table(checker, part, columns, crs, lang=lang)


def result_points(result: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """WGS-84 lng/lat per checked row for a map, as the table carries them (`names`: answer_columns): no row is
    checked again to be placed."""
    points = result[[names["lng"], names["lat"]]].apply(pd.to_numeric, errors="coerce")
    return points.set_axis(["lng", "lat"], axis=1)


def write_table(table: pd.DataFrame, path: str | Path) -> None:
    """CSV or XLSX by extension, written whole or not at all (formulas neutralised, see geo.batch._tables)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in TABLE_FORMATS:
        raise BatchInputError(Msg("batch.output_suffix", {"name": path.name}))
    try:
        write_atomic(path, lambda out: write_table_to(table, fmt, out))
    except OSError as exc:
        raise BatchInputError(Msg("batch.cannot_write", {"name": str(path), "reason": exc.strerror or exc})) from exc
