"""Báo cáo tiến độ (grassroots organisations' accounts and the office): report progress on the items
one's unit leads, with evidence; the reports sent; for the office, the programme's items and the
grassroots quotas edited in the app (each edit published as an import, with its history)."""
import streamlit as st

from dangbo.access.roles import DATA, REPORT
from dangbo.outputs import programme as show
from dangbo.outputs import views
from dangbo.programme import reports
from dangbo.query.runner import Confined
from dangbo.ui import import_catalog, open_or_stop, programme, shown_table, signin

PAGE = "Báo cáo tiến độ"
signed = signin.require(REPORT, "tài khoản tổ chức cơ sở đảng (co-so) và Văn phòng Đảng ủy")
st.title(PAGE)
db = Confined(open_or_stop(), signed.account.grant)
scope = programme.everything(db, programme.today())
f = programme.followed(db, scope)
st.caption("Đơn vị chủ trì báo cáo tiến độ công việc của mình; mỗi báo cáo được lưu nguyên vẹn (ai, lúc nào), "
           "báo cáo sau thay cho báo cáo trước. Báo cáo hoàn thành (100%) cần minh chứng.")
st.subheader("Gửi báo cáo")
programme.report_form(signed, f.items)
mine = reports.reportable(signed.account, f.items)
sent = f.reports[f.reports.item_id.isin(mine.item_id)] if len(f.reports) else f.reports
st.subheader("Các báo cáo của đơn vị")
if sent.empty:
    st.write("Chưa có báo cáo nào.")
else:
    st.dataframe(shown_table(views.labelled(show.reports_table(sent, f.items))), hide_index=True,
                 width="stretch", key="rp-sent")
    programme.evidence_download(signed, sent, PAGE, "báo cáo của đơn vị")
if signed.account.can(DATA):
    cat = import_catalog()
    st.subheader("Sửa chương trình hành động")
    st.caption("Mỗi lần lưu là một lần nhập dữ liệu (sheet “Chương trình hành động”) với cùng các bước kiểm tra, "
               "được công bố và ghi vào Lịch sử dữ liệu, nhật ký truy cập. Cũng có thể nhập cả chương trình từ tệp "
               "mẫu ở trang Nhập dữ liệu.")
    q = programme.quotas(db, scope)
    programme.item_form(signed, f.items, cat, programme.unit_names(q), programme.parent_titles(db, scope))
    st.subheader("Giao chỉ tiêu cho tổ chức cơ sở đảng")
    programme.quota_form(signed, q, cat)
