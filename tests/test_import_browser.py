"""Live data in a real browser (Debian's Chromium): a van-phong account downloads the template,
uploads it filled with a mistake and sees the problem, fixes it, previews and publishes; a leader's
session that was open all along shows the new figures, with a notice, after its next click."""
from __future__ import annotations

import io
from datetime import date

import pytest
from browser import app_server, goto_page, settle, sign_in
from conftest import PASSWORDS
from openpyxl import load_workbook
from test_imports import _good_rows

from dangbo import config, fmt, store
from dangbo.ingest.spec import catalog
from dangbo.query import filters
from dangbo.query.runner import Database
from dangbo.query.scope import Scope


@pytest.fixture()
def server(scratch_root, tmp_path):
    with app_server(scratch_root, tmp_path / "app.log") as url:
        yield url


def _members_metric(pg) -> str:
    m = pg.locator('[data-testid="stMetric"]').filter(has_text="Đảng viên cuối kỳ").first
    return m.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _fill(template: bytes, rows: dict) -> bytes:
    wb = load_workbook(io.BytesIO(template))
    for title, data in rows.items():
        for i, r in enumerate(data, start=2):
            for j, v in enumerate(r, start=1):
                wb[title].cell(row=i, column=j, value=v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(pg, name: str, data: bytes) -> None:
    pg.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": data})
    settle(pg)


def test_office_imports_and_an_open_dashboard_follows(server, chromium, scratch_root):
    before_id = store.published_id(scratch_root)
    leader = chromium.new_page()
    leader.goto(server)
    sign_in(leader, "lanhdao", PASSWORDS["lanhdao"])
    members_before = _members_metric(leader)

    ctx = chromium.new_context(accept_downloads=True)
    office = ctx.new_page()
    office.goto(server)
    sign_in(office, "vanphong", PASSWORDS["vanphong"])
    goto_page(office, "Nhập dữ liệu")
    with office.expect_download(timeout=60_000) as info:
        office.locator(".st-key-import-template button").click()
    template = open(info.value.path(), "rb").read()
    assert load_workbook(io.BytesIO(template)).sheetnames[2] == "Đảng viên"

    cat = catalog(Database(store.open_snapshot(root=scratch_root)))
    rows = {k: v for k, v in _good_rows(cat).items() if k in ("Đảng viên", "Đơn thư")}
    wrong = {**rows, "Đảng viên": [list(rows["Đảng viên"][0]), *rows["Đảng viên"][1:]]}
    wrong["Đảng viên"][0][3] = 2005                      # 13 years old when admitted in 2018
    _upload(office, "dang-vien.xlsx", _fill(template, wrong))
    office.locator(".st-key-import-problems-xlsx button").wait_for(timeout=60_000)   # the run that checked it
    assert office.locator('[data-testid="stAlert"]').filter(has_text="Tệp có 1 lỗi").count() == 1
    office.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)   # the table of problems
    office.get_by_text("đủ 18 tuổi").first.wait_for(state="attached", timeout=30_000)   # its row, in the grid
    assert store.published_id(scratch_root) == before_id

    _upload(office, "dang-vien.xlsx", _fill(template, rows))
    office.get_by_text("Xem trước thay đổi").wait_for(timeout=60_000)
    assert office.get_by_text("Tệp hợp lệ").count() == 1
    office.locator(".st-key-import-publish button").click()
    office.get_by_text("Đã công bố bản dữ liệu").wait_for(timeout=60_000)
    after_id = store.published_id(scratch_root)
    assert after_id != before_id and "-nhap-" in after_id

    # The leader's page, open all along, changes on its next click: the menu's Đảng viên, then Tổng quan.
    assert _members_metric(leader) == members_before
    goto_page(leader, "Đảng viên")
    assert leader.get_by_text("Dữ liệu đã cập nhật lúc").count() == 1
    assert after_id in leader.locator('[data-testid="stSidebar"]').inner_text()
    goto_page(leader, "Tổng quan")
    snap = store.open_snapshot(root=scratch_root)
    db = Database(snap)
    orgs = tuple(o for (o,) in db.cursor().execute("select unit_id from org_units where level = 'grassroots'")
                 .fetchall())
    as_of = date.fromisoformat(snap.as_of)
    period = filters.periods(as_of)[filters.DEFAULT_PERIOD]
    summary = db.run("snapshot_summary", Scope(config.PREDECESSOR_IDS, orgs, period.starts_on, period.ends_on))
    assert _members_metric(leader) == fmt.number(int(summary.members.iloc[0])) != members_before
    ctx.close()
    leader.close()


def test_wall_display_follows_without_a_click_and_only_when_the_pointer_changes(scratch_root, tmp_path, chromium):
    """?tudong=1: the page checks the pointer every few seconds and reruns only when it changed."""
    import subprocess
    import sys
    first = store.published_id(scratch_root)
    with app_server(scratch_root, tmp_path / "wall.log", env={"DANGBO_REFRESH_SECONDS": "5"}) as url:
        pg = chromium.new_page()
        pg.goto(url + "/?tudong=1")
        sign_in(pg, "lanhdao", PASSWORDS["lanhdao"])
        assert pg.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"] input').first.is_checked()
        assert "tudong=1" in pg.url
        # No new data: after three intervals the page has not run again (its title was never redrawn).
        pg.evaluate("() => { window.__h1 = document.querySelector('h1'); }")
        pg.wait_for_timeout(16_000)
        assert pg.evaluate("() => window.__h1 === document.querySelector('h1') && document.contains(window.__h1)")
        # A new snapshot published elsewhere (here a rollback-style republish of a staged import): shown
        # without any click, with the notice.
        good = tmp_path / "mot-to-chuc.xlsx"
        cat = catalog(Database(store.open_snapshot(root=scratch_root)))
        from test_imports import _xlsx
        good.write_bytes(_xlsx(cat, rows={"Đơn thư": _good_rows(cat)["Đơn thư"]}))
        env = dict(__import__("os").environ, DANGBO_DATA_DIR=str(scratch_root), PYTHONPATH=str(config.ROOT))
        r = subprocess.run([sys.executable, "-m", "dangbo.imports", "publish", str(good), "--by", "vanphong"],
                           env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        new = store.published_id(scratch_root)
        assert new != first
        pg.get_by_text("Dữ liệu đã cập nhật lúc").wait_for(timeout=30_000)
        assert new in pg.locator('[data-testid="stSidebar"]').inner_text()
        pg.close()
