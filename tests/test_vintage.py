"""Boundary vintage: territory that joined a licensed city after the issue date answers with a note."""

import datetime as dt

import pytest
import yaml

from geo.errors import CoverageAtlasError
from geo.i18n import Name
from geo.paths import BOUNDARY_CHANGES
from geo.vintage import joined_note, load_boundary_changes

LISTED = [
    (change["joined"]["name"], county["name"], change["former"]["zh"], str(change["date"]))
    for change in yaml.safe_load(BOUNDARY_CHANGES.read_text(encoding="utf-8"))["changes"]
    for county in change["counties"]
]


def test_the_file_lists_laiwu_and_gongzhuling(units):
    changes = load_boundary_changes(units)
    assert {c: changes[c].joined.name for c in (370116, 370117, 220184)} == {
        370116: "济南市",
        370117: "济南市",
        220184: "长春市",
    }
    assert changes[370116].date.year == 2019 and changes[220184].date.year == 2020


@pytest.mark.parametrize(("city", "county", "former", "date"), LISTED, ids=[row[1] for row in LISTED])
def test_each_listed_county_says_it_joined_after_the_issue_date(checker, city, county, former, date):
    by_name = checker.check(f"{city}{county}")
    assert by_name.status == "ok" and by_name.place.county.zh == county
    idc = by_name.services["idc"]  # 济南 and 长春 are IDC cities
    assert idc.verdict == "yes"
    text = idc.reason.render("zh")
    assert f"{county}原属{former}" in text and date in text and "2017-09-18" in text
    assert "Note:" in idc.reason.render("en")
    # a point inside the county answers the same way
    lng, lat = checker.point_of(by_name.place)
    by_point = checker.check_point(lng, lat)
    assert by_point.place.adcode == by_name.place.adcode and "原属" in by_point.services["idc"].reason.render("zh")
    # services that do not rest on that city's grant carry no note
    assert all("原属" not in by_name.services[s].reason.render("zh") for s in ("cdn", "isp", "vpn"))


def test_an_old_part_of_the_city_has_no_note(checker):
    for query in ("济南市历城区", "长春市朝阳区"):
        result = checker.check(query)
        assert result.services["idc"].verdict == "yes" and "原属" not in result.services["idc"].reason.render("zh")


def test_a_change_before_the_issue_date_needs_no_note(units):
    change = load_boundary_changes(units)[370116]
    earlier = change.model_copy(update={"date": dt.date(2016, 1, 1)})
    name = Name("莱芜区", "Laiwu")
    assert joined_note(earlier, name, name, dt.date(2017, 9, 18)) is None
    assert joined_note(change, name, name, dt.date(2017, 9, 18)) is not None


def test_a_county_outside_the_named_city_is_refused(units, tmp_path):
    raw = yaml.safe_load(BOUNDARY_CHANGES.read_text(encoding="utf-8"))
    raw["changes"][1]["joined"] = {"adcode": 220300, "name": "四平市"}
    bad = tmp_path / "changes.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CoverageAtlasError, match="220184 公主岭市 is not a county of 四平市"):
        load_boundary_changes(units, bad)
