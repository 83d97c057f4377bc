"""Báo cáo nhanh: past briefings the account may see, and a new one for the current filters."""
import streamlit as st

from dangbo import ui
from dangbo.ui import briefings

ctx = ui.context()
page = ui.PageView("Báo cáo nhanh", ctx)
st.caption("Báo cáo tóm tắt theo văn phong của Đảng ủy: các vấn đề cần lưu ý, tình hình chung, tiến độ từng chỉ tiêu "
           "nhiệm kỳ 2025 - 2030 và chất lượng số liệu. Lập theo lịch bằng lệnh python -m dangbo.briefing.")
briefings.button(ctx)
st.subheader("Các báo cáo đã lập")
briefings.listing(ctx)
