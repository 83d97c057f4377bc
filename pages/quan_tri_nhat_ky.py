"""Nhật ký truy cập: the audit log, filtered by account, action and date, exportable (role quan-tri)."""
from datetime import date, timedelta
from functools import partial

import streamlit as st

from dangbo.access.audit import ACTIONS
from dangbo.access.roles import ADMIN
from dangbo.outputs import export
from dangbo.ui import XLSX_MIME, admin, download, signin

signed = signin.require(ADMIN, "quản trị hệ thống")
st.title("Nhật ký truy cập")
c = st.columns(4)
account = c[0].text_input("Tài khoản", key="audit-account")
actions = c[1].multiselect("Hành động", list(ACTIONS), format_func=ACTIONS.get, key="audit-actions",
                           placeholder="Tất cả")
date_from = c[2].date_input("Từ ngày", date.today() - timedelta(days=30), key="audit-from", format="DD/MM/YYYY")
date_to = c[3].date_input("Đến ngày", date.today(), key="audit-to", format="DD/MM/YYYY")
shown = admin.audit_frame(account.strip().lower(), actions, date_from, date_to)
st.caption(f"{len(shown)} mục")
st.dataframe(shown, hide_index=True, width="stretch", key="audit-log")
filters = f"tài khoản: {account or 'tất cả'}; từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y}"
stamp = export.Stamp("Nhật ký truy cập", filters, date.today().isoformat())
row = st.container(horizontal=True, gap="small")
# Exporting the audit log is itself audited, as every download is.
logged = {"signed": signed, "page": "Nhật ký truy cập", "filters": filters, "rows": len(shown)}
download(row, "⬇ CSV", partial(export.csv, shown), "nhat-ky.csv", "text/csv", key="audit-csv", **logged)
download(row, "⬇ XLSX", partial(export.xlsx, {"Nhật ký": shown}, stamp), "nhat-ky.xlsx", XLSX_MIME, key="audit-xlsx",
         **logged)
