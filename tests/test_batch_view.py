"""The batch screen's view of a checked table: one language, verdict counts, one marker per place, rows per prefecture."""

import numpy as np
import pandas as pd

from geo.batch import LocationColumns, answer_columns, check_table, result_points
from geo.batch_view import count_categories, place_names_in_english, screen_table, site_points, verdict_counts
from geo.i18n import Msg, t
from geo.license import SERVICE_KEYS
from geo.style import VERDICT_COLOURS, VERDICT_MARKS
from geo.verdicts import ServiceAnswer, verdict_words


def checked(checker, queries):
    table = pd.DataFrame({"地址": queries})
    return table, check_table(checker, table, LocationColumns(text="地址"))


def test_many_rows_at_one_place_become_one_marker_with_a_count(checker):
    table, result = checked(checker, ["北京"] * 200 + ["深圳"] * 3 + ["xyzzy"])
    names = answer_columns(table.columns)
    points = result_points(result, names)
    sites = site_points(points, result[names["idc"]], result["地址"])
    assert sorted(zip(sites["label"], sites["rows"], sites["verdict"], strict=True)) == [
        ("✔ 北京", 200, "yes"),
        ("✘ 深圳", 3, "no"),
    ]  # the unfound row has no place: no marker


def test_rows_are_counted_per_prefecture_and_shaded_by_bin(checker):
    table, result = checked(checker, ["深圳南山区", "深圳福田区", "深圳", "东莞", *(["成都"] * 30)])
    shading, counts = count_categories(checker.index, result[answer_columns(table.columns)["adcode"]], "en")
    assert counts.to_dict() == {510100: 30, 440300: 3, 441900: 1}  # counties count for their prefecture
    assert shading["fill"] == {"510100": "bin3", "440300": "bin1", "441900": "bin0"}
    assert shading["labels"]["bin3"] == "21–100 rows" and shading["labels"]["bin4"] == "more than 100 rows"


def test_screen_words_and_file_codes(checker):
    table, result = checked(checker, ["深圳", "朝阳", "xyzzy"])
    names = answer_columns(table.columns)
    means = {s: grant.coverage_means for s, grant in checker.license.services.items()}
    english = screen_table(result, names, "en", place_names_in_english(checker.index), means)
    assert list(english["status"]) == ["found", "ambiguous", "not found"]
    assert english["province"].iloc[0] == "Guangdong" and english["nearest IDC city"].iloc[0] == "Dongguan"
    assert list(english["VPN"]) == ["✔ yes", "", ""]  # 朝阳's VPN differs between candidates: no single verdict
    assert english["IDC"].iloc[0] == "✘ no room may be located here"  # as the card words it, mark first
    assert list(result["status"]) == ["ok", "ambiguous", "not_found"]  # the table itself keeps the codes
    tally = verdict_counts(result, names, "zh")
    idc = tally[tally["service"] == "IDC 互联网数据中心"].set_index("verdict")["rows"]
    assert idc.to_dict() == {"可以": 0, "部分": 0, "不可以": 1, "未答复": 2}
    assert np.isin(tally["colour"], list(VERDICT_COLOURS.values())).all()


def test_every_verdict_cell_reads_as_its_card_with_its_mark_and_the_county_is_a_column(checker):
    counties = checker.boundaries.full_counties.drop_duplicates("name", keep=False).head(300)  # unique names
    table, result = checked(checker, list(counties["name"]))
    names = answer_columns(table.columns)
    assert list(result[names["county"]]) == list(counties["name"])  # each row names its county
    means = {s: grant.coverage_means for s, grant in checker.license.services.items()}
    for lang in ("zh", "en"):
        shown = screen_table(result, names, lang, place_names_in_english(checker.index), means)
        for service in SERVICE_KEYS:
            header = t(f"batch_column.{service}", lang)
            for code, cell in zip(result[names[service]], shown[header], strict=True):
                reply = ServiceAnswer(code, "", Msg("empty"), means[service])
                assert cell == f"{VERDICT_MARKS[code]} {verdict_words(reply, lang)}", (service, code, cell)
