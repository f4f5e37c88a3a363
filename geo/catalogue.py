"""The telecom services catalogue (电信业务分类目录): which value-added services exist, by code and name.

A license names its services as the catalogue writes them; the importer recognises a
service block by that name, and a service the atlas cannot answer for yet is reported
by its catalogue entry instead of being dropped.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from geo.errors import LicenseDataError
from geo.paths import CATALOGUE_FILE

__all__ = ["CatalogueEntry", "catalogue_entry", "load_catalogue", "supported_entries"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CatalogueEntry(_Strict):
    code: str
    category: str  # 第一类增值电信业务 ...
    name: str
    name_en: str
    key: str | None = None  # the atlas's service key, for the services it answers for


class _Source(_Strict):
    document: str
    note: str


class Catalogue(_Strict):
    source: _Source
    services: list[CatalogueEntry]


@lru_cache(maxsize=2)
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    try:
        return Catalogue.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise LicenseDataError(f"{path.name}: {exc}") from exc


def catalogue_entry(name: str) -> CatalogueEntry | None:
    """The entry whose name the text ends with (国内互联网虚拟专用网业务), the longest such; None if none."""
    found = [e for e in load_catalogue().services if name.endswith(e.name)]
    return max(found, key=lambda e: len(e.name), default=None)


def supported_entries() -> dict[str, CatalogueEntry]:
    """Service key -> catalogue entry, for the services the atlas answers for."""
    return {e.key: e for e in load_catalogue().services if e.key}
