"""Population reach: how many residents each service's licensed units hold (2020 census, data/reference/).

Area share misleads for a populous east: ISP's 17 provinces are under a third of the
mainland's area but most of its people. A service's population is given only when every
unit it is licensed in has a census figure in the data; otherwise it is None with the
units that lack one, never an estimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import Field, model_validator

from geo.boundaries import Boundaries
from geo.coverage import area_summary, grant_adcodes
from geo.data_files import Strict, load_model
from geo.errors import CoverageAtlasError
from geo.i18n import Msg, Name, service_name, t
from geo.license import SERVICE_KEYS, License
from geo.paths import CENSUS_FILE
from geo.verdicts import grant_unit_names

__all__ = [
    "Census",
    "PopulationReach",
    "load_census",
    "population_line",
    "population_reach",
    "reach_display",
    "reach_json",
    "reach_notes",
    "reach_table",
]

MAINLAND_PROVINCES = 31


class Figure(Strict):
    adcode: int
    name: str
    population: int = Field(gt=0)
    source: str | None = Field(default=None, description="required for a prefecture: whose communiqué")


class CensusSource(Strict):
    publisher: str
    title: str
    published: dt.date


class Outside(Strict):
    label: str
    population: int = Field(ge=0)


class Census(Strict):
    census: str
    reference_date: dt.date
    source: CensusSource
    stated_total: int
    outside_provinces: Outside
    provinces: tuple[Figure, ...]
    prefectures: tuple[Figure, ...] = ()

    @model_validator(mode="after")
    def _adds_up(self) -> Census:
        if len(self.provinces) != MAINLAND_PROVINCES:
            raise ValueError(f"`provinces` has {len(self.provinces)} figures; the census lists {MAINLAND_PROVINCES}")
        counted = sum(f.population for f in self.provinces) + self.outside_provinces.population
        if counted != self.stated_total:
            raise ValueError(f"the provinces plus `outside_provinces` add up to {counted:,}, not {self.stated_total:,}")
        unsourced = [f.name for f in self.prefectures if not f.source]
        if unsourced:
            raise ValueError(f"prefecture figures without `source`: {', '.join(unsourced)}")
        return self

    @property
    def mainland(self) -> int:
        """The residents of the 31 provinces: the denominator of every population share."""
        return sum(f.population for f in self.provinces)

    def figures(self) -> dict[int, int]:
        return {f.adcode: f.population for f in (*self.provinces, *self.prefectures)}


def load_census(units: pd.DataFrame, path: Path = CENSUS_FILE) -> Census:
    """The census file, validated, its units checked against the boundary data by adcode and name."""
    census = load_model(path, Census)
    names = units.drop_duplicates("adcode").set_index("adcode")
    for level, figures in (("province", census.provinces), ("prefecture", census.prefectures)):
        for figure in figures:
            known = figure.adcode in names.index and names.loc[figure.adcode, "level"] == level
            if not known or names.loc[figure.adcode, "name"] != figure.name:
                raise CoverageAtlasError(f"{path.name}: {figure.adcode} {figure.name} is not a {level} of that name")
    _cities_within_their_province(census, names, path)
    return census


def _cities_within_their_province(census: Census, names: pd.DataFrame, path: Path) -> None:
    """A typo in a city's figure shows as its province's cities outnumbering the province itself."""
    provinces = {f.adcode: f for f in census.provinces}
    cities: dict[int, int] = {}
    for figure in census.prefectures:
        province = int(names.loc[figure.adcode, "province_adcode"])
        cities[province] = cities.get(province, 0) + figure.population
    for province, people in cities.items():
        if province in provinces and people > provinces[province].population:
            whole = provinces[province]
            raise CoverageAtlasError(
                f"{path.name}: the cities of {whole.name} add up to {people:,}, more than its {whole.population:,}"
            )


@dataclass(frozen=True)
class PopulationReach:
    """Residents of a service's licensed units, or why the figure is not given."""

    units: int  # licensed units (全国 counted as the 31 provinces)
    population: int | None
    share: float | None  # of the 31 provinces' residents
    missing: tuple[Name, ...]  # licensed units with no census figure in the data

    @property
    def note(self) -> Msg | None:
        return Msg("population.not_available", {"units": self.missing}) if self.missing else None


