"""Sessions in a cookie, against a real server (issue 20, part 1): the sign-in endpoint's form, its CSRF
check and cookie flags; a reload, a new tab and a link opened in a new tab stay signed in; a sign-out in
one tab ends the others on their next action; forged, replayed-after-sign-out, expired and disabled
sessions are refused. The replicas' side is in tests/test_replicas.py."""
from __future__ import annotations

import re
import secrets
import time

import httpx
import pytest
from browser import app_server, settle, sign_in
from conftest import PASSWORDS

from dangbo.access.accounts import AccountStore, token_id
from dangbo.access.audit import AuditLog
from dangbo.web.signin import CSRF_COOKIE, PATH, safe_next

COOKIE = "dangbo_session"
HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="module")
def server(data_root, tmp_path_factory):
    with app_server(data_root, tmp_path_factory.mktemp("cookie") / "app.log") as url:
        yield url


def _client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=60, follow_redirects=False)


def _csrf(c: httpx.Client) -> str:
    form = c.get(PATH, headers=HTML)
    assert form.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)


def _post(c: httpx.Client, url: str, user: str, password: str, *, csrf: str | None = None, origin: str | None = None,
          next_: str = "/", headers: dict | None = None) -> httpx.Response:
    return c.post(PATH, data={"csrf": csrf if csrf is not None else _csrf(c), "next": next_, "username": user,
                              "password": password},
                  headers={"Origin": origin or url, **(headers or {})})


def _set_cookie(r: httpx.Response, name: str) -> str:
    return next(v for v in r.headers.get_list("set-cookie") if v.startswith(f"{name}="))


def test_a_page_without_a_session_goes_to_the_form_and_comes_back(server):
    with _client(server) as c:
        r = c.get("/dang-vien?dv=ST", headers=HTML)
        assert r.status_code == 303 and r.headers["location"] == f"{PATH}?next=%2Fdang-vien%3Fdv%3DST"
        form = c.get(r.headers["location"], headers=HTML)
        assert 'name="next" value="/dang-vien?dv=ST"' in form.text and "Tên đăng nhập" in form.text
        flags = _set_cookie(form, CSRF_COOKIE)
        assert "HttpOnly" in flags and "SameSite=Strict" in flags and f"Path={PATH}" in flags
        assert form.headers["x-frame-options"] == "DENY"                # the guard's headers on its own pages
        r = _post(c, server, "lanhdao", PASSWORDS["lanhdao"], next_="/dang-vien?dv=ST")
        assert r.status_code == 303 and r.headers["location"] == "/dang-vien?dv=ST"
        flags = _set_cookie(r, COOKIE)
        assert all(f in flags for f in ("HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"))
        assert "Secure" not in flags                                       # plain HTTP on loopback
        page = c.get("/dang-vien?dv=ST", headers=HTML)
        assert page.status_code == 200 and "<noscript>" in page.text.lower()   # Streamlit's page itself
        assert c.get("/_stcore/health").status_code == 200                  # not a page: never redirected


def test_a_crowd_signing_in_at_once_gets_its_sessions_while_pages_are_answered(server):
    """Sign-ins wait for one of the process's hashing slots (HASH_SLOTS) without holding the server's
    threads: every one of a crowd larger than the slots gets its session, and a page asked meanwhile
    is answered before the crowd is through."""
    import concurrent.futures

    from dangbo.access.accounts import HASH_SLOTS
    crowd = 4 * HASH_SLOTS + 4
    done: list[tuple[str, float]] = []

    def one(i: int):
        with _client(server) as c:
            r = _post(c, server, "lanhdao", PASSWORDS["lanhdao"], next_=f"/dang-vien?n={i}")
            done.append(("signin", time.monotonic()))
            return r.status_code, r.headers.get("location"), COOKIE in r.cookies

    with _client(server) as reader:
        assert _post(reader, server, "lanhdao", PASSWORDS["lanhdao"]).status_code == 303
        with concurrent.futures.ThreadPoolExecutor(crowd) as pool:
            answers = [pool.submit(one, i) for i in range(crowd)]
            time.sleep(0.2)                                        # the crowd is at the door
            page = reader.get("/dang-vien", headers=HTML)
            done.append(("page", time.monotonic()))
            results = [a.result() for a in answers]
    assert page.status_code == 200
    assert results == [(303, f"/dang-vien?n={i}", True) for i in range(crowd)]
    assert [k for k, _ in sorted(done, key=lambda d: d[1])][-1] == "signin"     # the page did not wait for them all


def test_the_cookie_is_secure_behind_tls(server):
    with _client(server) as c:
        r = _post(c, server, "lanhdao", PASSWORDS["lanhdao"], headers={"X-Forwarded-Proto": "https"})
        assert r.status_code == 303 and "; Secure" in _set_cookie(r, COOKIE)


def test_csrf_is_required(server, data_root):
    with _client(server) as c:
        token = _csrf(c)
        for attempt in (
            dict(csrf=""),                                              # no token in the form
            dict(csrf=secrets.token_urlsafe(32)),                       # not the cookie's token
            dict(csrf=token, origin="http://example.invalid"),          # posted from another site
        ):
            r = _post(c, server, "lanhdao", PASSWORDS["lanhdao"], **attempt)
            assert r.status_code == 403 and "mã chống giả mạo" in r.text
            assert COOKIE not in r.headers.get("set-cookie", "")
            c.cookies.set(CSRF_COOKIE, token, path=PATH)                # the refused form set a new one
    with httpx.Client(base_url=server, timeout=60) as fresh:           # a token without its cookie
        r = fresh.post(PATH, data={"csrf": token, "username": "lanhdao", "password": PASSWORDS["lanhdao"]})
        assert r.status_code == 403
    refused = [e for e in AuditLog(data_root / "access" / "audit.jsonl").entries()
               if e["action"] == "signin_refused" and e["details"].get("reason") == "csrf"]
    assert len(refused) >= 4


