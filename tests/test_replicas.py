"""Several replicas: accounts, sessions and the audit log in PostgreSQL (Debian's package, a real
cluster started here on loopback), two Streamlit replicas behind nginx with sticky sessions, both
reading the same snapshots and pointer; a new snapshot is served by both; one replica killed, the
other goes on serving."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from browser import free_port, settle, sign_in, start_app
from conftest import PASSWORDS
from services import nginx, postgres

from dangbo import config, store
from dangbo.access.accounts import MAX_FAILURES, AccountStore
from dangbo.access.audit import AuditLog
from dangbo.deploy.nginx import COOKIE


@pytest.fixture(scope="module")
def pg():
    with postgres(free_port()) as url:
        yield url


def test_accounts_and_audit_in_postgres(pg):
    s = AccountStore(url=pg)
    s.add("pg-lanhdao", "lanh-dao", password="mat-khau-dai-pg-1")
    assert s.get("pg-lanhdao").role == "lanh-dao" and s.path is None
    # Wrong passwords from many threads at once are all counted (transactions serialised by the lock).
    with ThreadPoolExecutor(8) as ex:
        list(ex.map(lambda _: AccountStore(url=pg).sign_in("pg-lanhdao", "sai-mat-khau-x"), range(MAX_FAILURES)))
    assert s.wait_s("pg-lanhdao") > 0
    assert s.sign_in("pg-lanhdao", "mat-khau-dai-pg-1").account is None           # throttled even when right
    s.set_password("pg-lanhdao", "mat-khau-dai-pg-2")                              # a reset clears the failures
    assert s.sign_in("pg-lanhdao", "mat-khau-dai-pg-2").account.username == "pg-lanhdao"
    sid = s.start_session("pg-lanhdao", "password")
    assert s.touch_session(sid, 600) is None and s.touch_session(sid, -1) == "idle"
    log = AuditLog(url=pg)
    log.append("pg-lanhdao", "lanh-dao", "signin", method="password")
    assert log.entries()[-1]["details"] == {"method": "password"} and log.path is None


def _upstream(url: str, cookie: str | None = None) -> str:
    req = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers["X-Dangbo-Upstream"]


def _snapshot_shown(pg_) -> str:
    return pg_.locator('[data-testid="stSidebar"]').inner_text()


def test_two_replicas_behind_nginx(pg, scratch_root, tmp_path, chromium):
    env = {"DANGBO_DATABASE_URL": pg}
    AccountStore(url=pg).add("lanhdao", "lanh-dao", password=PASSWORDS["lanhdao"])
    ports = [free_port(), free_port()]
    procs = [start_app(scratch_root, tmp_path / f"r{i}.log", port=p, env=env)[0] for i, p in enumerate(ports)]
    replicas = [f"127.0.0.1:{p}" for p in ports]
    try:
        with nginx(replicas, f"127.0.0.1:{free_port()}") as proxy:
            assert {_upstream(proxy, "r1"), _upstream(proxy, "r2")} == set(replicas)      # the cookie decides
            pages = []
            for name in ("r1", "r2"):
                ctx = chromium.new_context()
                ctx.add_cookies([{"name": COOKIE, "value": name, "url": proxy}])
                page = ctx.new_page()
                page.goto(proxy)
                sign_in(page, "lanhdao", PASSWORDS["lanhdao"])
                assert page.locator("h1").first.inner_text().strip() == "Tổng quan"
                pages.append(page)
            signins = [e for e in AuditLog(url=pg).entries() if e["action"] == "signin" and e["account"] == "lanhdao"]
            assert len(signins) >= 2                                       # both replicas wrote to one log
            first = store.published_id(scratch_root)
            assert all(first in _snapshot_shown(p) for p in pages)

            # A new snapshot published on the shared storage: both replicas serve it on the next click.
            from test_imports import _good_rows, _xlsx

            from dangbo.ingest.spec import catalog
            from dangbo.query.runner import Database
            cat = catalog(Database(store.open_snapshot(root=scratch_root)))
            f = tmp_path / "don-thu.xlsx"
            f.write_bytes(_xlsx(cat, rows={"Đơn thư": _good_rows(cat)["Đơn thư"]}))
            r = subprocess.run([sys.executable, "-m", "dangbo.imports", "publish", str(f), "--by", "vanphong"],
                               env=dict(os.environ, DANGBO_DATA_DIR=str(scratch_root), PYTHONPATH=str(config.ROOT),
                                        **env), capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
            new = store.published_id(scratch_root)
            for p in pages:
                p.locator('[data-testid="stSidebarNav"] a').filter(has_text="Đảng viên").first.click()
                p.get_by_text("Dữ liệu đã cập nhật lúc").wait_for(timeout=60_000)
                assert new in _snapshot_shown(p)
            assert any(e["action"] == "import" for e in AuditLog(url=pg).entries())

            # Replica 1 killed: its browser is served by replica 2 (a new session: sign in again, the
            # account is shared); replica 2's browser goes on as if nothing happened.
            os.killpg(procs[0].pid, signal.SIGKILL)
            procs[0].wait(timeout=20)
            assert _upstream(proxy, "r1").split(", ")[-1] == replicas[1]              # tried r1, served by r2
            pages[0].goto(proxy)
            sign_in(pages[0], "lanhdao", PASSWORDS["lanhdao"])
            assert pages[0].locator("h1").first.inner_text().strip() == "Tổng quan" and new in _snapshot_shown(pages[0])
            pages[1].locator('[data-testid="stSidebarNav"] a').filter(has_text="Tổng quan").first.click()
            settle(pages[1])
            assert pages[1].locator("h1").first.inner_text().strip() == "Tổng quan"
            assert not pages[1].locator('[data-testid="stException"]').count()
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
