"""The administration pages' parts (role quan-tri): accounts, sessions, the audit log. Every change
is made through dangbo.access and goes to the audit log under the administrator's name."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from .. import config, fmt
from ..access.accounts import AccountError, one_time_password
from ..access.audit import ACTIONS
from ..access.roles import ROLES
from ..query.filters import codes
from . import signin


def accounts_table() -> pd.DataFrame:
    return pd.DataFrame([{
        "Tên đăng nhập": a.username, "Vai trò": a.role_label,
        "Đảng bộ tiền thân": ", ".join(a.units) if a.units else "tất cả",
        "Tổ chức cơ sở đảng": ", ".join(a.orgs) if a.orgs else "tất cả",
        "E-mail / định danh": " / ".join(x for x in (a.email, a.subject) if x),
        "Trạng thái": "đã khóa" if a.disabled else ("phải đổi mật khẩu" if a.must_change else "hoạt động"),
    } for a in signin.store().list()])


def sessions_table() -> pd.DataFrame:
    return pd.DataFrame([{"Tài khoản": s["username"], "Cách đăng nhập": s["method"],
                          "Bắt đầu": fmt.epoch(s["started_at"]), "Hoạt động gần nhất": fmt.epoch(s["last_seen"]),
                          "Hết hạn lúc": fmt.epoch(s["expires_at"]) if s["expires_at"] else "khi đóng thẻ trình duyệt"}
                         for s in signin.store().sessions()])


def _done(signed: signin.Signed, action: str, message: str, **details) -> None:
    signin.audit().append(signed.account.username, signed.account.role, action, **details)
    st.success(message)


def add_form(signed: signin.Signed) -> None:
    with st.form("add-account", clear_on_submit=True):
        st.markdown("**Thêm tài khoản**")
        c = st.columns(3)
        username = c[0].text_input("Tên đăng nhập", key="add-username")
        role = c[1].selectbox("Vai trò", list(ROLES), format_func=lambda r: ROLES[r].label, key="add-role")
        email = c[2].text_input("E-mail (đăng nhập qua cơ quan)", key="add-email")
        c = st.columns(2)
        units = c[0].text_input(f"Đảng bộ tiền thân ({', '.join(config.PREDECESSOR_IDS)}; trống = tất cả)",
                                key="add-units")
        orgs = c[1].text_input("Tổ chức cơ sở đảng (mã, cách nhau bởi dấu phẩy; trống = tất cả)", key="add-orgs")
        if st.form_submit_button("Thêm", type="primary"):
            try:
                password = one_time_password()
                acc = signin.store().add(username.strip().lower(), role, units=codes(units), orgs=codes(orgs),
                                         email=email or None, password=password, must_change=True)
                _done(signed, "account_added", f"Đã thêm {acc.username}. Mật khẩu dùng một lần: {password}",
                      username=acc.username, role=acc.role, units=acc.units, orgs=acc.orgs, email=acc.email)
            except AccountError as e:
                st.error(str(e))


def change_form(signed: signin.Signed) -> None:
    names = [a.username for a in signin.store().list()]
    if not names:
        return
    with st.form("change-account"):
        st.markdown("**Sửa, khóa tài khoản hoặc đặt lại mật khẩu**")
        c = st.columns(3)
        username = c[0].selectbox("Tài khoản", names, key="change-username")
        role = c[1].selectbox("Vai trò mới (giữ nguyên nếu trống)", ["", *ROLES], key="change-role",
                              format_func=lambda r: ROLES[r].label if r else "(giữ nguyên)")
        action = c[2].selectbox("Việc cần làm", ["save", "disable", "enable", "reset", "signout"], key="change-action",
                                format_func={"save": "Lưu vai trò và phạm vi", "disable": "Khóa tài khoản",
                                             "enable": "Mở khóa", "reset": "Đặt lại mật khẩu",
                                             "signout": "Kết thúc mọi phiên đăng nhập"}.get)
        c = st.columns(2)
        units = c[0].text_input("Đảng bộ tiền thân mới (trống = tất cả)", key="change-units")
        orgs = c[1].text_input("Tổ chức cơ sở đảng mới (trống = tất cả)", key="change-orgs")
        if st.form_submit_button("Thực hiện", type="primary"):
            store = signin.store()
            try:
                if action == "save":
                    acc = store.update(username, role=role or None, units=codes(units), orgs=codes(orgs))
                    _done(signed, "account_changed", f"Đã lưu {username}.", username=username, role=acc.role,
                          units=acc.units, orgs=acc.orgs)
                elif action in ("disable", "enable"):
                    store.update(username, disabled=action == "disable")
                    _done(signed, "account_disabled" if action == "disable" else "account_changed",
                          f"Đã {'khóa' if action == 'disable' else 'mở khóa'} {username}.", username=username)
                elif action == "signout":
                    n = store.end_sessions(username, "admin")
                    _done(signed, "sessions_ended", f"Đã kết thúc {n} phiên đăng nhập của {username}: mọi thẻ trình "
                          "duyệt của tài khoản này phải đăng nhập lại.", username=username, sessions=n)
                else:
                    password = one_time_password()
                    store.set_password(username, password, must_change=True)
                    _done(signed, "password_reset", f"Mật khẩu dùng một lần mới của {username}: {password}",
                          username=username)
            except AccountError as e:
                st.error(str(e))


def audit_frame(account: str, actions: list[str], date_from: date, date_to: date) -> pd.DataFrame:
    rows = []
    for e in signin.audit().entries():
        day = e["time"][:10]
        if (account and e.get("account") != account) or (actions and e["action"] not in actions) or \
                not (date_from.isoformat() <= day <= date_to.isoformat()):
            continue
        rows.append({"Thời điểm (UTC)": e["time"], "Tài khoản": e.get("account") or "", "Vai trò": e.get("role") or "",
                     "Hành động": ACTIONS.get(e["action"], e["action"]),
                     "Chi tiết": "; ".join(f"{k}={v}" for k, v in (e.get("details") or {}).items())})
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS).iloc[::-1]


AUDIT_COLUMNS = ["Thời điểm (UTC)", "Tài khoản", "Vai trò", "Hành động", "Chi tiết"]
