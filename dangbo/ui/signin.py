"""Sign-in on every page: local accounts (dangbo.access.accounts) and the organisation's OpenID
Connect provider (st.login / st.user, when an [auth] section is configured), one account model.

A session lives in this browser tab's session state and in the accounts store (so an administrator
sees it and an idle or disabled one ends); nothing is read from the browser but Streamlit's own
signed identity cookie. Idle expiry: DANGBO_IDLE_MINUTES (default 30).
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass

import streamlit as st

from ..access import database
from ..access.accounts import Account, AccountError, AccountStore, check_password
from ..access.audit import AuditLog

SESSION = "_session"
log = logging.getLogger("dangbo.signin")
STORE_DOWN = ("Chưa kết nối được cơ sở dữ liệu tài khoản và nhật ký truy cập, nên chưa thể đăng nhập hoặc kiểm tra "
              "phiên làm việc. Vui lòng thử lại sau ít phút; nếu lỗi lặp lại, hãy báo quản trị hệ thống.")


@dataclass(frozen=True)
class Signed:
    account: Account
    sid: str
    method: str          # "password" or "oidc"


@st.cache_resource(show_spinner=False)
def _store(path: str, url: str) -> AccountStore:
    return AccountStore(url=url) if url else AccountStore(path)


def store() -> AccountStore:
    """The account store: PostgreSQL when $DANGBO_DATABASE_URL is set (replicas), else the local SQLite."""
    from ..access.accounts import default_path
    return _store(str(default_path()), database.url() or "")


@st.cache_resource(show_spinner=False)
def _audit(path: str, url: str) -> AuditLog:
    return AuditLog(url=url) if url else AuditLog(path)


def audit() -> AuditLog:
    """The audit log: the PostgreSQL table with replicas, else the local journal (one object a process)."""
    from ..access.audit import default_path
    return _audit(str(default_path()), database.url() or "")


@contextmanager
def store_guard(doing: str):
    """A failure of the account or audit store is a Vietnamese message on the page and an entry in the
    server's log, never a traceback; the run stops there."""
    try:
        yield
    except database.store_errors():
        log.exception("account or audit store failed while %s", doing)
        st.error(STORE_DOWN)
        st.stop()


def idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("DANGBO_IDLE_MINUTES", "30")) * 60)
    except ValueError:
        return 1800.0


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:      # noqa: BLE001 - no secrets file at all is the common case
        return False


def _oidc_signed_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:      # noqa: BLE001 - st.user without [auth] configured
        return False


def _end(signed: Signed | None, reason: str, action: str) -> None:
    if signed:
        store().end_session(signed.sid, reason)
        audit().append(signed.account.username, signed.account.role, action, method=signed.method)
    st.session_state.pop(SESSION, None)


def sign_out() -> None:
    signed = st.session_state.get(SESSION)
    with store_guard("signing out"):
        _end(signed, "signout", "signout")
    if signed and signed.method == "oidc" and _oidc_signed_in():
        st.logout()
    st.rerun()


def _start(account: Account, method: str) -> Signed:
    """A session, and its audit entry before anything is shown: if the entry cannot be written (after the
    audit log's own retries) the session is ended again and the sign-in refused, so no sign-in is
    unaccounted for."""
    sid = store().start_session(account.username, method)
    try:
        audit().append(account.username, account.role, "signin", method=method)
    except database.store_errors():
        try:
            store().end_session(sid, "audit_failed")
        except database.store_errors():
            log.exception("could not end session after the audit entry failed")
        raise
    signed = Signed(account, sid, method)
    st.session_state[SESSION] = signed
    return signed


def _from_oidc() -> Signed | None:
    email, subject = st.user.get("email"), st.user.get("sub")
    account = store().by_identity(email, subject)
    if account is None or account.disabled:
        audit().append(None, None, "signin_refused", method="oidc", email=email, subject=subject,
                       reason="disabled" if account else "unmapped")
        st.title("Không được phép truy cập")
        st.error("Danh tính này chưa được cấp quyền xem bảng điều hành (chưa gắn với tài khoản nào hoặc tài khoản đã "
                 "bị khóa). Liên hệ quản trị hệ thống.")
        if st.button("Đăng xuất", key="oidc-refused-logout"):
            st.logout()
        st.stop()
    return _start(account, "oidc")


