"""Extra place names from data/places/: names the boundary data lacks, each standing for a unit it has.

Taiwan's cities are the case: the boundary data draws Taiwan as one unit, but customers
write 台北 or Kaohsiung. Each file names its unit by full name and lists the names (Chinese
and English) that stand for it; the lookup answers them as that unit.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from geo.errors import CoverageAtlasError
from geo.paths import PLACES_DIR

__all__ = ["AliasFile", "PlaceAlias", "load_place_aliases"]


class PlaceAlias(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str = Field(pattern=r"^[\u4e00-\u9fff]{2,8}(?:市|县|区)$", description="simplified, ending in 市, 县 or 区")
    en: str = Field(pattern=r"^[A-Za-z][A-Za-z' -]+$", description="letters, spaces, apostrophes and hyphens")


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
        except ValidationError as exc:  # seen by data editors: plain English, one line, the field named
            fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise CoverageAtlasError(f"{path.name}: {fields}") from exc
        except yaml.YAMLError as exc:
            raise CoverageAtlasError(f"{path.name}: not YAML ({exc})") from exc
    return files
