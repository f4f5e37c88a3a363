"""What the batch screen shows of a checked table: words in one language, verdict counts, rows per prefecture.

The downloaded file keeps its documented machine-readable codes (status ok/…, verdict
yes/no/partial); the screen shows the same rows with headers and values in the chosen
language. Pure functions over the checked table (geo.batch.check_table).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.i18n import service_name, t
from geo.license import SERVICE_KEYS
from geo.place_index import PlaceIndex
from geo.style import COUNT_COLOURS, VERDICT_COLOURS, VERDICT_MARKS
from geo.verdicts import marked_verdict

__all__ = [
    "COUNT_BINS",
    "VERDICT_ORDER",
    "count_categories",
    "filtered_rows",
    "place_names_in_english",
    "screen_table",
    "site_points",
    "verdict_counts",
]

VERDICT_ORDER = ("yes", "partial", "no", "unanswered")  # a row that was not answered has no verdict
COUNT_BINS = ((1, 1), (2, 5), (6, 20), (21, 100), (101, None))  # rows per prefecture, for the map's shading


def _word(code: object, prefix: str, lang: str) -> str:
    return t(f"{prefix}.{code}", lang) if isinstance(code, str) and code else ""


def place_names_in_english(index: PlaceIndex) -> dict[str, str]:
    """Unit names as the checked table holds them (full, or short for nearest cities) -> English."""
    units = index.units
    english = {}
    for full, short in zip(units["name"], units["short_name"], strict=True):
        name = index.name_of(full, short).en
        english[full] = english[short] = name
    return english


def _services(names: dict[str, str]) -> list[str]:
    """The services a checked table answers (its license's own), in the atlas's order."""
    return [s for s in SERVICE_KEYS if s in names]


def _marked(code: object, means: str, lang: str) -> str:
    """A verdict cell as the cards show it (a row without one stays empty)."""
    return marked_verdict(code, means, lang) if code in VERDICT_MARKS else ""


def screen_table(
    result: pd.DataFrame,
    names: dict[str, str],
    lang: str,
    english: dict[str, str] | None = None,
    means: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The checked rows with the answer columns headed and worded in `lang` (`names`: geo.batch.answer_columns).

    Verdicts read as on the cards, mark first (✔ ✘ ◐: readable without colour); `means` is each
    service's coverage meaning (License.services[s].coverage_means). In English, the place columns
    show English names (`english`: place_names_in_english); the file keeps Chinese and the codes.
    """
    shown = result.copy()
    shown[names["status"]] = [_word(v, "check_status", lang) for v in shown[names["status"]]]
    if lang == "en" and english:
        for key in ("province", "city", "county", *(f"{s}_nearest" for s in SERVICE_KEYS if f"{s}_nearest" in names)):
            shown[names[key]] = [english.get(v, v) if isinstance(v, str) else v for v in shown[names[key]]]
    for service in _services(names):
        meaning = (means or {}).get(service, "service_area")
        shown[names[service]] = [_marked(v, meaning, lang) for v in shown[names[service]]]
    headers = {name: t(f"batch_column.{key}", lang) for key, name in names.items()}
    return shown.rename(columns=headers)


def filtered_rows(
    result: pd.DataFrame, names: dict[str, str], statuses: list[str], service: str | None, verdicts: list[str]
) -> pd.DataFrame:
    """The rows the screen's filters keep: any of `statuses` (all if none), and for `service`, any of `verdicts`.

    A verdict belongs to a service: without one, `verdicts` cannot filter and is refused, not ignored.
    """
    if verdicts and service is None:
        raise ValueError("a verdict filter needs a service")
    shown = result
    if statuses:
        shown = shown[shown[names["status"]].isin(statuses)]
    if service is not None and verdicts:
        shown = shown[shown[names[service]].isin(verdicts)]
    return shown


def verdict_counts(result: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Rows per service and verdict, long form (service, verdict, rows, colour) in display order."""
    rows = []
    for service in _services(names):
        column = result[names[service]].replace("", "unanswered").fillna("unanswered")
        for verdict in VERDICT_ORDER:
            rows.append(
                {
                    "service": service_name(service, lang),
                    "verdict": t(f"verdict.{verdict}", lang),
                    "rows": int((column == verdict).sum()),
                    "colour": VERDICT_COLOURS[verdict],
                }
            )
    return pd.DataFrame(rows)


def _prefecture_of(index: PlaceIndex) -> dict[int, int]:
    """Unit adcode -> its prefecture-level unit's (a prefecture maps to itself; provinces have none)."""
    units = index.units
    prefectures = units[units["level"] == "prefecture"]["adcode"]
    counties = units[units["level"] == "county"]
    return {**dict(zip(counties["adcode"], counties["parent_adcode"], strict=True)), **{a: a for a in prefectures}}


def count_categories(index: PlaceIndex, adcodes: pd.Series, lang: str) -> tuple[dict, pd.Series]:
    """Rows per prefecture as the map's categories (shade by bin) and the counts themselves."""
    prefecture_of = _prefecture_of(index)
    codes = pd.to_numeric(adcodes, errors="coerce").dropna().astype(int).map(prefecture_of).dropna().astype(int)
    counts = codes.value_counts()
    labels = {}
    fill = {}
    for i, (low, high) in enumerate(COUNT_BINS):
        key = f"bin{i}"
        labels[key] = (
            t("batch_map.rows_bin", lang, low=low, high=high) if high else t("batch_map.rows_over", lang, low=low - 1)
        )
        inside = counts[(counts >= low) & ((counts <= high) if high else True)]
        fill.update({str(a): key for a in inside.index})
    colours = {f"bin{i}": colour for i, colour in enumerate(COUNT_COLOURS)}
    return {"fill": fill, "colours": colours, "labels": labels}, counts


def site_points(points: pd.DataFrame, verdicts: pd.Series, labels: pd.Series) -> pd.DataFrame:
    """One marker per distinct place: how many rows stand there, and the verdict most of them got.

    `points`: lng, lat per row (NaN where the row has no place). Rows at one place (a city
    named 200 times) become one marker with a count, not 200 markers drawn on top of each other.
    """
    lng, lat = (pd.to_numeric(points[c], errors="coerce").astype(float) for c in ("lng", "lat"))
    frame = pd.DataFrame({"lng": lng, "lat": lat, "verdict": verdicts.replace("", "unanswered"), "label": labels})
    usable = np.isfinite(frame["lng"]) & np.isfinite(frame["lat"])
    frame = frame[usable].round({"lng": 5, "lat": 5})
    if frame.empty:
        return frame.assign(rows=pd.Series(dtype=int))
    grouped = frame.groupby(["lng", "lat"], sort=False)
    verdict = grouped["verdict"].agg(lambda v: v.value_counts().index[0])
    marks = verdict.map(lambda v: VERDICT_MARKS.get(v, "–"))  # the tooltip says the verdict, not only the colour
    return pd.DataFrame(
        {"rows": grouped.size(), "verdict": verdict, "label": marks + " " + grouped["label"].first().astype(str)}
    ).reset_index()
