"""The audit log: one JSON line an entry (time, account, role, action, details), appended under an
exclusive lock and fsync'd before the call returns, so an entry that was written survives a kill -9
of the server. Nothing rewrites or removes lines; readers skip a torn last line."""
from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from .. import config

ACTIONS = {
    "signin": "Đăng nhập", "signin_failed": "Đăng nhập sai", "signin_refused": "Từ chối đăng nhập",
    "signin_throttled": "Tạm khóa đăng nhập", "signout": "Đăng xuất", "session_expired": "Hết phiên (không hoạt động)",
    "password_changed": "Đổi mật khẩu", "view": "Xem trang", "export": "Tải xuống", "account_added": "Thêm tài khoản",
    "account_changed": "Sửa tài khoản", "account_disabled": "Khóa tài khoản", "password_reset": "Đặt lại mật khẩu",
    "import": "Nhập dữ liệu", "publish": "Công bố dữ liệu", "rollback": "Quay lại bản dữ liệu",
}


def default_path() -> Path:
    return config.data_dir() / "access" / "audit.jsonl"


class AuditLog:
    def __init__(self, path: Path | str | None = None):
        self.path = Path(path or default_path())

    def append(self, account: str | None, role: str | None, action: str, /, **details) -> dict:
        entry = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "account": account,
                 "role": role, "action": action, "details": details}
        line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        return entry

    def entries(self) -> list[dict]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        out = []
        for line in raw.splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue            # a line torn by a crash mid-write (never one that was fsync'd)
        return out

    def tail(self, n: int = 20) -> list[dict]:
        return self.entries()[-n:]
