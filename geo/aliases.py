"""Extra place names from data/places/: names the boundary data lacks, each standing for a unit it has.

Taiwan's cities are the case: the boundary data draws Taiwan as one unit, but customers
write 台北 or Kaohsiung. Each file names its unit by full name and lists the names (Chinese
and English) that stand for it; the lookup answers them as that unit.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from geo.errors import CoverageAtlasError
from geo.paths import PLACES_DIR

__all__ = ["AliasFile", "PlaceAlias", "load_place_aliases"]


class PlaceAlias(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    @field_validator("zh")
    @classmethod
    def _chinese_unit_name(cls, value: str) -> str:
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,8}(?:市|县|区)", value):
            raise ValueError("a Chinese unit name in simplified characters ending in 市, 县 or 区")
        return value

    @field_validator("en")
    @classmethod
    def _latin_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z][A-Za-z' -]+", value):
            raise ValueError("letters, spaces, apostrophes and hyphens only")
        return value


class AliasFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str  # the full name of the unit in the boundary data these names stand for
    places: tuple[PlaceAlias, ...]


def load_place_aliases(folder: Path = PLACES_DIR) -> list[AliasFile]:
    """Every alias file, validated; a bad file raises with its name and the field."""
    files = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            files.append(AliasFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))))
        except (ValidationError, yaml.YAMLError) as exc:
            raise CoverageAtlasError(f"{path.name}: {exc}") from exc  # seen by data editors: plain English
    return files
