"""Hong Kong's districts and Macau's parishes under the Latin names they are written in, from the cited file.

Every property runs over every entry of data/places/hong-kong-macau.yaml, joined to the
boundary data on adcodes: nothing here names a district.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from geo.aliases import UnitLatinName, load_unit_names
from geo.errors import CoverageAtlasError
from geo.latin import kind_and_stem
from geo.lookup import Gazetteer
from geo.names import english_name, short_name

LEVEL_WORD = {"district": ["District", "Parish"]}


@pytest.fixture(scope="module")
def entries() -> list[UnitLatinName]:
    return load_unit_names()


def test_the_file_gives_every_district_and_parish_the_boundary_data_draws_in_hong_kong_and_macau(units, entries):
    drawn = units[(units["level"] == "county") & units["province_adcode"].isin([810000, 820000])]
    assert sorted(e.adcode for e in entries) == sorted(drawn["adcode"])
    names = drawn.set_index("adcode")["name"]
    assert {e.adcode: e.zh for e in entries} == names.to_dict()


def test_a_name_that_disagrees_with_the_boundary_data_is_refused_naming_the_adcode(units, entries):
    wrong = entries[0].model_copy(update={"zh": "不存在区"})
    with pytest.raises(CoverageAtlasError, match=str(wrong.adcode)):
        Gazetteer(units, latin_names=[wrong])


def test_every_unit_answers_under_its_latin_name_with_its_level_word_and_alone_unless_an_everyday_word(
    checker, entries
):
    for entry in entries:
        kind = kind_and_stem(entry.zh, short_name(entry.zh))[0]
        for word in LEVEL_WORD[kind]:
            result = checker.check(f"{entry.en} {word}")
            assert (result.status, result.place.adcode if result.place else None) == ("ok", entry.adcode), entry
        alone = checker.check(entry.en)
        if entry.needs_level_word:
            assert entry.adcode not in {c.place.adcode for c in alone.candidates} | {
                alone.place.adcode if alone.place else None
            }
        else:
            assert alone.status == "ok" and alone.place.adcode == entry.adcode, entry


def test_every_locality_stands_for_exactly_the_units_it_is_listed_under(checker, entries):
    listed: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        for place in entry.localities:
            for name in (place.en, place.zh):
                if name:
                    listed[name].add(entry.adcode)
    for name, codes in listed.items():
        result = checker.check(name)
        found = {result.place.adcode} if result.status == "ok" else {c.place.adcode for c in result.candidates}
        outside = {code for code in found if code // 10000 not in (81, 82)}
        assert found - outside == codes, (name, result.status, found)
        assert not outside or result.status == "ambiguous", (name, found)  # 九龙 is also 四川's 九龙县: it asks


def test_a_locality_after_its_territory_in_an_address_names_its_district(checker, entries):
    for entry in entries:
        territory = "Hong Kong" if entry.adcode // 10000 == 81 else "Macau"
        for place in entry.localities:
            if place.en is None:
                continue
            result = checker.check(f"Flat A, 10/F, 1 Some Road, {place.en}, {territory}")
            found = {result.place.adcode} if result.status == "ok" else {c.place.adcode for c in result.candidates}
            assert entry.adcode in found and all(code // 10000 == entry.adcode // 10000 for code in found), place


def test_districts_show_their_own_latin_name_in_english(checker, entries):
    for entry in entries:
        assert english_name(entry.zh, short_name(entry.zh), entry.adcode) == entry.en
        result = checker.check(f"{entry.en} {LEVEL_WORD['district'][0]}")
        assert result.place.label("en").startswith(entry.en)


def test_a_place_spanning_several_districts_answers_alike_for_all_and_says_so(checker, entries):
    spans: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        for place in entry.localities:
            if place.en:
                spans[place.en].add(entry.adcode)
    several = {name for name, codes in spans.items() if len(codes) > 1}
    assert several  # Kowloon, the New Territories, Causeway Bay...
    for name in several:
        result = checker.check(name)
        assert result.status == "ambiguous" and {c.place.adcode for c in result.candidates} == spans[name]
        assert result.message.id == "check.ambiguous_agreeing", name
        assert {s: a.verdict for s, a in result.services.items()} == dict.fromkeys(("cdn", "isp", "idc", "vpn"), "no")
