"""The real app in a real browser, with no network: the map draws and a typed query is answered.

Server and headless Chromium run together inside a fresh network namespace that has
only loopback (unshare --net), so nothing can be fetched from anywhere else. Screenshots
are kept under artifacts/browser/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from geo.i18n import t
from tests.browser import background

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report() -> dict:
    """What the scenario saw: it was started when the tests were collected (tests/conftest.py)."""
    if missing := background.missing_browser():
        if os.environ.get("CI"):
            pytest.fail(f"CI must install chromium and chromium-driver (.ci/run): missing {missing}")
        pytest.skip(f"headless Chromium not installed ({missing}); scripts/test.sh installs it")
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to run the app without network")
    return background.wait_for_report()


def test_runs_without_network(report):
    assert report["interfaces"] == ["lo"]  # the namespace has loopback only
    assert set(report["hosts"]) <= {"127.0.0.1"}, report["hosts"]


def test_coverage_map_draws_its_polygons(report):
    assert report["map_paths"] >= 370  # every prefecture-level unit drawn


def test_a_plain_streamlit_run_of_app_py_draws_the_map_offline(report):
    plain = report["plain_start"]  # `streamlit run app.py`: no server.py, no /geo/layers/ route
    assert plain["map_paths"] >= 370 and plain["deep_link_map_paths"] >= 370
    names = sorted(url.rsplit("/", 1)[1].split(".")[0] for url in plain["layer_requests"])
    assert names == ["dashline", "prefectures", "provinces"]  # from Streamlit's own static serving
    assert plain["hosts"] == ["127.0.0.1"] and not plain["deep_link_page_not_found"]


def test_the_page_holds_still_while_it_loads(report):
    assert report["calm_style_parent"] == "HEAD"  # in the page Streamlit sent, before any placeholder is drawn


def test_the_map_draws_from_the_static_geometry_files(report):
    names = sorted(url.rsplit("/", 1)[1].split(".")[0] for url in report["layer_requests"])
    assert names == ["dashline", "prefectures", "provinces"]  # fetched once each, from this server


def test_the_matrix_is_drawn_when_opened_and_its_code_loaded_then(report):
    assert report["table_code_before_open"] == []  # the map screen opens without the table's code
    assert report["matrix_opened"]


def test_the_legend_follows_the_layer_switches_and_folds(report):
    found = report["legend_and_layers"]
    assert found["layers_expanded"] and found["cdn_row_before"]  # laptop: the layer box open, CDN listed
    assert not found["cdn_row_after_switch_off"]  # CDN switched off: gone from the legend
    assert found["folded_by_title"]  # the title folds the legend


def test_a_phone_starts_with_layer_box_and_legend_folded(report):
    assert not report["phone_layers_expanded"] and report["phone_legend_folded"]


def test_the_first_check_keeps_the_map_and_the_type_ahead_in_the_browser(report):
    """The answer appearing above the map mounted a new map frame (Leaflet, script and geometry fetched again),
    and the box's 3,260 suggestions (~145 KB) were sent again: 0.21 MB over the websocket, 1.7 MB over HTTP."""
    assert report["first_check_map_requests"] == [], report["first_check_map_requests"]
    assert report["first_check_websocket_bytes"] < 120_000, report["first_check_websocket_bytes"]  # 64 KB measured


def test_the_first_check_fetches_no_syntax_highlighter_and_little_code(report):
    """st.code made the first check fetch Streamlit's highlighter (1.5 MB, 0.6 MB on the wire); the copy
    blocks are now a small component (BidiComponent and its Arrow reader: 51 KB on the wire)."""
    chunks = report["first_check_code_chunks"]
    assert not [c for c in chunks if "SyntaxHighlighter" in c], chunks
    assert report["first_check_http_bytes"] < 100_000, (report["first_check_http_bytes"], chunks)


def test_the_copy_button_copies_the_link_it_shows(report):
    copied = report["copied_link"]
    assert copied["said"] == t("copy_text.copied", "zh"), copied
    assert copied["clipboard"] == copied["shown"] and "/check?" in copied["shown"] and "q=" in copied["shown"], copied


def test_a_second_check_does_not_resend_geometry(report):
    assert report["recheck_map_paths"] >= 370 and report["recheck_highlight_paths"] >= 1  # map kept, place outlined
    assert report["recheck_layer_requests"] == []  # no geometry fetched again
    assert report["recheck_websocket_bytes"] < 500_000, report["recheck_websocket_bytes"]  # was 2.7 MB a check


def test_a_deep_link_is_the_first_request_and_is_answered(report):
    cards = report["deep_link_cards"]
    assert "可以" in cards["vpn"] and "不可以" not in cards["vpn"]  # 深圳: VPN yes
    assert "此地不可设机房" in cards["idc"] and "东莞" in cards["idc"]  # IDC no room here, nearest room city 东莞
    assert report["deep_link_has_sidebar"]  # drawn inside the shared frame
    assert not report["deep_link_page_not_found"]  # no "Page not found" dialog over it


