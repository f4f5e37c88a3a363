"""Every validated data file under data/ is read by one loader: the same guards and the same message form."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.aliases import load_place_aliases
from geo.catalogue import load_catalogue
from geo.errors import CoverageAtlasError
from geo.license import load_license
from geo.paths import BOUNDARY_CHANGES, CATALOGUE_FILE, CENSUS_FILE, LICENSE_DIR, PLACES_DIR
from geo.population import load_census
from geo.vintage import load_boundary_changes

FILES = {
    "license": LICENSE_DIR / "B1-20070275.yaml",
    "census": CENSUS_FILE,
    "changes": BOUNDARY_CHANGES,
    "places": PLACES_DIR / "taiwan.yaml",
    "catalogue": CATALOGUE_FILE,
}


def _load(kind: str, path: Path, units) -> object:
    if kind == "license":
        return load_license(path, units)
    if kind == "census":
        return load_census(units, path)
    if kind == "changes":
        return load_boundary_changes(units, path)
    if kind == "places":
        return load_place_aliases(path.parent)
    load_catalogue.cache_clear()
    return load_catalogue(path)


def _first_key_line(text: str) -> str:
    """The file's first top-level `key: value` line, to give again."""
    return next(line for line in text.splitlines() if line and not line.startswith(("#", " ", "-")) and ":" in line)


BROKEN = {
    "not YAML": (lambda text: text + "\n  : [unclosed\n", r"cannot be read as YAML"),
    "a key twice": (lambda text: text + "\n" + _first_key_line(text) + "\n", r"given twice"),
    "nested too deep": (lambda text: text + "\nextra: " + "[" * 40 + "]" * 40 + "\n", r"nested deeper than 32"),
    "too large": (lambda text: text + "\n# " + "x" * 2**20 + "\n", r"bytes; a data file here is under"),
    "an unknown field": (lambda text: text + "\nunknown_field: 1\n", r"field `unknown_field`: Extra inputs"),
}


@pytest.mark.parametrize("kind", FILES)
@pytest.mark.parametrize("problem", BROKEN)
def test_every_data_file_refuses_a_broken_copy_naming_the_file(tmp_path, units, kind, problem):
    edit, expected = BROKEN[problem]
    source = FILES[kind]
    broken = tmp_path / source.name
    broken.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(CoverageAtlasError, match=rf"^{broken.name}: .*{expected}"):
        _load(kind, broken, units)


@pytest.mark.parametrize("kind", FILES)
def test_every_data_file_as_shipped_loads(units, kind):
    assert _load(kind, FILES[kind], units)
