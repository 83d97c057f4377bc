"""Tổng quan: structure, admissions, discipline at a glance for the filtered scope."""
import streamlit as st

from dangbo import figures, fmt, targets, tracking, ui

ctx = ui.context()
page = ui.PageView("Tổng quan", ctx)
s = ui.run("snapshot_summary", ctx.scope).iloc[0]
c = st.columns(4)
c[0].metric("Tổ chức cơ sở đảng", fmt.number(s.grassroots))
c[1].metric("Đảng bộ bộ phận", fmt.number(s.partials))
c[2].metric("Chi bộ", fmt.number(s.cells))
c[3].metric("Đảng viên cuối kỳ", fmt.number(s.members), help=f"Trong đó dự bị: {fmt.number(s.probationary)}")
c = st.columns(3)
c[0].metric("Kết nạp trong kỳ", fmt.number(s.admissions))
c[1].metric("Đảng viên bị kỷ luật trong kỳ", fmt.number(s.discipline_cases))
c[2].metric("Đơn thư tiếp nhận trong kỳ", fmt.number(s.letters))

st.subheader("Chỉ tiêu nhiệm kỳ 2025 - 2030")
results = tracking.evaluate_scope(ui.run, ctx.scope.units, ctx.scope.orgs, ctx.as_of, ctx.db.snapshot.id,
                                  with_hdnd=False)
counts = targets.summary(results)
labels = {targets.VUOT: "Vượt", targets.DAT: "Đạt", targets.DAT_TIEN_DO: "Đạt tiến độ",
          targets.CHUA_DAT_TIEN_DO: "Có nguy cơ / chưa đạt tiến độ", targets.CHUA_DAT: "Chưa đạt",
          targets.NO_DATA: "Chưa có số liệu"}
c = st.columns(len(counts))
for col, (status, n) in zip(c, counts.items(), strict=True):
    col.metric(f"{targets.LIGHT[status]} {labels[status]}", n)
st.caption(f"{len(results)} chỉ tiêu của Nghị quyết Đại hội I, đánh giá đến ngày {fmt.day(ctx.as_of)} "
           "(chi tiết: trang Chỉ tiêu nhiệm kỳ 2025 - 2030).")

if (ctx.scope.date_to - ctx.scope.date_from).days <= 366:
    cmp = ui.run("period_comparison", ctx.scope).rename(
        columns={"measure": "Chỉ số", "this_period": "Kỳ này", "last_year": "Cùng kỳ năm trước"})
    cmp["%"] = (cmp["Kỳ này"] / cmp["Cùng kỳ năm trước"].where(cmp["Cùng kỳ năm trước"] > 0) * 100).round(2)
    page.table("tq-so-sanh", "Kỳ này so với cùng kỳ năm trước", cmp)
else:
    st.caption("So sánh với cùng kỳ năm trước hiển thị khi chọn giai đoạn là một năm.")

over = ui.run("members_over_time", ctx.scope)
over = figures.with_unit_names(over).rename(columns={"on_date": "Ngày", "members": "Đảng viên"})
over["Ngày"] = over["Ngày"].map(fmt.day)
fig = figures.bars(over, "Ngày", "Đảng viên", color="Đơn vị", y_title="Đảng viên")
page.chart("tq-dang-vien", "Đảng viên theo đảng bộ tiền thân", fig, over[["Ngày", "Đơn vị", "Đảng viên"]])
page.finish()
