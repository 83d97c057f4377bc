"""Accounts: a role, a grant (units, organisations), a password hashed with Argon2id (argon2-cffi)
or an identity of the organisation's provider (e-mail or subject), throttled sign-in.

Stored in SQLite under the data folder (`access/access.db`, outside git), so several processes on
one machine share it; or, when `DANGBO_DATABASE_URL` names a PostgreSQL database, there, so several
replicas on several machines share accounts, throttling and sessions (`dangbo.access.database`).
Nothing is ever stored in plain text.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .. import config
from ..query.scope import Grant
from . import database, schema
from .roles import ROLES

MAX_FAILURES = 5             # failures before a wait
BASE_WAIT_S = 30             # the first wait; it doubles with each further failure
MAX_WAIT_S = 3600
MIN_PASSWORD = 10
TOUCH_EVERY_S = 30           # a live session's activity is written at most this often (touch_session)
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
_HASHER = PasswordHasher()   # Argon2id with the library's current recommended parameters
HASH_SLOTS = os.cpu_count() or 1     # passwords hashed at once in a process (each hash: 64 MiB and 0,19 s of a core)
_HASHING = threading.BoundedSemaphore(HASH_SLOTS)


def _hash(password: str) -> str:
    with _HASHING:
        return _HASHER.hash(password)


def _verify(stored: str, password: str) -> bool:
    """A password against its hash. At most HASH_SLOTS hashes run at once: a hundred people signing in at the
    same moment queue for the cores instead of sharing them a hundred ways with 6 GB of hash memory."""
    with _HASHING:
        return _HASHER.verify(stored, password)


class AccountError(Exception):
    """An account operation cannot be done; the message is Vietnamese."""


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    units: tuple[str, ...] | None
    orgs: tuple[str, ...] | None
    email: str | None
    subject: str | None
    disabled: bool
    must_change: bool
    has_password: bool

    @property
    def grant(self) -> Grant:
        return Grant(self.units, self.orgs)

    @property
    def role_label(self) -> str:
        return ROLES[self.role].label

    def can(self, capability: str) -> bool:
        return not self.disabled and capability in ROLES[self.role].can


@dataclass(frozen=True)
class SignIn:
    account: Account | None
    message: str = ""            # why not, in Vietnamese
    wait_s: int = 0


def default_path() -> Path:
    return config.data_dir() / "access" / "access.db"


def migrate() -> list[int]:
    """Migrate the stores this process is configured for ($DANGBO_DATABASE_URL, else the local SQLite);
    the versions applied now."""
    url = database.url()
    return schema.migrate(url=url) if url else schema.migrate(path=default_path())


def _codes(text: str | None) -> tuple[str, ...] | None:
    return None if text is None else tuple(json.loads(text))


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


class AccountStore:
    def __init__(self, path: Path | str | None = None, url: str | None = None):
        """The local SQLite store at `path` (default: under the data folder), or the PostgreSQL database
        at `url` (default: $DANGBO_DATABASE_URL when no path is given)."""
        self.url = url or (database.url() if path is None else None)
        self.path = None if self.url else Path(path or default_path())
        schema.ensure(path=self.path, url=self.url)      # a version check; DDL only on a new database

    def _db(self, serialised: bool = True):
        """One transaction, serialised with every other writer (SQLite: begin immediate; PostgreSQL: a
        transaction-level advisory lock), so a read-then-write such as the throttle never interleaves.
        Plain reads pass `serialised=False` and wait for no writer."""
        return database.store_transaction(self.path, self.url, serialised=serialised)

    # ------------------------------------------------------------ reading

    @staticmethod
    def _account(row) -> Account:
        (username, role, units, orgs, email, subject, pw, must, disabled) = row
        return Account(username, role, _codes(units), _codes(orgs), email, subject, bool(disabled), bool(must),
                       pw is not None)

    _SELECT = "select username, role, units, orgs, email, subject, password_hash, must_change, disabled from accounts"

    def get(self, username: str) -> Account | None:
        with self._db(serialised=False) as db:
            row = db.execute(self._SELECT + " where username = ?", (username,)).fetchone()
        return self._account(row) if row else None

    def list(self) -> list[Account]:
        with self._db(serialised=False) as db:
            rows = db.execute(self._SELECT + " order by username").fetchall()
        return [self._account(r) for r in rows]

    def count(self) -> int:
        with self._db(serialised=False) as db:
            return db.execute("select count(*) from accounts").fetchone()[0]

    def by_identity(self, email: str | None, subject: str | None) -> Account | None:
        """The account an identity of the organisation's provider maps to (by subject, then e-mail)."""
        email = (email or "").lower() or None
        with self._db(serialised=False) as db:
            row = subject and db.execute(self._SELECT + " where subject = ?", (subject,)).fetchone()
            row = row or (email and db.execute(self._SELECT + " where email = ?", (email,)).fetchone())
        return self._account(row) if row else None

    # ------------------------------------------------------------ changing

    @staticmethod
    def _validate(username: str, role: str, units, orgs) -> None:
        if not USERNAME.fullmatch(username or ""):
            raise AccountError("Tên đăng nhập chỉ gồm chữ thường không dấu, số, '.', '_' hoặc '-' (2 - 40 ký tự).")
        if role not in ROLES:
            raise AccountError(f"Vai trò không hợp lệ; các vai trò: {', '.join(ROLES)}.")
        if units is not None and not set(units) <= set(config.PREDECESSOR_IDS):
            raise AccountError(f"Đảng bộ tiền thân không hợp lệ; giá trị hợp lệ: {', '.join(config.PREDECESSOR_IDS)}.")
        if ROLES[role].needs_orgs and not orgs:
            raise AccountError("Vai trò co-so cần danh sách tổ chức cơ sở đảng (--orgs).")

    def add(self, username: str, role: str, *, units=None, orgs=None, password: str | None = None,
            email: str | None = None, subject: str | None = None, must_change: bool = False) -> Account:
        self._validate(username, role, units, orgs)
        if password is not None:
            check_password(password)
        now = time.time()
        try:
            with self._db() as db:
                db.execute("insert into accounts values (?,?,?,?,?,?,?,?,0,?,?)", (
                    username, role, None if units is None else json.dumps(list(units)),
                    None if orgs is None else json.dumps(list(orgs)), (email or "").lower() or None, subject,
                    _hash(password) if password else None, int(must_change), now, now))
        except database.integrity_errors():
            raise AccountError(f"Đã có tài khoản '{username}' hoặc định danh này đã gắn với tài khoản khác.") from None
        return self.get(username)

    def update(self, username: str, *, role: str | None = None, units=..., orgs=..., email=...,
               subject=..., disabled: bool | None = None) -> Account:
        acc = self._require(username)
        role = role or acc.role
        units = acc.units if units is ... else units
        orgs = acc.orgs if orgs is ... else orgs
        self._validate(username, role, units, orgs)
        email = acc.email if email is ... else ((email or "").lower() or None)
        subject = acc.subject if subject is ... else (subject or None)
        disabled = acc.disabled if disabled is None else disabled
        try:
            with self._db() as db:
                db.execute("update accounts set role=?, units=?, orgs=?, email=?, subject=?, disabled=?, updated_at=? "
                           "where username=?", (role, None if units is None else json.dumps(list(units)),
                                                None if orgs is None else json.dumps(list(orgs)), email, subject,
                                                int(disabled), time.time(), username))
                if disabled:
                    db.execute("update sessions set ended_at=?, end_reason='disabled' where username=? and "
                               "ended_at is null", (time.time(), username))
        except database.integrity_errors():
            raise AccountError("Định danh này đã gắn với tài khoản khác.") from None
        return self.get(username)

    def set_password(self, username: str, password: str, *, must_change: bool = False) -> None:
        self._require(username)
        check_password(password)
        with self._db() as db:
            db.execute("update accounts set password_hash=?, must_change=?, updated_at=? where username=?",
                       (_hash(password), int(must_change), time.time(), username))
            db.execute("delete from failures where username=?", (username,))

    def _require(self, username: str) -> Account:
        acc = self.get(username)
        if acc is None:
            raise AccountError(f"Không có tài khoản '{username}'.")
        return acc

    # ------------------------------------------------------------ signing in

    @staticmethod
    def _wait(failures, now: float) -> int:
        """Seconds to wait after the failures row (count, last_at) of a name (0: none)."""
        if not failures or failures[0] < MAX_FAILURES:
            return 0
        wait = min(MAX_WAIT_S, BASE_WAIT_S * 2 ** (failures[0] - MAX_FAILURES))
        return max(0, int(failures[1] + wait - now + 0.999))

    def _failures(self, db, username: str):
        return db.execute("select count, last_at from failures where username=?", (username,)).fetchone()

    def wait_s(self, username: str, now: float | None = None) -> int:
        """Seconds before `username` may try again (0: now)."""
        with self._db(serialised=False) as db:
            return self._wait(self._failures(db, username), time.time() if now is None else now)

    def sign_in(self, username: str, password: str, now: float | None = None) -> SignIn:
        """Check a password. Unknown names and wrong passwords get the same answer and are throttled alike.
        One read (the account, its hash, its failures), the hash, and a write only when something changes."""
        username = (username or "").strip().lower()
        at = time.time() if now is None else now
        with self._db(serialised=False) as db:
            row = db.execute(self._SELECT + " where username = ?", (username,)).fetchone()
            failures = self._failures(db, username)
        wait = self._wait(failures, at)
        if wait:
            return SignIn(None, f"Đã nhập sai mật khẩu từ {MAX_FAILURES} lần trở lên. Vui lòng thử lại sau {wait} giây.",
                          wait)
        acc = self._account(row) if row else None
        ok = False
        if acc and acc.has_password and not acc.disabled:
            stored = row[6]
            try:
                ok = _verify(stored, password or "")
            except (VerificationError, InvalidHashError):
                ok = False
            if ok and (failures or _HASHER.check_needs_rehash(stored)):
                with self._db() as db:
                    db.execute("delete from failures where username=?", (username,))
                    if _HASHER.check_needs_rehash(stored):
                        db.execute("update accounts set password_hash=? where username=?",
                                   (_hash(password), username))
        else:
            _hash("x" * MIN_PASSWORD)                   # the same work whether or not the account exists
        if ok:
            return SignIn(acc)
        with self._db() as db:
            db.execute("insert into failures values (?, 1, ?) on conflict(username) do update set "
                       "count = failures.count + 1, last_at = excluded.last_at", (username, at))
            wait = self._wait(self._failures(db, username), at)
        if acc and acc.disabled:
            return SignIn(None, "Tài khoản đã bị khóa. Liên hệ quản trị hệ thống.")
        if wait:
            return SignIn(None, f"Sai tên đăng nhập hoặc mật khẩu. Đã sai từ {MAX_FAILURES} lần trở lên: vui lòng "
                                f"thử lại sau {wait} giây.", wait)
        return SignIn(None, "Sai tên đăng nhập hoặc mật khẩu.")

    # ------------------------------------------------------------ sessions

    def start_session(self, username: str, method: str, lifetime_s: float | None = None) -> str:
        """A session of this browser tab (kept in its state); its id."""
        sid = secrets.token_urlsafe(18)
        self._insert_session(sid, username, method, lifetime_s)
        return sid

    def open_session(self, username: str, method: str, lifetime_s: float) -> str:
        """A session carried by a browser cookie: the cookie's token, returned once. The row keeps only
        the token's hash (`token_id`), so the table read by someone else opens no session."""
        token = secrets.token_urlsafe(32)
        self._insert_session(token_id(token), username, method, lifetime_s)
        return token

    def _insert_session(self, sid: str, username: str, method: str, lifetime_s: float | None) -> None:
        now = time.time()
        with self._db() as db:
            db.execute("insert into sessions (id, username, method, started_at, last_seen, expires_at) "
                       "values (?,?,?,?,?,?)", (sid, username, method, now, now,
                                                None if lifetime_s is None else now + lifetime_s))

    def touch_session(self, sid: str, idle_s: float, now: float | None = None) -> str | None:
        """Record activity; None while the session is live, else why it ended ('idle', 'expired',
        'ended', 'disabled', 'signout', ...). Every page run asks: the check is a plain read, and the
        activity is written at most every TOUCH_EVERY_S seconds (a tenth of the idle limit when that is
        shorter), not once a click: a write is a synchronous commit, PostgreSQL's round trip on replicas."""
        now = time.time() if now is None else now
        with self._db(serialised=False) as db:
            row = db.execute("select last_seen, ended_at, end_reason, expires_at from sessions where id=?",
                             (sid,)).fetchone()
        if row is None:
            return "ended"
        if row[1] is not None:
            return row[2] or "ended"
        ended = "idle" if now - row[0] > idle_s else "expired" if row[3] is not None and now >= row[3] else None
        if ended:
            with self._db() as db:
                db.execute("update sessions set ended_at=?, end_reason=? where id=? and ended_at is null",
                           (now, ended, sid))
                row = db.execute("select end_reason from sessions where id=?", (sid,)).fetchone()
            return row[0] if row and row[0] else ended
        if now - row[0] >= min(TOUCH_EVERY_S, idle_s / 10):
            with self._db() as db:
                db.execute("update sessions set last_seen=? where id=? and ended_at is null and last_seen < ?",
                           (now, sid, now))
        return None

    def session_of(self, sid: str) -> tuple[str, str] | None:
        """(username, method) of a session that has not ended (its expiry is for `touch_session`)."""
        with self._db(serialised=False) as db:
            row = db.execute("select username, method from sessions where id=? and ended_at is null",
                             (sid,)).fetchone()
        return (row[0], row[1]) if row else None

    def end_session(self, sid: str, reason: str = "signout") -> None:
        with self._db() as db:
            db.execute("update sessions set ended_at=?, end_reason=? where id=? and ended_at is null",
                       (time.time(), reason, sid))

    def end_sessions(self, username: str, reason: str = "admin") -> int:
        """End every live session of an account (an administrator's action); how many were ended."""
        with self._db() as db:
            return db.execute("update sessions set ended_at=?, end_reason=? where username=? and ended_at is null",
                              (time.time(), reason, username)).rowcount

    def sessions(self, live_only: bool = True) -> list[dict]:
        with self._db(serialised=False) as db:
            rows = db.execute("select id, username, method, started_at, last_seen, ended_at, end_reason, expires_at "
                              "from sessions "
                              + ("where ended_at is null " if live_only else "") + "order by last_seen desc limit 500"
                              ).fetchall()
        keys = ("id", "username", "method", "started_at", "last_seen", "ended_at", "end_reason", "expires_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]


def token_id(token: str) -> str:
    """The session row's id for a cookie's token (SHA-256: the token is 256 random bits, so no salt
    or slow hash is needed to keep it from being guessed back)."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def location() -> tuple[str, str]:
    """Where this process keeps its access stores now: (the local SQLite file, the PostgreSQL URL or "").
    A store shared by the process is kept per location, so it follows $DANGBO_DATA_DIR and
    $DANGBO_DATABASE_URL instead of the first values it saw."""
    return str(default_path()), database.url() or ""


@functools.cache
def shared(path: str, url: str) -> AccountStore:
    """One store a process for a database (the sign-in endpoint and the pages use the same object)."""
    return AccountStore(url=url) if url else AccountStore(path)


def one_time_password() -> str:
    return secrets.token_urlsafe(12)
