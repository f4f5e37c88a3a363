"""Coordinate columns read from text: the fast path reads every column exactly as the plain one does."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

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
