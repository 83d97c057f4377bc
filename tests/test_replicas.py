"""Several replicas: accounts, sessions and the audit log in PostgreSQL (Debian's package, a real
cluster started here on loopback), two Streamlit replicas behind nginx with sticky sessions, both
reading the same snapshots and pointer; a new snapshot is served by both; one replica killed, the
other goes on serving."""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from browser import free_port, settle, sign_in, start_app
from conftest import PASSWORDS
from loadtest import level
from services import nginx, postgres, postgres_start, postgres_stop
from wsclient import ProtocolError, Session

from dangbo import config, store
from dangbo.access import schema
from dangbo.access.accounts import MAX_FAILURES, AccountStore
from dangbo.access.audit import AuditLog
from dangbo.deploy.nginx import COOKIE
from dangbo.ui.signin import STORE_DOWN


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

            # One session, both replicas: the first browser pinned to replica 2 opens signed in (the
            # session row is in PostgreSQL); signing out there ends it on replica 1 at its next click,
            # and the old cookie then opens the sign-in form.
            ctx = pages[0].context
            ctx.add_cookies([{"name": COOKIE, "value": "r2", "url": proxy}])
            other = ctx.new_page()
            other.goto(f"{proxy}/dang-vien")
            settle(other)
            assert other.locator("h1").first.inner_text().strip() == "Đảng viên"
            other.get_by_role("button", name="Đăng xuất").click()
            other.wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Đăng nhập'",
                                    timeout=30_000)
            other.close()
            ctx.add_cookies([{"name": COOKIE, "value": "r1", "url": proxy}])
            pages[0].locator('[data-testid="stSidebarNav"] a').filter(has_text="Đảng viên").first.click()
            pages[0].wait_for_function("() => document.querySelector('h1')?.innerText.trim() === 'Đăng nhập'",
                                       timeout=30_000)
            assert "Phiên làm việc đã kết thúc" in pages[0].inner_text("body")
            pages[0].goto(proxy)
            sign_in(pages[0], "lanhdao", PASSWORDS["lanhdao"])
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

            # Replica 1 killed: its browser is served by replica 2 (a new Streamlit session, the same
            # signed-in session: its row is shared); replica 2's browser goes on as if nothing happened.
            os.killpg(procs[0].pid, signal.SIGKILL)
            procs[0].wait(timeout=20)
            assert _upstream(proxy, "r1").split(", ")[-1] == replicas[1]              # tried r1, served by r2
            pages[0].goto(proxy)                  # no sign-in again: its session cookie is good on replica 2
            settle(pages[0])
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


# ---------------------------------------------------------------- many sign-ins at once (issue 24)

SIGN_IN_ONLY = argparse.Namespace(client="ws", timeout=180.0, rounds=0, think=0.0)
NO_DDL = """
create function refuse_ddl() returns event_trigger language plpgsql as $$
begin raise exception 'DDL during a request: %', tg_tag; end $$;
create event trigger refuse_ddl on ddl_command_start execute function refuse_ddl();
"""


def _start_together(data_dir, tmp_path, ports, env) -> list:
    """Start the replicas at the same moment (their start-up migrations race for the lock)."""
    with ThreadPoolExecutor(len(ports)) as ex:
        return [r[0] for r in ex.map(lambda ip: start_app(data_dir, tmp_path / f"s{ip[0]}.log", port=ip[1], env=env),
                                     enumerate(ports))]


def _sign_in_at_once(url: str, n: int) -> dict:
    """n sessions signing in at the same moment, on Streamlit's protocol (in a thread of its own: the
    module's Chromium keeps an event loop in this one)."""
    with ThreadPoolExecutor(1) as ex:
        return ex.submit(asyncio.run, level(url, n, [("lanhdao", PASSWORDS["lanhdao"])], SIGN_IN_ONLY, [])).result()


def _stop(procs) -> None:
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _no_traceback(tmp_path) -> None:
    for log in tmp_path.glob("s*.log"):
        assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace"), log.read_text()[-3000:]


def test_migrations_race_on_a_fresh_database():
    with postgres(free_port()) as url:
        with ThreadPoolExecutor(12) as ex:
            applied = list(ex.map(lambda _: schema.migrate(url=url), range(12)))
        all_versions = tuple(v for v, _, _ in schema.MIGRATIONS)
        assert sorted(map(tuple, applied)) == [()] * 11 + [all_versions]     # one migrator did the work
        with psycopg.connect(url) as conn:
            assert conn.execute("select version from dangbo_schema order by 1").fetchall() == [(v,) for v in all_versions]
            conn.execute("insert into dangbo_schema values (99, 'from a newer program', 0)")
        schema._ready.clear()
        with pytest.raises(schema.SchemaError, match="phiên bản 99"):
            AccountStore(url=url)                      # an older program refuses a newer database


