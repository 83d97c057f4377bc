"""Who is signed in, on every page: local accounts (dangbo.access.accounts) and the organisation's
OpenID Connect provider (st.login / st.user, when an [auth] section is configured), one account model.

A password is never typed into a widget: the server's sign-in endpoint (dangbo.web.signin) takes it
in one POST and gives the browser a session cookie, which a run reads here (`st.context.cookies`, sent
with the websocket) and checks against the session's row on every run (idle and absolute expiry, a
disabled account, a sign-out in another tab, an administrator's ending: dangbo.access.sessions). A
session of the identity provider lives in the tab, from Streamlit's own signed identity cookie.
"""
from __future__ import annotations

import html
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import streamlit as st

from ..access import database, sessions
from ..access.accounts import Account, AccountError, AccountStore, check_password
from ..access.audit import AuditLog

SESSION = "_session"
SIGNED_OUT = "_signed_out"          # this tab signed out (said once, on the next run)
log = logging.getLogger("dangbo.signin")
STORE_DOWN = sessions.STORE_DOWN
ENDED = ("Phiên làm việc đã kết thúc (đã đăng xuất ở thẻ khác, hết hạn hoặc được quản trị hệ thống kết thúc). "
         "Vui lòng đăng nhập lại.")


@dataclass(frozen=True)
class Signed:
    account: Account
    sid: str
    method: str          # "password" or "oidc"


def store() -> AccountStore:
    """The account store: PostgreSQL when $DANGBO_DATABASE_URL is set (replicas), else the local SQLite."""
    return sessions.store()


def audit() -> AuditLog:
    """The audit log: the PostgreSQL table with replicas, else the local journal (one object a process)."""
    return sessions.audit()


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


idle_seconds = sessions.idle_seconds


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
    st.session_state[SIGNED_OUT] = True
    if signed and signed.method == "oidc" and _oidc_signed_in():
        st.logout()
    st.rerun()


def _start(account: Account, method: str) -> Signed:
    """A session of this tab (the identity provider's), with its audit entry first (sessions.begin)."""
    signed = Signed(account, sessions.begin(account, method, cookie=False), method)
    st.session_state[SESSION] = signed
    return signed


def _from_cookie() -> tuple[Signed | None, str | None]:
    """The session the browser's cookie carries (set by the sign-in endpoint), or why there is none."""
    try:
        token = st.context.cookies.get(sessions.COOKIE)
    except Exception:      # noqa: BLE001 - no browser (AppTest): no cookie
        token = None
    if not isinstance(token, str) or not token:
        return None, None
    found = sessions.of_cookie(token)
    if not found:
        return None, ENDED
    sid, account, method = found
    return Signed(account, sid, method), None


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
    """What a tab without a session shows: the way to the sign-in form, which comes back to this page
    (a page asked for afresh without a session is sent to the form by the server before this runs)."""
    st.title("Đăng nhập")
    st.caption("Bảng điều hành Đảng bộ các cơ quan Đảng thành phố Cần Thơ")
    if notice:
        st.info(notice)
    link = html.escape(sessions.next_link(_here()))
    st.html(f'<a href="{link}" target="_self" style="display:inline-block;padding:.5rem 1.2rem;border-radius:.5rem;'
            'background:#b3261e;color:#fff;text-decoration:none">Đăng nhập</a>')
    if _oidc_configured():
        st.divider()
        if st.button("Đăng nhập bằng tài khoản của cơ quan", key="signin-oidc"):
            st.login("oidc")
    st.stop()


def _here() -> str:
    """This page's path and URL parameters, for coming back to it after signing in."""
    try:
        path = urlsplit(st.context.url or "/").path or "/"
    except Exception:      # noqa: BLE001 - no browser (AppTest)
        path = "/"
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    return path + (f"?{query}" if query else "")


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
    if signed is None:
        signed, notice = _from_cookie()
        if st.session_state.pop(SIGNED_OUT, False):
            notice = "Bạn đã đăng xuất: phiên làm việc đã kết thúc ở mọi thẻ của trình duyệt này."
    if signed is not None:
        ended = store().touch_session(signed.sid, idle_seconds())
        account = store().get(signed.account.username)
        if ended is None and (account is None or account.disabled):
            ended = "disabled"
        if ended:
            _end(signed, ended, "session_expired" if ended in ("idle", "expired") else "signout")
            if signed.method == "oidc" and _oidc_signed_in():
                st.logout()
            notice = ("Phiên làm việc đã hết hạn do không hoạt động quá "
                      f"{round(idle_seconds() / 60)} phút. Vui lòng đăng nhập lại." if ended == "idle" else
                      f"Phiên làm việc đã hết hạn sau {round(sessions.lifetime_seconds() / 3600)} giờ kể từ khi "
                      "đăng nhập. Vui lòng đăng nhập lại." if ended == "expired" else ENDED)
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
