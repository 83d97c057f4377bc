"""Sign-in in a real browser (Debian's Chromium): local accounts, the organisation's OpenID Connect
provider (oidc-provider-mock, a real provider started here on loopback), throttling, idle expiry,
a grassroots account's downloads, the audit log across kill -9, and the first administrator."""
from __future__ import annotations

import csv
import io
import os
import secrets
import shutil
import signal
import time

import pytest
from browser import app_server, free_port, settle, sign_in, start_app
from conftest import PASSWORDS

from dangbo.access.accounts import AccountStore
from dangbo.access.audit import AuditLog


@pytest.fixture(scope="module")
def server(data_root, tmp_path_factory):
    with app_server(data_root, tmp_path_factory.mktemp("signin") / "app.log") as url:
        yield url


def _h1(pg) -> str:
    pg.wait_for_selector("h1", timeout=60_000)
    return pg.locator("h1").first.inner_text().strip()


def _open(pg, url):
    pg.goto(url)
    _h1(pg)
    settle(pg)


def _audit(root, **match) -> list[dict]:
    return [e for e in AuditLog(root / "access" / "audit.jsonl").entries()
            if all(e.get(k) == v or (e.get("details") or {}).get(k) == v for k, v in match.items())]


def test_sign_in_and_out(server, chromium, data_root):
    pg = chromium.new_page()
    _open(pg, server)
    assert _h1(pg) == "Đăng nhập"
    assert pg.locator('[data-testid="stMetric"], [data-testid="stPlotlyChart"]').count() == 0
    sign_in(pg, "lanhdao", PASSWORDS["lanhdao"])
    assert _h1(pg) == "Tổng quan"
    assert "Người dùng: lanhdao" in pg.locator('[data-testid="stSidebar"]').inner_text()
    pg.get_by_role("button", name="Đăng xuất").click()
    pg.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Đăng nhập'", timeout=30_000)
    settle(pg)                                  # the run is over: stale elements of the page are gone
    assert pg.locator('[data-testid="stMetric"]').count() == 0
    pg.close()
    assert _audit(data_root, account="lanhdao", action="signout")


def _try(pg, username: str, password: str) -> str:
    """One attempt on the server's sign-in form; the message it answers with."""
    pg.wait_for_selector("form#dang-nhap", timeout=60_000)
    pg.get_by_label("Tên đăng nhập").fill(username)
    pg.get_by_label("Mật khẩu", exact=True).fill(password)
    with pg.expect_navigation(timeout=60_000):
        pg.get_by_role("button", name="Đăng nhập", exact=True).click()
    return pg.locator('[role="alert"]').first.inner_text() if pg.locator('[role="alert"]').count() else ""


def test_wrong_passwords_are_throttled(server, chromium, data_root):
    pg = chromium.new_page()
    _open(pg, server)
    for i in range(5):
        text = _try(pg, "ubkt", f"sai-{i}")
    assert "thử lại sau" in text and "giây" in text
    assert pg.get_by_label("Tên đăng nhập").input_value() == "ubkt"       # the name stays, the password does not
    assert pg.get_by_label("Mật khẩu", exact=True).input_value() == ""
    text = _try(pg, "ubkt", PASSWORDS["ubkt"])                          # right, but too soon
    assert _h1(pg) == "Đăng nhập" and "thử lại sau" in text
    assert not [c for c in pg.context.cookies() if c["name"] == "dangbo_session"]
    pg.close()
    assert len(_audit(data_root, account="ubkt", action="signin_failed")) == 4
    assert len(_audit(data_root, account="ubkt", action="signin_throttled")) >= 2


def test_idle_session_expires(data_root, tmp_path, chromium):
    with app_server(data_root, tmp_path / "app.log", env={"DANGBO_IDLE_MINUTES": "0.05"}) as url:   # 3 s
        pg = chromium.new_page()
        _open(pg, url)
        sign_in(pg, "soctrang", PASSWORDS["soctrang"])
        assert _h1(pg) == "Tổng quan"
        pg.wait_for_timeout(4_500)
        pg.locator('[data-testid="stSidebarNav"] a').filter(has_text="Đảng viên").first.click()
        pg.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Đăng nhập'", timeout=30_000)
        settle(pg)
        assert "hết hạn do không hoạt động" in pg.inner_text("body")
        assert pg.locator('[data-testid="stPlotlyChart"]').count() == 0
        pg.close()
    assert _audit(data_root, account="soctrang", action="session_expired")


