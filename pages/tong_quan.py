"""Tổng quan: structure, admissions, discipline at a glance for the filtered scope."""
import streamlit as st

from dangbo import fmt, ui, vocab
from dangbo.outputs import figures, views
from dangbo.targets import rules, tracking
from dangbo.ui import briefings, office

ctx = ui.context()
page = ui.PageView("Tổng quan", ctx)
briefings.button(ctx)
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

due = office.due_counts(ctx.db, ctx.scope, ctx.as_of, office.today(), ctx.dates.by_org if ctx.dates else {})
st.caption("**Việc đến hạn:** " + "; ".join(f"{vocab.DUE_TILES[k].lower()} {fmt.number(n)}" for k, n in due.items())
           + " (danh sách: trang Việc đến hạn).")

st.subheader(f"Chỉ tiêu {vocab.CURRENT_TERM_WORDS.lower()}")
results = ui.derived(tracking.evaluate, ctx.db, ctx.scope, ctx.as_of, ctx.db.snapshot.id, with_hdnd=False)
page.status_counts(rules.summary(results), vocab.STATUS_SHORT)
st.caption(f"{len(results)} chỉ tiêu của Nghị quyết Đại hội I, đánh giá đến ngày {fmt.day(ctx.as_of)} "
           f"(chi tiết: trang Chỉ tiêu {vocab.CURRENT_TERM_WORDS.lower()}).")

if ctx.scope.within_a_year:
    page.table("tq-so-sanh", "Kỳ này so với cùng kỳ năm trước",
               views.comparison(ui.run("period_comparison", ctx.scope)),
               ["measure", "this_period", "last_year", "change_pct"])
else:
    st.caption("So sánh với cùng kỳ năm trước hiển thị khi chọn giai đoạn là một năm.")

over = views.prepare(ui.run("members_over_time", ctx.scope), dates=("on_date",))
page.chart("tq-dang-vien", "Đảng viên theo đảng bộ tiền thân",
           ui.figure(figures.bars, over, "on_date", "members", color=views.UNIT, y_title="Đảng viên"),
           over, ["on_date", views.UNIT, "members"], drill="unit", over="day")
page.finish()
