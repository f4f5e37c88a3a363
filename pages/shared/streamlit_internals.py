"""The one place the atlas sets a private Streamlit attribute, and why (tests/test_streamlit_internals.py watches it).

app.py routes with st.navigation, but a folder named pages/ beside it (the project's layout) makes
Streamlit treat a process's first session as an old-style pages-folder app until st.navigation first
runs: that session's first run finds no page "check" and shows "Page not found" over a shared link.
Streamlit 1.67 has no supported switch for this (its advice is to rename the folder); its
PagesManager reads the class attribute below only while it is None, so setting it first says so.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager

__all__ = ["PAGES_FLAG", "use_navigation_only"]

PAGES_FLAG = "uses_pages_directory"  # streamlit/runtime/pages_manager.py, PagesManager.__init__


def use_navigation_only() -> None:
    """Keep Streamlit out of its legacy pages-folder mode (st.navigation alone decides the pages)."""
    setattr(PagesManager, PAGES_FLAG, False)
