"""The action programme in a real browser (Debian's Chromium): the office imports a programme on the page
Nhập dữ liệu; the People's Council party committee's account (co-so) reports an item done with an
evidence file and cannot pick another unit's item; a leader's page shows the new status and the late
list; the leader's briefing names the late item. Dates are relative to today: the pages judge on the
calendar."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from browser import app_server, goto_page, settle, sign_in
from conftest import PASSWORDS
from pypdf import PdfReader

from dangbo import fmt
from dangbo.ingest import edits
from dangbo.programme.reports import ReportStore


@pytest.fixture()
def server(scratch_root, tmp_path):
    with app_server(scratch_root, tmp_path / "app.log") as url:
        yield url


def _programme(today: date) -> bytes:
    row = {"parent_id": "HDND-DP1", "support_ids": "", "recurrence": "Một lần", "product": "Báo cáo",
           "indicator_id": ""}
    return edits.sheet_csv("chuong_trinh", [
        row | {"item_id": "CT-TRE-01", "title": "Tổng kết giám sát chuyên đề quý", "lead_id": "HDND",
               "starts_on": today - timedelta(days=60), "due_on": today - timedelta(days=2)},
        row | {"item_id": "CT-XONG-01", "title": "Kế hoạch tiếp xúc cử tri", "lead_id": "HDND",
               "starts_on": today - timedelta(days=30), "due_on": today + timedelta(days=20)},
        row | {"item_id": "CT-VPTU-01", "title": "Việc của Văn phòng Thành ủy", "lead_id": "VPTU",
               "parent_id": "NV3", "starts_on": today - timedelta(days=10), "due_on": today + timedelta(days=90)},
    ])


def _texts(pg, selector: str) -> str:
    return "\n".join(el.inner_text() for el in pg.locator(selector).all())


def test_import_report_status_late_list_and_briefing(server, chromium, scratch_root, tmp_path):
    today = date.today()
    # 1. The office imports the programme (a CSV of the template's sheet) and publishes it.
    office = chromium.new_page()
    office.goto(server)
    sign_in(office, "vanphong", PASSWORDS["vanphong"])
    goto_page(office, "Nhập dữ liệu")
    office.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "chuong-trinh.csv", "mimeType": "text/csv", "buffer": _programme(today)})
    settle(office)
    office.get_by_text("Xem trước thay đổi").wait_for(timeout=60_000)
    office.locator(".st-key-import-publish button").click()
    office.get_by_text("Đã công bố bản dữ liệu").wait_for(timeout=60_000)
    office.close()

    # 2. The People's Council party committee reports CT-XONG-01 done, with an evidence file.
    unit = chromium.new_page()
    unit.goto(server)
    sign_in(unit, "hdnd", PASSWORDS["hdnd"])
    goto_page(unit, "Báo cáo tiến độ")
    choice = unit.locator(".st-key-rp-item")
    choice.click()
    options = _texts(unit, '[role="option"]')
    assert "CT-XONG-01" in options and "CT-TRE-01" in options and "CT-VPTU-01" not in options
    unit.locator('[role="option"]').filter(has_text="CT-XONG-01").first.click()
    settle(unit)
    slider = unit.get_by_role("slider").first
    slider.focus()
    slider.press("End")                                     # 100%
    unit.get_by_label("Kết quả, khó khăn (ghi chú)").fill("Đã ban hành kế hoạch.")
    unit.locator("[data-testid=\"stFileUploader\"] input[type=\"file\"]").set_input_files(
        {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% minh chung\n"})
    unit.get_by_role("button", name="Gửi báo cáo").click()
    unit.get_by_text("Đã ghi báo cáo CT-XONG-01").wait_for(timeout=60_000)
    kept = ReportStore(path=scratch_root / "access" / "access.db").frame()
    assert kept[["item_id", "percent", "evidence_name", "username"]].values.tolist() == [
        ["CT-XONG-01", 100, "ke-hoach.pdf", "hdnd"]]
    unit.close()

    # 3. A leader sees the new status and the late list.
    ctx = chromium.new_context(accept_downloads=True)
    leader = ctx.new_page()
    leader.goto(server)
    sign_in(leader, "lanhdao", PASSWORDS["lanhdao"])
    goto_page(leader, "Nhiệm vụ nghị quyết")
    late = leader.locator(".st-key-table-nv-qua-han").text_content()        # a grid: its cells are in the DOM
    assert "CT-TRE-01" in late and "CT-XONG-01" not in late

    def metric(label: str) -> str:
        m = leader.locator('[data-testid="stMetric"]').filter(has_text=label).first
        return m.locator('[data-testid="stMetricValue"]').inner_text().strip()
    assert metric("Quá hạn") == "1" and metric("Hoàn thành đúng hạn") == "1" and metric("Đúng tiến độ") == "1"
    table = leader.locator(".st-key-table-nv-hdnd-dp1").text_content()
    assert "Hoàn thành đúng hạn" in table and "Quá hạn" in table
    assert "ke-hoach.pdf" in leader.locator(".st-key-table-nv-bao-cao").text_content()

    # 4. The leader's briefing names the late item.
    goto_page(leader, "Báo cáo nhanh")
    leader.get_by_role("button", name="Lập báo cáo nhanh (Word và PDF)").click()
    leader.locator(".st-key-bcn-last-pdf button").wait_for(timeout=180_000)
    with leader.expect_download(timeout=60_000) as info:
        leader.locator(".st-key-bcn-last-pdf button").click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(open(info.value.path(), "rb").read())).pages)
    flat = " ".join(text.split())
    assert "CT-TRE-01" in flat and f"quá hạn từ {fmt.day(today - timedelta(days=2))}" in flat
    ctx.close()
