"""Sự kiện trên biểu đồ (roles with the data capability): the dated events drawn on every chart over
time; the office adds and removes them, every change kept with who and when, and audited."""
from datetime import date

import streamlit as st

from dangbo.access.roles import DATA
from dangbo.outputs import export
from dangbo.query.runner import Confined
from dangbo.ui import XLSX_MIME, download, open_or_stop, shown_table, signin
from dangbo.ui import timeline as events
from dangbo.ui.sidebar import org_index

PAGE = "Sự kiện trên biểu đồ"
signed = signin.require(DATA, "Văn phòng Đảng ủy (vai trò van-phong) và quản trị hệ thống")
st.title(PAGE)
st.caption("Mỗi sự kiện hiện thành một đường chấm trên các biểu đồ theo thời gian (theo năm hoặc theo ngày) có "
           "ngày đó, trên trang, trong tệp PNG/SVG/PDF tải về và trong báo cáo nhanh. Sự kiện của toàn Đảng bộ hiện "
           "ở mọi phạm vi; của một đảng bộ tiền thân khi phạm vi xem có đảng bộ đó; của một tổ chức cơ sở đảng khi "
           "phạm vi xem thu hẹp vào các tổ chức có tổ chức đó.")
_, names = org_index(Confined(open_or_stop(), signed.account.grant))
with signin.store_guard("reading the events"):
    events.add_form(signed, names)
    events.remove_form(signed, names)
    table = events.table(names)
shown = table.drop(columns=["_id", "_on"])
st.subheader("Các sự kiện (cả sự kiện đã bỏ)")
st.dataframe(shown_table(shown), hide_index=True, width="stretch", key="events-table")
row = st.container(horizontal=True, gap="small")
stamp = export.Stamp(PAGE, "Toàn Đảng bộ", date.today().isoformat(), False)
for label, make, name, mime in (("⬇ CSV", lambda: export.csv(shown), "su-kien.csv", "text/csv"),
                                ("⬇ XLSX", lambda: export.xlsx({"Sự kiện": shown}, stamp), "su-kien.xlsx", XLSX_MIME)):
    download(row, label, make, name, mime, key=f"events-{name}", signed=signed, page=PAGE, filters="tất cả",
             rows=len(shown))
