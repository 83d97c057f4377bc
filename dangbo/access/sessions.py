"""Sessions: how long they last, and how one begins (with its audit entry) and ends.

A session signed in with a password is carried by a cookie (`COOKIE`: an opaque random token, HttpOnly,
SameSite=Lax, Secure over TLS) set by the sign-in endpoint of the server (dangbo.web.signin); its row in
the accounts store (SQLite, or PostgreSQL with replicas) has the account, the last activity and the
absolute expiry, so a reload, a new tab or a shared link opens signed in, and a sign-out, an expiry, a
disabled account or an administrator ends it in every tab on every replica. A session of the
organisation's identity provider is carried by Streamlit's own identity cookie and lives in the tab.

Expiries (docs/decisions.md, "Sessions in a cookie"): idle `DANGBO_IDLE_MINUTES` (30), absolute
`DANGBO_SESSION_HOURS` (12).
"""
from __future__ import annotations

import logging
from urllib.parse import quote

from .. import config
from . import database
from .accounts import Account, AccountStore, location, token_id
from .accounts import shared as shared_store
from .audit import AuditLog
from .audit import default_path as audit_path
from .audit import shared as shared_log

COOKIE = "dangbo_session"
PATH = "/_dangbo/dang-nhap"   # the server's sign-in form (dangbo.web.signin)
MAX_NEXT = 16_000             # characters of the page address to come back to (a long shared link fits)
STORE_DOWN = ("Chưa kết nối được cơ sở dữ liệu tài khoản và nhật ký truy cập, nên chưa thể đăng nhập hoặc kiểm tra "
              "phiên làm việc. Vui lòng thử lại sau ít phút; nếu lỗi lặp lại, hãy báo quản trị hệ thống.")
log = logging.getLogger("dangbo.sessions")


def idle_seconds() -> float:
    """A session ends after this long without activity."""
    return config.env_number("DANGBO_IDLE_MINUTES", 30, 1 / 60, kind=float) * 60


def lifetime_seconds() -> float:
    """A session ends this long after it began, whatever its activity (a working day and its evening)."""
    return config.env_number("DANGBO_SESSION_HOURS", 12, 1 / 3600, kind=float) * 3600


def store() -> AccountStore:
    """The account store: PostgreSQL when $DANGBO_DATABASE_URL is set (replicas), else the local SQLite."""
    return shared_store(*location())


def audit() -> AuditLog:
    """The audit log: the PostgreSQL table with replicas, else the local journal."""
    return shared_log(str(audit_path()), database.url() or "")


def of_cookie(token: str) -> tuple[str, Account, str] | None:
    """(the session row's id, its account, how it signed in) for a cookie's token whose session has not
    ended; None for an unknown, ended or forged token or a vanished account."""
    sid = token_id(token)
    who = store().session_of(sid)
    account = who and store().get(who[0])
    return (sid, account, who[1]) if account else None


def begin(account: Account, method: str, *, cookie: bool) -> str:
    """A session and its audit entry, before anything is shown: if the entry cannot be written (after the
    audit log's own retries) the session is ended again and the store's error raised, so no sign-in is
    unaccounted for. Returns the cookie's token (`cookie=True`) or the tab's session id."""
    accounts = store()
    if cookie:
        token = accounts.open_session(account.username, method, lifetime_seconds())
        sid = token_id(token)
    else:
        token = sid = accounts.start_session(account.username, method)
    try:
        audit().append(account.username, account.role, "signin", method=method)
    except database.store_errors():
        try:
            accounts.end_session(sid, "audit_failed")
        except database.store_errors():
            log.exception("could not end session after the audit entry failed")
        raise
    return token


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path of this site only (no scheme, no host, no `//`)."""
    value = (value or "/").strip()
    if not value.startswith("/") or value.startswith(("//", "/\\")) or any(c in value for c in "\r\n\\") \
            or value.startswith(PATH) or len(value) > MAX_NEXT:
        return "/"
    return value


def next_link(path_and_query: str) -> str:
    """The sign-in form's address that comes back to `path_and_query` (for a page whose session ended)."""
    return f"{PATH}?next={quote(safe_next(path_and_query), safe='')}"
