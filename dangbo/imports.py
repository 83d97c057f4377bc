"""Imports from the command line: the template, and checking a file whole before anything changes.

    python -m dangbo.imports template OUT.xlsx        # or OUT_DIR/ with --csv for one CSV a kind
    python -m dangbo.imports check FILE [--as-of DD/MM/YYYY]     # every problem; exit 1 when there is one
    python -m dangbo.imports publish FILE --by USERNAME [--as-of DD/MM/YYYY]
                                                      # check, then replace the organisations it covers

--as-of: the day the file's records are true to (số liệu đến ngày), by default today. A record dated
after it is refused; the organisations the file covers then stand at that day.

A national-size list (CSV over 50 MB, or any Parquet file; one kind of record a file) is checked in
chunks with the same rules and merged in bounded memory.

A file with any problem changes nothing. See docs/import.md.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from . import store
from .ingest import stream, template, workflow
from .ingest.reader import MAX_BYTES, MAX_ROWS, FileRefused
from .ingest.spec import SHEETS, catalog
from .ingest.validate import AsOfRefused, check, import_as_of
from .query.runner import Database


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dangbo.imports", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("template")
    t.add_argument("out", type=Path)
    t.add_argument("--csv", action="store_true")
    c = sub.add_parser("check")
    c.add_argument("file", type=Path)
    pb = sub.add_parser("publish")
    pb.add_argument("file", type=Path)
    pb.add_argument("--by", required=True, help="tên đăng nhập của người nhập")
    for p in (c, pb):
        p.add_argument("--as-of", help="ngày số liệu (dd/mm/yyyy), mặc định hôm nay")
    a = ap.parse_args(argv)
    try:
        if a.cmd != "template":
            a.as_of = import_as_of(a.as_of)
    except AsOfRefused as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    try:
        cat = catalog(Database(store.open_snapshot()))
        if a.cmd == "template":
            if a.csv:
                a.out.mkdir(parents=True, exist_ok=True)
                for s in SHEETS:
                    (a.out / f"{s.kind}.csv").write_bytes(template.csv_headers(s.kind))
            else:
                a.out.write_bytes(template.xlsx(cat))
            print(f"Đã ghi mẫu: {a.out}")
            return 0
        with store.scratch() as work:        # a large file's parsed rows live here until it is published
            return _check_and_publish(a, cat, work)
    except store.SnapshotError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    except FileRefused as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 1


def _check_and_publish(a, cat, work: Path) -> int:
    """Check the file whole (a large or Parquet file in chunks), print every problem; publish if asked."""
    try:
        with open(a.file, "rb") as f:
            head = f.read(4)
            large = head == b"PAR1" or a.file.stat().st_size > MAX_BYTES
            if not large and not head.startswith(b"PK"):     # a CSV of many short rows goes in chunks too
                f.seek(0)
                large = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b"")) > MAX_ROWS + 1
    except OSError as e:
        print(f"Lỗi: không đọc được tệp {a.file} ({e.strerror}).", file=sys.stderr)
        return 2
    more = 0
    if large:
        checked = stream.check_file(a.file, cat, work, a.as_of)
        frames, problems, sha256, more = checked.frames, checked.problems, checked.sha256, checked.more
        counts = {checked.sheet.kind: checked.rows}
    else:
        data = a.file.read_bytes()
        frames, problems = check(data, a.file.name, cat, a.as_of)
        sha256, counts = hashlib.sha256(data).hexdigest(), {k: len(v) for k, v in frames.items()}
    for p in problems:
        print(p.line())
    if problems:
        extra = f" (in {len(problems)} lỗi đầu, còn {more} lỗi nữa)" if more else ""
        print(f"{len(problems) + more} lỗi{extra}; chưa có gì thay đổi.", file=sys.stderr)
        return 1
    print("Tệp hợp lệ: " + ", ".join(f"{k} {n} dòng" for k, n in counts.items())
          + f"; số liệu đến ngày {a.as_of:%d/%m/%Y}")
    if a.cmd == "publish":
        from .access.audit import AuditLog
        from .ingest.publish import ImportBusy, publish
        try:
            result = publish(frames, file_name=a.file.name, sha256=sha256, by=a.by, as_of=a.as_of)
        except (ImportBusy, store.SnapshotError) as e:
            print(f"Lỗi: {e}", file=sys.stderr)
            return 2
        workflow.record_import(AuditLog(), a.by, None, result, a.file.name, a.as_of)
        if result.unchanged:
            print(f"Không có gì thay đổi: bản dữ liệu {result.snapshot_id} đã có đúng nội dung này.")
        else:
            print(f"Đã công bố {result.snapshot_id} (trước đó: {result.base_id}).")
        for line in result.lines():
            print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
