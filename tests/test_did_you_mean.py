"""Typos never answer: 'not found' with up to three places spelt like the input, generated over every city.

Each misspelling is made from the data (a letter dropped or two swapped in every province and
prefecture's pinyin; a character replaced by a homophone in every city's Chinese name), so
the property is over the gazetteer, not over examples.
"""

from __future__ import annotations

import json

import pytest

from geo.latin import kind_and_stem
from geo.lookup import MAX_SUGGESTIONS, UnitRef
from geo.names import CHARS_FILE, english_name, pinyin, readings, short_name
from geo.paths import cache_dir


@pytest.fixture(scope="module")
def cities(checker):
    gaz = checker.gazetteer
    rows = gaz.units[gaz.units["level"].isin(["province", "prefecture"]) & (gaz.units["adcode"] < 710000)]
    return [r for r in rows.itertuples() if len(pinyin(r.short_name)) >= 6]


@pytest.fixture(scope="module")
def real_spellings(units) -> set[str]:
    """Every way any unit's short name or stem reads in pinyin: a 'typo' equal to one is a real name."""
    names = set(units["short_name"]) | {kind_and_stem(n, short_name(n))[1] for n in units["name"]}
    return {key for name in names for key in readings(name)}


def _misspellings(word: str) -> list[str]:
    middle = len(word) // 2
    return [word[:middle] + word[middle + 1 :], word[:middle] + word[middle + 1] + word[middle] + word[middle + 2 :]]


def _judge(checker, query: str, adcode: int, misses: list, answered: list) -> None:
    result = checker.check(query)
    if result.status == "not_found":
        codes = [s.place.adcode for s in result.suggestions]
        if adcode not in codes:
            misses.append((query, codes))
        assert len(codes) <= MAX_SUGGESTIONS
    else:
        answered.append((query, result.status))


def test_a_misspelt_city_in_latin_letters_is_not_found_and_suggested(checker, cities, real_spellings):
    misses, answered, tried = [], [], 0
    for row in cities:
        name = english_name(row.name, row.short_name, row.adcode)
        for typo in _misspellings(name):
            if typo.lower().replace("'", "") in real_spellings:
                continue  # a real name of some unit, not a typo
            tried += 1
            _judge(checker, typo, row.adcode, misses, answered)
    assert answered == [], answered[:10]  # a typo never answers
    assert len(misses) <= tried // 50, f"{len(misses)} of {tried} not suggested: {misses[:10]}"


def test_a_city_written_with_a_homophone_character_is_not_found_and_suggested(checker, cities):
    by_reading: dict[str, list[str]] = {}
    for char, reading in json.loads((cache_dir() / CHARS_FILE).read_text(encoding="utf-8")).items():
        by_reading.setdefault(reading, []).append(char)
    used = set("".join(checker.gazetteer.units["name"]))
    misses, answered, tried = [], [], 0
    for row in cities:
        last = row.short_name[-1]
        same = [c for c in by_reading.get(pinyin(last), []) if c != last and c not in used]
        if not same:
            continue
        tried += 1
        _judge(checker, row.short_name[:-1] + same[0], row.adcode, misses, answered)
    assert tried > 100
    assert answered == [], answered[:10]
    assert len(misses) <= tried // 20, f"{len(misses)} of {tried} not suggested: {misses[:10]}"


def test_each_suggestion_carries_a_query_that_names_it_alone(checker, cities):
    for row in cities[:60]:
        typo = _misspellings(english_name(row.name, row.short_name, row.adcode))[0]
        for near in checker.check(typo).suggestions:
            again = checker.check(near.query)
            assert again.status == "ok" and checker.ref_of(again.place) == UnitRef(near.place.level, near.place.adcode)


def test_the_batch_marks_the_suggestions_of_a_row_not_found_and_keeps_the_row(checker, cities):
    import pandas as pd

    from geo.batch import LocationColumns, check_table

    typos = [_misspellings(english_name(r.name, r.short_name, r.adcode))[0] for r in cities[:20]]
    table = check_table(checker, pd.DataFrame({"site": typos}), LocationColumns(text="site"), lang="en")
    assert len(table) == len(typos)
    found = table[table["status"] == "not_found"]
    assert (found["suggestions"].str.len() > 0).mean() > 0.9
    assert (table.loc[table["status"] != "not_found", "suggestions"] == "").all()
