"""The server's part of a page, one person at a time: seconds from asking for a run until its last element
arrived (Streamlit's own protocol, scripts/wsclient.py), the first time a page is asked in this session
and again (the median of the later runs), with the bytes sent and the charts a run carries.

    python scripts/serverruns.py --url http://127.0.0.1:8611 --account lanhdao:MAT-KHAU --runs 6
    python scripts/serverruns.py --url http://127.0.0.1:8611 --account lanhdao:MAT-KHAU --query dv=HG --runs 2

`--query`: the session opens a shared link's filters (URL parameters such as `dv=HG`). The sign-in's own
run (Tổng quan, the first page) is printed first. The first run of each page follows it; "again" is what
a person waits for (less the browser's drawing, scripts/benchmark.py) when someone has asked the same
view before. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics

from wsclient import Session

PAGES = ("Tổng quan", "Đảng viên", "Kỷ luật và đơn thư", "Chỉ tiêu nhiệm kỳ 2025 - 2030", "Kết quả nhiệm kỳ 2020 - 2025",
         "Nhiệm vụ nghị quyết")


async def measure(url: str, user: str, password: str, runs: int, query: str = "") -> list[tuple]:
    out = []
    async with Session(url) as s:
        s.query = query
        first = await s.sign_in(user, password)
        out.append(("(sign-in) Tổng quan", first.seconds, float("nan"), first.bytes, len(first.kinds("plotly_chart"))))
        for page in PAGES:
            if page not in s.pages:
                continue
            times, run = [], None
            for _ in range(runs):
                run = await s.rerun(page=page)
                times.append(run.seconds)
            out.append((page, times[0], statistics.median(times[1:]), run.bytes, len(run.kinds("plotly_chart"))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--account", required=True, help="USER:PASSWORD")
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--query", default="", help="a shared link's URL parameters, such as dv=HG")
    a = ap.parse_args()
    user, password = a.account.split(":", 1)
    print("| page | first run (s) | again, median (s) | bytes a run | charts |")
    print("|---|---|---|---|---|")
    for page, first, again, size, charts in asyncio.run(measure(a.url, user, password, max(a.runs, 2), a.query)):
        again_s = "—" if again != again else f"{again:.3f}"                                      # NaN: asked once
        print(f"| {page} | {first:.2f} | {again_s} | {size} | {charts} |".replace(".", ","))       # 0,123


if __name__ == "__main__":
    main()
