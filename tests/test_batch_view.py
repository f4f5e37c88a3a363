"""The batch screen's view of a checked table: one language, verdict counts, one marker per place, rows per prefecture."""

import numpy as np
import pandas as pd

from geo.batch import LocationColumns, answer_columns, check_table, result_points
from geo.batch_view import count_categories, place_names_in_english, screen_table, site_points, verdict_counts


def checked(checker, queries):
    table = pd.DataFrame({"地址": queries})
    return table, check_table(checker, table, LocationColumns(text="地址"))


def test_many_rows_at_one_place_become_one_marker_with_a_count(checker):
    table, result = checked(checker, ["北京"] * 200 + ["深圳"] * 3 + ["xyzzy"])
    names = answer_columns(table.columns)
    points = result_points(checker, result, LocationColumns(text="地址"))
    sites = site_points(points, result[names["idc"]], result["地址"])
    assert sorted(zip(sites["label"], sites["rows"], sites["verdict"], strict=True)) == [
        ("北京", 200, "yes"),
        ("深圳", 3, "no"),
    ]  # the unfound row has no place: no marker


def test_rows_are_counted_per_prefecture_and_shaded_by_bin(checker):
    table, result = checked(checker, ["深圳南山区", "深圳福田区", "深圳", "东莞", *(["成都"] * 30)])
    shading, counts = count_categories(checker, result[answer_columns(table.columns)["adcode"]], "en")
    assert counts.to_dict() == {510100: 30, 440300: 3, 441900: 1}  # counties count for their prefecture
    assert shading["fill"] == {"510100": "bin3", "440300": "bin1", "441900": "bin0"}
    assert shading["labels"]["bin3"] == "21–100 rows" and shading["labels"]["bin4"] == "more than 100 rows"


def test_screen_words_and_file_codes(checker):
    table, result = checked(checker, ["深圳", "朝阳", "xyzzy"])
    names = answer_columns(table.columns)
    english = screen_table(result, names, "en", place_names_in_english(checker))
    assert list(english["status"]) == ["found", "ambiguous", "not found"]
    assert english["province"].iloc[0] == "Guangdong" and english["nearest IDC city"].iloc[0] == "Dongguan"
    assert list(english["VPN"]) == ["yes", "", ""]  # 朝阳's VPN differs between candidates: no single verdict
    assert list(result["status"]) == ["ok", "ambiguous", "not_found"]  # the table itself keeps the codes
    tally = verdict_counts(result, names, "zh")
    idc = tally[tally["service"] == "IDC 互联网数据中心"].set_index("verdict")["rows"]
    assert idc.to_dict() == {"可以": 0, "部分": 0, "不可以": 1, "未答复": 2}
    assert np.isin(tally["colour"], ["#2e7d32", "#f9a825", "#c62828", "#9e9e9e"]).all()
