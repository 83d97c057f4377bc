"""Nhập dữ liệu (roles with the data capability): the template, a file checked whole with the date its
records are true to, its problems (with the bad cells marked in an XLSX), a preview of what would
change, and publishing."""
from datetime import date
from functools import partial

import streamlit as st

from dangbo import config
from dangbo.access.roles import DATA
from dangbo.ingest import template
from dangbo.ui import XLSX_MIME, download, import_catalog, imports, signin

signed = signin.require(DATA, "Văn phòng Đảng ủy (vai trò van-phong) và quản trị hệ thống")
st.title("Nhập dữ liệu")
st.caption("Tải mẫu, điền hồ sơ thật, tải tệp lên: tệp được kiểm tra toàn bộ trước khi có bất cứ thay đổi nào. "
           "Dữ liệu của các tổ chức cơ sở đảng có trong tệp thay cho dữ liệu cũ của chính các tổ chức đó.")
cat = import_catalog()
download(st, "⬇ Tải mẫu nhập liệu (.xlsx)", partial(template.xlsx, cat), "mau-nhap-lieu.xlsx", XLSX_MIME,
         key="import-template", signed=signed, page=imports.PAGE, filters="mẫu nhập liệu")
as_of = st.date_input("Số liệu đến ngày", value=date.today(), min_value=config.PREVIOUS_TERM.starts_on,
                      max_value=date.today(), format="DD/MM/YYYY", key="import-as-of",
                      help="Ngày mà hồ sơ trong tệp đúng đến (mặc định hôm nay). Hồ sơ ghi ngày sau ngày này bị từ "
                           "chối; số liệu của các tổ chức có trong tệp được tính đến ngày này.")
up = st.file_uploader("Tệp dữ liệu (.xlsx hoặc .csv)", key="import-file")
if up is not None:
    data = up.getvalue()
    upload = imports.checked(data, up.name, as_of)
    if upload.problems:
        imports.problems(upload, data, signed)
        st.stop()
    result = imports.staged(upload, signed)
    imports.show_preview(upload, result)
    if st.button("Công bố dữ liệu này", type="primary", key="import-publish"):
        imports.publish(result, upload, signed)
