"""Chỉ tiêu nhiệm kỳ 2025 - 2030: status, pace and outlook of every target; drill to units;
the People's Council party committee's targets; official documents."""
from dataclasses import replace

import pandas as pd
import streamlit as st

from dangbo import config, ui, vocab
from dangbo.outputs import official, views
from dangbo.outputs import programme as show
from dangbo.targets import rules, tracking
from dangbo.ui import programme

ctx = ui.context()
page = ui.PageView("Chỉ tiêu nhiệm kỳ 2025 - 2030", ctx)
st.caption("Đánh giá theo nhiệm kỳ 2025 - 2030 đến ngày số liệu; bộ lọc giai đoạn không áp dụng cho trang này.")
page.rules("Quy tắc đánh giá", vocab.TARGET_RULES)
results = ui.derived(tracking.evaluate, ctx.db, ctx.scope, ctx.as_of, ctx.db.snapshot.id)
committee, hdnd = tracking.by_owner(results)
page.status_counts(rules.summary(committee))


def _cards(items: list[rules.TargetResult], drawn: bool) -> None:
    """A card a target: its status, each part's sentence and, when `drawn`, the part's chart by year (the
    page PDF has every chart either way)."""
    cols = st.columns(2)
    for i, t in enumerate(items):
        with cols[i % 2], st.container(border=True):
            st.markdown(f"#### {vocab.LIGHT[t.status]} Chỉ tiêu ({t.stt}) · {t.status_words}")
            st.caption(f"{t.wording} — Nguồn: {t.source}")
            for p in t.parts:
                st.markdown(f"{vocab.LIGHT[p.status]} **{p.status_words}** — {p.sentence}{p.history_words} "
                            f":gray[({views.origin(p)})]")
                chart = views.target_part_data(p)
                if chart:
                    page.chart(f"ct-{p.indicator_id.lower()}", chart[0], ui.figure(views.target_part_figure, p, chart[1]),
                               chart[1], small=True, over="year", shown=drawn)
            if t.partial_data:
                st.caption("Một phần của chỉ tiêu chưa có số liệu; trạng thái tính trên các phần đã có.")


st.header("Chỉ tiêu của Đảng bộ (Nghị quyết Đại hội I)")
page.official_buttons("bieu-theo-doi-2025-2030", official.tracking_2025_2030(committee, ctx.description, ctx.as_of,
                                                                                 oldest=ctx.oldest),
                      "bieu-theo-doi-2025-2030", "⬇ Word (.docx)", "⬇ PDF")
page.table("ct-bang", "Bảng theo dõi chỉ tiêu", views.tracking_table(committee))
# The cards' charts (one a part, ten for the committee) are drawn when asked: the page opens with the
# status and the sentences at once (issue 22: ten charts took 1,1-1,6 s to draw at national scale).
charts = st.toggle("Xem biểu đồ theo năm của từng chỉ tiêu", key="ct-bieu-do",
                   help="Biểu đồ kết quả từng năm so với ngưỡng; tệp PDF cả trang luôn có đủ biểu đồ.")
_cards(committee, charts)


st.header("Chỉ tiêu giao cho các tổ chức cơ sở đảng")
q = programme.quotas(ctx.db, ctx.scope)
st.caption("Chỉ tiêu kết nạp (5) chia theo số đảng viên của mỗi tổ chức ngày 30/6/2025 và theo năm; chỉ tiêu tỷ lệ "
           "(3a, 3c) giao mỗi tổ chức bằng ngưỡng của Đảng bộ; Văn phòng điều chỉnh có lý do ở trang Báo cáo tiến độ. "
           "Quy tắc đầy đủ ở trang Nhiệm vụ nghị quyết.")
for sentence in show.balance_sentences(q):
    st.warning(sentence)
page.table("ct-giao-tong", "Tổng chỉ tiêu giao so với chỉ tiêu Nghị quyết", show.quota_balance(q), demo=q.demo)
page.table("ct-giao-cham", "Tổ chức cơ sở đảng chậm so với chỉ tiêu giao",
           show.quota_standing(replace(q, standing=q.behind())), demo=q.demo)
page.table("ct-giao-ket-qua", "Kết quả của từng tổ chức so với chỉ tiêu giao", show.quota_standing(q), demo=q.demo,
           source="Kết nạp: lũy kế từ 01/7/2025; phải đạt đến nay = các năm đã qua và phần đã qua của năm nay. "
                  "Tỷ lệ: năm gần nhất có số liệu.")
for t in q.targets[q.targets.measure == "admissions_count"].itertuples(index=False):
    page.table(f"ct-giao-nam-{t.indicator_id.lower()}", f"Chỉ tiêu giao theo năm: {t.label} ({t.indicator_id})",
               show.quota_years(q, t.indicator_id, ctx.db.grant.confine(ctx.scope).orgs), demo=q.demo)


def _drill(label: str, scope) -> list[dict]:
    return views.drill_rows(ui.derived(tracking.evaluate, ctx.db, scope, ctx.as_of, ctx.db.snapshot.id, with_hdnd=False),
                            label)


st.header("Theo đơn vị (chỉ tiêu tính từ hồ sơ)")
page.table("ct-don-vi", "Chỉ tiêu theo đảng bộ tiền thân", pd.DataFrame(
    [r for u in ctx.scope.units for r in _drill(config.PREDECESSOR_BY_ID[u].short, ctx.scope.only_units((u,)))]))
if st.toggle("Xem theo từng tổ chức cơ sở đảng", key="ct-theo-to-chuc"):
    page.table("ct-to-chuc", "Chỉ tiêu theo tổ chức cơ sở đảng", pd.DataFrame(
        [r for o in ctx.scope.orgs for r in _drill(ctx.org_names.get(o, o), ctx.scope.only_orgs((o,)))]))

st.header("Chỉ tiêu của Đảng bộ Hội đồng nhân dân thành phố")
if tracking.HDND not in ctx.scope.orgs:
    st.write("Đảng bộ Hội đồng nhân dân thành phố không nằm trong bộ lọc tổ chức cơ sở đảng đang chọn.")
else:
    st.caption("Nguồn: Nghị quyết Hội nghị Đảng bộ Hội đồng nhân dân thành phố ngày 07/8/2025, Điều 2.")
    page.official_buttons("bieu-theo-doi-hdnd", official.tracking_2025_2030(
        hdnd, ctx.description, ctx.as_of, oldest=ctx.oldest, scope_label="Đảng bộ Hội đồng nhân dân thành phố"),
        "bieu-theo-doi-hdnd", "⬇ Word (.docx)", "⬇ PDF")
    # Its cards run when opened; their charts are drawn as the committee's are (the toggle above).
    shown = st.expander(f"{len(hdnd)} chỉ tiêu, trạng thái và biểu đồ", key="ct-hdnd", on_change="rerun",
                        expanded=False)
    if shown.open:
        with shown:
            _cards(hdnd, charts)
page.finish()
