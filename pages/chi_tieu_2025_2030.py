"""Chỉ tiêu nhiệm kỳ 2025 - 2030: status, pace and outlook of every target; drill to units;
the People's Council party committee's targets; official documents."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dangbo import config, figures, fmt, official, targets, tracking, ui

ctx = ui.context()
page = ui.PageView("Chỉ tiêu nhiệm kỳ 2025 - 2030", ctx)
st.caption("Đánh giá theo nhiệm kỳ 2025 - 2030 đến ngày số liệu; bộ lọc giai đoạn không áp dụng cho trang này. "
           "Quy tắc đánh giá: docs/targets.md. Giá trị “tính từ hồ sơ” dùng hồ sơ demo; giá trị “báo cáo” là số liệu "
           "báo cáo mẫu (demo).")
units, orgs = ctx.scope.units, ctx.scope.orgs
results = tracking.evaluate_scope(ui.run, units, orgs, ctx.as_of, ctx.db.snapshot.id)
committee = [t for t in results if t.scope == "DBCQD"]
hdnd = [t for t in results if t.scope == "HDND"]

counts = targets.summary(committee)
cols = st.columns(len(counts))
for c, (status, n) in zip(cols, counts.items(), strict=True):
    c.metric(f"{targets.LIGHT[status]} {status}", n)


def _part_chart(p: targets.PartResult, key: str) -> None:
    if p.pace is not None:
        term = config.TERM_BY_ID["2025-2030"]
        years = [v.period for v in p.values]
        cum = pd.Series([v.value or 0 for v in p.values]).cumsum()
        df = pd.DataFrame({"Năm": years, "Lũy kế": cum})
        fig = figures.lines(df, "Năm", "Lũy kế", y_title=p.unit)
        end_year = str(term.ends_on.year)
        fig.add_scatter(x=[str(term.starts_on.year), end_year], y=[0, p.threshold], mode="lines",
                        name="Đường tiến độ", line={"dash": "dot", "color": "#757575"})
        if p.pace.projection is not None:
            fig.add_scatter(x=[years[-1], end_year], y=[cum.iloc[-1], p.pace.projection], mode="lines+markers",
                            name="Dự báo theo nhịp hiện nay", line={"dash": "dash", "color": "#EF6C00"})
        figures.threshold_line(fig, p.threshold, f"Chỉ tiêu {fmt.number(p.threshold)}")
        fig.update_xaxes(categoryorder="array", categoryarray=[str(y) for y in range(term.starts_on.year,
                                                                                      term.ends_on.year + 1)])
        page.chart(key, f"{p.label}: lũy kế, đường tiến độ và dự báo", fig, small=True, data=
                   df.assign(**{"Chỉ tiêu": p.threshold, "Dự báo cuối nhiệm kỳ": round(p.pace.projection or 0, 1)}))
        return
    rows = [v for v in p.values if v.value is not None]
    if not rows or p.unit != "%":
        return
    df = pd.DataFrame({"Năm": [v.period + (" (đến nay)" if v.running else "") for v in rows],
                       "Giá trị (%)": [v.value for v in rows], "Đánh giá": [v.status for v in rows]})
    fig = figures.bars(df, "Năm", "Giá trị (%)", color="Đánh giá", color_map=targets.COLORS, percent=True, height=260)
    fig.update_layout(bargap=0.75 if len(df) < 3 else 0.3)
    figures.threshold_line(fig, p.threshold, f"Chỉ tiêu {targets.threshold_words(p.comparator, p.threshold, p.unit)}")
    page.chart(key, f"{p.label} theo năm", fig, df, small=True)


def _cards(items: list[targets.TargetResult], prefix: str) -> None:
    cols = st.columns(2)
    for i, t in enumerate(items):
        with cols[i % 2], st.container(border=True):
            st.markdown(f"#### {targets.LIGHT[t.status]} Chỉ tiêu ({t.stt}) · {t.status_words}")
            st.caption(f"{t.wording} — Nguồn: {t.source}")
            for p in t.parts:
                kind = "tính từ hồ sơ (demo)" if p.computed else ("báo cáo (demo)" if p.is_demo else "báo cáo")
                extra = ""
                if p.periodicity == "annual" and p.years_elapsed:
                    extra = f" Đạt {p.years_met}/{p.years_elapsed} năm đã kết thúc."
                if p.trend:
                    extra += f" Xu hướng: {p.trend}."
                st.markdown(f"{targets.LIGHT[p.status]} **{p.status_words}** — {p.sentence}{extra} :gray[({kind})]")
                _part_chart(p, f"ct-{p.indicator_id.lower()}")
            if t.partial_data:
                st.caption("Một phần của chỉ tiêu chưa có số liệu; trạng thái tính trên các phần đã có.")


st.header("Chỉ tiêu của Đảng bộ (Nghị quyết Đại hội I)")
page.official_buttons("bieu-theo-doi-2025-2030", official.tracking_2025_2030(committee, ctx.description, ctx.as_of),
                      "bieu-theo-doi-2025-2030", "⬇ Word (.docx)", "⬇ PDF")
table = pd.DataFrame([{"Chỉ tiêu": f"({t.stt})", "Phần": p.part or "–", "Nội dung": p.label,
                       "Ngưỡng": targets.threshold_words(p.comparator, p.threshold, p.unit, p.threshold_rating),
                       "Trạng thái": p.status_words, "Diễn giải": p.sentence,
                       "Nguồn số liệu": "Hồ sơ (demo)" if p.computed else ("Báo cáo mẫu (demo)" if p.is_demo else "—")}
                      for t in committee for p in t.parts])
page.table("ct-bang", "Bảng theo dõi chỉ tiêu", table)
_cards(committee, "dbcqd")

def _drill_rows(label: str, unit_list, org_list) -> list[dict]:
    rows = []
    for t in tracking.evaluate_scope(ui.run, unit_list, org_list, ctx.as_of, ctx.db.snapshot.id, with_hdnd=False):
        for p in t.parts:
            if t.scope == "DBCQD" and p.computed:
                latest = next((v for v in reversed(p.values) if v.status != targets.NO_DATA), None)
                value = p.pace.cumulative if p.pace else (latest.value if latest else None)
                rows.append({"Đơn vị": label, "Chỉ tiêu": p.indicator_id, "Nội dung": p.label,
                             "Kỳ": "Lũy kế nhiệm kỳ" if p.pace else (latest.period if latest else "–"),
                             "Giá trị": value, "Trạng thái": p.status_words})
    return rows


st.header("Theo đơn vị (chỉ tiêu tính từ hồ sơ)")
drill = pd.DataFrame([r for u in units for r in _drill_rows(config.PREDECESSOR_BY_ID[u].short, (u,), orgs)])
page.table("ct-don-vi", "Chỉ tiêu theo đảng bộ tiền thân", drill)
if st.toggle("Xem theo từng tổ chức cơ sở đảng", key="ct-theo-to-chuc"):
    by_org = pd.DataFrame([r for o in orgs for r in _drill_rows(ctx.org_names.get(o, o), units, (o,))])
    page.table("ct-to-chuc", "Chỉ tiêu theo tổ chức cơ sở đảng", by_org)

st.header("Chỉ tiêu của Đảng bộ Hội đồng nhân dân thành phố")
if "HDND" not in orgs:
    st.write("Đảng bộ Hội đồng nhân dân thành phố không nằm trong bộ lọc tổ chức cơ sở đảng đang chọn.")
else:
    st.caption("Nguồn: Nghị quyết Hội nghị Đảng bộ Hội đồng nhân dân thành phố ngày 07/8/2025, Điều 2.")
    page.official_buttons("bieu-theo-doi-hdnd", official.tracking_2025_2030(
        hdnd, ctx.description, ctx.as_of, scope_label="Đảng bộ Hội đồng nhân dân thành phố"),
        "bieu-theo-doi-hdnd", "⬇ Word (.docx)", "⬇ PDF")
    _cards(hdnd, "hdnd")
page.finish()
