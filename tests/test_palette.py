"""Every colour that carries meaning stays distinct without full colour vision.

Each pair is simulated under normal vision and full-severity protanopia, deuteranopia and
tritanopia (Machado, Oliveira & Fernandes 2009, the matrices colour-science publishes),
applied in linear sRGB, and compared by CIEDE2000 in CIELAB (D65). The old palette measured
0.7 between ISP and IDC and 6.6 between yes and no under deuteranopia.
"""

from __future__ import annotations

import itertools
import warnings

import colour
import numpy as np
import pytest

from geo.style import COMPARE_COLOURS, LAND_COLOUR, SERVICE_COLOURS, VERDICT_COLOURS, legend_opacity

with warnings.catch_warnings():  # colour-science notes that its tritan matrices model tritanomaly by a shift
    warnings.simplefilter("ignore")
    VISIONS = {"normal": np.eye(3)} | {
        name: colour.blindness.matrix_cvd_Machado2009(kind, 1.0)
        for name, kind in (
            ("protanopia", "Protanomaly"),
            ("deuteranopia", "Deuteranomaly"),
            ("tritanopia", "Tritanomaly"),
        )
    }


def _srgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


def _seen(srgb: np.ndarray, vision: np.ndarray) -> np.ndarray:
    """CIELAB of an sRGB colour as `vision` sees it."""
    linear = np.clip(colour.models.eotf_sRGB(srgb) @ vision.T, 0, 1)
    xyz = colour.RGB_to_XYZ(linear, colour.RGB_COLOURSPACES["sRGB"], apply_cctf_decoding=False)
    return colour.XYZ_to_Lab(xyz)


def difference(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """CIEDE2000 between two sRGB colours under each vision."""
    return {name: float(colour.delta_E(_seen(a, m), _seen(b, m), method="CIE 2000")) for name, m in VISIONS.items()}


def test_the_simulation_reproduces_the_figures_measured_on_the_old_palette():
    """The method itself: ISP and IDC of the old palette, 0.7 apart under deuteranopia, as the issue measured."""
    old_isp, old_idc, old_yes, old_no = (_srgb(h) for h in ("#59a14f", "#e15759", "#2e7d32", "#c62828"))
    assert difference(old_isp, old_idc)["deuteranopia"] == pytest.approx(0.7, abs=0.05)
    assert difference(old_yes, old_no)["deuteranopia"] == pytest.approx(6.6, abs=0.05)
    assert difference(old_isp, old_idc)["normal"] > 40  # far apart for normal vision: only the deficiency merges them


@pytest.mark.parametrize(
    ("palette", "keys", "least"),
    [
        (SERVICE_COLOURS, list(SERVICE_COLOURS), 20),
        (VERDICT_COLOURS, ["yes", "partial", "no"], 15),
        (COMPARE_COLOURS, ["both", "a_only", "b_only"], 15),
    ],
)
def test_every_pair_stays_apart_under_every_vision(palette, keys, least):
    for first, second in itertools.combinations(keys, 2):
        seen = difference(_srgb(palette[first]), _srgb(palette[second]))
        assert min(seen.values()) >= least, (first, second, seen)


def test_the_legend_swatches_as_drawn_stay_apart_too():
    """Each service's legend swatch is its colour at its legend opacity over the land: still apart, less so."""
    land = _srgb(LAND_COLOUR)
    drawn = {s: legend_opacity(s) * _srgb(c) + (1 - legend_opacity(s)) * land for s, c in SERVICE_COLOURS.items()}
    for first, second in itertools.combinations(drawn, 2):
        seen = difference(drawn[first], drawn[second])
        assert min(seen.values()) >= 10, (first, second, seen)
