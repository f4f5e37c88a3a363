"""The telecom services catalogue (电信业务分类目录): which value-added services exist, by code and name.

A license names its services as the catalogue writes them; the importer recognises a
service block by that name, and a service the atlas cannot answer for yet is reported
by its catalogue entry instead of being dropped.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from geo.data_files import Strict, load_model
from geo.errors import LicenseDataError
from geo.paths import CATALOGUE_FILE

__all__ = ["CatalogueEntry", "catalogue_entry", "load_catalogue", "supported_entries"]


class CatalogueEntry(Strict):
    code: str
    category: str  # 第一类增值电信业务 ...
    name: str
    name_en: str
    key: str | None = None  # the atlas's service key, for the services it answers for


class _Source(Strict):
    document: str
    note: str


class Catalogue(Strict):
    source: _Source
    services: list[CatalogueEntry]


@lru_cache(maxsize=2)
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    return load_model(path, Catalogue, error=LicenseDataError)


def catalogue_entry(name: str) -> CatalogueEntry | None:
    """The entry whose name the text ends with (国内互联网虚拟专用网业务), the longest such; None if none."""
    found = [e for e in load_catalogue().services if name.endswith(e.name)]
    return max(found, key=lambda e: len(e.name), default=None)


def supported_entries() -> dict[str, CatalogueEntry]:
    """Service key -> catalogue entry, for the services the atlas answers for."""
    return {e.key: e for e in load_catalogue().services if e.key}
