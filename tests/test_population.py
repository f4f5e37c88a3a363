"""Population reach: the 2020 census file, each service's people, and where they are shown."""

import json

import pytest
import yaml

from geo.errors import CoverageAtlasError
from geo.paths import CENSUS_FILE
from geo.population import load_census, population_reach, reach_display, reach_notes, reach_table


@pytest.fixture(scope="module")
def census(units):
    return load_census(units)


def test_the_31_figures_add_up_to_the_communique_total():
    raw = yaml.safe_load(CENSUS_FILE.read_text(encoding="utf-8"))
    figures = [p["population"] for p in raw["provinces"]]
    assert len(figures) == 31 and len({p["adcode"] for p in raw["provinces"]}) == 31
    # the communiqué's 全国 total counts active military personnel, who are in no province
    assert sum(figures) + raw["outside_provinces"]["population"] == raw["stated_total"] == 1_411_778_724
    assert raw["source"]["title"].startswith("第七次全国人口普查公报（第三号）")


def test_a_wrong_figure_is_refused_naming_the_totals(units, tmp_path):
    raw = yaml.safe_load(CENSUS_FILE.read_text(encoding="utf-8"))
    raw["provinces"][18]["population"] += 1  # 广东 one person too many
    bad = tmp_path / "census.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CoverageAtlasError, match="add up to 1,411,778,725"):
        load_census(units, bad)


def test_a_unit_must_match_the_boundary_data(units, tmp_path):
    raw = yaml.safe_load(CENSUS_FILE.read_text(encoding="utf-8"))
    raw["provinces"][0]["name"] = "北平市"
    bad = tmp_path / "census.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CoverageAtlasError, match="110000 北平市 is not a province"):
        load_census(units, bad)


def test_isp_reaches_its_17_provinces_people(lic, units, census):
    isp = {u.adcode for u in lic.services["isp"].coverage}
    expected = sum(f.population for f in census.provinces if f.adcode in isp)
    reach = population_reach(lic, units, census)
    assert len(isp) == 17 and reach["isp"].population == expected
    assert reach["isp"].share == pytest.approx(expected / census.mainland)
    assert 0.6 < reach["isp"].share < 0.7  # about two thirds of the people on under a third of the area
    assert reach["cdn"].population == census.mainland and reach["cdn"].share == 1


def test_services_licensed_by_city_give_no_estimate(lic, units, census):
    reach = population_reach(lic, units, census)
    for service in ("idc", "vpn"):
        cities = [u.name for u in lic.services[service].coverage if u.adcode % 10000]  # not a municipality
        assert reach[service].population is None and reach[service].share is None
        assert [n.zh for n in reach[service].missing] == cities
        assert "大同" in reach["idc"].note.render("zh") and "Datong" in reach["idc"].note.render("en")


def test_table_notes_and_screen_rows(lic, boundaries, census):
    table = reach_table(lic, boundaries, census)
    assert table.loc["isp", "area_share"] < 0.3 < 0.6 < table.loc["isp", "population_share"]
    notes = reach_notes(table, "en")
    assert notes["isp"].endswith("of people") and notes["idc"].endswith("population n/a")
    shown = reach_display(table, ["isp", "idc"], "zh")
    assert list(shown.columns) == ["业务", "许可单位数", "面积 (km²)", "面积占比", "人口"]
    assert shown.iloc[0, 4].startswith("人口占比 65.") and shown.iloc[1, 4].startswith("人口不详")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_coverage_json(lang, geo_command):
    proc = geo_command("coverage", "--json", "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    keys = {"units", "area_km2", "area_share", "population", "population_share", "population_note"}
    assert all(set(row) == keys for row in out["services"].values())
    isp, idc = out["services"]["isp"], out["services"]["idc"]
    assert isp["units"] == 17 and isp["population_share"] > 2 * isp["area_share"] and isp["population_note"] is None
    assert idc["population"] is None and idc["population_share"] is None
    assert ("Datong" if lang == "en" else "大同") in idc["population_note"]
    assert out["mainland_population"] == 1_409_778_724
