"""Extra place names from data/places/: names the boundary data lacks, each standing for a unit it has.

Two kinds of file. Taiwan's cities: the boundary data draws Taiwan as one unit, but customers
write 台北 or Kaohsiung; the file names its unit by full name and lists the names (Chinese and
English) that stand for it. Hong Kong's districts and Macau's parishes: the units are there
with Chinese names only, and Latin letters write them in Cantonese or Portuguese, not pinyin
(油尖旺区 "Yau Tsim Mong"); the file gives each unit, by adcode, its Latin name and the names
of places inside it that addresses use (Tsim Sha Tsui, Taipa).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from geo.data_files import read_yaml, validated
from geo.paths import PLACES_DIR

__all__ = ["AliasFile", "Locality", "PlaceAlias", "UnitLatinName", "load_place_aliases", "load_unit_names"]


class PlaceAlias(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(pattern=r"^[\u4e00-\u9fff]{2,8}(?:市|县|区)$", description="simplified, ending in 市, 县 or 区")
    en: str = Field(pattern=r"^[A-Za-z][A-Za-z' -]+$", description="letters, spaces, apostrophes and hyphens")


class AliasFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str  # the full name of the unit in the boundary data these names stand for
    places: tuple[PlaceAlias, ...]


_LATIN = r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' -]+$"


class Locality(BaseModel):
    """A place inside a unit that addresses name (Tsim Sha Tsui, 尖沙咀); listed under every unit it falls in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str | None = Field(default=None, pattern=_LATIN)
    zh: str | None = Field(default=None, pattern=r"^[\u4e00-\u9fff]{2,8}$")


class UnitLatinName(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    adcode: int
    zh: str  # the unit's full name in the boundary data: checked when the lookup is built
    en: str = Field(pattern=_LATIN)
    needs_level_word: bool = False  # "Eastern", "North": everyday words, read only as "Eastern District"
    localities: tuple[Locality, ...] = ()


class UnitNamesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    units: tuple[UnitLatinName, ...]


def _place_files(folder: Path) -> list[tuple[Path, object]]:
    """Every *.yaml in the folder, read once (geo.data_files: guarded; a bad file raises with its name)."""
    return [(path, read_yaml(path)) for path in sorted(folder.glob("*.yaml"))]


def _names_units(data: object) -> bool:
    """A Latin-names file holds `units:` at its top level; every other file is validated as an alias file."""
    return isinstance(data, dict) and "units" in data


def load_place_aliases(folder: Path = PLACES_DIR) -> list[AliasFile]:
    """Every alias file, validated; a bad file raises with its name and the field."""
    files = [(p, d) for p, d in _place_files(folder) if not _names_units(d)]
    return [validated(path, data, AliasFile) for path, data in files]


def load_unit_names(folder: Path = PLACES_DIR) -> list[UnitLatinName]:
    """Every unit's Latin name and localities from the files that give them, validated."""
    files = [validated(p, d, UnitNamesFile) for p, d in _place_files(folder) if _names_units(d)]
    return [unit for file in files for unit in file.units]