def test_the_map_zooms_to_the_answer(report):
    assert report["deep_link_zoom"] >= 7, report["deep_link_zoom"]  # 深圳 fills the map, not China


def test_the_map_follows_the_answer_back_to_the_country_or_to_the_candidates(report):
    assert report["deep_link_zoom"] >= 7 and report["not_found_zoom"] < 6, report  # 深圳 then nothing: China again
    assert report["ambiguous_labels"] == report["ambiguous_choices"] >= 4  # 鼓楼区: each candidate numbered on the map


def test_the_line_the_four_verdicts_and_the_map_are_above_the_fold(report):
    laptop, phone = report["fold"]["1366x768"], report["fold"]["390x844"]
    for size in (laptop, phone):  # the line and every card's verdict without scrolling
        assert size["line"] is not None and size["line"] <= size["viewport"], size
        assert all(b is not None and b <= size["viewport"] for b in size["badges"]), size
    assert laptop["map_top"] < laptop["viewport"] - 100, laptop  # and, on a laptop, the map's top edge


def test_a_click_on_land_checks_that_point(report):
    assert all(report["click_cards"].values()), report["click_cards"]  # four cards
    assert "兰州" in report["click_answer"]  # the point lies in 兰州
    lat, lng = (float(v) for v in report["click_query_box"].split(","))  # the query box filled with the point
    assert abs(lat - 36.06) < 0.3 and abs(lng - 103.83) < 0.3, report["click_query_box"]
    assert f"q={lat}" in report["click_url"]


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_at_four_sizes_the_legend_leaves_the_coast_and_labels_do_not_collide(report):
    assert len(report["layouts"]) == 8  # 1600×1000, 1366×768, 390×844, 1920×1080; 中文 and English
    for name, layout in report["layouts"].items():
        labels = {label["unit"]: label for label in layout["labels"]}
        assert len(labels) == 21, name  # every licensed IDC/VPN city has its label, shown or waiting for zoom
        for city in ("440300", "350200"):  # 深圳, 厦门: the legend is not over them
            assert not _overlap(layout["legend"], labels[city]["box"]), (name, city)
        shown = [label for label in layout["labels"] if label["shown"]]
        enough = 8 if name.startswith("390x") else 12  # the rest wait for a zoom
        assert len(shown) >= enough, (name, [label["text"] for label in shown])
        for i, first in enumerate(shown):
            for second in shown[i + 1 :]:
                assert not _overlap(first["box"], second["box"]), (name, first["text"], second["text"])
        assert layout["inset_over_land"] == "false", name  # the inset shrinks off Fujian's coast and Taiwan
        assert not _overlap(layout["inset"], layout["legend"]), name
        if not name.startswith("390x"):  # on a laptop or projector the whole map is above the fold
            assert layout["frame_bottom"] <= layout["viewport_height"], (name, layout["frame_bottom"])


def test_a_click_on_the_draft_map_adds_the_city(report):
    assert "added" in report["draft_diff"] and "Chengdu" in report["draft_diff"], report["draft_diff"]
    assert "18 → 19" in report["draft_shares"], report["draft_shares"]  # IDC's licensed units
    assert report["draft_inset_over_land"] == "false"  # its South China Sea inset leaves the coast and Taiwan


def test_check_screen_answers_a_typed_query(report):
    cards = report["cards"]  # Xi'an
    assert "VPN" in cards["vpn"] and "可以" in cards["vpn"] and "不可以" not in cards["vpn"]
    assert "此地不可设机房" in cards["idc"]
    assert "q=Xi%27an" in report["url"]  # the query lives in the URL
    assert report["check_map_paths"] >= 370


def test_screenshots_are_saved(report):
    for path in report["screenshots"]:
        assert Path(path).stat().st_size > 20_000


def test_presentation_mode_is_full_screen_with_title_and_legend(report):
    assert report["present_paths"] >= 370
    assert not report["present_sidebar_visible"]
    assert "Licensed coverage of" in report["present_title"] and report["present_title"].count(":") == 1  # one colon
    assert "B1-20070275" in report["present_title"] and "expired 2022-09-18" in report["present_title"]
    assert "IDC data centres" in report["present_legend"] and "CDN" not in report["present_legend"]
    assert report["present_inset_units"] >= 34  # South China Sea inset: every province's shape (the islands)


def test_one_click_on_an_export_button_downloads_the_file(report):
    """The button draws the PDF when clicked, in Streamlit's worker thread (pyplot there failed: no file)."""
    assert not report["export_pdf"]["failed"], report["export_pdf"]
    assert report["export_pdf"]["files"] == ["B1-20070275-cdn-isp-idc-vpn-en.pdf"], report["export_pdf"]
