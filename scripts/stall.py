"""What other sessions wait for while one person's long export is made: a server process runs every
session's script on one interpreter lock, so work done in it for one person slows everyone else's runs.

    python scripts/stall.py --rows 100000

Measures, in this process as in a server's, a unit of another session's page work (formatting a
1.000-row table as a page shows it, dangbo.ui.page.shown_table) every 0,05 s: alone, then while a
thread makes a list's XLSX of --rows rows as a download does (dangbo.ui.page.xlsx: in a worker process
past WORKER_ROWS rows), then while the same file is written in this process (export.xlsx, as before).
Prints the median and max of the unit's time in each case and how long the file took. Nothing asserted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import pandas as pd  # noqa: E402

from dangbo.outputs import export  # noqa: E402
from dangbo.ui import page  # noqa: E402

PAUSE = 0.05


def members(n: int) -> pd.DataFrame:
    return pd.DataFrame({"Mã": [f"DV-{i:07d}" for i in range(n)], "Chi bộ": ["Chi bộ 1 - Ban Tổ chức"] * n,
                         "Tổ chức cơ sở đảng": ["Đảng bộ Hội đồng nhân dân thành phố"] * n, "Đơn vị": ["Cần Thơ"] * n,
                         "Giới tính": ["Nữ", "Nam"] * (n // 2) + ["Nữ"] * (n % 2),
                         "Năm sinh": [1960 + i % 40 for i in range(n)], "Ngày kết nạp": ["01/02/2003"] * n,
                         "Tình trạng": ["Chính thức"] * n})


def units_while(work, table: pd.DataFrame) -> tuple[list[float], float]:
    """The unit's times while `work` runs in a thread (alone: for 3 s), and the work's own time."""
    done = threading.Event()
    took = [0.0]

    def job():
        t0 = time.perf_counter()
        if work:
            work()
        else:
            time.sleep(3)
        took[0] = time.perf_counter() - t0
        done.set()
    threading.Thread(target=job, daemon=True).start()
    times = []
    while not done.is_set():
        t0 = time.perf_counter()
        page.shown_table(table)
        times.append(time.perf_counter() - t0)
        done.wait(PAUSE)                 # a person's clicks are apart; the unit itself is what is timed
    return times, took[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    a = ap.parse_args()
    frame, table = members(a.rows), members(1000).assign(**{"Số": range(1000)})
    stamp = export.Stamp("Danh sách đảng viên", "Toàn Đảng bộ", "2026-11-20", demo=True)
    cases = [("nothing else", None),
             (f"XLSX of {a.rows:,} rows, the download's way (a worker past {page.WORKER_ROWS:,})",
              lambda: page.xlsx("Danh sách", frame, stamp)),
             (f"XLSX of {a.rows:,} rows in this process", lambda: export.xlsx({"Danh sách": frame}, stamp))]
    print("another session's unit of work (a 1.000-row table formatted), seconds: median / max; the file's time")
    for label, work in cases:
        times, took = units_while(work, table)
        print(f"{label:60} {statistics.median(times):.3f} / {max(times):.3f}   ({len(times)} units; "
              f"file {took:.1f} s)".replace(".", ","))


if __name__ == "__main__":
    main()
