"""Load test: N leaders at once against an app already running on loopback (one replica, or the proxy
of several).

    python scripts/loadtest.py --url http://127.0.0.1:8501 --sessions 10 50 100 \
        --account lanhdao:P1 --account soctrang:P2 --server-pid PID [--server-pid PID2]

Each session signs in as one of the given accounts (alternating), then moves as a person does, for
--rounds rounds: a page from the menu, a predecessor unit in the filter, three more pages, the
filter cleared, pausing --think seconds (0,5-1,5 times it, at random) between actions. Two clients:
- `--client ws` (the default): Streamlit's own protocol, one websocket a person (scripts/wsclient.py).
  An action is timed from the message that asks for the run until the run's last element has
  arrived: the server's share of what a person waits for. The load generator costs little, so the
  figures say where the *server* saturates.
- `--client browser`: one Chromium context a person, timed until every chart has drawn. On one
  2-core machine the browsers saturate it long before the server does (see docs/benchmark.md).
Per level it prints p50/p95/max of the action times, errors (a traceback, a run not over within
--timeout, a page other than the one asked for) and leaks: a page naming another account than the
session's own ("Người xem: …"), or a filter offering other predecessor units than the account's first
session was offered. Server CPU (% of one core, summed over --server-pid) and resident memory are
sampled once a second. Bounded: loopback only, at most --max-sessions, every action within
--timeout s. Nothing here asserts a time.
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
        try:
            s = await pg.evaluate(STATE)
        except Exception:             # noqa: BLE001 - the page is navigating (the sign-in form sends it on)
            await asyncio.sleep(0.05)
            continue
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
        await pg.wait_for_selector("form#dang-nhap", timeout=timeout * 1000)     # the server's sign-in form
        await pg.get_by_label("Tên đăng nhập").fill(user)
        await pg.get_by_label("Mật khẩu", exact=True).fill(password)
        await pg.get_by_role("button", name="Đăng nhập", exact=True).click()
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


STEPS = [("nav", "Đảng viên"), ("filter", None), ("nav", "Kỷ luật và đơn thư"),
         ("nav", "Chỉ tiêu nhiệm kỳ 2025 - 2030"), ("nav", "Kết quả nhiệm kỳ 2020 - 2025"), ("nav", "Tổng quan"),
         ("clear", None)]


async def _person_ws(url: str, user: str, password: str, a, out: dict, seed: int) -> None:
    import random

    from wsclient import Session
    rng = random.Random(seed)
    try:
        async with Session(url, a.timeout) as s:
            t0 = time.perf_counter()
            r = await s.sign_in(user, password)
            out["signin"].append(time.perf_counter() - t0)
            _check(r, "Tổng quan", user, out)
            units = r.widget("multiselect", "Đảng bộ tiền thân")
            offered = out["offered"].setdefault(user, tuple(units.options))
            if tuple(units.options) != offered:
                out["leaks"].append(f"{user} was offered {list(units.options)}, its first session {list(offered)}")
            out["replicas"][s.replica] = out["replicas"].get(s.replica, 0) + 1
            title = "Tổng quan"
            for _ in range(a.rounds):
                for kind, page in STEPS:
                    await asyncio.sleep(a.think * rng.uniform(0.5, 1.5))
                    if kind == "nav":
                        title = page
                        r = await s.rerun(page=page)
                    else:
                        s.set_multiselect(units, [rng.choice(list(units.options))] if kind == "filter" else [])
                        r = await s.rerun()
                    out["times"].append(r.seconds)
                    out["first"].append(r.first_seconds or r.seconds)
                    out["bytes"] += r.bytes
                    _check(r, title, user, out)
    except Exception as e:                          # an error is counted, the other sessions go on
        out["errors"].append(f"{user}: {type(e).__name__}: {str(e)[:160]}")


def _check(run, title: str, user: str, out: dict) -> None:
    if run.title != title:
        raise RuntimeError(f"asked for {title!r}, got {run.title!r}")
    viewer = next((t for t in run.texts() if "Người xem: " in t), "")
    if f"Người xem: {user} (" not in viewer:
        out["leaks"].append(f"{user} saw: {viewer[:160]}")


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


async def level(url: str, n: int, accounts: list[tuple[str, str]], a, pids: list[int]) -> dict:
    out = {"times": [], "first": [], "signin": [], "errors": [], "leaks": [], "offered": {}, "replicas": {},
           "bytes": 0}
    samples: list = []
    stop = threading.Event()
    t = threading.Thread(target=_sampler, args=(pids, stop, samples), daemon=True)
    t.start()
    t0 = time.perf_counter()
    if a.client == "ws":
        await asyncio.gather(*[_person_ws(url, *accounts[i % len(accounts)], a, out, i) for i in range(n)])
    else:
        from playwright.async_api import async_playwright
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            await asyncio.gather(*[_person(browser, url, *accounts[i % len(accounts)], a.timeout, out)
                                   for i in range(n)])
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
    ap.add_argument("--client", choices=("ws", "browser"), default="ws")
    ap.add_argument("--rounds", type=int, default=2, help="ws client: rounds of the route a session walks")
    ap.add_argument("--think", type=float, default=1.0, help="ws client: seconds between a person's actions")
    a = ap.parse_args()
    if not a.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("loopback only: --url http://127.0.0.1:PORT")
    accounts = [(x.split(":", 1)[0], x.split(":", 1)[1] if ":" in x else a.password) for x in a.account]
    if not accounts:
        raise SystemExit("--account USER:PASSWORD")
    print(f"client {a.client}; seconds; server CPU in % of one core (summed over the servers)")
    print("sessions  actions  p50 s  p95 s  max s  first p50  sign-in p50  errors  leaks  wall s  "
          "CPU mean/max  server MB max  MB sent  replicas")
    for n in a.sessions:
        n = min(n, a.max_sessions)
        r = asyncio.run(level(a.url, n, accounts, a, a.server_pid))
        t = r["times"]
        spread = " ".join(f"{k or '-'}:{v}" for k, v in sorted(r["replicas"].items()))
        print(f"{n:8} {len(t):8} {_q(t, .5):6.2f} {_q(t, .95):6.2f} {max(t, default=float('nan')):6.2f} "
              f"{_q(r['first'], .5):10.2f} {_q(r['signin'], .5):12.2f} {len(r['errors']):7} {len(r['leaks']):6} "
              f"{r['wall']:7.1f} {r['cpu_mean']:7.0f}/{r['cpu_max']:<5.0f} {r['rss_max']:13.0f} "
              f"{r['bytes'] / 2**20:8.1f}  {spread}")
        for e in (r["errors"] + r["leaks"])[:5]:
            print("   ", e)

if __name__ == "__main__":
    main()
