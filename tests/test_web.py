"""The web surface, as a browser and as a hostile client see it: pages opened by their URL in the
first session after a start (downloads work), URL parameters said back as plain text, only our
host names, security headers, no metrics from outside."""
from __future__ import annotations

import base64
import http.client
import os
import socket
import time
from urllib.parse import parse_qs, urlparse

import pytest
from browser import app_server, settle, sign_in
from conftest import PASSWORDS

from dangbo.ui.registry import CHARTED as PAGES


def _open(pg, url: str, user: str = "lanhdao") -> None:
    """Open `url` as a person would: the sign-in form first, then the page it was asked for."""
    pg.goto(url)
    pg.wait_for_selector("h1", timeout=90_000)
    settle(pg)
    if pg.locator("form#dang-nhap").count():
        sign_in(pg, user, PASSWORDS[user])


def _download_all(pg, limit: int | None = None) -> tuple[int, list[str]]:
    buttons = pg.locator('[data-testid="stDownloadButton"] button')
    buttons.first.wait_for(timeout=60_000)       # the page's run may still be drawing after the sign-in
    settle(pg)
    n = buttons.count() if limit is None else min(limit, buttons.count())
    failed = []
    for i in range(n):
        try:
            with pg.expect_download(timeout=60_000) as info:
                buttons.nth(i).click()
            assert os.path.getsize(info.value.path()) > 0
        except Exception as e:         # noqa: BLE001 - counted and reported below
            failed.append(f"{i}: {type(e).__name__}")
    return n, failed


@pytest.mark.parametrize("spec", PAGES, ids=[p.url for p in PAGES])
def test_first_session_by_url_downloads(data_root, tmp_path, chromium, spec):
    """A fresh server, and the first session arrives by a link to the page (as from a message)."""
    with app_server(data_root, tmp_path / "app.log") as url:
        ctx = chromium.new_context(accept_downloads=True)
        pg = ctx.new_page()
        _open(pg, f"{url}/{spec.url}")
        assert pg.locator("h1").first.inner_text().strip() == spec.title
        assert "Page not found" not in pg.inner_text("body")
        n, failed = _download_all(pg, limit=3)
        ctx.close()
    assert n == 3 and failed == []


def test_every_download_of_a_page_in_a_row(data_root, tmp_path, chromium):
    with app_server(data_root, tmp_path / "app.log") as url:
        ctx = chromium.new_context(accept_downloads=True)
        pg = ctx.new_page()
        _open(pg, f"{url}/dang-vien")
        n, failed = _download_all(pg)
        ctx.close()
    print(f"downloads clicked: {n}, failed: {len(failed)}")
    assert n >= 30 and failed == []          # 7 charts (the structure's chosen tab) × 4, tables, the page PDF


@pytest.fixture(scope="module")
def server(data_root, tmp_path_factory):
    with app_server(data_root, tmp_path_factory.mktemp("web") / "app.log") as url:
        yield url


def _params(pg) -> dict:
    return parse_qs(urlparse(pg.url).query)


def test_overview_url_opens_the_overview(server, chromium):
    pg = chromium.new_page()
    _open(pg, f"{server}/tong-quan?dv=ST")
    assert pg.locator("h1").first.inner_text().strip() == "Tổng quan"
    assert "Page not found" not in pg.inner_text("body")
    assert _params(pg) == {"dv": ["ST"]}
    assert "Sóc Trăng" in pg.locator('[data-testid="stSidebar"]').inner_text()
    pg.close()


