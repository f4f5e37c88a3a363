"""The one private Streamlit attribute the atlas sets still means what it did: a Streamlit upgrade that changes it
fails here, naming the line to revisit, instead of silently bringing back "Page not found" on cold links."""

from __future__ import annotations

import inspect

from streamlit.runtime.pages_manager import PagesManager

from pages.shared.streamlit_internals import PAGES_FLAG, use_navigation_only

WHERE = "pages/shared/streamlit_internals.py: use_navigation_only"


def test_pages_manager_still_reads_the_flag_only_while_it_is_unset():
    source = inspect.getsource(PagesManager.__init__)
    assert f"PagesManager.{PAGES_FLAG} is None" in source, (
        f"Streamlit changed how PagesManager decides pages-folder mode; revisit {WHERE}"
    )
    assert hasattr(PagesManager, PAGES_FLAG), f"PagesManager.{PAGES_FLAG} is gone; revisit {WHERE}"


def test_setting_it_keeps_a_new_session_out_of_pages_folder_mode(tmp_path):
    (tmp_path / "pages").mkdir()  # the layout that would switch the mode on
    (tmp_path / "app.py").write_text("")
    before = getattr(PagesManager, PAGES_FLAG)
    try:
        use_navigation_only()
        PagesManager(str(tmp_path / "app.py"))
        assert getattr(PagesManager, PAGES_FLAG) is False
    finally:
        setattr(PagesManager, PAGES_FLAG, before)