def test_grassroots_account_downloads_only_its_own(server, chromium, database):
    """A co-so account (HDND) whose URL asks for other units and organisations: the notice, and its
    downloads hold only HDND's rows."""
    names = dict(database.cursor().execute("select unit_id, name from org_units where level='grassroots'").fetchall())
    ctx = chromium.new_context(accept_downloads=True)
    pg = ctx.new_page()
    _open(pg, f"{server}/dang-vien?dv=CT&tc=VPTU,HDND&ky=2020-2025")
    sign_in(pg, "hdnd", PASSWORDS["hdnd"])
    assert "ngoài phạm vi" in pg.inner_text("body") and "VPTU" in pg.inner_text("body")
    assert "tc=HDND" in pg.url and "VPTU" not in pg.url and "ky=2020-2025" in pg.url
    with pg.expect_download(timeout=60_000) as info:
        pg.locator(".st-key-dv-theo-to-chuc-csv button").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert rows[0][0] == "Tổ chức cơ sở đảng"
    assert {r[0] for r in rows[1:]} == {names["HDND"]}
    with pg.expect_download(timeout=60_000) as info:
        pg.locator(".st-key-dv-theo-thoi-gian-csv button").click()
    total = sum(int(r[2]) for r in list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig")
                                                              .read())))[1:] if r[0] == "30/06/2025")
    hdnd_members = int(database.cursor().execute(          # the URL's dv=CT is within HDND's cells; VPTU is not
        "select count(*) from members where grassroots_id='HDND' and predecessor_id='CT' and "
        "admitted_on <= date '2025-06-30' and "
        "(left_on is null or left_on > date '2025-06-30')").fetchone()[0])
    assert total == hdnd_members
    ctx.close()


def test_exporting_the_audit_log_is_audited(server, chromium, data_root):
    """The audit log's own CSV and XLSX go through the one logged download path: each download is an
    export entry naming the page and its filters."""
    ctx = chromium.new_context(accept_downloads=True)
    pg = ctx.new_page()
    _open(pg, f"{server}/nhat-ky")
    sign_in(pg, "quantri-test", PASSWORDS["quantri-test"])
    assert _h1(pg) == "Nhật ký truy cập"
    before = len(_audit(data_root, account="quantri-test", action="export", page="Nhật ký truy cập"))
    for key, name in (("audit-csv", "nhat-ky.csv"), ("audit-xlsx", "nhat-ky.xlsx")):
        with pg.expect_download(timeout=60_000) as info:
            pg.locator(f".st-key-{key} button").click()
        assert info.value.suggested_filename == name
    entries = _audit(data_root, account="quantri-test", action="export", page="Nhật ký truy cập")
    assert len(entries) == before + 2
    assert {e["details"]["file"] for e in entries[-2:]} == {"nhat-ky.csv", "nhat-ky.xlsx"}
    assert all("tài khoản: tất cả" in e["details"]["filters"] for e in entries[-2:])
    ctx.close()


def test_audit_survives_kill_9_of_the_server(data_root, tmp_path, chromium):
    proc, url = start_app(data_root, tmp_path / "app.log")
    try:
        ctx = chromium.new_context(accept_downloads=True)
        pg = ctx.new_page()
        _open(pg, f"{url}/ky-luat")
        sign_in(pg, "lanhdao", PASSWORDS["lanhdao"])
        pg.locator('[data-testid="stSidebarNav"] a').filter(has_text="Đảng viên").first.click()
        pg.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Đảng viên'", timeout=60_000)
        settle(pg)
        with pg.expect_download(timeout=60_000):
            pg.locator(".st-key-dv-theo-thoi-gian-png button").click()
        with pg.expect_download(timeout=60_000):
            pg.locator(".st-key-dv-ket-nap-co-cau-csv button").click()
        pg.wait_for_timeout(300)
        mark = time.time()
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    ctx.close()
    recent = [e for e in _audit(data_root, account="lanhdao") if e["time"] >= time.strftime(
        "%Y-%m-%dT%H:%M", time.gmtime(mark - 120))]
    actions = [(e["action"], (e["details"] or {}).get("page"), (e["details"] or {}).get("kind")) for e in recent]
    assert ("signin", None, None) in actions
    assert ("view", "Kỷ luật và đơn thư", None) in actions and ("view", "Đảng viên", None) in actions
    assert ("export", "Đảng viên", "png") in actions and ("export", "Đảng viên", "csv") in actions


