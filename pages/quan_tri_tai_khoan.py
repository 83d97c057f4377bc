"""Tài khoản: accounts, roles and scopes, sessions (role quan-tri)."""
import streamlit as st

from dangbo.access.roles import ADMIN
from dangbo.ui import admin, signin

signed = signin.require(ADMIN, "quản trị hệ thống")
st.title("Tài khoản")
st.caption("Vai trò quyết định việc được làm; phạm vi (đảng bộ tiền thân, tổ chức cơ sở đảng) quyết định số liệu "
           "được xem. Mọi thay đổi được ghi vào nhật ký truy cập.")
admin.add_form(signed)
admin.change_form(signed)
st.subheader("Danh sách tài khoản")
st.dataframe(admin.accounts_table(), hide_index=True, width="stretch", key="accounts")
st.subheader("Phiên đang mở")
st.dataframe(admin.sessions_table(), hide_index=True, width="stretch", key="sessions")
