"""Benchmark: for each page, the server time of a rerun after a predecessor-filter change (AppTest,
in process) and the time until its charts are drawn in Chromium after the same change.

    python scripts/benchmark.py                         # the published snapshot in data/
    python scripts/benchmark.py --data-dir /tmp/quocgia # e.g. the 5,6-million-member snapshot
It prints figures; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from dangbo.ui.registry import CHARTED as PAGES  # noqa: E402 - after the path is set
from dangbo.ui.registry import HOME  # noqa: E402

UNITS = [("ST", "Sóc Trăng"), ("HG", "Hậu Giang"), ("CT", "Cần Thơ")]


def server_times(page_file: str) -> list[float]:
    """Seconds of each rerun after switching the unit filter to a value not seen before."""
    from apptest import signed_app
    at = signed_app(timeout=600)
    at.run()
    if page_file != HOME.file:
        at.switch_page(page_file)
        at.run()
    out = []
    for unit, _ in UNITS:
        at.multiselect(key="f_units").set_value([unit])
        t0 = time.perf_counter()
        at.run()
        out.append(time.perf_counter() - t0)
        if at.exception:
            raise SystemExit(f"exception on {page_file}: {at.exception}")
    return out


def browser_times(data_dir: str | None) -> dict[str, list[float]]:
    from browser import app_server, goto_page, launch, pick_unit, settle
    from playwright.sync_api import sync_playwright
    res = {}
    with app_server(data_dir) as url, sync_playwright() as p:
        b = launch(p)
        pg = b.new_page(viewport={"width": 1366, "height": 900})
        pg.goto(url)
        settle(pg)
        for spec in PAGES:
            goto_page(pg, spec.title)
            times = []
            for _, label in UNITS:
                t0 = time.perf_counter()
                pick_unit(pg, label)
                times.append(time.perf_counter() - t0)
            res[spec.title] = times
        b.close()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--no-browser", action="store_true")
    a = ap.parse_args()
    if a.data_dir:
        os.environ["DANGBO_DATA_DIR"] = a.data_dir
    from dangbo import store
    snap = store.open_snapshot()
    print(f"snapshot {snap.id}: {snap.tables['members']['rows']:,} member records".replace(",", "."))
    browser = {} if a.no_browser else browser_times(a.data_dir)
    print(f"{'page':32} {'server rerun s (median, max)':>30} {'browser until drawn s (median, max)':>38}")
    for spec in PAGES:
        s = server_times(spec.file)
        line = f"{spec.title:32} {statistics.median(s):>18.3f} {max(s):>10.3f}"
        if browser:
            bt = browser[spec.title]
            line += f" {statistics.median(bt):>26.3f} {max(bt):>10.3f}"
        print(line)
    print("server: AppTest rerun after choosing a predecessor unit not chosen before (cold query cache for it);")
    print("browser: from typing the unit into the filter until every chart on the page has drawn (includes")
    print("about 0,3 s of fixed waiting in the driver).")


if __name__ == "__main__":
    main()