def _form(notice: str | None) -> None:
    st.title("Đăng nhập")
    st.caption("Bảng điều hành Đảng bộ các cơ quan Đảng thành phố Cần Thơ")
    if notice:
        st.info(notice)
    with st.form("signin", enter_to_submit=True, clear_on_submit=True):   # no password kept in the session
        username = st.text_input("Tên đăng nhập", key="signin-user")
        password = st.text_input("Mật khẩu", type="password", key="signin-password")
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if submitted:
        with store_guard("signing in"):
            result = store().sign_in(username, password)
            if result.account:
                _start(result.account, "password")
            else:
                action = "signin_throttled" if result.wait_s else "signin_failed"
                audit().append((username or "").strip().lower() or None, None, action, method="password",
                               wait_s=result.wait_s)
        if result.account:
            st.rerun()
        st.error(result.message)
    if _oidc_configured():
        st.divider()
        if st.button("Đăng nhập bằng tài khoản của cơ quan", key="signin-oidc"):
            st.login("oidc")
    st.stop()


def _change_password(signed: Signed) -> None:
    st.title("Đổi mật khẩu")
    st.info("Mật khẩu hiện tại là mật khẩu dùng một lần: hãy đặt mật khẩu mới trước khi xem số liệu.")
    with st.form("new-password", clear_on_submit=True):
        new = st.text_input("Mật khẩu mới (ít nhất 10 ký tự)", type="password", key="new-password-1")
        again = st.text_input("Nhập lại mật khẩu mới", type="password", key="new-password-2")
        ok = st.form_submit_button("Lưu mật khẩu", type="primary")
    if ok:
        try:
            if new != again:
                raise AccountError("Hai lần nhập mật khẩu mới không giống nhau.")
            check_password(new)
            with store_guard("changing a password"):
                store().set_password(signed.account.username, new)
                audit().append(signed.account.username, signed.account.role, "password_changed")
                st.session_state[SESSION] = Signed(store().get(signed.account.username), signed.sid, signed.method)
            st.rerun()
        except AccountError as e:
            st.error(str(e))
    st.stop()


def resolve() -> tuple[Signed | None, str | None]:
    """This session's signed-in account (None when nobody is), and why a session just ended."""
    with store_guard("checking the session"):
        return _resolve()


def _resolve() -> tuple[Signed | None, str | None]:
    signed: Signed | None = st.session_state.get(SESSION)
    notice = None
    if signed is not None:
        ended = store().touch_session(signed.sid, idle_seconds())
        account = store().get(signed.account.username)
        if ended is None and (account is None or account.disabled):
            ended = "disabled"
        if ended:
            _end(signed, ended, "session_expired" if ended == "idle" else "signout")
            if signed.method == "oidc" and _oidc_signed_in():
                st.logout()
            notice = ("Phiên làm việc đã hết hạn do không hoạt động quá "
                      f"{round(idle_seconds() / 60)} phút. Vui lòng đăng nhập lại." if ended == "idle"
                      else "Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.")
            signed = None
        else:
            signed = Signed(account, signed.sid, signed.method)       # role or grant may have changed
            st.session_state[SESSION] = signed
    if signed is None and _oidc_signed_in():
        signed = _from_oidc()
    return signed, notice


def gate(signed: Signed | None, notice: str | None) -> Signed:
    """Nothing but the sign-in form (or the forced password change) for a session that may not see
    the pages yet; otherwise the signed-in account."""
    if signed is None:
        _form(notice)
    if signed.account.must_change and signed.method == "password":
        _change_password(signed)
    return signed


def signed_in_box(signed: Signed) -> None:
    """Who is signed in, and the sign-out button (in the sidebar)."""
    with st.sidebar:
        st.caption(f"Người dùng: **{signed.account.username}** · {signed.account.role_label}")
        if st.button("Đăng xuất", key="signout"):
            sign_out()


def require(capability: str, who: str) -> Signed:
    """The signed-in account if its role has `capability`; otherwise a message and nothing more."""
    signed = current()
    if not signed.account.can(capability):
        st.title("Không có quyền mở trang này")
        st.error(f"Trang này chỉ dành cho {who}; tài khoản {signed.account.username} "
                 f"({signed.account.role_label}) không mở được. Các trang được xem nằm ở menu bên trái.")
        st.stop()
    return signed


def current() -> Signed:
    """The session's signed-in account, as `gate()` (run by app.py before every page) left it."""
    return st.session_state[SESSION]
