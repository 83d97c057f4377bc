"""Snapshots from the command line: list them, publish one again (rollback), prune old ones.

    python -m dangbo.snapshots list
    python -m dangbo.snapshots publish ID --reason TEXT [--by USERNAME]
    python -m dangbo.snapshots prune [--keep N]

Retention: the published snapshot, the one published before it and the newest N (default 10) are
always kept; prune removes the others. Every publish goes to the audit log.
"""
from __future__ import annotations

import argparse
import sys

from . import fmt, store
from .access.audit import AuditLog
from .ingest import workflow


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dangbo.snapshots", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    pub = sub.add_parser("publish")
    pub.add_argument("id")
    pub.add_argument("--reason", required=True)
    pub.add_argument("--by", default="cli")
    pr = sub.add_parser("prune")
    pr.add_argument("--keep", type=int, default=10)
    a = ap.parse_args(argv)
    try:
        if a.cmd == "list":
            try:
                current = store.published_id()
            except store.SnapshotError:
                current = None
            published = {h["snapshot"]: h for h in store.history()}
            for s in store.snapshots():
                mark = "*" if s.id == current else " "
                h = published.get(s.id)
                when = f"công bố {h['time']} bởi {h['by'] or '?'}" if h else "chưa công bố"
                demo = sum(1 for t in s.tables if s.is_demo(t))
                print(f"{mark} {s.id}\tsố liệu đến {fmt.day(s.as_of)}\ttạo {s.manifest['created_at']}\t{when}\t"
                      f"{len(s.tables)} bảng ({demo} demo)")
        elif a.cmd == "publish":
            before = workflow.republish(a.id, by=a.by, role=None, reason=a.reason, audit=AuditLog())
            print(f"Đã công bố {a.id} (trước đó: {before}).")
        elif a.cmd == "prune":
            gone = store.prune(keep=a.keep)
            print(f"Đã xóa {len(gone)} bản dữ liệu cũ." + (" " + ", ".join(gone) if gone else ""))
    except (store.SnapshotError, workflow.ReasonMissing) as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