def test_a_wrong_password_is_answered_on_the_form(server):
    with _client(server) as c:
        r = _post(c, server, "vanphong", "khong-dung-mat-khau")
        assert r.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu." in r.text
        assert 'value="vanphong"' in r.text and "khong-dung-mat-khau" not in r.text
        assert COOKIE not in r.headers.get("set-cookie", "")


@pytest.mark.parametrize("target", ["//example.invalid/x", "https://example.invalid/", "/\\example.invalid",
                                    "javascript:alert(1)", f"{PATH}?next=/", "dang-vien"])
def test_the_form_sends_nowhere_but_this_site(target):
    assert safe_next(target) == "/"


def test_forged_replayed_disabled_sessions_are_refused(server, data_root):
    store = AccountStore(data_root / "access" / "access.db")
    with _client(server) as c:
        c.cookies.set(COOKIE, secrets.token_urlsafe(32))                   # forged
        assert c.get("/", headers=HTML).status_code == 303
        c.cookies.clear()
        r = _post(c, server, "lanhdao", PASSWORDS["lanhdao"])
        token = r.cookies[COOKIE]
        assert c.get("/", headers=HTML).status_code == 200
        store.end_session(token_id(token), "signout")                      # signed out in another tab
        assert c.get("/", headers=HTML).status_code == 303                  # replayed: refused
        r = _post(c, server, "quantri-test", PASSWORDS["quantri-test"])
        assert c.get("/", headers=HTML).status_code == 200
        store.update("quantri-test", disabled=True)
        try:
            assert c.get("/", headers=HTML).status_code == 303
        finally:
            store.update("quantri-test", disabled=False)
    rows = {s["id"]: s for s in store.sessions(live_only=False)}
    assert rows[token_id(token)]["end_reason"] == "signout"
    assert token not in rows and all(len(i) in (24, 64) for i in rows)   # the token itself is never stored


def test_a_session_ends_at_its_absolute_expiry(data_root, tmp_path):
    with app_server(data_root, tmp_path / "app.log", env={"DANGBO_SESSION_HOURS": "0.001"}) as url:   # 3,6 s
        with _client(url) as c:
            r = _post(c, url, "soctrang", PASSWORDS["soctrang"])
            assert "Max-Age=3" in _set_cookie(r, COOKIE)
            token = r.cookies[COOKIE]
            assert c.get("/", headers=HTML).status_code == 200
            time.sleep(4.5)
            c.cookies.clear()                                  # the browser would drop it; a thief would not
            assert c.get("/", headers={**HTML, "Cookie": f"{COOKIE}={token}"}).status_code == 303
    ended = [s for s in AccountStore(data_root / "access" / "access.db").sessions(live_only=False)
             if s["username"] == "soctrang" and s["end_reason"] == "expired"]
    assert ended


def _h1(pg) -> str:
    pg.wait_for_selector("h1", timeout=60_000)
    return pg.locator("h1").first.inner_text().strip()


def test_reload_new_tab_and_link_stay_signed_in_and_sign_out_ends_every_tab(server, chromium):
    ctx = chromium.new_context()
    pg = ctx.new_page()
    pg.goto(f"{server}/dang-vien?dv=ST")
    sign_in(pg, "lanhdao", PASSWORDS["lanhdao"])
    assert _h1(pg) == "Đảng viên" and "dv=ST" in pg.url                   # back where the link pointed
    pg.reload()
    settle(pg)
    assert _h1(pg) == "Đảng viên" and "Người dùng: lanhdao" in pg.locator('[data-testid="stSidebar"]').inner_text()
    tab = ctx.new_page()
    tab.goto(f"{server}/ky-luat")
    settle(tab)
    assert _h1(tab) == "Kỷ luật và đơn thư"
    with ctx.expect_page() as opened:                                    # a link opened in a new tab
        pg.evaluate("u => { const a = document.createElement('a'); a.href = u; a.target = '_blank'; "
                    "document.body.appendChild(a); a.click(); }", f"{server}/chi-tieu-2025-2030?dv=HG")
    linked = opened.value
    settle(linked)
    assert _h1(linked) == "Chỉ tiêu nhiệm kỳ 2025 - 2030" and "dv=HG" in linked.url
    tab.get_by_role("button", name="Đăng xuất").click()
    tab.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Đăng nhập'", timeout=30_000)
    assert "Bạn đã đăng xuất" in tab.inner_text("body")
    for other in (pg, linked):                                           # their next action
        other.locator('[data-testid="stSidebarNav"] a').filter(has_text="Tổng quan").first.click()
        other.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Đăng nhập'",
                                timeout=30_000)
        assert "Phiên làm việc đã kết thúc" in other.inner_text("body")
        assert other.locator('[data-testid="stMetric"], [data-testid="stPlotlyChart"]').count() == 0
    pg.reload()
    pg.wait_for_selector("form#dang-nhap", timeout=30_000)               # the dead cookie opens the form
    ctx.close()


def test_a_strange_cookie_of_another_application_does_not_hide_ours():
    from dangbo.web.signin import cookies
    header = 'other={"json": "value, with spaces"}; broken; dangbo_session=abc-123_x; dangbo_session=later'
    assert cookies({"headers": [(b"cookie", header.encode())]})[COOKIE] == "abc-123_x"
    assert cookies({"headers": []}) == {}
