"""Kết quả nhiệm kỳ 2020 - 2025: the annexes as published, results against thresholds, annex 4,
training, solidarity houses. Every figure here is published; each says where."""
import streamlit as st

from dangbo import ui
from dangbo.outputs import figures, views
from dangbo.targets import annex as annexes

ctx = ui.context()
page = ui.PageView("Kết quả nhiệm kỳ 2020 - 2025", ctx, uses_demo=False)
st.caption("Số liệu công bố ở cấp đảng bộ tiền thân: bộ lọc tổ chức cơ sở đảng và giai đoạn không áp dụng cho trang này.")
page.rules("Quy tắc tính lại", annexes.RULES)
U = views.UNIT

v = ui.derived(views.results_view, ctx.db, ctx.scope, ctx.filter_words, ctx.as_of, ctx.oldest)
for sec in v.sections:
    p, unit_id = sec.unit, sec.unit.id
    page.table(f"pl-{unit_id.lower()}", f"{p.annex}: {p.name}", sec.table, demo=False, wrap=True,
               source=f"Nguồn: Báo cáo chính trị Đại hội I, {p.annex}. “Tính lại” theo quy tắc tính lại ở đầu trang; "
                      "⚠ đánh dấu chỗ đánh giá công bố khác kết quả tính lại hoặc số liệu bất thường.")
    if sec.flagged:
        st.warning(f"{p.annex}: {sec.flagged} dòng có đánh giá công bố khác với kết quả tính lại hoặc số liệu bất thường "
                   "(xem cột Lưu ý). Số liệu công bố được giữ nguyên.")
    page.official_buttons(f"pl-{unit_id.lower()}-cv", sec.doc, p.annex.replace(" ", "_"), f"⬇ {p.annex} (.docx)",
                          f"⬇ {p.annex} (PDF công văn)")
    page.table(f"pl-parts-{unit_id}", f"{p.annex}: ngưỡng và kết quả từng phần", sec.parts, folded=True)

st.header("Kết quả so với ngưỡng")
page.chart("kq-ty-le", "Chỉ tiêu tỷ lệ: kết quả so với ngưỡng", ui.figure(figures.shares_vs_threshold, v.shares), v.shares,
           ["target_name", U, "series", "pct", "source"],
           demo=False, source="Nguồn: Phụ lục 1 - 3. Kết quả công bố dạng “Trên x%” được vẽ bằng x.")
page.chart("kq-so-luong", "Chỉ tiêu số lượng: tỷ lệ đạt", ui.figure(figures.counts_achieved, v.counts), v.counts,
           ["target_name", U, "threshold_count", "value_count", "achieved_pct", "published_pct", "source"], demo=False,
           source="Tỷ lệ đạt tính lại = kết quả / chỉ tiêu; tỷ lệ công bố giữ nguyên (ví dụ 1346/1000 công bố “đạt 135%”).")

st.header("Đào tạo, bồi dưỡng lý luận chính trị")
tr = views.training(ui.run("published_figures", ctx.scope, topic="training"), ctx.scope.units)
cols = st.columns(2)
for i, (metric, label) in enumerate([("Lớp", "Số lớp đào tạo, bồi dưỡng"), ("Học viên", "Số học viên")]):
    with cols[i]:
        d = tr[tr.indicator == metric]
        page.chart(f"kq-dao-tao-{i}", label, ui.figure(figures.bars, d, U, "amount", color=U, height=300),
                   d, [U, "indicator", "amount", "value_text", "source"], demo=False,
                   source="Nguồn: Báo cáo chính trị, Phần I, mục I.3 (toàn Đảng bộ: 456 lớp, 33.109 học viên).")

page.table("kq-nha", "Nhà Đại đoàn kết, xóa nhà tạm", views.houses(ui.run("published_figures", ctx.scope, topic="houses")),
           [U, "content", "value", "unit_of_measure", "qualifier", "value_text", "source"], demo=False)
page.table("kq-mo-hinh", "Phụ lục 4: Mô hình tiêu biểu, cách làm hay", ui.run("exemplary_models", ctx.scope),
           ["stt", "unit_label", "model", "result_text", "source"], demo=False, wrap=True)
page.finish()
