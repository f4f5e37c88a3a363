"""The coverage screen's footprint panel: the real license's shares, units and people, escaped HTML."""

from geo.coverage import area_summary
from geo.footprint import FootprintCard, footprint_cards, footprint_html, units_in_words
from geo.license import SERVICE_KEYS
from geo.population import load_census, reach_table


def test_cards_give_each_service_its_share_units_and_people(boundaries, lic, units):
    reach = reach_table(lic, boundaries, load_census(units))
    cards = {c.service: c for c in footprint_cards(area_summary(lic, boundaries), reach, "en")}
    assert list(cards) == list(SERVICE_KEYS)
    assert cards["cdn"].share == "100.0%" and cards["cdn"].units == "nationwide: all 31 provinces"
    assert cards["isp"].units == "4 municipalities and 13 provinces" and cards["isp"].people.startswith("65.1% ")
    assert cards["idc"].units == "4 municipalities and 14 cities, each whole"  # 4 + 14 = the clause's 18
    assert cards["vpn"].units == "2 municipalities and 6 cities, each whole"
    assert cards["idc"].people.startswith("16.0% of the population")  # its cities' own census figures


def test_the_words_count_what_the_grant_names_for_every_service(boundaries, lic):
    summary = area_summary(lic, boundaries)
    for service in SERVICE_KEYS:
        grant = {u.adcode for u in lic.services[service].coverage}
        row = summary.loc[service]
        if row["nationwide"]:
            continue
        named = row["municipalities"] + row["provinces_named"] + row["cities_named"]
        assert named == len(grant), service  # every unit of the clause counted once
        for lang in ("zh", "en"):
            words = units_in_words(row, lang)
            for count in (row["municipalities"], row["provinces_named"], row["cities_named"]):
                assert not count or str(int(count)) in words, (service, words)
    grown = summary.loc["idc"].copy()
    grown["cities_full"] -= 1  # one city now larger than the one licensed: covered in part
    assert units_in_words(grown, "en") == "4 municipalities and 13 of 14 cities whole; 1 in part"
    assert units_in_words(grown, "zh") == "4 个直辖市和 14 个城市, 其中 13 个为全市、1 个仅部分"


def test_every_text_in_the_panel_is_escaped():
    card = FootprintCard("idc", "<b>IDC</b>", "1.0%", "a & b", '<img src=x onerror="alert(1)">')
    panel = footprint_html([card])
    assert "<b>" not in panel and "<img" not in panel
    assert "&lt;b&gt;IDC&lt;/b&gt;" in panel and "a &amp; b" in panel