def test_thirty_sign_ins_at_once_on_two_fresh_replicas(data_root, tmp_path):
    """A database with no tables; two replicas start together and migrate it; from then on any DDL is
    refused by an event trigger, and 30 people sign in at the same moment through the proxy."""
    with postgres(free_port()) as url:
        procs = _start_together(data_root, tmp_path, [free_port(), free_port()], {"DANGBO_DATABASE_URL": url})
        try:
            with psycopg.connect(url) as conn:
                assert conn.execute("select max(version) from dangbo_schema").fetchall() == [(schema.VERSION,)]
                conn.execute(NO_DDL)
            AccountStore(url=url).add("lanhdao", "lanh-dao", password=PASSWORDS["lanhdao"])
            with nginx([f"127.0.0.1:{p.args[p.args.index('--server.port') + 1]}" for p in procs],
                       f"127.0.0.1:{free_port()}") as proxy:
                r = _sign_in_at_once(proxy, 30)
            assert r["errors"] == [] and len(r["signin"]) == 30
            assert len(r["replicas"]) == 2                                   # both replicas signed people in
            signins = [e for e in AuditLog(url=url).entries() if e["action"] == "signin"]
            assert len(signins) == 30
        finally:
            _stop(procs)
    _no_traceback(tmp_path)


def test_thirty_sign_ins_at_once_on_a_fresh_sqlite_store(scratch_root, tmp_path):
    shutil.rmtree(scratch_root / "access")                              # no tables, no audit log yet
    procs = _start_together(scratch_root, tmp_path, [free_port()], {})
    try:
        db = scratch_root / "access" / "access.db"
        assert schema.version(path=db) == schema.VERSION                 # migrated at start
        AccountStore(db).add("lanhdao", "lanh-dao", password=PASSWORDS["lanhdao"])
        port = procs[0].args[procs[0].args.index("--server.port") + 1]
        r = _sign_in_at_once(f"http://127.0.0.1:{port}", 30)
        assert r["errors"] == [] and len(r["signin"]) == 30
        signins = [e for e in AuditLog(scratch_root / "access" / "audit.jsonl").entries() if e["action"] == "signin"]
        assert len(signins) == 30
    finally:
        _stop(procs)
    _no_traceback(tmp_path)


def test_database_down_during_sign_in_is_a_message_not_a_traceback(data_root, tmp_path):
    """PostgreSQL stopped under a running replica: the sign-in says so in Vietnamese and the server's log
    has the error; started again, the same person signs in."""
    with postgres(free_port()) as url:
        AccountStore(url=url).add("lanhdao", "lanh-dao", password=PASSWORDS["lanhdao"])
        proc, app = start_app(data_root, tmp_path / "down.log",
                              env={"DANGBO_DATABASE_URL": url, "DANGBO_DATABASE_TIMEOUT": "2"})
        try:
            async def sign_in() -> list[str]:
                async with Session(app, 120) as s:
                    try:
                        run = await s.sign_in("lanhdao", PASSWORDS["lanhdao"])
                    except ProtocolError as e:                  # the form answered with its message
                        return ["refused", str(e)]
                    return [run.title]
            with ThreadPoolExecutor(1) as ex:
                postgres_stop(url)
                down = ex.submit(asyncio.run, sign_in()).result()
                postgres_start(url)
                up = ex.submit(asyncio.run, sign_in()).result()
        finally:
            _stop([proc])
    assert down[0] == "refused" and "HTTP 503" in down[1] and STORE_DOWN in down[1]
    assert up[0] == "Tổng quan"
    log = (tmp_path / "down.log").read_text(encoding="utf-8")
    assert "account or audit store failed while signing in" in log


def test_progress_reports_on_postgresql_are_seen_at_once_and_kept_together():
    """Reports of two units written at the same moment through two stores (as two replicas would) are
    all kept, and a third store sees them the moment the writers return; evidence files round-trip."""
    from datetime import date

    from dangbo.access.accounts import Account
    from dangbo.programme.reports import Evidence, ReportStore
    with postgres(free_port()) as url:
        schema.migrate(url=url)
        writers = [ReportStore(url=url), ReportStore(url=url)]
        items = {u: {"item_id": f"CT-{u}", "lead_id": u, "recurrence": "once", "starts_on": date(2026, 1, 1),
                     "due_on": date(2026, 12, 31)} for u in ("VPTU", "HDND")}

        def one(n):
            unit = ("VPTU", "HDND")[n % 2]
            acc = Account(unit.lower(), "co-so", None, (unit,), None, None, False, False, True)
            return writers[n % 2].add(acc, items[unit], period="", reported_on=date(2026, 11, 30), percent=n,
                                      today=date(2026, 12, 2),
                                      evidence=Evidence("bc.pdf", b"%PDF " + bytes([n])) if n % 3 == 0 else None)
        with ThreadPoolExecutor(10) as ex:
            rows = list(ex.map(one, range(20)))
        seen = ReportStore(url=url).frame()
        assert sorted(seen.report_id) == sorted(r["report_id"] for r in rows) and len(seen) == 20
        assert seen.groupby("lead_id").size().to_dict() == {"HDND": 10, "VPTU": 10}
        first = next(r for r in rows if r["evidence_name"])
        assert ReportStore(url=url).evidence(first["report_id"]).data.startswith(b"%PDF ")
