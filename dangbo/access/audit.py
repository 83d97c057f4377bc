"""The audit log: one JSON line an entry (time, account, role, action, details) in an append-only
journal (dangbo.journal: fsync'd per entry, so an acknowledged entry survives a kill -9 of the
server); or, with `DANGBO_DATABASE_URL`, a PostgreSQL table that every replica appends to (committed
before the call returns). Nothing rewrites or removes entries."""
from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from .. import config, journal
from . import database

ACTIONS = {
    "signin": "Đăng nhập", "signin_failed": "Đăng nhập sai", "signin_refused": "Từ chối đăng nhập",
    "signin_throttled": "Tạm khóa đăng nhập", "signout": "Đăng xuất", "session_expired": "Hết phiên (không hoạt động)",
    "password_changed": "Đổi mật khẩu", "view": "Xem trang", "export": "Tải xuống", "account_added": "Thêm tài khoản",
    "account_changed": "Sửa tài khoản", "account_disabled": "Khóa tài khoản", "password_reset": "Đặt lại mật khẩu",
    "import": "Nhập dữ liệu", "publish": "Công bố dữ liệu", "rollback": "Quay lại bản dữ liệu",
}


def default_path() -> Path:
    return config.data_dir() / "access" / "audit.jsonl"


SCHEMA = """create table if not exists audit (
    id bigserial primary key, time text not null, account text, role text, action text not null, details jsonb)"""


class AuditLog:
    def __init__(self, path: Path | str | None = None, url: str | None = None):
        self.url = url or (database.url() if path is None else None)
        self.path = None if self.url else Path(path or default_path())
        if self.url:
            with database.transaction(self.url, serialised=False) as db:
                db.execute(SCHEMA)

    def append(self, account: str | None, role: str | None, action: str, /, **details) -> dict:
        entry = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "account": account,
                 "role": role, "action": action, "details": details}
        if self.url:
            with database.transaction(self.url, serialised=False) as db:
                db.execute("insert into audit (time, account, role, action, details) values (?, ?, ?, ?, ?)",
                           (entry["time"], account, role, action, json.dumps(details, ensure_ascii=False, default=str)))
        else:
            journal.append(self.path, entry)
        return entry

    def entries(self) -> list[dict]:
        if self.url:
            with database.transaction(self.url, serialised=False) as db:
                rows = db.execute("select time, account, role, action, details from audit order by id").fetchall()
            return [{"time": t, "account": a, "role": r, "action": act, "details": d or {}} for t, a, r, act, d in rows]
        return journal.read(self.path)

    def tail(self, n: int = 20) -> list[dict]:
        return self.entries()[-n:]
