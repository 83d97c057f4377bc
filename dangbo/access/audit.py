"""The audit log: one JSON line an entry (time, account, role, action, details) in an append-only
journal (dangbo.journal: fsync'd per entry, so an acknowledged entry survives a kill -9 of the
server); or, with `DANGBO_DATABASE_URL`, a PostgreSQL table that every replica appends to (committed
before the call returns). Nothing rewrites or removes entries."""
from __future__ import annotations

import functools
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from .. import config, journal
from . import database, schema

ACTIONS = {
    "signin": "Đăng nhập", "signin_failed": "Đăng nhập sai", "signin_refused": "Từ chối đăng nhập",
    "signin_throttled": "Tạm khóa đăng nhập", "signout": "Đăng xuất", "session_expired": "Hết phiên (không hoạt động)",
    "sessions_ended": "Kết thúc phiên của tài khoản",
    "password_changed": "Đổi mật khẩu", "view": "Xem trang", "export": "Tải xuống", "account_added": "Thêm tài khoản",
    "account_changed": "Sửa tài khoản", "account_disabled": "Khóa tài khoản", "password_reset": "Đặt lại mật khẩu",
    "import": "Nhập dữ liệu", "publish": "Công bố dữ liệu", "rollback": "Quay lại bản dữ liệu",
    "report": "Báo cáo tiến độ",
}


RETRIES = 3


def default_path() -> Path:
    return config.data_dir() / "access" / "audit.jsonl"


@functools.cache
def shared(path: str, url: str) -> AuditLog:
    """One log a process for a destination (the sign-in endpoint and the pages use the same object)."""
    return AuditLog(url=url) if url else AuditLog(path)


class AuditLog:
    def __init__(self, path: Path | str | None = None, url: str | None = None):
        self.url = url or (database.url() if path is None else None)
        self.path = None if self.url else Path(path or default_path())
        if self.url:
            schema.ensure(url=self.url)      # a version check once per process; the table is made by migrate()

    def append(self, account: str | None, role: str | None, action: str, /, **details) -> dict:
        entry = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "account": account,
                 "role": role, "action": action, "details": details}
        if self.url:
            self._insert(entry)
        else:
            journal.append(self.path, entry)
        return entry

    def _insert(self, entry: dict, tries: int = RETRIES) -> None:
        """Committed before it returns; a connection lost or refused is tried again (an entry written
        twice is better than one lost: the audit log is for finding out what happened)."""
        import psycopg
        for attempt in range(tries):
            try:
                with database.transaction(self.url, serialised=False) as db:
                    db.execute("insert into audit (time, account, role, action, details) values (?, ?, ?, ?, ?)",
                               (entry["time"], entry["account"], entry["role"], entry["action"],
                                json.dumps(entry["details"], ensure_ascii=False, default=str)))
                return
            except psycopg.OperationalError:
                if attempt == tries - 1:
                    raise
                time.sleep(0.1 * 3 ** attempt)

    def entries(self) -> list[dict]:
        if self.url:
            with database.transaction(self.url, serialised=False) as db:
                rows = db.execute("select time, account, role, action, details from audit order by id").fetchall()
            return [{"time": t, "account": a, "role": r, "action": act, "details": d or {}} for t, a, r, act, d in rows]
        return journal.read(self.path)

    def tail(self, n: int = 20) -> list[dict]:
        return self.entries()[-n:]
