"""Nhiệm vụ nghị quyết: the congress's work as an action programme. Every item with its status on
today's date, the late and due-soon lists, items by lead unit and their deadlines, the grassroots
organisations' scorecard, items under each task, the latest reports, the tracking table (.docx, PDF),
and the tasks, breakthroughs and solutions as published."""
import streamlit as st

from dangbo import config, fmt, ui, vocab
from dangbo import schedule as plan
from dangbo.outputs import programme as show
from dangbo.ui import programme

ctx = ui.context()
page = ui.PageView("Nhiệm vụ nghị quyết", ctx)
on = programme.today()
stored = programme.stored_reports()             # read once a run: the status and the committee's counts
v = programme.view(ctx, on, ctx.db.grant.confine(ctx.scope).orgs, stored)
f = v.followed
if f.demo:
    st.info("Chương trình hành động đang hiển thị là **dữ liệu mẫu (demo)**: công việc, đơn vị chủ trì và báo cáo "
            "tiến độ được tạo để minh họa; Văn phòng Đảng ủy nhập chương trình thật qua trang Nhập dữ liệu (sheet "
            "“Chương trình hành động”).", icon="ℹ️")
st.caption(f"Trạng thái tính đến hôm nay {fmt.day(on)} theo các báo cáo tiến độ; bộ lọc đơn vị chọn công việc "
           "do tổ chức cơ sở đảng chủ trì hoặc phối hợp, bộ lọc giai đoạn không áp dụng.")
page.status_counts(plan.counts(f.items), vocab.PROGRAMME_STATUS, vocab.PROGRAMME_LIGHT)
if ctx.db.grant.orgs is not None:
    whole = programme.committee_counts(ctx.db, ctx.scope, on, stored)
    st.caption("Toàn Đảng bộ: " + "; ".join(f"{vocab.PROGRAMME_STATUS[s]} {n}" for s, n in whole.items()) + ".")
page.rules("Cách tính trạng thái và chỉ tiêu giao", vocab.PROGRAMME_RULES)
page.official_buttons("bieu-chuong-trinh", v.doc, "bieu-theo-doi-chuong-trinh", "⬇ Biểu theo dõi (.docx)",
                      "⬇ Biểu theo dõi (PDF)")

page.table("nv-qua-han", "Công việc quá hạn", v.late, demo=f.demo, source="Số ngày: đã quá hạn bao nhiêu ngày.")
page.table("nv-den-han", f"Đến hạn trong {plan.DUE_SOON_DAYS} ngày tới", v.due_soon,
           demo=f.demo, source="Số ngày âm: còn bao nhiêu ngày đến hạn.")
if len(f.items):
    page.chart("nv-don-vi", "Công việc theo đơn vị chủ trì và trạng thái", ui.figure(show.status_by_lead_figure, v.by_lead),
               show.status_by_lead_table(v.by_lead), demo=f.demo)
    page.chart("nv-moc", "Thời hạn các kỳ chưa hoàn thành (đến 12 tháng tới)", ui.figure(show.timeline_figure, v.pending, on),
               show.timeline_table(v.pending), demo=f.demo)

page.table("nv-bang-diem", "Bảng điểm các tổ chức cơ sở đảng", v.scorecard, demo=f.demo or v.quotas_demo,
           source="Chỉ tiêu giao đạt: đạt hoặc đúng tiến độ trên số chỉ tiêu giao đã có số liệu (trang Chỉ tiêu).")

st.header("Công việc theo nhiệm vụ, đột phá, giải pháp và chỉ tiêu")
for key, heading, rows in v.sections:
    page.table(f"nv-{key.lower()}", heading, rows, demo=f.demo)
page.table("nv-bao-cao", "Báo cáo tiến độ", v.reports, demo=f.demo,
           source="Mới nhất trước; một báo cáo không bao giờ bị sửa hay xóa, báo cáo sau thay cho báo cáo trước.")
programme.evidence_download(ctx.signed, f.reports, page.title, ctx.description)

st.header("Nghị quyết Đại hội I (Báo cáo chính trị, Phần II)")
st.caption("Nguyên văn các nhiệm vụ, đột phá và giải pháp đã được Đại hội và Hội nghị Đảng bộ Hội đồng nhân dân "
           "thành phố thông qua; không áp dụng bộ lọc đơn vị và giai đoạn.")
for key, heading, rows in v.resolution[config.COMMITTEE]:
    page.table(f"nq-{key}", heading, rows, ["marker", "title", "text"], demo=False, wrap=True,
               source=f"Nguồn: {rows.source.iloc[0]}." if len(rows) else None)
st.header("Đảng bộ Hội đồng nhân dân thành phố (Nghị quyết ngày 07/8/2025, Điều 2)")
for key, heading, rows in v.resolution[config.HDND]:
    page.table(f"nq-{key}", heading, rows, ["marker", "title", "text"], demo=False, wrap=True,
               source=f"Nguồn: {rows.source.iloc[0]}." if len(rows) else None)
page.finish()
