"""Router: page config, the shared sidebar filters, navigation. Pages live in pages/."""
import streamlit as st

from dangbo import ui

st.set_page_config(page_title="Đảng bộ các cơ quan Đảng TP Cần Thơ", page_icon="🏛️", layout="wide")

pages = {
    "Tổng hợp": [st.Page("pages/tong_quan.py", title="Tổng quan", url_path="tong-quan", default=True)],
    "Chuyên đề": [
        st.Page("pages/dang_vien.py", title="Đảng viên", url_path="dang-vien"),
        st.Page("pages/ky_luat.py", title="Kỷ luật và đơn thư", url_path="ky-luat"),
    ],
    "Chỉ tiêu": [
        st.Page("pages/chi_tieu_2025_2030.py", title="Chỉ tiêu nhiệm kỳ 2025 - 2030", url_path="chi-tieu-2025-2030"),
        st.Page("pages/ket_qua_2020_2025.py", title="Kết quả nhiệm kỳ 2020 - 2025", url_path="ket-qua-2020-2025"),
    ],
}
nav = st.navigation(pages)
st.session_state["_ctx"] = ui.sidebar()
with ui.data_errors():
    nav.run()
