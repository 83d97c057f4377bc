"""Drive the dashboard in Debian's headless Chromium (Playwright), for the browser tests and the
benchmark: start `streamlit run app.py` on a free loopback port, wait for pages to settle, pick a
predecessor unit in the sidebar filter."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_app(data_dir: Path | str | None = None, log: Path | None = None, *, port: int | None = None,
              env: dict | None = None, args: tuple = (), poll: float = 0.25) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run serve.py` on loopback and wait for its health check; return (process, URL)."""
    port = port or free_port()
    full_env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    if data_dir:
        full_env["DANGBO_DATA_DIR"] = str(data_dir)
    out = open(log, "w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false", *args],
        cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).status == 200:
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(poll)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError("the app did not answer /_stcore/health within 60 s")


@contextmanager
def app_server(data_dir: Path | str | None = None, log: Path | None = None, **kw):
    """Yield the base URL of a running app; stop it afterwards."""
    proc, url = start_app(data_dir, log, **kw)
    try:
        yield url
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except ProcessLookupError:
            pass


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def _quiet(page, deadline: float) -> None:
    """Until no script run is under way and the number of charts stayed the same for 0,75 s."""
    seen, stable = -1, 0
    while time.monotonic() < deadline and stable < 3:
        page.wait_for_timeout(250)
        if page.locator('[data-testid="stStatusWidget"]').count():
            seen, stable = -1, 0
            continue
        n = page.locator('[data-testid="stPlotlyChart"]').count()
        stable = stable + 1 if n == seen else 0
        seen = n


def settle(page, timeout: float = 120_000) -> None:
    """Wait until the script run is over and every chart on the page has drawn (charts are scrolled
    into view, as a reader would, since a chart below the fold may wait to draw)."""
    page.wait_for_selector('[data-testid="stApp"], form#dang-nhap', timeout=timeout)
    if page.locator("form#dang-nhap").count():       # the server's sign-in form: a plain page, nothing to wait for
        return
    deadline = time.monotonic() + timeout / 1000
    while True:
        _quiet(page, deadline)
        try:
            charts = page.locator('[data-testid="stPlotlyChart"]')
            for i in range(charts.count()):
                charts.nth(i).scroll_into_view_if_needed(timeout=5_000)
                charts.nth(i).locator(".main-svg").first.wait_for(timeout=30_000)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise   # a rerun replaced the charts while we looked; look again until the deadline


def pick_unit(page, unit_label: str) -> None:
    """Choose one predecessor unit in the sidebar multiselect (replacing any choice)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Đảng bộ tiền thân")
    clear = box.locator('[aria-label*="Clear all"], [title*="Clear all"]')
    if clear.count():
        clear.first.click()
        settle(page)
    inp = box.locator("input").first
    inp.click()
    inp.fill(unit_label)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)


def sign_in(page, username: str, password: str) -> None:
    """Fill the server's sign-in form (a page asked for without a session is sent to it) and wait until
    the page it comes back to has drawn."""
    page.wait_for_selector("form#dang-nhap", timeout=60_000)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_function("() => { const h = document.querySelector('h1'); return h && h.innerText.trim() !== "
                           "'Đăng nhập' && !document.querySelector('form#dang-nhap'); }", timeout=60_000)
    settle(page)


def goto_page(page, title: str) -> None:
    """Click the page's link in the sidebar (unless it is the page shown) and wait until it has drawn."""
    if page.locator("h1").first.count() and page.locator("h1").first.inner_text().strip() == title:
        return settle(page)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.wait_for_function("t => { const h = document.querySelector('h1'); return h && h.innerText.trim() === t; }",
                           arg=title, timeout=60_000)
    settle(page)
