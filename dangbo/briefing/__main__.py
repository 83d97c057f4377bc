"""Make a briefing from the command line (for cron or a systemd timer), keep it in the outbox, and
e-mail it when an SMTP server is configured.

    python -m dangbo.briefing --as-of 2026-11-20 [--units CT,ST] [--orgs HDND] --out DIR [--mail-to a@b]

Without --units/--orgs: the whole committee. --as-of defaults to the published snapshot's date.
It prints where the files are and the alerts; it exits 2 with a Vietnamese message on bad input.
"""
from __future__ import annotations

import argparse
import smtplib
import sys
from datetime import date
from pathlib import Path

from .. import config, store
from ..access.audit import AuditLog
from ..query import filters
from ..query.filters import codes
from ..query.runner import Confined, Database
from ..query.scope import Grant, Scope
from . import mail
from .service import make


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dangbo.briefing", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--as-of", help="YYYY-MM-DD (mặc định: ngày số liệu của bản dữ liệu công bố)")
    ap.add_argument("--units", help="đảng bộ tiền thân, ví dụ CT,ST")
    ap.add_argument("--orgs", help="tổ chức cơ sở đảng, ví dụ HDND")
    ap.add_argument("--out", type=Path, help="thư mục hộp thư (mặc định data/outbox)")
    ap.add_argument("--mail-to", help="gửi tới (phân cách bởi dấu phẩy); cần DANGBO_SMTP_HOST")
    ap.add_argument("--no-charts", action="store_true", help="không kèm biểu đồ")
    a = ap.parse_args(argv)
    try:
        db = Database(store.open_snapshot())
        units, orgs = codes(a.units), codes(a.orgs)
        bad = [u for u in units or () if u not in config.PREDECESSOR_BY_ID]
        if bad:
            raise ValueError(f"Đảng bộ tiền thân không hợp lệ: {', '.join(bad)}.")
        confined = Confined(db, Grant(units, orgs))
        start = config.CURRENT_TERM.starts_on
        known = confined.run("grassroots_orgs_by_unit", Scope(units or config.PREDECESSOR_IDS, (), start, start))
        all_orgs = tuple(sorted(set(known.grassroots_id)))
        unknown = [o for o in orgs or () if o not in all_orgs]
        if unknown:
            raise ValueError(f"Tổ chức cơ sở đảng không có trong đơn vị đã chọn: {', '.join(unknown)}.")
        newest = db.snapshot.dates(orgs or all_orgs).newest        # the day the scope's records reach
        as_of = date.fromisoformat(a.as_of) if a.as_of else newest
        if not (start <= as_of <= newest):
            raise ValueError(f"Ngày --as-of phải trong khoảng {start:%d/%m/%Y} - {newest:%d/%m/%Y} (ngày số liệu "
                             "mới nhất của các tổ chức được chọn).")
        # The same selection-to-scope-and-words as the sidebar's (dangbo.query.filters).
        state = filters.FilterState(tuple(units or ()), tuple(orgs or ()), config.CURRENT_TERM.id)
        by_unit = {u: set(known[known.predecessor_id == u].grassroots_id) for u in units or config.PREDECESSOR_IDS}
        scope, _ = filters.scope_and_dates(state, by_unit, as_of, db.snapshot.dates)
        names = dict(zip(known.grassroots_id, known.name, strict=False))
        description = f"{filters.describe(state, names, as_of, ends_on=scope.date_to)} · lập theo lịch"
        entry, seconds = make(confined, scope, as_of, created_by="lich", description=description, root=a.out,
                              with_charts=not a.no_charts)
    except (store.SnapshotError, ValueError) as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    AuditLog().append("lich", None, "export", kind="briefing", file=str(entry.pdf), as_of=as_of.isoformat(),
                      units=list(scope.units), orgs=list(scope.orgs))
    print(f"Đã lập báo cáo nhanh trong {seconds:.1f} giây: {entry.path}")
    for line in entry.meta["alerts"] + entry.meta.get("programme_alerts", []) + entry.meta["changes"]:
        print(f"- {line}")
    if a.mail_to or mail.configured():
        if not mail.configured():
            print("Lỗi: chưa cấu hình DANGBO_SMTP_HOST để gửi thư.", file=sys.stderr)
            return 2
        try:
            sent = mail.send(entry, list(codes(a.mail_to) or ()))
        except (OSError, smtplib.SMTPException, ValueError) as e:
            print(f"Lỗi: chưa gửi được thư ({e}); báo cáo vẫn có trong hộp thư: {entry.path}", file=sys.stderr)
            return 2
        print(f"Đã gửi tới: {', '.join(sent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
