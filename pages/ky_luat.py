"""Kỷ luật và đơn thư: discipline cases and complaint letters."""
import streamlit as st

from dangbo import config, fmt, ui
from dangbo.access.roles import CASES
from dangbo.outputs import figures, views

ctx = ui.context()
page = ui.PageView("Kỷ luật và đơn thư", ctx)
U = views.UNIT
FORMS = list(config.DISCIPLINE_FORMS["chinh_thuc"])
PAGE_ROWS = 50

dis = views.prepare(ui.run("discipline_by_form", ctx.scope))
st.metric("Đảng viên bị kỷ luật trong kỳ", fmt.number(dis.cases.sum()))
by_form = views.share_by(dis, "cases", U, "form")
page.chart("kl-hinh-thuc", "Kỷ luật theo hình thức và đảng bộ tiền thân",
           ui.figure(figures.bars, by_form, "form", "cases", color=U, category_orders={"form": FORMS}),
           by_form, source="Số liệu nhiệm kỳ 2020 - 2025 khớp Báo cáo chính trị, mục I.2.5 và chú thích 2.")
by_year = views.share_by(dis, "cases", "year", "form")
page.chart("kl-nam", "Kỷ luật theo năm",
           ui.figure(figures.bars, by_year, "year", "cases", color="form", category_orders={"form": FORMS},
                        color_map=figures.FORM_COLORS), by_year, over="year")
vio = views.prepare(ui.run("discipline_by_violation", ctx.scope))
page.chart("kl-vi-pham", "Kỷ luật theo nội dung vi phạm",
           ui.figure(figures.bars, views.share_by(vio, "cases", "violation"), "violation", "cases", horizontal=True, height=320),
           vio, ["violation", "form", "member_status", "predecessor_id", "cases", U])
page.table("kl-ty-le", "Tỷ lệ kỷ luật trên 1.000 đảng viên",
           views.prepare(ui.run("discipline_rates", ctx.scope)), [U, "cases", "members_at_end", "per_1000"])

st.header("Đơn thư")
let = views.letters(views.prepare(ui.run("letters_by_handling", ctx.scope)))
st.metric("Đơn thư tiếp nhận trong kỳ", fmt.number(let.letters.sum()))
by_h = views.share_by(let, "letters", "handling", U)
page.chart("dt-xu-ly", "Đơn thư theo cách xử lý", ui.figure(figures.bars, by_h, "handling", "letters", color=U,
           horizontal=True, height=320), by_h,
           source="Số liệu nhiệm kỳ 2020 - 2025 khớp Báo cáo chính trị, mục I.2.5 và chú thích 3.")
page.table("dt-chi-tiet", "Đơn thư theo loại, cách xử lý và kết quả", let,
           [U, "kind", "anonymity", "handling", "handling_group", "outcome", "letters"])

if ctx.signed.account.can(CASES):
    st.header("Chi tiết từng vụ việc")
    st.caption("Chỉ hiển thị cho Lãnh đạo và Ủy ban Kiểm tra. Đảng viên chỉ ghi bằng mã hồ sơ (dữ liệu mẫu).")
    page.table("kl-danh-sach", "Danh sách vụ kỷ luật trong kỳ",
               views.prepare(ui.run("discipline_case_list", ctx.scope), dates=("decided_on",)),
               ["case_id", "decided_on", U, "grassroots_id", "member_id", "member_status", "form", "violation",
                "deciding_body"], paged=PAGE_ROWS)
    page.table("dt-danh-sach", "Danh sách đơn thư trong kỳ",
               views.letters(views.prepare(ui.run("letter_list", ctx.scope), dates=("received_on",))),
               ["letter_id", "received_on", U, "grassroots_id", "kind", "anonymity", "handling", "outcome"],
               paged=PAGE_ROWS)
page.finish()
