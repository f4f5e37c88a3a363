"""The five screens; app.py registers them with st.navigation."""
