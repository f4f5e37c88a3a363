"""The answer fit to act on, over every unit of the real boundaries and the real license: the one line,
verdicts worded by what the coverage means (IDC: where rooms may be), the nearest licensed city said as
touching when the outlines touch, and the license's validity wherever the answer travels."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import shapely

from geo.check import CheckResult
from geo.i18n import t
from geo.license import validity
from geo.style import VERDICT_MARKS
from geo.summary import email_summary
from geo.verdict_line import answer_json, verdict_line
from geo.verdicts import verdict_words

AS_OF = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def every_unit(checker) -> list[tuple[object, CheckResult]]:
    refs, _ = checker.index.unit_geometries
    out = []
    for ref in refs:
        if checker.is_outside(ref):
            continue
        found = checker.answer_for(ref)
        out.append(
            (
                ref,
                CheckResult(
                    found.place.name.zh, "ok", place=found.place, services=found.services, nearest=found.nearest
                ),
            )
        )
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_line_gives_every_services_mark_in_order_led_by_the_license_and_its_validity(every_unit, lic, lang):
    basis = validity(lic, AS_OF).basis
    lead = basis.render(lang)
    assert lic.number in lead and lic.valid_until.isoformat() in lead
    for _, result in every_unit:
        line = verdict_line(result, basis, lang)
        assert line.startswith(lead)
        marks = re.findall(r"\b([A-Z]{3}) ([✔✘◐])", line)
        assert marks == [(s.upper(), VERDICT_MARKS[a.verdict]) for s, a in result.services.items()]


def test_a_facility_grant_is_worded_by_rooms_and_a_service_area_by_customers(every_unit, lic):
    for _, result in every_unit:
        for service, reply in result.services.items():
            assert reply.means == lic.services[service].coverage_means
            words = verdict_words(reply, "en")
            assert ("room" in words) == (reply.means == "facility_location")


def test_the_nearest_licensed_city_borders_exactly_when_the_outlines_touch(checker, every_unit):
    """深圳 and 东莞 share a border: 东莞 was "3 km" from 深圳's middle; touching now reads as touching."""
    _, geoms = checker.index.unit_geometries
    outline = dict(zip(checker.index.unit_geometries[0], geoms, strict=True))
    for service in ("idc", "vpn"):
        cities = {code: checker.index.licensed_outline(code) for code in checker._nearest[service].adcodes}
        for ref, result in every_unit:
            near = result.nearest.get(service)
            if near is None or (result.services[service].verdict == "yes" and not near.borders):
                continue
            touching = {c for c, g in cities.items() if shapely.dwithin(outline[ref], g, 0.01)}
            if near.km > 0:  # measured from the unit's point: no licensed city touches it
                assert not touching and not near.borders
            elif near.borders:
                assert near.adcode in touching and near.km == 0


def test_shenzhens_idc_answer_names_dongguan_as_its_neighbouring_room_city(checker, lic):
    result = checker.check("深圳")
    body = answer_json(result, "B1-20070275", lic, AS_OF, "zh")
    assert body["services"]["idc"]["verdict_text"] == t("verdict.room.no", "zh") == "此地不可设机房"
    assert body["nearest"]["idc"] == {"city": "东莞", "km": 0.0, "borders": True}
    assert body["license"]["in_force"] is False and body["license"]["valid_until"] == "2022-09-18"
    assert body["line"].startswith("按已于 2022-09-18 到期的许可证 B1-20070275") and "东莞 (接壤)" in body["line"]
    english = answer_json(result, "B1-20070275", lic, AS_OF, "en")
    assert "IDC ✘ nearest room city: Dongguan (bordering)" in english["line"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_email_summary_carries_the_line_and_the_room_wording(checker, lic, lang):
    text = email_summary(checker.check("深圳"), lic, AS_OF, lang)
    assert verdict_line(checker.check("深圳"), validity(lic, AS_OF).basis, lang) in text
    assert (
        t("verdict.room.no", lang) in text
        and t("nearest.room_borders", lang, city="东莞" if lang == "zh" else "Dongguan") in text
    )


def test_the_statement_gives_the_nearest_room_city_for_an_idc_no(checker, lic, boundaries):
    from geo.paths import LICENSE_DIR
    from geo.statement import coverage_statement

    statement = coverage_statement(
        checker.check("深圳"),
        lic,
        LICENSE_DIR / "B1-20070275.yaml",
        boundaries.provenance,
        AS_OF,
        "zh",
        dt.datetime(2026, 12, 3, 9, 0),
    )
    idc = next(line for line in statement.services if line.service == "idc")
    assert idc.verdict_text == "此地不可设机房" and "东莞" in idc.reason
