"""What a coverage map shows for one license, apart from how it is drawn (geo.render draws it).

Statuses joined to the display tier, each service's dissolved footprint, and label
points for the licensed IDC/VPN cities; computed once per license and cached by the app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import Boundaries
from geo.coverage import unit_status
from geo.i18n import t
from geo.license import SERVICE_KEYS, License, validity
from geo.names import english_name, english_names
from geo.places import representative_point

__all__ = [
    "INSET_BOX",
    "STATUS_LETTERS",
    "MapData",
    "label_priority",
    "map_data",
    "map_subtitle",
    "name_column",
    "unit_label",
]

INSET_BOX = (106.0, 2.5, 123.5, 24.5)  # lng/lat of the South China Sea inset, on every map and export
STATUS_LETTERS = {"full": "f", "partial": "p", "none": "n", "outside": "o"}


@dataclass(frozen=True)
class MapData:
    """Everything a coverage map draws for one license."""

    prefectures: gpd.GeoDataFrame  # display geometry + status per service + name, name_en
    provinces: gpd.GeoDataFrame
    footprints: dict[str, shapely.Geometry]  # covered area per service, dissolved
    labels: pd.DataFrame  # licensed IDC/VPN units: service, adcode, name, name_en, lng, lat
    dashline: shapely.Geometry
    statuses: dict[str, str]  # adcode -> a status letter per service in SERVICE_KEYS order ("n" if not granted)
    lic: License  # the license drawn: its number, holder and dates go into every map's title and subtitle


def label_priority(adcode: int, services: list[str]) -> tuple:
    """Which city label stays when two collide: more services, then municipalities, then VPN's (fewer) cities."""
    return (-len(services), adcode % 10000 != 0, "vpn" not in services, adcode)


def map_subtitle(data: MapData, as_of: dt.date, lang: str) -> str:
    """License number, as-of date and the license's validity on it: 'expired 2022-09-18' on every map and export."""
    state = validity(data.lic, as_of).short.render(lang)
    return f"{t('map.subtitle', lang, number=data.lic.number, as_of=as_of)} · {state}"


def name_column(lang: str) -> str:
    """The column of a map frame that holds unit names in `lang`."""
    return "name_en" if lang == "en" else "name"


def unit_label(row: pd.Series, lang: str) -> str:
    """A unit's name in `lang` from a row carrying `name` and `name_en`."""
    return row[name_column(lang)]


def _with_names(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["name_en"] = english_names(frame)
    return frame


def _label_points(lic: License, display: gpd.GeoDataFrame) -> pd.DataFrame:
    by_code = display.drop_duplicates("adcode", keep="first").set_index("adcode")  # provinces come first
    rows = []
    for service in lic.services_by_city():  # licensed city by city: their cities are named on the map
        for unit in lic.services[service].coverage:
            point = representative_point(by_code.loc[unit.adcode, "geometry"])
            english = english_name(by_code.loc[unit.adcode, "name"], unit.name)
            rows.append(
                {"service": service, "adcode": unit.adcode, "name": unit.name, "name_en": english}
                | {"lng": point.x, "lat": point.y}
            )
    return pd.DataFrame(rows)


def map_data(lic: License, boundaries: Boundaries) -> MapData:
    """Join statuses to the display tier and dissolve each service's footprint."""
    status = unit_status(lic, boundaries.units).drop(columns=["area_km2"])
    display = boundaries.display[["level", "adcode", "geometry"]].merge(status, on=["level", "adcode"])
    display = _with_names(display)
    prefectures = display[display["level"] == "prefecture"].reset_index(drop=True)
    provinces = display[display["level"] == "province"].reset_index(drop=True)
    footprints = {
        s: shapely.coverage_union_all(prefectures.loc[prefectures[s] == "full", "geometry"].values)
        for s in lic.service_keys
    }
    units = pd.concat([prefectures, provinces])
    for s in SERVICE_KEYS:
        if s not in lic.services:
            units[s] = "none"  # the browser reads one letter per known service
    letters = units[list(SERVICE_KEYS)].replace(STATUS_LETTERS).agg("".join, axis=1)
    return MapData(
        gpd.GeoDataFrame(prefectures, crs=4326),
        gpd.GeoDataFrame(provinces, crs=4326),
        footprints,
        _label_points(lic, boundaries.display),
        boundaries.dashline.geometry.iloc[0],
        dict(zip(units["adcode"].astype(str), letters, strict=True)),
        lic,
    )
