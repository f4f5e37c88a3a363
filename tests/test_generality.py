"""The check over the whole gazetteer: every unit under the names people write, generated from the data.

No list of examples: each property runs over every county, every short name, every former
name the cache build found (issue "A check that generalises").
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.latin import kind_and_stem
from geo.lookup import UnitRef
from geo.names import english_name, pinyin, readings, short_name

LEVEL_WORD = {"district": "District", "county": "County", "city": "City", "banner": "Banner", "newarea": "New Area"}
OUTSIDE = {710000, 810000, 820000}


@pytest.fixture(scope="module")
def counties(checker):
    """Every county that is a place of its own (not a row repeating its prefecture), with its prefecture row."""
    gaz = checker.gazetteer
    rows = gaz.units[gaz.units["level"] == "county"]
    by_ref = {UnitRef(r.level, r.adcode): r for r in gaz.units.itertuples()}
    out = []
    for row in rows.itertuples():
        ref = UnitRef("county", row.adcode)
        parent = by_ref[gaz.chain(ref)[1]]
        out.append((row, parent))
    return out


def _verdicts(answer) -> tuple:
    return tuple(sorted((k, a.verdict) for k, a in answer.services.items()))


def test_every_county_in_pinyin_with_its_level_word_and_prefecture_resolves_to_it(checker, counties):
    wrong = []
    for row, parent in counties:
        kind, stem = kind_and_stem(row.name, row.short_name)
        if kind not in LEVEL_WORD:
            continue
        query = f"{pinyin(stem).capitalize()} {LEVEL_WORD[kind]}, {english_name(parent.name, parent.short_name)}"
        result = checker.check(query)
        if result.status != "ok" or result.place.adcode != row.adcode:
            wrong.append((query, row.name, result.status, result.place.adcode if result.place else None))
    assert wrong == [], f"{len(wrong)} of {len(counties)}: {wrong[:10]}"


def test_every_county_under_its_prefecture_in_chinese_resolves_to_it(checker, counties):
    wrong = []
    for row, parent in counties:
        query = f"{parent.name}{row.name}" if parent.name != row.name else row.name
        result = checker.check(query)
        if result.status != "ok" or result.place.adcode != row.adcode:
            wrong.append((query, result.status, result.place.adcode if result.place else None))
    assert wrong == [], f"{len(wrong)} of {len(counties)}: {wrong[:10]}"


def test_a_short_name_shared_by_units_whose_verdicts_differ_is_never_answered_as_one(checker):
    """Chinese short names and their pinyin: where the units a name may mean disagree, the bare name asks."""
    gaz = checker.gazetteer
    by_key: dict[str, set[UnitRef]] = defaultdict(set)
    for row in gaz.units.itertuples():
        by_key[pinyin(row.short_name)].add(UnitRef(row.level, row.adcode))
    confident_wrong = []
    for key, refs in by_key.items():
        refs = {gaz.place_ref(r) for r in refs}
        verdicts = {_verdicts(checker.answer_for(r)) for r in refs}
        if len(verdicts) < 2:
            continue
        result = checker.check(key)
        if result.status == "ok" and any(_verdicts(checker.answer_for(r)) != _verdicts(result) for r in refs):
            if result.place.adcode not in {r.adcode for r in refs}:
                confident_wrong.append((key, result.place.name.zh))
            elif any(r.level == "county" and r not in gaz.chain(checker.ref_of(result.place)) for r in refs):
                # the bare name stands for a higher unit (西安 is 西安市): only where no county of another
                # Chinese name reads alike and no county of the same name sits in a city spoken of like one
                names = {gaz.units.set_index(["level", "adcode"]).loc[(r.level, r.adcode), "short_name"] for r in refs}
                if len(names) > 1:
                    confident_wrong.append((key, result.place.name.zh, sorted(names)))
    assert confident_wrong == []


def test_every_former_name_resolves_to_its_successor(checker):
    gaz = checker.gazetteer
    names_today = set(gaz.units["name"])
    checked = 0
    wrong = []
    for entry_name in {e.name for entries in gaz._former.values() for e in entries}:
        if entry_name in names_today:
            continue  # a name some unit of today carries answers as that unit
        successors = {gaz.place_ref(UnitRef(*s)).adcode for e in gaz.former_names(entry_name) for s in e.successors}
        result = checker.check(entry_name)
        checked += 1
        if result.status == "ok":
            if result.place.adcode not in successors:
                wrong.append((entry_name, result.place.name.zh))
            assert entry_name in result.message.render("zh")  # the note names the change
        elif result.status == "ambiguous":
            if not {c.place.adcode for c in result.candidates} <= successors:
                wrong.append((entry_name, "ambiguous beyond its successors"))
        else:
            wrong.append((entry_name, result.status))
    assert checked > 500 and wrong == [], wrong[:10]


def test_every_former_name_in_pinyin_resolves_to_its_successor_where_no_unit_of_today_reads_so(checker):
    gaz = checker.gazetteer
    today = {key for n in gaz.units["short_name"] for key in readings(n)}
    by_key: dict[str, set[int]] = defaultdict(set)
    for entries in gaz._former.values():
        for entry in entries:
            key = pinyin(short_name(entry.name))
            if key not in today and len(key) >= 4:
                by_key[key] |= {gaz.place_ref(UnitRef(*s)).adcode for s in entry.successors}
    wrong = []
    for key, successors in by_key.items():
        result = checker.check(key.capitalize())
        found = {result.place.adcode} if result.status == "ok" else {c.place.adcode for c in result.candidates}
        if not found or not found <= successors:
            wrong.append((key, result.status, sorted(found)[:3], sorted(successors)[:3]))
    assert len(by_key) > 200 and wrong == [], f"{len(wrong)} of {len(by_key)}: {wrong[:10]}"


CHINESE_NOISE_BEFORE = st.sampled_from(["", "收货地址：", "地址:中国", "寄往 中国 ", "公司地址："])
CHINESE_NOISE_AFTER = st.sampled_from(["", "88号", "建设路12号3楼", " 电话：010-62751234", " 邮编 518057", "1203室"])
LATIN_NOISE_BEFORE = st.sampled_from(["", "Room 1203, ", "Flat A, 10/F, ", "No. 88 Century Avenue, ", "Tower B, "])
LATIN_NOISE_AFTER = st.sampled_from(["", " 100022", ", P.R. China", ", China", " Tel: +86 10 6275 1234"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_address_noise_around_a_real_name_never_changes_the_answer(checker, counties, data):
    row, parent = data.draw(st.sampled_from(counties))
    if parent.adcode in OUTSIDE or parent.name == row.name:
        return
    chinese = f"{parent.name}{row.name}"
    noisy = data.draw(CHINESE_NOISE_BEFORE) + chinese + data.draw(CHINESE_NOISE_AFTER)
    assert (checker.check(noisy).place or checker.check(chinese).place) == checker.check(chinese).place, noisy
    kind, stem = kind_and_stem(row.name, row.short_name)
    if kind in LEVEL_WORD:
        latin = f"{pinyin(stem).capitalize()} {LEVEL_WORD[kind]}, {english_name(parent.name, parent.short_name)}"
        noisy = data.draw(LATIN_NOISE_BEFORE) + latin + data.draw(LATIN_NOISE_AFTER)
        assert checker.check(noisy).place == checker.check(latin).place, noisy


def test_a_name_in_a_polyphones_other_reading_names_its_unit_or_asks_never_another(checker, counties):
    """闵行 read minhang (pypinyin says minxing): beside its city it answers; alone it answers only if
    it is spelt like no other place, else it is not found with the unit offered first."""
    gaz = checker.gazetteer
    usual = {pinyin(n) for n in gaz.units["short_name"]}  # zhaoyang is 朝阳 read so, and 昭阳 as it is spelt
    usual |= {pinyin(kind_and_stem(n, s)[1]) for n, s in zip(gaz.units["name"], gaz.units["short_name"], strict=True)}
    usual |= {pinyin(short_name(a.zh)) for file in gaz.aliases for a in file.places}  # 台东 Taidong
    wrong, tried = [], 0
    for row, parent in counties:
        kind, stem = kind_and_stem(row.name, row.short_name)
        if kind not in LEVEL_WORD:
            continue
        for other in readings(stem)[1:]:
            tried += 1
            beside = checker.check(
                f"{other.capitalize()} {LEVEL_WORD[kind]}, {english_name(parent.name, parent.short_name)}"
            )
            if beside.status != "ok" or beside.place.adcode != row.adcode:
                wrong.append(("beside", other, row.name, beside.status))
            alone = checker.check(other.capitalize())
            named = {alone.place.adcode} if alone.place else {c.place.adcode for c in alone.candidates}
            if alone.status == "ok" and row.adcode not in named and other not in usual:
                wrong.append(("alone", other, row.name, alone.place.adcode))
    assert tried > 500
    assert wrong == [], f"{len(wrong)} of {tried}: {wrong[:10]}"