@pytest.mark.parametrize("query, shown, params, notice", [
    ("dv=ST&dv=HG", ["Hậu Giang", "Sóc Trăng"], {"dv": ["ST,HG"]}, None),
    ("ky=2024&ky=2025", ["Năm 2024"], {"ky": ["2024"]}, "chỉ nhận một giá trị nhưng có 2: 2024, 2025; dùng Năm 2024"),
    ("ky=2024,2025", ["Năm 2024"], {"ky": ["2024"]}, "chỉ nhận một giá trị nhưng có 2: 2024, 2025; dùng Năm 2024"),
    ("tc=HDND&tc=VPTU&dv=CT&dv=XX", ["Cần Thơ"], {"dv": ["CT"], "tc": ["HDND,VPTU"]}, "XX"),
])
def test_url_parameters_said_back(server, chromium, query, shown, params, notice):
    pg = chromium.new_page()
    _open(pg, f"{server}/?{query}")
    viewing = pg.locator('[data-testid="stCaptionContainer"]').filter(has_text="Đang xem:").first.inner_text()
    assert all(s in viewing for s in shown), viewing
    assert _params(pg) == params
    warnings = " ".join(pg.locator('[data-testid="stAlertContentWarning"]').all_inner_texts())
    if notice:
        assert notice in warnings
    else:
        assert warnings == ""
    pg.close()


@pytest.mark.parametrize("value", ["[Đăng nhập lại](http://example.invalid/login)", "![x](http://example.invalid/px.png)",
                                   "<img src=http://example.invalid/a.png>", "www.example.invalid", "x" * 10_000])
def test_values_from_the_url_are_plain_text(server, chromium, value):
    pg = chromium.new_page()
    outside = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host not in ("127.0.0.1", "localhost"):
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    pg.route("**/*", guard)
    _open(pg, f"{server}/?dv={value}")
    warning = pg.locator('[data-testid="stAlertContentWarning"]').first
    text = warning.inner_text()
    assert "đảng bộ tiền thân" in text
    if len(value) < 100:
        assert value in text
    else:
        assert "…" in text and len(text) < 400
    assert warning.locator("a, img").count() == 0
    assert pg.locator('a[href*="example.invalid"], img[src*="example.invalid"]').count() == 0
    assert outside == []
    pg.close()


# ---------------------------------------------------------------- HTTP


def _get(url: str, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    r = conn.getresponse()
    r.body = r.read()
    conn.close()
    return r


def _upgrade(url: str, host: str, origin: str) -> bytes:
    u = urlparse(url)
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Protocol: streamlit\r\n\r\n").encode())
        time.sleep(0.5)
        return s.recv(4096)


def test_foreign_host_refused(server):
    port = urlparse(server).port
    assert _get(server, "/").status == 200
    r = _get(server, "/", {"Host": "evil.example"})
    assert r.status == 400 and b"Evil" not in r.body
    assert _get(server, "/_stcore/health", {"Host": f"evil.example:{port}"}).status == 400
    assert _upgrade(server, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}").startswith(b"HTTP/1.1 101")
    refused = _upgrade(server, "evil.example", "http://evil.example")
    assert not refused.startswith(b"HTTP/1.1 101"), refused[:80]


def test_security_headers(server):
    for path in ["/", "/_stcore/health", "/dang-vien"]:
        r = _get(server, path)
        assert r.getheader("X-Frame-Options") == "DENY", path
        assert "frame-ancestors 'none'" in r.getheader("Content-Security-Policy"), path
        assert r.getheader("X-Content-Type-Options") == "nosniff", path
        assert r.getheader("Referrer-Policy") == "same-origin", path


def test_download_has_nosniff(server, chromium):
    ctx = chromium.new_context(accept_downloads=True)
    pg = ctx.new_page()
    seen = {}
    pg.on("response", lambda r: seen.setdefault(r.url, r.headers) if "/media/" in r.url else None)
    _open(pg, server)
    with pg.expect_download(timeout=60_000):
        pg.locator('[data-testid="stDownloadButton"] button').filter(has_text="CSV").first.click()
    pg.wait_for_timeout(500)
    ctx.close()
    assert seen, "no media response seen"
    for headers in seen.values():
        assert headers.get("x-content-type-options") == "nosniff"
        assert headers.get("x-frame-options") == "DENY"


def test_metrics_not_public(server):
    assert _get(server, "/_stcore/metrics", {"X-Forwarded-For": "203.0.113.9"}).status == 404
    assert _get(server, "/_stcore/metrics").status == 200          # from this machine, not proxied
