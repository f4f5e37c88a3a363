"""Screens (pages/screens/) and what they share (pages/shared/).

No page script sits directly in pages/: Streamlit treats such files as pages of its
legacy multipage mode, which it uses for a process's first run (and AppTest for
every run) until st.navigation is called, and would run them without app.py's frame.
With none there, that mode can only run app.py, the router.
"""
