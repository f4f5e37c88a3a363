"""The floor for the concurrency bench: a page with no map at all (st.title + st.write)."""

import streamlit as st

st.title("Coverage Atlas")
st.write("A trivial page: what ten browsers opening any Streamlit page cost on this machine.")
