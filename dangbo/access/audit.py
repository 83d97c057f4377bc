"""The audit log: one JSON line an entry (time, account, role, action, details) in an append-only
journal (dangbo.journal: fsync'd per entry, so an acknowledged entry survives a kill -9 of the
server). Nothing rewrites or removes lines."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .. import config, journal

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
        journal.append(self.path, entry)
        return entry

    def entries(self) -> list[dict]:
        return journal.read(self.path)

    def tail(self, n: int = 20) -> list[dict]:
        return self.entries()[-n:]
