"""Router: page config, the shared sidebar, navigation. Pages live in pages/."""
import streamlit as st

st.set_page_config(page_title="Đảng bộ các cơ quan Đảng TP Cần Thơ", page_icon="🏛️", layout="wide")

pages = {
    "Tổng hợp": [
        st.Page("pages/tong_quan.py", title="Tổng quan", url_path="tong-quan", default=True),
    ],
}
st.navigation(pages).run()
