"""Kỷ luật và đơn thư: discipline cases and complaint letters."""
import streamlit as st

from dangbo import figures, fmt, ui

ctx = ui.context()
page = ui.PageView("Kỷ luật và đơn thư", ctx)
FORMS = ["Khiển trách", "Cảnh cáo", "Cách chức", "Khai trừ"]

dis = figures.with_unit_names(ui.run("discipline_by_form", ctx.scope)).rename(
    columns={"form": "Hình thức", "year": "Năm", "cases": "Đảng viên"})
st.metric("Đảng viên bị kỷ luật trong kỳ", fmt.number(dis["Đảng viên"].sum() if not dis.empty else 0))
by_form = dis.groupby(["Đơn vị", "Hình thức"], as_index=False)["Đảng viên"].sum() if not dis.empty else dis
page.chart("kl-hinh-thuc", "Kỷ luật theo hình thức và đảng bộ tiền thân",
           figures.bars(by_form, "Hình thức", "Đảng viên", color="Đơn vị", category_orders={"Hình thức": FORMS}),
           by_form, source="Số liệu nhiệm kỳ 2020 - 2025 khớp Báo cáo chính trị, mục I.2.5 và chú thích 2.")
by_year = dis.groupby(["Năm", "Hình thức"], as_index=False)["Đảng viên"].sum() if not dis.empty else dis
page.chart("kl-nam", "Kỷ luật theo năm",
           figures.bars(by_year, "Năm", "Đảng viên", color="Hình thức", category_orders={"Hình thức": FORMS},
                        color_map=figures.FORM_COLORS),
           by_year)
vio = figures.with_unit_names(ui.run("discipline_by_violation", ctx.scope)).rename(columns={
    "violation": "Nội dung vi phạm", "form": "Hình thức", "member_status": "Đảng viên lúc kỷ luật", "cases": "Số vụ"})
viol = vio.groupby("Nội dung vi phạm", as_index=False)["Số vụ"].sum() if not vio.empty else vio
page.chart("kl-vi-pham", "Kỷ luật theo nội dung vi phạm",
           figures.bars(viol, "Nội dung vi phạm", "Số vụ", horizontal=True, height=320), vio)
rates = figures.with_unit_names(ui.run("discipline_rates", ctx.scope)).rename(
    columns={"cases": "Đảng viên bị kỷ luật", "members": "Đảng viên cuối kỳ", "per_1000": "Trên 1.000 đảng viên"})
page.table("kl-ty-le", "Tỷ lệ kỷ luật trên 1.000 đảng viên",
           rates[["Đơn vị", "Đảng viên bị kỷ luật", "Đảng viên cuối kỳ", "Trên 1.000 đảng viên"]])

st.header("Đơn thư")
let = figures.with_unit_names(ui.run("letters_by_handling", ctx.scope))
st.metric("Đơn thư tiếp nhận trong kỳ", fmt.number(let.letters.sum() if not let.empty else 0))
let = let.rename(columns={"kind": "Loại đơn", "handling": "Cách xử lý", "handling_group": "Nhóm xử lý",
                          "outcome": "Kết quả", "letters": "Số đơn"})
if not let.empty:
    let["Nặc danh/mạo danh"] = let.is_anonymous.map({True: "Nặc danh", False: ""}) + let.is_impersonated.map(
        {True: "Mạo danh", False: ""})
by_h = let.groupby(["Cách xử lý", "Đơn vị"], as_index=False)["Số đơn"].sum() if not let.empty else let
page.chart("dt-xu-ly", "Đơn thư theo cách xử lý", figures.bars(by_h, "Cách xử lý", "Số đơn", color="Đơn vị",
           horizontal=True, height=320), by_h,
           source="Số liệu nhiệm kỳ 2020 - 2025 khớp Báo cáo chính trị, mục I.2.5 và chú thích 3.")
cols = ["Đơn vị", "Loại đơn", "Nặc danh/mạo danh", "Cách xử lý", "Nhóm xử lý", "Kết quả", "Số đơn"]
page.table("dt-chi-tiet", "Đơn thư theo loại, cách xử lý và kết quả", let[cols] if not let.empty else let)
page.finish()
