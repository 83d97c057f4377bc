"""Router: page config, sign-in, the shared sidebar filters, navigation. Pages live in pages/
(dangbo.ui.registry); nothing but the sign-in form is shown to a session that is not signed in."""
import streamlit as st

from dangbo import ui
from dangbo.ui import signin

st.set_page_config(page_title="Đảng bộ các cơ quan Đảng TP Cần Thơ", page_icon="🏛️", layout="wide")
ui.phone_layout()
signed, notice = signin.resolve()
nav = ui.navigation(signed)          # before the gate, so the page asked for is the one shown after sign-in
signed = signin.gate(signed, notice)
signin.signed_in_box(signed)
if ui.uses_data(nav):
    ui.sidebar(signed)           # administration pages work even when no snapshot can be read
with ui.data_errors():
    nav.run()
