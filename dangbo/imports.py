"""Imports from the command line: the template, and checking a file whole before anything changes.

    python -m dangbo.imports template OUT.xlsx        # or OUT_DIR/ with --csv for one CSV a kind
    python -m dangbo.imports check FILE               # prints every problem; exit 1 when there is one

Publishing a checked import into a new snapshot is the next step (not built yet).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import store
from .ingest import template
from .ingest.reader import FileRefused
from .ingest.spec import SHEETS, catalog
from .ingest.validate import check
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
    a = ap.parse_args(argv)
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
        try:
            data = a.file.read_bytes()
        except OSError as e:
            print(f"Lỗi: không đọc được tệp {a.file} ({e.strerror}).", file=sys.stderr)
            return 2
        frames, problems = check(data, a.file.name, cat)
    except store.SnapshotError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 2
    except FileRefused as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 1
    for p in problems:
        print(p.line())
    if problems:
        print(f"{len(problems)} lỗi; chưa có gì thay đổi.", file=sys.stderr)
        return 1
    print("Tệp hợp lệ: " + ", ".join(f"{k} {len(v)} dòng" for k, v in frames.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
