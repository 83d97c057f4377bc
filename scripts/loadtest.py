"""Load test: N leaders at once, each in its own browser session (Debian's Chromium, one browser, one
context a person), against an app already running on loopback (one replica, or the proxy of several).

    python scripts/loadtest.py --url http://127.0.0.1:8501 --sessions 10 50 100 --password P
    python scripts/loadtest.py --url ... --sessions 10 --server-pid PID   # sample that server's CPU, memory

Each session signs in as one of the given accounts (alternating), then moves as a person does: a
page from the menu, a predecessor unit in the filter, another page, the filter cleared; every action
is timed from the click until its run is over and every chart has drawn. Per level it prints p50/p95
of those times, errors (a traceback on a page, an action not drawn within the time limit), and
leakage: a page that names another account than the session's own ("Người xem: …") or shows data
outside its scope. Bounded: loopback only, at most --max-sessions, every action within --timeout s.
Nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from browser import ARGS, CHROMIUM  # noqa: E402

STATE = """() => {
  const h = document.querySelector('h1');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const cap = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')].map(e => e.innerText).join(' ');
  return {title: h ? h.innerText.trim() : '', running: !!document.querySelector('[data-testid="stStatusWidget"]'),
          charts: charts.length, drawn: charts.filter(c => c.querySelector('.main-svg')).length,
          error: !!document.querySelector('[data-testid="stException"]'), caption: cap, url: location.href};
}"""


async def _drawn(pg, title: str, url_has: str, timeout: float) -> dict:
    t0 = time.perf_counter()
    held = None
    while time.perf_counter() - t0 < timeout:
        s = await pg.evaluate(STATE)
        if s["error"]:
            raise RuntimeError("traceback on the page")
        now = time.perf_counter() - t0
        if s["title"] == title and url_has in s["url"] and not s["running"] and s["drawn"] == s["charts"]:
            held = held if held is not None else now
            if now - held >= 0.4:
                s["seconds"] = held
                return s
        else:
            held = None
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{title} not drawn within {timeout} s")


async def _person(browser, url: str, user: str, password: str, timeout: float, out: dict) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 3000})
    ctx.set_default_timeout(timeout * 1000)         # a slow answer is a slow answer, not an error
    pg = await ctx.new_page()
    try:
        await pg.goto(url, timeout=timeout * 1000)
        await pg.wait_for_selector('[data-testid="stForm"]', timeout=timeout * 1000)
        await pg.get_by_label("Tên đăng nhập").fill(user)
        await pg.get_by_label("Mật khẩu", exact=True).fill(password)
        await pg.get_by_role("button", name="Đăng nhập").first.click()
        steps = [("nav", "Đảng viên", ""), ("filter", "Đảng viên", "dv=ST"), ("nav", "Kỷ luật và đơn thư", "dv=ST"),
                 ("nav", "Chỉ tiêu nhiệm kỳ 2025 - 2030", "dv=ST"), ("nav", "Tổng quan", "dv=ST")]
        s = await _drawn(pg, "Tổng quan", "", timeout)
        out["times"].append(s["seconds"])
        for kind, title, url_has in steps:
            if kind == "nav":
                await pg.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
            else:
                box = pg.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
                    has_text="Đảng bộ tiền thân")
                inp = box.locator("input").first
                await inp.click()
                await inp.fill("Sóc Trăng")
                await pg.wait_for_timeout(300)
                await pg.keyboard.press("Enter")
                await pg.keyboard.press("Escape")
            s = await _drawn(pg, title, url_has, timeout)
            out["times"].append(s["seconds"])
            if f"Người xem: {user} " not in s["caption"]:
                out["leaks"].append(f"{user} saw: {s['caption'][:120]}")
    except Exception as e:                          # an error is counted, the other sessions go on
        out["errors"].append(f"{user}: {type(e).__name__}: {str(e)[:160]}")
    finally:
        await ctx.close()


def _sampler(pids: list[int], stop: threading.Event, samples: list) -> None:
    """CPU (% of one core, summed over the servers; ps's figure is the average over each process's life,
    so per-second deltas of its CPU time are used) and resident memory, once a second."""
    last = None
    while pids and not stop.is_set():
        cpu_s = rss = 0.0
        for pid in pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                cpu_s += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
                rss += int(stat[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20
            except (OSError, IndexError):
                continue
        now = time.monotonic()
        if last:
            samples.append((100 * (cpu_s - last[1]) / (now - last[0]), rss))
        last = (now, cpu_s)
        stop.wait(1.0)


async def level(url: str, n: int, accounts: list[tuple[str, str]], timeout: float, pids: list[int]) -> dict:
    from playwright.async_api import async_playwright
    out = {"times": [], "errors": [], "leaks": []}
    samples: list = []
    stop = threading.Event()
    t = threading.Thread(target=_sampler, args=(pids, stop, samples), daemon=True)
    t.start()
    t0 = time.perf_counter()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        await asyncio.gather(*[_person(browser, url, *accounts[i % len(accounts)], timeout, out) for i in range(n)])
        await browser.close()
    stop.set()
    t.join()
    out["wall"] = time.perf_counter() - t0
    out["cpu_max"] = max((c for c, _ in samples), default=float("nan"))
    out["cpu_mean"] = statistics.mean(c for c, _ in samples) if samples else float("nan")
    out["rss_max"] = max((r for _, r in samples), default=float("nan"))
    return out


def _q(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--sessions", type=int, nargs="+", default=[10, 50, 100])
    ap.add_argument("--account", action="append", default=[], help="USER:PASSWORD (repeatable; alternated)")
    ap.add_argument("--password", help="password of --account given without one")
    ap.add_argument("--server-pid", type=int, action="append", default=[])
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--max-sessions", type=int, default=100)
    a = ap.parse_args()
    if not a.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("loopback only: --url http://127.0.0.1:PORT")
    accounts = [(x.split(":", 1)[0], x.split(":", 1)[1] if ":" in x else a.password) for x in a.account]
    if not accounts:
        raise SystemExit("--account USER:PASSWORD")
    print("sessions  actions  p50 s  p95 s  max s  errors  leaks  wall s  server CPU % mean/max  server MB max")
    for n in a.sessions:
        n = min(n, a.max_sessions)
        r = asyncio.run(level(a.url, n, accounts, a.timeout, a.server_pid))
        t = r["times"]
        print(f"{n:8} {len(t):8} {_q(t, .5):6.2f} {_q(t, .95):6.2f} {max(t, default=float('nan')):6.2f} "
              f"{len(r['errors']):7} {len(r['leaks']):6} {r['wall']:7.1f} {r['cpu_mean']:10.0f}/{r['cpu_max']:<6.0f} "
              f"{r['rss_max']:13.0f}")
        for e in (r["errors"] + r["leaks"])[:5]:
            print("   ", e)


if __name__ == "__main__":
    main()
