"""Đảng viên: size and structure, admissions against target, candidates, ratings."""
import streamlit as st

from dangbo import config, figures, fmt, ui

ctx = ui.context()
page = ui.PageView("Đảng viên", ctx)

over = figures.with_unit_names(ui.run("members_over_time", ctx.scope))
over["Ngày"] = over["on_date"].map(fmt.day)
over = over.rename(columns={"members": "Đảng viên", "probationary": "Dự bị"})
page.chart("dv-theo-thoi-gian", "Đảng viên theo thời gian (ngày 31/12 và cuối kỳ)",
           figures.bars(over, "Ngày", "Đảng viên", color="Đơn vị", y_title="Đảng viên"),
           over[["Ngày", "Đơn vị", "Đảng viên", "Dự bị"]])

by_org = figures.with_unit_names(ui.run("members_by_grassroots", ctx.scope)).rename(
    columns={"name": "Tổ chức cơ sở đảng", "members": "Đảng viên"})
page.chart("dv-theo-to-chuc", "Đảng viên theo tổ chức cơ sở đảng (cuối kỳ)",
           figures.bars(by_org, "Tổ chức cơ sở đảng", "Đảng viên", color="Đơn vị", horizontal=True, height=480),
           by_org[["Tổ chức cơ sở đảng", "Đơn vị", "Đảng viên"]])

st.header("Cơ cấu đảng viên (cuối kỳ)")
struct = figures.with_unit_names(ui.run("member_structure", ctx.scope)).rename(
    columns={"category": "Nhóm", "members": "Đảng viên"})
cols = st.columns(2)
for i, (dim, g) in enumerate(struct.groupby("dimension", sort=False)):
    with cols[i % 2]:
        totals = g.groupby("Nhóm")["Đảng viên"].transform("sum")
        order = list(dict.fromkeys(g.assign(t=-totals).sort_values(["sort_key", "t", "Nhóm"]).Nhóm))
        fig = figures.bars(g, "Nhóm", "Đảng viên", color="Đơn vị", height=320, category_orders={"Nhóm": order})
        page.chart(f"dv-co-cau-{i}", f"Cơ cấu theo {dim.lower()}", fig, g[["Nhóm", "Đơn vị", "Đảng viên"]])

st.header("Kết nạp đảng viên")
adm = figures.with_unit_names(ui.run("admissions_by_year", ctx.scope)).rename(columns={
    "year": "Năm", "admissions": "Kết nạp", "women": "Nữ", "ethnic_minority": "Dân tộc thiểu số",
    "religious": "Có tôn giáo", "youth_union": "Đoàn viên"})
fig = figures.bars(adm, "Năm", "Kết nạp", color="Đơn vị", y_title="Đảng viên kết nạp")
term2 = config.TERM_BY_ID["2025-2030"]
if ctx.scope.date_from >= term2.starts_on:
    fig = figures.threshold_line(fig, 30 / 5, "Bình quân 6/năm để đạt chỉ tiêu ≥ 30 trong nhiệm kỳ")
    note = "Chỉ tiêu (5) nhiệm kỳ 2025 - 2030: kết nạp từ 30 đảng viên trở lên (Báo cáo chính trị, Phần II, mục III.2)."
else:
    note = ("Chỉ tiêu kết nạp nhiệm kỳ 2020 - 2025 của các đảng bộ tiền thân tính cho toàn Khối (Phụ lục 1 - 3), "
            "không so được với số kết nạp của các cơ sở nay thuộc Đảng bộ; xem trang Kết quả nhiệm kỳ 2020 - 2025.")
page.chart("dv-ket-nap", "Kết nạp theo năm so với chỉ tiêu", fig,
           adm[["Năm", "Đơn vị", "Kết nạp", "Nữ", "Dân tộc thiểu số", "Có tôn giáo", "Đoàn viên"]], source=note)
FORM_COLS = ["Kết nạp", "Nữ", "Dân tộc thiểu số", "Có tôn giáo", "Đoàn viên"]
by_unit = adm.groupby("Đơn vị", as_index=False, sort=False)[FORM_COLS].sum() if not adm.empty else adm
page.table("dv-ket-nap-co-cau", "Kết nạp trong kỳ theo biểu thống kê",
           by_unit[["Đơn vị", *FORM_COLS]] if not by_unit.empty else by_unit)

pipe = figures.with_unit_names(ui.run("candidate_pipeline", ctx.scope)).rename(
    columns={"measure": "Loại", "stage": "Giai đoạn", "candidates": "Số người"})
FLOW = ["Được giới thiệu (quần chúng ưu tú)", "Hoàn thành lớp nhận thức về Đảng", "Được kết nạp", "Dừng xem xét"]
cols = st.columns(2)
with cols[0]:
    now = pipe[pipe["Loại"] == "Đang trong diện xem xét"]
    page.chart("dv-nguon", "Nguồn kết nạp đang theo dõi (cuối kỳ)",
               figures.bars(now, "Giai đoạn", "Số người", color="Đơn vị", height=300), now)
with cols[1]:
    flow = pipe[pipe["Loại"] == "Trong kỳ"]
    page.chart("dv-nguon-trong-ky", "Quần chúng ưu tú trong kỳ",
               figures.bars(flow, "Giai đoạn", "Số người", color="Đơn vị", horizontal=True, height=300,
                            category_orders={"Giai đoạn": FLOW}), flow)

rat = figures.with_unit_names(ui.run("rating_distribution", ctx.scope)).rename(
    columns={"year": "Năm", "rating": "Xếp loại", "members": "Đảng viên", "share_pct": "Tỷ lệ (%)"})
fig = figures.bars(rat, "Năm", "Tỷ lệ (%)", color="Xếp loại", percent=True, text=False,
                   color_map=figures.RATING_COLORS, category_orders={"Xếp loại": list(config.RATINGS)})
page.chart("dv-xep-loai", "Xếp loại chất lượng đảng viên hằng năm", fig, rat[["Năm", "Đơn vị", "Xếp loại", "Đảng viên"]])
page.finish()
