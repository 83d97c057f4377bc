"""Kết quả nhiệm kỳ 2020 - 2025: the annexes as published, results against thresholds, annex 4,
training, solidarity houses. Every figure here is published; each says where."""
import pandas as pd
import streamlit as st

from dangbo import config, figures, fmt, official, targets, ui

ctx = ui.context()
page = ui.PageView("Kết quả nhiệm kỳ 2020 - 2025", ctx, uses_demo=False)
st.caption("Số liệu công bố ở cấp đảng bộ tiền thân: bộ lọc tổ chức cơ sở đảng và giai đoạn không áp dụng cho trang này.")

annex = ui.run("annex_results", ctx.scope)
FLAG_WORDS = {"share_over_100": "tỷ lệ công bố trên 100%", "measure_mismatch": "kết quả đo chỉ số khác chỉ tiêu",
              "no_result": "không có kết quả tương ứng", "rounded_pct": "tỷ lệ đạt đã làm tròn"}


def _threshold(r) -> str:
    if r.comparator == "qualitative":
        return "Định tính"
    unit = "%" if r.unit == "%" else f" {r.unit}"
    return f"{r.comparator.replace('>=', '≥').replace('<=', '≤')} {fmt.smart(r.threshold)}{unit}"


def _result(r) -> str:
    if pd.isna(r.value):
        return r.value_text if isinstance(r.value_text, str) else "–"
    prefix = "Trên " if r.value_qualifier == "trên" else ""
    return prefix + fmt.smart(r.value) + ("%" if r.unit == "%" else f" {r.unit}")


recomputed = targets.recompute_annex(annex) if not annex.empty else annex
for unit_id in [u for u in config.PREDECESSOR_IDS if u in set(annex.scope)]:
    p = config.PREDECESSOR_BY_ID[unit_id]
    a = annex[annex.scope == unit_id]
    rc = recomputed[recomputed.scope == unit_id]
    table = pd.DataFrame({
        "STT": rc.stt, "Nhóm chỉ tiêu chủ yếu": rc.wording, "Kết quả thực hiện": rc.result_text,
        "Đánh giá (công bố)": rc.assessment_published.fillna(""),
        "Quy đổi": rc.assessment_norm.fillna("Không đánh giá"),
        "Tính lại từ số liệu": rc.recomputed.fillna("Không tính được"),
        "Lưu ý": [("⚠ " if f else "") + n for f, n in zip(rc.flagged, rc.notes, strict=True)],
    })
    page.table(f"pl-{unit_id.lower()}", f"{p.annex}: {p.name}", table, demo=False,
               source=f"Nguồn: Báo cáo chính trị Đại hội I, {p.annex}. “Tính lại” theo quy tắc docs/targets.md; "
                      "⚠ đánh dấu chỗ đánh giá công bố khác kết quả tính lại hoặc số liệu bất thường.", wrap=True)
    n_flag = int(rc.flagged.sum())
    if n_flag:
        st.warning(f"{p.annex}: {n_flag} dòng có đánh giá công bố khác với kết quả tính lại hoặc số liệu bất thường "
                   "(xem cột Lưu ý). Số liệu công bố được giữ nguyên.")
    doc = official.annex_2020_2025(p.annex.upper(), rc, ctx.description, ctx.as_of)
    page.official_buttons(f"pl-{unit_id.lower()}-cv", doc, p.annex.replace(" ", "_"),
                          f"⬇ {p.annex} (.docx)", f"⬇ {p.annex} (PDF công văn)")
    parts = pd.DataFrame({
        "Chỉ tiêu": a.indicator_id, "Nội dung": a.label, "Ngưỡng": [_threshold(r) for r in a.itertuples()],
        "Kết quả": [_result(r) for r in a.itertuples()],
        "Lưu ý": [", ".join(FLAG_WORDS[f] for f in (r.flags or "").split(",") if f) for r in a.itertuples()],
        "Nguồn": a.source,
    })
    with st.expander(f"{p.annex}: ngưỡng và kết quả từng phần", expanded=False):
        st.dataframe(parts, hide_index=True, width="stretch", key=f"pl-parts-{unit_id}")

st.header("Kết quả so với ngưỡng")
num = annex[(annex.unit == "%") & annex.value.notna() & annex.comparator.isin([">=", ">"])].copy()
num = figures.with_unit_names(num, "scope")
long = pd.concat([
    num.assign(**{"Loại": "Ngưỡng", "Tỷ lệ (%)": num.threshold}),
    num.assign(**{"Loại": "Kết quả", "Tỷ lệ (%)": num.value}),
])
long["Chỉ tiêu"] = long.indicator_id + " " + long.label
fig = figures.bars(long, "Chỉ tiêu", "Tỷ lệ (%)", color="Loại", barmode="group", horizontal=True, percent=True,
                   height=120 + 38 * max(len(num), 1), color_map={"Ngưỡng": "#9E9E9E", "Kết quả": "#B71C1C"})
