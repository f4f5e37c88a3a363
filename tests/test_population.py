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


def test_services_licensed_by_city_reach_the_people_of_their_cities(lic, units, census):
    raw = yaml.safe_load(CENSUS_FILE.read_text(encoding="utf-8"))
    figures = {f["adcode"]: f["population"] for f in (*raw["provinces"], *raw["prefectures"])}
    reach = population_reach(lic, units, census)
    for service in ("idc", "vpn"):
        licensed = [u.adcode for u in lic.services[service].coverage]  # municipalities and cities, as the clause
        assert reach[service].population == sum(figures[code] for code in licensed) and not reach[service].missing
        assert reach[service].share == pytest.approx(reach[service].population / census.mainland)
    assert all(f["source"] for f in raw["prefectures"])  # every city figure names its communiqué


def test_a_city_without_a_figure_gives_no_estimate_but_names_it(lic, units, tmp_path):
    raw = yaml.safe_load(CENSUS_FILE.read_text(encoding="utf-8"))
    raw["prefectures"] = [f for f in raw["prefectures"] if f["name"] != "大同市"]
    partial = tmp_path / "census.yaml"
    partial.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    reach = population_reach(lic, units, load_census(units, partial))
    assert reach["idc"].population is None and [n.zh for n in reach["idc"].missing] == ["大同"]
    assert "大同" in reach["idc"].note.render("zh") and "Datong" in reach["idc"].note.render("en")
    assert reach["vpn"].population is not None  # 大同 is no VPN city


def test_a_city_figure_larger_than_its_province_allows_is_refused(units, tmp_path):
    raw = yaml.safe_load(CENSUS_FILE.read_text(encoding="utf-8"))
    datong = next(f for f in raw["prefectures"] if f["name"] == "大同市")
    datong["population"] *= 100  # a slip of two zeros
    bad = tmp_path / "census.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CoverageAtlasError, match="the cities of 山西省 add up to 310,559,100"):
        load_census(units, bad)


def test_table_notes_and_screen_rows(lic, boundaries, census):
    table = reach_table(lic, boundaries, census)
    assert table.loc["isp", "area_share"] < 0.3 < 0.6 < table.loc["isp", "population_share"]
    notes = reach_notes(table, "en")
    assert notes["isp"].endswith("of people") and notes["idc"].endswith("of people")
    shown = reach_display(table, ["isp", "idc"], "zh")
    assert list(shown.columns) == ["业务", "许可单位数", "面积 (km²)", "面积占比", "人口"]
    assert shown.iloc[0, 4].startswith("人口占比 65.") and shown.iloc[1, 4].startswith("人口占比 16.")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_coverage_json(lang, geo_command):
    proc = geo_command("coverage", "--json", "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    keys = {"units", "area_km2", "area_share", "population", "population_share", "population_note"}
    assert all(set(row) == keys for row in out["services"].values())
    isp, idc = out["services"]["isp"], out["services"]["idc"]
    assert isp["units"] == 17 and isp["population_share"] > 2 * isp["area_share"] and isp["population_note"] is None
    assert idc["population"] > 200_000_000 and 0.15 < idc["population_share"] < 0.17  # its 4 + 14 units' people
    assert idc["population_note"] is None
    assert out["mainland_population"] == 1_409_778_724
