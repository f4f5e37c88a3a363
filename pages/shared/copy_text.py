"""Text with a copy button (the answer's e-mail summary, the share link), as st.code shows it.

st.code would make a new browser fetch Streamlit's 1.5 MB syntax highlighter on its first check; this
small st.components.v2 component (copy_text.mjs, copy_text.css) draws the same block in the page itself.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.i18n import t

__all__ = ["copy_text"]

_HERE = Path(__file__).parent
_component = st.components.v2.component(
    "atlas_copy_text",
    html='<div class="atlas-copy"><pre></pre><button type="button"></button></div>',
    css=(_HERE / "copy_text.css").read_text(encoding="utf-8"),
    js=(_HERE / "copy_text.mjs").read_text(encoding="utf-8"),
)


def copy_text(text: str, lang: str, *, key: str, wrap: bool = False) -> None:
    """Draw `text` as a code block whose button copies it; `wrap` breaks long lines (a link)."""
    labels = {name: t(f"copy_text.{name}", lang) for name in ("label", "copied", "failed")}
    _component(data={"text": text, "wrap": wrap, **labels}, key=key)