def test_first_administrator_from_the_run_command(data_root, tmp_path, chromium):
    """On a fresh data folder the run script's bootstrap prints a one-time password; it signs in in
    Chromium and must be changed before anything else."""
    import subprocess
    import sys

    from dangbo import config
    root = tmp_path / "data"
    shutil.copytree(data_root, root, ignore=shutil.ignore_patterns("access"))
    out = subprocess.run([sys.executable, "-m", "dangbo.accounts", "bootstrap"], capture_output=True, text=True,
                         env=dict(os.environ, DANGBO_DATA_DIR=str(root)), cwd=config.ROOT, check=True).stdout
    password = out.split("(chỉ in lần này): ")[1].split()[0]
    with app_server(root, tmp_path / "app.log") as url:
        pg = chromium.new_page()
        _open(pg, url)
        pg.get_by_label("Tên đăng nhập").fill("quantri")
        pg.get_by_label("Mật khẩu", exact=True).fill(password)
        pg.get_by_role("button", name="Đăng nhập").first.click()
        pg.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Đổi mật khẩu'",
                             timeout=30_000)
        new = "mat-khau-quan-tri-moi"
        pg.get_by_label("Mật khẩu mới (ít nhất 10 ký tự)").fill(new)
        pg.get_by_label("Nhập lại mật khẩu mới").fill(new)
        pg.get_by_role("button", name="Lưu mật khẩu").click()
        pg.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Tổng quan'", timeout=60_000)
        assert "Tài khoản" in pg.locator('[data-testid="stSidebarNav"]').inner_text()
        pg.close()
    store = AccountStore(root / "access" / "access.db")
    assert store.sign_in("quantri", password).account is None
    assert store.sign_in("quantri", new).account is not None


# ---------------------------------------------------------------- the organisation's identity provider

@pytest.fixture(scope="module")
def oidc_app(data_root, tmp_path_factory):
    from oidc_provider_mock import run_server_in_thread
    folder = tmp_path_factory.mktemp("oidc")
    port = free_port()
    AccountStore().add("an-oidc", "ubkt", email="an@coquan.example")
    with run_server_in_thread() as provider:
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            "[auth.oidc]\n"
            'client_id = "dangbo-test"\n'
            f'client_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8")
        with app_server(data_root, folder / "app.log", port=port,
                        args=("--secrets.files", str(secrets_file))) as url:
            yield url


def _oidc_sign_in(pg, url: str, who: str) -> None:
    _open(pg, url)
    pg.get_by_role("button", name="Đăng nhập bằng tài khoản của cơ quan").click()
    pg.wait_for_selector('input[name="sub"]', timeout=30_000)
    pg.fill('input[name="sub"]', who)
    pg.locator('button[type="submit"]').filter(has_text="Authorize").click()
    pg.wait_for_url(f"{url}/**", timeout=30_000)
    _h1(pg)
    settle(pg)


def test_oidc_mapped_identity_signs_in(oidc_app, chromium, data_root):
    pg = chromium.new_context().new_page()
    _oidc_sign_in(pg, oidc_app, "an@coquan.example")
    assert _h1(pg) == "Tổng quan"
    assert "Người dùng: an-oidc" in pg.locator('[data-testid="stSidebar"]').inner_text()
    pg.close()
    assert _audit(data_root, account="an-oidc", action="signin", method="oidc")


def test_oidc_unmapped_identity_is_refused(oidc_app, chromium, data_root):
    pg = chromium.new_context().new_page()
    _oidc_sign_in(pg, oidc_app, "la@nguoi-la.example")
    assert _h1(pg) == "Không được phép truy cập"
    assert "chưa được cấp quyền" in pg.inner_text("body")
    assert pg.locator('[data-testid="stMetric"], [data-testid="stPlotlyChart"]').count() == 0
    pg.close()
    assert _audit(data_root, action="signin_refused", email="la@nguoi-la.example")
