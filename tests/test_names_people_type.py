"""Names people actually type (issue: check the way a salesperson expects, item 5), through the CLI.

Each query goes through ``python -m geo check --json`` (in-process, on the real checker) and is
held to the place it must resolve to; ambiguity rules stay as they are: never guess.
"""

from __future__ import annotations

import json

import pytest

from geo import cli
from geo.lookup import parse_query

TAIWAN = 710000


@pytest.fixture
def check_json(capsys):
    def run(query: str, *extra: str) -> dict:
        assert cli.main(["check", query, "--json", *extra]) == 0
        return json.loads(capsys.readouterr().out)

    return run


@pytest.mark.parametrize(
    ("query", "adcode"),
    [
        ("Haidian", 110108),
        ("Beijing Haidian", 110108),
        ("Pudong", 310115),
        ("Pudong New Area", 310115),
        ("Nanshan, Shenzhen", 440305),
        ("Tianhe District Guangzhou", 440106),
        # traditional characters, as customers in Hong Kong and Taiwan write them
        ("廣州市天河區", 440106),
        ("東莞", 441900),
        ("廈門", 350200),
        ("哈爾濱", 230100),
        ("乾县", 610424),  # a character t2s would change, kept because a unit name uses it
        # addresses with noise around them
        ("收货地址：中国广东省深圳市南山区科技园 13800138000 518057", 440305),
        ("中国北京市海淀区中关村大街1号 电话：010-62751234 邮编100871", 110108),
        ("地址:中國廣東省廣州市天河區體育西路", 440106),
    ],
)
def test_names_resolve(check_json, query, adcode):
    answer = check_json(query)
    assert (answer["status"], answer["adcode"]) == ("ok", adcode), answer["message"]
    assert answer["query"] == query  # echoed as entered, not as converted


@pytest.mark.parametrize(
    ("query", "adcodes"),
    [
        ("Chaoyang", {110105, 211300, 220104, 440513}),  # 北京朝阳区, 辽宁朝阳市, 长春朝阳区, 汕头潮阳区
        ("朝阳", {110105, 211300, 220104}),
        ("Chaoyang District", {110105, 220104, 440513}),  # "District" leaves out the city
    ],
)
def test_chaoyang_stays_ambiguous(check_json, query, adcodes):
    answer = check_json(query)
    assert answer["status"] == "ambiguous"
    assert {c["adcode"] for c in answer["candidates"]} == adcodes


@pytest.mark.parametrize("query", ["台北", "高雄", "Taipei", "Kaohsiung", "臺北市", "台湾省台北市信义区", "宜蘭"])
def test_taiwan_cities_answer_like_taiwan(check_json, query):
    answer = check_json(query, "--lang", "en")
    assert (answer["status"], answer["adcode"]) == ("ok", TAIWAN)
    assert {s["verdict"] for s in answer["services"].values()} == {"no"}
    assert all("outside this license" in s["reason"] for s in answer["services"].values())


def test_a_taiwan_name_shared_with_the_mainland_is_ambiguous(check_json):
    answer = check_json("新北")  # 常州's 新北区 and 新北市 in Taiwan
    assert answer["status"] == "ambiguous"
    assert {c["adcode"] for c in answer["candidates"]} == {320411, TAIWAN}


@pytest.mark.parametrize(
    "query",
    [
        "39.9042，116.4074",
        "３９．９０４２，１１６．４０７４",
        "北纬39.9042 东经116.4074",
        "东经116.4074 北纬39.9042",
        "N39.9042 E116.4074",
        "39.9042N, 116.4074E",
        "39°54'15\"N 116°24'27\"E",
        "北纬39°54′15″ 东经116°24′27″",
        "39度54分15秒, 116度24分27秒",
    ],
)
def test_pasted_coordinates_land_on_tiananmen(check_json, query):
    answer = check_json(query)
    assert (answer["status"], answer["adcode"]) == ("ok", 110101), answer["message"]  # 东城区


def test_labels_are_obeyed_not_guessed():
    point = parse_query("N80 E50")  # as plain numbers the order would be guessed the other way
    assert (point.lat, point.lng, point.outside_china) == (80, 50, True)
    assert parse_query("S33.9 E151.2").lat == pytest.approx(-33.9)
    assert parse_query("N39.9 N116.4").message.id == "query.same_axis"
    assert parse_query("39°75' N, 116 E").message.id == "query.bad_angle"


def test_the_real_command_reads_traditional_taiwan_and_labelled_coordinates(geo_command):
    for query, adcode in (("廣州市天河區", 440106), ("Taipei", TAIWAN), ("北纬39.9042 东经116.4074", 110101)):
        proc = geo_command("check", query, "--json")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["adcode"] == adcode


def test_a_bad_place_file_is_refused_with_its_name(tmp_path):
    from geo.aliases import load_place_aliases
    from geo.errors import CoverageAtlasError

    (tmp_path / "bad.yaml").write_text("unit: 台湾省\nplaces:\n  - {zh: Taipei, en: Taipei}\n", encoding="utf-8")
    with pytest.raises(CoverageAtlasError, match=r"^bad\.yaml: field `places\.0\.zh`: String should match pattern"):
        load_place_aliases(tmp_path)
