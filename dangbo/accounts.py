"""Accounts from the command line (first set-up and scripts).

    python -m dangbo.accounts add USERNAME --role ROLE [--units CT,ST] [--orgs CODE,...]
                                  [--email E] [--subject S] [--password-stdin]
    python -m dangbo.accounts list
    python -m dangbo.accounts disable USERNAME
    python -m dangbo.accounts set-password USERNAME --password-stdin
    python -m dangbo.accounts bootstrap     # first administrator, when no account exists (run script)
    python -m dangbo.accounts migrate       # the account and audit tables, before a server starts

Roles: lanh-dao, ubkt, co-so, van-phong, quan-tri. Without --units/--orgs an account sees the whole
committee; co-so needs --orgs. Every change goes to the audit log as done by "cli".
"""
from __future__ import annotations

import argparse
import sys

from .access.accounts import AccountError, AccountStore, one_time_password
from .access.audit import AuditLog
from .query.filters import codes


def _password(args) -> str | None:
    if not args.password_stdin:
        return None
    return sys.stdin.readline().rstrip("\n")


def _migrate() -> int:
    from .access import database, schema
    from .access.accounts import migrate
    try:
        applied = migrate()
    except database.store_errors() as e:
        print(f"Lỗi: không cập nhật được cơ sở dữ liệu tài khoản: {e}", file=sys.stderr)
        return 2
    print(f"Cơ sở dữ liệu tài khoản ở phiên bản {schema.VERSION}"
          + (f" (vừa áp dụng: {', '.join(map(str, applied))})." if applied else " (không cần thay đổi)."))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dangbo.accounts", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    add = sub.add_parser("add")
    add.add_argument("username")
    add.add_argument("--role", required=True)
    add.add_argument("--units")
    add.add_argument("--orgs")
    add.add_argument("--email")
    add.add_argument("--subject")
    add.add_argument("--password-stdin", action="store_true")
    sub.add_parser("list")
    dis = sub.add_parser("disable")
    dis.add_argument("username")
    sp = sub.add_parser("set-password")
    sp.add_argument("username")
    sp.add_argument("--password-stdin", action="store_true", required=True)
    sub.add_parser("bootstrap")
    sub.add_parser("migrate")
    a = ap.parse_args(argv)
    if a.cmd == "migrate":
        return _migrate()
    store, audit = AccountStore(), AuditLog()
    try:
        if a.cmd == "add":
            acc = store.add(a.username, a.role, units=codes(a.units), orgs=codes(a.orgs), password=_password(a),
                            email=a.email, subject=a.subject)
            audit.append("cli", None, "account_added", username=acc.username, role=acc.role, units=acc.units,
                         orgs=acc.orgs, email=acc.email, subject=acc.subject)
            print(f"Đã thêm tài khoản {acc.username} ({acc.role_label}).")
        elif a.cmd == "list":
            for acc in store.list():
                print(f"{acc.username}\t{acc.role}\tdv={','.join(acc.units) if acc.units else 'tất cả'}\t"
                      f"tc={','.join(acc.orgs) if acc.orgs else 'tất cả'}\t{acc.email or ''}\t"
                      f"{'đã khóa' if acc.disabled else 'hoạt động'}")
        elif a.cmd == "disable":
            store.update(a.username, disabled=True)
            audit.append("cli", None, "account_disabled", username=a.username)
            print(f"Đã khóa tài khoản {a.username}.")
        elif a.cmd == "set-password":
            store.set_password(a.username, _password(a))
            audit.append("cli", None, "password_reset", username=a.username)
            print(f"Đã đặt mật khẩu mới cho {a.username}.")
        elif a.cmd == "bootstrap":
            if store.count():
                print("Đã có tài khoản; không tạo quản trị viên đầu tiên.")
                return 0
            password = one_time_password()
            store.add("quantri", "quan-tri", password=password, must_change=True)
            audit.append("cli", None, "account_added", username="quantri", role="quan-tri", first_admin=True)
            print("=" * 72)
            print("Tài khoản quản trị đầu tiên: quantri")
            print(f"Mật khẩu dùng một lần (chỉ in lần này): {password}")
            print("Đăng nhập và đổi mật khẩu ngay ở lần đăng nhập đầu tiên.")
            print("=" * 72, flush=True)
    except AccountError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
