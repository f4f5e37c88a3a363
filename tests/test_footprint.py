"""The coverage screen's footprint panel: the real license's shares, units and people, escaped HTML."""

from geo.coverage import area_summary
from geo.footprint import FootprintCard, footprint_cards, footprint_html
from geo.license import SERVICE_KEYS
from geo.population import load_census, reach_table


def test_cards_give_each_service_its_share_units_and_people(boundaries, lic, units):
    reach = reach_table(lic, boundaries, load_census(units))
    cards = {c.service: c for c in footprint_cards(area_summary(lic, boundaries), reach, "en")}
    assert list(cards) == list(SERVICE_KEYS)
    assert cards["cdn"].share == "100.0%" and cards["cdn"].units == "provinces / prefectures: 31 / 367"
    assert cards["isp"].units == "provinces / prefectures: 17 / 183" and cards["isp"].people.startswith("65.1% ")
    # the license names IDC's and VPN's cities: provinces covered in part, counted apart from whole ones
    assert cards["idc"].units.endswith("◐ / 18") and cards["vpn"].units.endswith("◐ / 8")
    assert cards["vpn"].people.startswith("population not given")  # never estimated


def test_every_text_in_the_panel_is_escaped():
    card = FootprintCard("idc", "<b>IDC</b>", "1.0%", "a & b", '<img src=x onerror="alert(1)">')
    panel = footprint_html([card])
    assert "<b>" not in panel and "<img" not in panel
    assert "&lt;b&gt;IDC&lt;/b&gt;" in panel and "a &amp; b" in panel
