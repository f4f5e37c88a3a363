"""Coordinate columns read from text: the fast path reads every column exactly as the plain one does."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.batch import BatchInputError, LocationColumns, check_table
from geo.batch._answers import _numbers


def _numbers_as_python_reads_them(values: pd.Series) -> np.ndarray:
    """The reading before arrow's parser went first: Python's float per cell, else stripped and coerced."""
    try:
        return values.astype("float64").to_numpy()
    except (ValueError, TypeError):
        return pd.to_numeric(values.str.strip(), errors="coerce").to_numpy(dtype=float)


_cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-180, 180).map(lambda f: f"{f:.6f}"),
    st.sampled_from([" 22.5", "22.5 ", "+1.5", "1e3", "1_000", "１２", "1,5", "", "inf", "NaN", "0x1", "1.", ".5"]),
    st.text(max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_cells, min_size=1, max_size=6))
def test_text_coordinates_read_as_python_reads_them(cells):
    values = pd.Series(cells)
    np.testing.assert_array_equal(_numbers(values), _numbers_as_python_reads_them(values))


def test_a_column_already_numeric_is_read_as_is():
    np.testing.assert_array_equal(_numbers(pd.Series([22.5, np.nan])), [22.5, np.nan])


def test_each_row_carries_the_point_the_map_draws_it_at(checker, units):
    """The table holds each row's WGS-84 point, so a map needs no second check: for names, the unit's
    representative point; for a pasted coordinate, that coordinate; for a row with no place, none."""
    import numpy as np

    from geo.lookup import UnitRef

    sample = units.iloc[::97]
    queries = [*sample["name"], "39.9042,116.4074", "xyzzy"]
    table = pd.DataFrame({"site": queries})
    result = check_table(checker, table, LocationColumns(text="site"))
    for query, lng, lat in zip(result["site"], result["lng"], result["lat"], strict=True):
        answer = checker.check(query)
        if answer.point:
            assert (lng, lat) == pytest.approx(answer.point, abs=1e-6)
        elif answer.place is not None:
            assert (lng, lat) == pytest.approx(checker.point_of(answer.place), abs=1e-6)
        else:
            assert np.isnan(lng) and np.isnan(lat)
    assert checker.point_of(checker.place(UnitRef("prefecture", 440300)))  # 深圳 has a point
    coordinates = pd.DataFrame({"y": ["22.54", "bad"], "x": ["114.06", "114.06"]})
    placed = check_table(checker, coordinates, LocationColumns(lat="y", lng="x"), crs="gcj02")
    from geo.datum import to_wgs84

    wx, wy = to_wgs84(np.array([114.06]), np.array([22.54]), "gcj02")
    assert (placed["lng"][0], placed["lat"][0]) == pytest.approx((wx[0], wy[0]), abs=1e-6)
    assert np.isnan(placed["lng"][1])


def test_the_location_column_is_judged_by_its_first_twenty_filled_cells(checker, units):
    """Empty cells are skipped, however many lead the column; only the first twenty filled cells are looked at:
    places after twenty cells that are none do not make a location column."""
    from geo.batch import find_location_columns

    names = list(units[units["level"] == "prefecture"]["name"].iloc[:40])
    leading_blanks = [""] * 500 + names
    codes = [f"S{i:06d}" for i in range(len(leading_blanks))]
    table = pd.DataFrame({"code": codes, "where": leading_blanks}, dtype="str")
    assert find_location_columns(table, checker) == LocationColumns(text="where")
    late = [f"S{i:06d}" for i in range(20)] + names  # places only after twenty cells that are none
    table = pd.DataFrame({"note": late, "code": codes[: len(late)]}, dtype="str")
    with pytest.raises(BatchInputError):
        find_location_columns(table, checker)


def test_the_cycle_collector_is_paused_only_while_batches_answer(checker, units, monkeypatch):
    """Overlapping batches (a server's threads): paused from the first's start to the last's end, and resumed
    even when a batch fails; a process that had it off keeps it off."""
    import gc
    import threading

    import geo.batch._answers as answers
    from geo.batch._collector import collector_paused

    seen = []
    row_values = answers._row_values

    def watching(*args, **kwargs):
        seen.append(gc.isenabled())
        return row_values(*args, **kwargs)

    monkeypatch.setattr(answers, "_row_values", watching)
    names = units["name"].iloc[:50]
    check_table(checker, pd.DataFrame({"site": list(names)}), LocationColumns(text="site"))
    assert len(seen) == names.nunique() and not any(seen) and gc.isenabled()  # each distinct name answered once

    inside, release = threading.Event(), threading.Event()

    def long_batch():
        with collector_paused():
            inside.set()
            release.wait(10)

    other = threading.Thread(target=long_batch)
    other.start()
    inside.wait(10)
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a batch that fails")
    assert not gc.isenabled()  # the other batch still answers
    release.set()
    other.join(10)
    assert gc.isenabled()

    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
