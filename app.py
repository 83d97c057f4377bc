"""Router: page config, the shared sidebar filters, navigation. Pages live in pages/ (dangbo.ui.registry)."""
import streamlit as st

from dangbo import ui

st.set_page_config(page_title="Đảng bộ các cơ quan Đảng TP Cần Thơ", page_icon="🏛️", layout="wide")
nav = ui.navigation()
ui.sidebar()
with ui.data_errors():
    nav.run()
