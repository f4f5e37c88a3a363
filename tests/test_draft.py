"""What-if drafts: add or remove units, see the change, download a license file that loads like any other."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.check import Checker
from geo.compare import diff_display, license_diff
from geo.draft import clicked_unit, draft_license, draft_yaml, grantable_units, toggle, unit_labels
from geo.errors import CoverageAtlasError
from geo.license import load_licenses, validate_coverage
from geo.paths import CENSUS_FILE, LICENSE_DIR
from geo.population import load_census, reach_change, reach_table

CHENGDU, XIAN, GUANGXI = 510100, 610100, 450000


def adcodes(lic, service):
    return [u.adcode for u in lic.services[service].coverage]


@pytest.fixture(scope="module")
def draft(lic, units):
    coverage = {"idc": [*adcodes(lic, "idc"), CHENGDU, XIAN], "isp": [*adcodes(lic, "isp"), GUANGXI]}
    return draft_license(lic, coverage, units)


def test_a_draft_is_marked_and_passes_the_same_validation(lic, units, draft):
    validate_coverage(draft, units, "draft")
    assert draft.draft_of == lic.number and draft.number == f"{lic.number}-DRAFT"
    assert "草案" in draft.services["idc"].coverage_clause and "成都、西安" in draft.services["idc"].coverage_clause
    for service, grant in draft.services.items():  # a facility-location clause still says where rooms are
        if grant is not lic.services[service]:
            rooms = "机房所在地为" in grant.coverage_clause
            assert rooms == (grant.coverage_means == "facility_location"), (service, grant.coverage_clause)
    assert draft.services["vpn"] == lic.services["vpn"]  # untouched services keep the license's own words
    diff = license_diff(lic, draft)
    assert set(zip(diff["service"], diff["change"], diff["name"], strict=True)) == {
        ("idc", "added", "成都"),
        ("idc", "added", "西安"),
        ("isp", "added", "广西"),
    }
    names = unit_labels(grantable_units(units), "en")
    assert list(diff_display(diff, "en", names).iloc[0][:3]) == ["ISP internet access", "added", "Guangxi"]


def test_shares_move_by_what_was_added(lic, boundaries, draft):
    census = load_census(boundaries.units, CENSUS_FILE)
    before, after = reach_table(lic, boundaries, census), reach_table(draft, boundaries, census)
    guangxi = next(f.population for f in census.provinces if f.adcode == GUANGXI)
    assert after.loc["isp", "population"] - before.loc["isp", "population"] == guangxi
    area = boundaries.units.set_index(["level", "adcode"])["area_km2"]
    added_km2 = area[("prefecture", CHENGDU)] + area[("prefecture", XIAN)]
    assert after.loc["idc", "area_km2"] - before.loc["idc", "area_km2"] == pytest.approx(added_km2, rel=1e-6)
    shown = reach_change(before, after, "zh")
    assert shown.loc[1, "许可单位数"] == "17 → 18" and shown.loc[2, "许可单位数"] == "18 → 20"


def test_the_downloaded_file_loads_beside_its_license_and_answers(tmp_path, lic, boundaries, draft):
    shutil.copy(LICENSE_DIR / "B1-20070275.yaml", tmp_path)
    (tmp_path / "B1-20070275-draft.yaml").write_bytes(draft_yaml(draft))
    loaded = load_licenses(boundaries.units, tmp_path)
    assert set(loaded) == {"B1-20070275", "B1-20070275-draft"}
    assert loaded["B1-20070275-draft"] == draft
    answer = Checker(boundaries, loaded["B1-20070275-draft"]).check("成都").services["idc"]
    assert answer.verdict == "yes" and "草案" in answer.clause  # a verdict from a draft says so


def test_removing_and_clicking(lic, units):
    fewer = draft_license(lic, {"vpn": [a for a in adcodes(lic, "vpn") if a != 440300]}, units)  # 深圳 out
    assert list(license_diff(lic, fewer)["name"]) == ["深圳"]
    assert toggle([1, 2], 2) == [1] and toggle([1], 2) == [1, 2]
    with pytest.raises(CoverageAtlasError, match="needs at least one licensed unit"):
        draft_license(lic, {"vpn": []}, units)


def test_grantable_units_name_each_unit_once(units):
    grantable = grantable_units(units)
    assert grantable["adcode"].is_unique
    assert {"全国", "北京", "四川", "成都"} <= set(grantable["name"])
    assert 110100 not in set(grantable["adcode"])  # 北京 appears once, as the municipality
    english = unit_labels(grantable, "en")
    assert english[CHENGDU] == "Chengdu · Sichuan" and english[100000] == "Nationwide"
    assert unit_labels(grantable, "zh")[220200] == "吉林 · 吉林"  # the city, told from the province 吉林


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_draft_screen_updates_live_and_offers_the_file(lang):
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/screens/draft.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    box = at.multiselect(key="draft_B1-20070275_idc")
    assert at.info  # nothing changed yet
    box.select(CHENGDU).select(XIAN).run()
    assert not at.exception, [e.message for e in at.exception]
    changes = at.table[0].value
    assert len(changes) == 2
    assert set(changes.iloc[:, 2]) == (
        {"成都 · 四川", "西安 · 陕西"} if lang == "zh" else {"Chengdu · Sichuan", "Xi'an · Shaanxi"}
    )
    shares = at.table[1].value
    assert shares.iloc[2, 1] == "18 → 20"
    downloads = [d for d in at.get("download_button") if d.proto.label.endswith("(YAML)")]
    assert len(downloads) == 1 and not downloads[0].proto.disabled
    assert isinstance(changes, pd.DataFrame)


def test_a_click_picks_the_city_or_the_province_the_service_is_licensed_by(lic, units, checker):
    grantable = grantable_units(units)
    place = checker.check_point(104.07, 30.66).place  # 成都 (WGS-84)
    assert clicked_unit(place, adcodes(lic, "idc"), grantable) == CHENGDU
    assert clicked_unit(place, adcodes(lic, "isp"), grantable) == 510000  # ISP names provinces: 四川
    beijing = checker.check_point(116.46, 39.92).place  # 朝阳区
    assert clicked_unit(beijing, adcodes(lic, "vpn"), grantable) == 110000