def population_reach(lic: License, units: pd.DataFrame, census: Census) -> dict[str, PopulationReach]:
    """Per service: the population of its licensed units (全国 = the 31 provinces)."""
    figures = census.figures()
    reach = {}
    for service in lic.service_keys:
        grant = lic.services[service]
        provinces, prefectures = grant_adcodes(grant, units)
        licensed = sorted(provinces | prefectures)
        names = grant_unit_names(grant, units)
        missing = tuple(names[code] for code in licensed if code not in figures)
        if missing:
            reach[service] = PopulationReach(len(licensed), None, None, missing)
        else:
            people = sum(figures[code] for code in licensed)
            reach[service] = PopulationReach(len(licensed), people, people / census.mainland, ())
    return reach


def reach_table(lic: License, boundaries: Boundaries, census: Census) -> pd.DataFrame:
    """Per service: licensed units, km², area share, population, population share and why one is missing.

    The one table behind the coverage screen, Compare, `coverage --json` and the exports' legend.
    """
    area = area_summary(lic, boundaries)
    reach = population_reach(lic, boundaries.units, census)
    rows = []
    for service in lic.service_keys:
        people = reach[service]
        rows.append(
            {
                "service": service,
                "units": people.units,
                "area_km2": area.loc[service, "area_km2"],
                "area_share": area.loc[service, "share_of_mainland"],
                "population": people.population,
                "population_share": people.share,
                "population_note": people.note,
            }
        )
    table = pd.DataFrame(rows).set_index("service")
    table["population"] = table["population"].astype("Int64")  # whole people; <NA> where not given
    return table


def reach_json(table: pd.DataFrame, census: Census, lang: str) -> dict:
    """`coverage --json` (and the API): per service the figures, null with a reason where not given."""
    services = {}
    for service, row in table.iterrows():
        known = not pd.isna(row["population"])
        services[service] = {
            "units": int(row["units"]),
            "area_km2": round(float(row["area_km2"]), 1),
            "area_share": round(float(row["area_share"]), 4),
            "population": int(row["population"]) if known else None,
            "population_share": round(float(row["population_share"]), 4) if known else None,
            "population_note": None if known else row["population_note"].render(lang),
        }
    source = census.source
    return {
        "population_source": f"{source.publisher}, {source.title}, {source.published}",
        "population_reference_date": census.reference_date.isoformat(),
        "mainland_population": census.mainland,
        "services": services,
    }


def reach_notes(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """A few words per service for a legend: share of the mainland's area and of its people."""
    notes = {}
    for service, row in table.iterrows():
        area = f"{row['area_share']:.1%}"
        if pd.isna(row["population"]):
            notes[service] = t("legend.reach_area_only", lang, area=area)
        else:
            notes[service] = t("legend.reach", lang, area=area, people=f"{row['population_share']:.1%}")
    return notes


def population_line(row: pd.Series, lang: str) -> str:
    """One service's population reach in a sentence: the share and count, or why it is not given."""
    if pd.isna(row["population"]):
        return row["population_note"].render(lang)
    people = f"{row['population'] / 1e8:.2f}" if lang == "zh" else f"{row['population'] / 1e6:,.0f}"
    return t("population.reach", lang, share=f"{row['population_share']:.1%}", people=people)


def reach_display(table: pd.DataFrame, services: list[str], lang: str) -> pd.DataFrame:
    """The reach of some services as a screen table, headed and worded in `lang`."""
    rows = table.loc[services]
    return pd.DataFrame(
        {
            t("column.service", lang): [service_name(s, lang) for s in services],
            t("column.units", lang): rows["units"].astype(int).tolist(),
            t("column.area_km2", lang): rows["area_km2"].round(0).astype(int).tolist(),
            t("column.area_share", lang): [f"{v:.1%}" for v in rows["area_share"]],
            t("column.population", lang): [population_line(row, lang) for _, row in rows.iterrows()],
        }
    )


def _share(row: pd.Series, column: str) -> str:
    return "—" if pd.isna(row[column]) else f"{row[column]:.1%}"


def reach_change(before: pd.DataFrame, after: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Area and population share per service, before and after a draft, as a screen table in `lang`."""
    rows = []
    for service in (s for s in SERVICE_KEYS if s in before.index and s in after.index):
        old, new = before.loc[service], after.loc[service]
        rows.append(
            {
                t("column.service", lang): service_name(service, lang),
                t("column.units", lang): f"{int(old['units'])} → {int(new['units'])}",
                t("column.area_share", lang): f"{_share(old, 'area_share')} → {_share(new, 'area_share')}",
                t("column.population_share", lang): f"{_share(old, 'population_share')} → "
                f"{_share(new, 'population_share')}",
            }
        )
    return pd.DataFrame(rows)
