"""Write a screenshot as a viewer with a colour-vision deficiency sees it (Machado 2009, full severity).

    python -m bench.simulate_cvd shot.png [deuteranopia|protanopia|tritanopia]  ->  shot-deuteranopia.png

The same simulation tests/test_palette.py measures colours with, applied to every pixel: to look at
a screen as its users without full colour vision would.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import colour
import numpy as np
from PIL import Image

KINDS = {"protanopia": "Protanomaly", "deuteranopia": "Deuteranomaly", "tritanopia": "Tritanomaly"}


def simulate(path: Path, kind: str = "deuteranopia") -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tritan matrices approximate tritanopia by a shift; said in the test
        matrix = colour.blindness.matrix_cvd_Machado2009(KINDS[kind], 1.0)
    pixels = np.asarray(Image.open(path).convert("RGB"), dtype=float) / 255
    linear = np.clip(colour.models.eotf_sRGB(pixels) @ matrix.T, 0, 1)
    out = path.with_name(f"{path.stem}-{kind}.png")
    Image.fromarray(np.round(colour.models.eotf_inverse_sRGB(linear) * 255).astype(np.uint8)).save(out)
    return out


if __name__ == "__main__":
    print(simulate(Path(sys.argv[1]), *sys.argv[2:]))
