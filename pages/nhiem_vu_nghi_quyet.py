"""Nhiệm vụ nghị quyết: the congress's work as published, the committee's six key tasks, three
breakthroughs and four groups of solutions and the People's Council party committee's own, each with
its place in the document; every table exportable."""
import streamlit as st

from dangbo import config, ui
from dangbo.outputs import views

ctx = ui.context()
page = ui.PageView("Nhiệm vụ nghị quyết", ctx, uses_demo=False)
st.caption("Nguyên văn các nhiệm vụ, đột phá và giải pháp đã được Đại hội và Hội nghị Đảng bộ Hội đồng nhân dân "
           "thành phố thông qua; không áp dụng bộ lọc đơn vị và giai đoạn.")
items = ui.run("resolution_items", ctx.scope)
st.header("Nghị quyết Đại hội I (Báo cáo chính trị, Phần II)")
for key, heading, rows in views.resolution_sections(items, config.COMMITTEE):
    page.table(f"nq-{key}", heading, rows, ["marker", "title", "text"], demo=False, wrap=True,
               source=f"Nguồn: {rows.source.iloc[0]}." if len(rows) else None)
st.header("Đảng bộ Hội đồng nhân dân thành phố (Nghị quyết ngày 07/8/2025, Điều 2)")
for key, heading, rows in views.resolution_sections(items, config.HDND):
    page.table(f"nq-{key}", heading, rows, ["marker", "title", "text"], demo=False, wrap=True,
               source=f"Nguồn: {rows.source.iloc[0]}." if len(rows) else None)
page.finish()
