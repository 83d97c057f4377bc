"""Đảng viên: size and structure, admissions against target, candidates, ratings."""
import streamlit as st

from dangbo import config, fmt, ui
from dangbo.outputs import figures, views
from dangbo.targets import tracking
from dangbo.ui import office

ctx = ui.context()
page = ui.PageView("Đảng viên", ctx)
U = views.UNIT

over = views.prepare(ui.run("members_over_time", ctx.scope), dates=("on_date",))
page.chart("dv-theo-thoi-gian", "Đảng viên theo thời gian (ngày 31/12 và cuối kỳ)",
           ui.figure(figures.bars, over, "on_date", "members", color=U, y_title="Đảng viên"),
           over, ["on_date", U, "members", "probationary"], over="day")

by_org = views.prepare(ui.run("members_by_grassroots", ctx.scope))
page.chart("dv-theo-to-chuc", "Đảng viên theo tổ chức cơ sở đảng (cuối kỳ)",
           ui.figure(figures.bars, by_org, "name", "members", color=U, horizontal=True, height=480),
           by_org, ["name", U, "members"], drill="org")

st.header("Theo chi bộ")
if not (ctx.state and (ctx.state.orgs or ctx.state.cells)) and ctx.db.grant.orgs is None:
    st.caption("Chọn một hay vài tổ chức cơ sở đảng (bấm vào cột của tổ chức ở biểu đồ trên, hoặc chọn ở bộ lọc) để "
               "xem từng chi bộ: đảng viên, kết nạp, kỷ luật, xếp loại và danh sách đảng viên.")
else:
    cells = views.cells(views.prepare(ui.run("cells_summary", ctx.scope)))
    shown, note = views.largest_cells(cells)
    page.chart("dv-theo-chi-bo", "Đảng viên theo chi bộ (cuối kỳ)",
               ui.figure(figures.bars, shown, "cell_label", "members", color=U, horizontal=True,
                         height=140 + 24 * max(len(shown), 2)),
               cells, ["cell_name", "grassroots_name", U, "members"], drill="cell", source=note,
               cells=dict(zip(shown.cell_label, shown.cell_id, strict=True)))
    page.table("dv-chi-bo", "Chi bộ: đảng viên, kết nạp và kỷ luật trong kỳ, xếp loại năm gần nhất", cells,
               ["cell_name", "grassroots_name", U, "members", "probationary", "admissions", "discipline_cases",
                "rating_year", "cell_rating", "members_rated"], paged=50)
    full = office.may_see_people(ctx.signed.account)

    def people(limit: int, offset: int, run):
        rows = views.prepare(run("member_list", ctx.scope, limit=limit, offset=offset),
                             dates=("admitted_on", "official_on"))
        return rows if full else views.masked_members(rows)
    # The list is read when opened (an organisation's first 50 members cost 0,2-0,7 s of a first view at
    # national scale); a cell reached by clicking down shows its members at once.
    by_cell = bool(ctx.state and ctx.state.cells)
    total = int(cells.members.sum())
    listed = st.expander(f"Danh sách đảng viên ({fmt.number(total)} đảng viên)", key=f"dv-danh-sach-mo-{int(by_cell)}",
                         on_change="rerun", expanded=by_cell)
    if listed.open:
        with listed:
            page.listing("dv-danh-sach",
                         "Danh sách đảng viên (cuối kỳ" + (")" if full else "; đã che thông tin cá nhân theo vai trò)"),
                         people, total,
                         ["member_id", "cell_name", "grassroots_name", U, "gender", "birth_year", "admitted_on",
                          "official_on", "standing"] if full
                         else ["member_id", "cell_name", "grassroots_name", "standing", "admitted_year"])

st.header("Cơ cấu đảng viên (cuối kỳ)")
panels = views.structure_panels(views.prepare(ui.run("member_structure", ctx.scope)))
if not panels:
    st.write("Không có dữ liệu cho lựa chọn này.")
# One dimension at a time: a tab's chart is drawn when it is chosen (the page PDF has them all).
tabs = st.tabs([dim for dim, _, _ in panels], key="dv-co-cau", on_change="rerun") if panels else []
for i, (tab, (dim, g, order)) in enumerate(zip(tabs, panels, strict=True)):
    with tab:
        page.chart(f"dv-co-cau-{i}", f"Cơ cấu theo {dim.lower()}",
                   ui.figure(figures.bars, g, "category", "members", color=U, height=360, category_orders={"category": order}),
                   g, ["category", U, "members"], shown=tab.open is not False)

st.header("Kết nạp đảng viên")
adm = views.prepare(ui.run("admissions_by_year", ctx.scope))
target, note = tracking.admissions_line(ui.run, ctx.scope)
page.chart("dv-ket-nap", "Kết nạp theo năm so với chỉ tiêu", ui.figure(views.admissions_figure, adm, target), adm, ["year", U, *views.FORM_COLS], source=note,
           over="year")
page.table("dv-ket-nap-co-cau", "Kết nạp trong kỳ theo biểu thống kê", views.admissions_by_unit(adm),
           [U, *views.FORM_COLS])

now, flow = views.pipeline(views.prepare(ui.run("candidate_pipeline", ctx.scope)))
cols = st.columns(2)
with cols[0]:
    page.chart("dv-nguon", "Nguồn kết nạp đang theo dõi (cuối kỳ)",
               ui.figure(figures.bars, now, "stage", "candidates", color=U, height=300), now, ["measure", "stage", U, "candidates"])
with cols[1]:
    page.chart("dv-nguon-trong-ky", "Quần chúng ưu tú trong kỳ",
               ui.figure(figures.bars, flow, "stage", "candidates", color=U, horizontal=True, height=300,
                            category_orders={"stage": views.PIPELINE_FLOW}), flow, ["measure", "stage", U, "candidates"])

rat = views.prepare(ui.run("rating_distribution", ctx.scope))
page.chart("dv-xep-loai", "Xếp loại chất lượng đảng viên hằng năm",
           ui.figure(figures.bars, rat, "year", "share_pct", color="rating", percent=True, text=False,
                        color_map=figures.RATING_COLORS, category_orders={"rating": list(config.RATINGS)}),
           rat, ["year", U, "rating", "members"], over="year")
page.finish()
