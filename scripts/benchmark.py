"""Benchmark: what a person waits for, in Debian's Chromium against `streamlit run serve.py`.

    python scripts/benchmark.py                          # the published snapshot in data/
    python scripts/benchmark.py --data-dir /tmp/quocgia  # e.g. the national-scale snapshot
    python scripts/benchmark.py --runs 5 --markdown      # more runs; a Markdown table for docs/benchmark.md

Measured, per page of the dashboard (several runs, median and max):
- navigation: from the click on the page's link in the menu until its title shows (first content) and
  until its last chart has drawn (charts are counted until none comes for 1,5 s: the running
  indicator never shows with `client.toolbarMode = "minimal"`, so it cannot say when a page is done);
- filter change: from the moment a predecessor unit is committed in the filter (the Enter key; the
  typing before it is not counted) until the URL says the new filter (the run reached the sidebar's
  end) and every chart has drawn;
- cold start: from starting the server process until the sign-in page is drawn, and from submitting
  the sign-in form until the first page has drawn (`--cold-starts N`: N of them, each with a new
  server process and a new browser context, median and max);
- server memory: resident set size of the server after the runs.
`--navigations N`: only warm navigation, every page N times, each time from Tổng quan (every page opened
once before, so each answer is in the shared cache); the median and each time.
"Cold" is the first run (a question nobody has asked of this snapshot: the queries run); "warm" the
later runs, answered from the query cache that every session shares (one query per snapshot, query
and scope, whoever asks first).
The viewport is tall enough that every chart is in view (no scrolling). Polling every 25 ms: figures
are good to about 0,03 s. Nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from dangbo.ui.registry import CHARTED as PAGES  # noqa: E402 - after the path is set

UNITS = [("ST", "Sóc Trăng"), ("HG", "Hậu Giang"), ("CT", "Cần Thơ")]
POLL = 25  # ms
STATE = """() => {
  const h = document.querySelector('h1');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  // the page's run is over once its "Tải PDF cả trang" button is there (PageView.finish, the page's last
  // call, fills a slot near the top), not one of the page before it that is still on the screen
  const finished = [...document.querySelectorAll('[data-testid="stDownloadButton"]')].some(
      b => b.innerText.includes('Tải PDF cả trang') && !b.closest('[data-stale="true"]'));
  return {title: h ? h.innerText.trim() : '', running: !!document.querySelector('[data-testid="stStatusWidget"]'),
          charts: charts.length, drawn: charts.filter(c => c.querySelector('.main-svg')).length,
          finished, url: location.href};
}"""


HOLD = 1.5  # s without a new chart before the page counts as complete (not counted in the figure)


TYPING_S = 3.0      # seconds between the sign-in form drawn and its submission in a cold start

def _wait(pg, t0: float, title: str, url_has: str = "", timeout: float = 120.0) -> tuple[float, float]:
    """Seconds from t0 until `title` shows, and until the page is complete: its run over (its page-PDF
    button, which the page's last call places, is there) and every chart drawn. Charts arrive one after
    another with pauses between them and, with `client.toolbarMode = "minimal"`, no running indicator
    says when the run is over; so the page is watched until nothing changes for HOLD seconds (a pause
    that long is not counted), and the time is when the page last changed into a complete state. A page
    whose title is there but whose charts are still being computed (a cold first page: seconds) is not
    complete."""
    first = done_at = None
    last = None
    while time.perf_counter() - t0 < timeout:
        try:
            s = pg.evaluate(STATE)
        except Exception:             # noqa: BLE001 - the page is navigating (the sign-in form sends it on)
            pg.wait_for_timeout(POLL)
            continue
        now = time.perf_counter() - t0
        if s["title"] == title and (not url_has or url_has in s["url"]):
            first = first if first is not None else now
            state = (s["charts"], s["drawn"], s["running"], s["finished"])
            complete = not s["running"] and s["finished"] and s["drawn"] == s["charts"]
            if state != last:
                last, done_at = state, (now if complete else None)
            if complete and done_at is not None and now - done_at >= HOLD:
                return first, done_at
        pg.wait_for_timeout(POLL)
    raise TimeoutError(f"{title}: not drawn within {timeout} s")


def _rss_mb(pid: int) -> float:
    """Resident memory of the server process and its children, in MB."""
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True)
    return sum(int(x) for x in out.stdout.split()) / 1024


def run(data_dir: str | None, runs: int, user: str, password: str) -> dict:
    from browser import launch
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
    res: dict = {"nav": {}, "filter": {}}
    with sync_playwright() as p:
        b = launch(p)                                   # the person's browser is open before the server starts
        pg = b.new_page(viewport={"width": 1400, "height": 6000})
        proc, (res["cold_health"], res["cold_signin_page"], res["cold_first_page"]) = \
            _cold_start(pg, data_dir, user, password)
        try:
            for _ in range(runs):
                for spec in PAGES:
                    link = pg.locator('[data-testid="stSidebarNav"] a').filter(has_text=spec.title).first
                    other = next(s for s in PAGES if s is not spec)
                    if pg.evaluate(STATE)["title"] == spec.title:          # start elsewhere
                        pg.locator('[data-testid="stSidebarNav"] a').filter(has_text=other.title).first.click()
                        _wait(pg, time.perf_counter(), other.title)
                    t0 = time.perf_counter()
                    link.click()
                    res["nav"].setdefault(spec.title, []).append(_wait(pg, t0, spec.title))
                    for code, label in UNITS:
                        box = pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
                            has_text="Đảng bộ tiền thân")
                        clear = box.locator('[aria-label*="Clear all"], [title*="Clear all"]')
                        if clear.count():
                            try:
                                clear.first.click(timeout=5000)
                            except PlaywrightTimeout:            # the box was being drawn again: its tags instead
                                for tag in box.locator('button[aria-label^="Remove"]').all()[::-1]:
                                    tag.click(force=True)
                            _wait(pg, time.perf_counter(), spec.title)
                        inp = box.locator("input").first
                        inp.click()
                        inp.fill(label)
                        pg.wait_for_timeout(300)                         # the option list shows the match
                        t0 = time.perf_counter()
                        pg.keyboard.press("Enter")
                        res["filter"].setdefault(spec.title, []).append(_wait(pg, t0, spec.title, f"dv={code}"))
                        pg.keyboard.press("Escape")
            res["rss_mb"] = _rss_mb(proc.pid)
        finally:
            _stop(proc)
            b.close()
    return res


def cold_starts(data_dir: str | None, n: int, user: str, password: str, typing: float = TYPING_S) -> dict:
    """n cold starts, each a new server process and a new browser context (nothing cached): seconds from
    the process start until it answers its health check, until the sign-in page is drawn, and from
    submitting the sign-in form until the first page has drawn (its queries run cold: a new process
    has an empty query cache)."""
    from browser import launch
    from playwright.sync_api import sync_playwright
    out: dict = {"health": [], "signin_page": [], "first_page": []}
    with sync_playwright() as p:
        b = launch(p)
        for _ in range(n):
            ctx = b.new_context(viewport={"width": 1400, "height": 6000})
            proc, times = _cold_start(ctx.new_page(), data_dir, user, password, typing)
            _stop(proc)
            ctx.close()
            for k, t in zip(out, times, strict=True):
                out[k].append(t)
        b.close()
    return out


@contextmanager
def _signed_in(data_dir: str | None, user: str, password: str, typing: float):
    """A server started and signed into in one browser context: (context, page); both stopped after."""
    from browser import launch
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = launch(p)
        ctx = b.new_context(viewport={"width": 1400, "height": 6000})
        pg = ctx.new_page()
        proc, _ = _cold_start(pg, data_dir, user, password, typing)
        try:
            yield ctx, pg
        finally:
            _stop(proc)
            b.close()


def navigations(data_dir: str | None, n: int, user: str, password: str) -> dict[str, list[float]]:
    """Every page of the menu opened n times, each time from Tổng quan, once all of them were opened once:
    seconds from the click until every chart has drawn (a page someone has opened before)."""
    first = PAGES[0].title
    out: dict[str, list[float]] = {spec.title: [] for spec in PAGES[1:]}
    with _signed_in(data_dir, user, password, typing=0) as (_, pg):
        def go(title: str) -> float:
            t0 = time.perf_counter()
            pg.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
            return _wait(pg, t0, title)[1]
        for title in out:
            go(title)
            go(first)
        for _ in range(n):
            for title in out:
                out[title].append(go(title))
                go(first)
    return out


def returning(data_dir: str | None, n: int, user: str, password: str, typing: float = TYPING_S) -> list[float]:
    """A leader who has used the dashboard before, in the same browser: one server and one browser
    context; after a first sign-in, n times: the session ended (its cookie gone), the sign-in form opened
    and filled, seconds from submitting it until the first page has drawn (the browser keeps what it
    cached, as a phone or a laptop does between meetings)."""
    out = []
    with _signed_in(data_dir, user, password, typing) as (ctx, pg):
        url = pg.url.split("?")[0].rsplit("/", 1)[0] + "/"
        for _ in range(n):
            ctx.clear_cookies()
            pg.goto(url)
            pg.wait_for_selector("form#dang-nhap", timeout=60_000)
            out.append(_submit(pg, user, password, typing))
    return out


def _submit(pg, user: str, password: str, typing: float) -> float:
    """Fill the sign-in form shown on `pg` as a person does (typing for `typing` seconds) and submit it:
    seconds from the submission until the first page has drawn."""
    pg.get_by_label("Tên đăng nhập").fill(user)
    pg.get_by_label("Mật khẩu", exact=True).fill(password)
    pg.wait_for_timeout(typing * 1000)             # a person types a name and a password meanwhile
    t0 = time.perf_counter()
    pg.get_by_role("button", name="Đăng nhập", exact=True).click()
    return _wait(pg, t0, "Tổng quan")[1]


def _stop(proc) -> None:
    """Stop a server started by browser.start_app (its whole process group)."""
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def _cold_start(pg, data_dir: str | None, user: str, password: str, typing: float = TYPING_S):
    """Start the server and sign in on page `pg`: (process, (seconds until it answers, until the sign-in
    page is drawn, both from the process start; from submitting the form until the first page has drawn))."""
    from browser import start_app
    t_start = time.perf_counter()
    proc, url = start_app(data_dir, poll=0.02)
    health = time.perf_counter() - t_start
    try:
        pg.goto(url)
        pg.wait_for_selector("form#dang-nhap", timeout=120_000)         # the server's sign-in form
        signin_page = time.perf_counter() - t_start
        first_page = _submit(pg, user, password, typing)
    except BaseException:
        _stop(proc)
        raise
    return proc, (health, signin_page, first_page)


def _cell(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} / {max(values):.2f}".replace(".", ",")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--user", default=os.environ.get("DANGBO_BENCH_USER", "lanhdao"))
    ap.add_argument("--password", default=os.environ.get("DANGBO_BENCH_PASSWORD", ""))
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--typing", type=float, default=TYPING_S, metavar="S",
                    help="seconds between the sign-in form drawn and its submission in a cold start (default 3)")
    ap.add_argument("--cold-starts", type=int, default=0, metavar="N",
                    help="only measure N cold starts (new server, new browser context each), then stop")
    ap.add_argument("--navigations", type=int, default=0, metavar="N",
                    help="only measure warm navigation: every page N times from Tổng quan, then stop")
    ap.add_argument("--returning", type=int, default=0, metavar="N",
                    help="only measure N sign-ins of a returning browser (one server, one browser context), then stop")
    a = ap.parse_args()
    if a.data_dir:
        os.environ["DANGBO_DATA_DIR"] = a.data_dir
    from dangbo import store
    snap = store.open_snapshot()
    members = f"{snap.tables['members']['rows']:,}".replace(",", ".")
    if not a.password:
        raise SystemExit("--password (or DANGBO_BENCH_PASSWORD) of a lanh-dao account of this data folder")
    if a.returning:
        t = returning(a.data_dir, a.returning, a.user, a.password, a.typing)
        print(f"snapshot {snap.id} ({members} member records), {a.returning} sign-ins of a returning browser, "
              f"{os.cpu_count()} cores; seconds from submitting the form until the first page has drawn: "
              + ", ".join(f"{x:.2f}" for x in t).replace(".", ",") + f"; median / max {_cell(t)}")
        return
    if a.navigations:
        print(f"snapshot {snap.id} ({members} member records), warm navigation from Tổng quan, {a.navigations} "
              f"times, {os.cpu_count()} cores; seconds until every chart has drawn, median: each time")
        for title, times in navigations(a.data_dir, a.navigations, a.user, a.password).items():
            print(f"{title:32} {statistics.median(times):.2f}: ".replace(".", ",")
                  + " ".join(f"{t:.2f}".replace(".", ",") for t in times))
        return
    if a.cold_starts:
        c = cold_starts(a.data_dir, a.cold_starts, a.user, a.password, a.typing)
        print(f"snapshot {snap.id} ({members} member records), {a.cold_starts} cold starts, {a.typing:g} s of "
              f"typing, {os.cpu_count()} cores; "
              "seconds, median / max")
        print("server answering: " + _cell(c["health"]) + " · sign-in page drawn: " + _cell(c["signin_page"]) +
              " (both from the process start) · first page drawn after signing in: " + _cell(c["first_page"]))
        return
    r = run(a.data_dir, a.runs, a.user, a.password)
    head = f"snapshot {snap.id} ({members} member records), {a.runs} runs, {os.cpu_count()} cores"
    # The first run meets a cold query cache (nobody asked these questions of this snapshot yet); later
    # runs ask the same ones again, answered from the cache that every session shares.
    k = len(UNITS)
    rows = [(t, _cell([x[0] for x in r["nav"][t][:1]]), _cell([x[1] for x in r["nav"][t][:1]]),
             _cell([x[1] for x in r["nav"][t][1:]] or [float("nan")]),
             _cell([x[1] for x in r["filter"][t][:k]]), _cell([x[1] for x in r["filter"][t][k:]] or [float("nan")]))
            for t in r["nav"]]
    cols = ("page", "navigation, cold: title shows", "navigation, cold: all drawn", "navigation, warm: all drawn",
            "filter, cold: all drawn", "filter, warm: all drawn")
    if a.markdown:
        print(f"{head}; seconds, median / max\n")
        print("| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        print(head + "; seconds, median / max")
        print(f"{cols[0]:32}" + "".join(f"{c:>30}" for c in cols[1:]))
        for row in rows:
            print(f"{row[0]:32}" + "".join(f"{c:>30}" for c in row[1:]))
    print(f"\ncold start: server answering {r['cold_health']:.2f} s, sign-in page drawn {r['cold_signin_page']:.2f} s "
          "after the server process started; "
          f"first page drawn {r['cold_first_page']:.2f} s after signing in"
          .replace(".", ","))
    print(f"server memory after the runs: {r['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