page.chart("kq-ty-le", "Chỉ tiêu tỷ lệ: kết quả so với ngưỡng", fig,
           long[["Chỉ tiêu", "Đơn vị", "Loại", "Tỷ lệ (%)", "source"]].rename(columns={"source": "Nguồn"}),
           demo=False, source="Nguồn: Phụ lục 1 - 3. Kết quả công bố dạng “Trên x%” được vẽ bằng x.")
cnt = annex[(annex.unit != "%") & annex.value.notna() & (annex.comparator == ">=")].copy()
cnt = figures.with_unit_names(cnt, "scope")
cnt["Tỷ lệ đạt (%)"] = (cnt.value / cnt.threshold * 100).round(1)
cnt["Chỉ tiêu"] = cnt.indicator_id + " " + cnt.label
fig = figures.bars(cnt, "Chỉ tiêu", "Tỷ lệ đạt (%)", color="Đơn vị", horizontal=True, percent=True,
                   height=120 + 40 * max(len(cnt), 1))
fig = figures.threshold_line(fig, 100, "100% chỉ tiêu", horizontal=True)
cnt_out = cnt.rename(columns={"threshold": "Chỉ tiêu (số)", "value": "Kết quả (số)", "published_pct": "Tỷ lệ công bố (%)",
                              "source": "Nguồn"})
page.chart("kq-so-luong", "Chỉ tiêu số lượng: tỷ lệ đạt", fig,
           cnt_out[["Chỉ tiêu", "Đơn vị", "Chỉ tiêu (số)", "Kết quả (số)", "Tỷ lệ đạt (%)", "Tỷ lệ công bố (%)", "Nguồn"]],
           demo=False, source="Tỷ lệ đạt tính lại = kết quả / chỉ tiêu; tỷ lệ công bố giữ nguyên (ví dụ 1346/1000 công bố “đạt 135%”).")

st.header("Đào tạo, bồi dưỡng lý luận chính trị")
tr = ui.run("published_figures", ctx.scope, topic="training")
tr = tr[tr.scope.isin(ctx.scope.units) & tr.metric.isin(["lop_dao_tao_boi_duong", "hoc_vien"])]
tr = figures.with_unit_names(tr, "scope")
tr["Chỉ số"] = tr.metric.map({"lop_dao_tao_boi_duong": "Lớp", "hoc_vien": "Học viên"})
tr_out = tr.rename(columns={"value": "Số lượng", "value_text": "Nguyên văn", "source": "Nguồn"})
cols = st.columns(2)
for i, (metric, label) in enumerate([("Lớp", "Số lớp đào tạo, bồi dưỡng"), ("Học viên", "Số học viên")]):
    with cols[i]:
        d = tr_out[tr_out["Chỉ số"] == metric]
        page.chart(f"kq-dao-tao-{i}", label, figures.bars(d, "Đơn vị", "Số lượng", color="Đơn vị", height=300),
                   d[["Đơn vị", "Chỉ số", "Số lượng", "Nguyên văn", "Nguồn"]], demo=False,
                   source="Nguồn: Báo cáo chính trị, Phần I, mục I.3 (toàn Đảng bộ: 456 lớp, 33.109 học viên).")

houses = ui.run("published_figures", ctx.scope, topic="houses")
houses = figures.with_unit_names(houses, "scope").rename(columns={
    "category": "Nội dung", "value": "Số liệu", "unit": "Đơn vị tính", "qualifier": "Ghi chú",
    "value_text": "Nguyên văn", "source": "Nguồn"})
page.table("kq-nha", "Nhà Đại đoàn kết, xóa nhà tạm", houses[["Đơn vị", "Nội dung", "Số liệu", "Đơn vị tính",
           "Ghi chú", "Nguyên văn", "Nguồn"]], demo=False)

models = ui.run("exemplary_models", ctx.scope)
models = models.rename(columns={"stt": "STT", "unit_label": "Đảng bộ", "model": "Tên mô hình / Cách làm tiêu biểu",
                                "result_text": "Kết quả, tác động", "source": "Nguồn"})
page.table("kq-mo-hinh", "Phụ lục 4: Mô hình tiêu biểu, cách làm hay", models[["STT", "Đảng bộ",
           "Tên mô hình / Cách làm tiêu biểu", "Kết quả, tác động", "Nguồn"]], demo=False, wrap=True)
page.finish()
