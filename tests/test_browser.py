"""Real browser: Debian's Chromium driven by Playwright against the running app.

Opens every page, changes the predecessor filter and sees the chart change, moves to another page
and finds the filter kept (in the widget and the URL), downloads a PNG, an XLSX and a PDF and checks
them. Chromium is installed by scripts/setup.sh; these tests do not skip.
"""
from __future__ import annotations

import io

import pytest
from browser import app_server, goto_page, launch, pick_unit, sign_in
from conftest import PASSWORDS
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from dangbo.outputs import export
from dangbo.ui.registry import CHARTED as REGISTRY

PAGES = [p.title for p in REGISTRY]


@pytest.fixture(scope="module")
def page(data_root, tmp_path_factory):
    log = tmp_path_factory.mktemp("app") / "app.log"
    with app_server(data_root, log) as url, sync_playwright() as p:
        browser = launch(p)
        ctx = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
        pg = ctx.new_page()
        pg.goto(url + "/?ky=2020-2025")           # the published term: its figures are the report's
        sign_in(pg, "lanhdao", PASSWORDS["lanhdao"])
        yield pg
        browser.close()


def _chart_svg(pg, n: int = 0) -> str:
    return pg.locator('[data-testid="stPlotlyChart"]').nth(n).inner_html()


def _metric(pg, label: str) -> str:
    m = pg.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return m.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _download(pg, button_text: str, n: int = 0) -> bytes:
    with pg.expect_download(timeout=90_000) as info:
        pg.locator('[data-testid="stDownloadButton"] button').filter(has_text=button_text).nth(n).click()
    return open(info.value.path(), "rb").read()


def test_every_page_draws(page):
    for title in PAGES:
        goto_page(page, title)
        assert page.locator('[data-testid="stException"]').count() == 0, title
        assert page.locator("h1").first.inner_text().strip() == title
        if title == "Chỉ tiêu nhiệm kỳ 2025 - 2030":         # its cards' charts are drawn when asked
            assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
            page.get_by_text("Xem biểu đồ theo năm của từng chỉ tiêu").click()
            page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg')"
                                   ".length >= 8", timeout=30_000)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)


def test_filter_changes_charts_and_is_kept(page):
    goto_page(page, "Tổng quan")
    before, admissions = _chart_svg(page), _metric(page, "Kết nạp trong kỳ")
    assert admissions == "99"
    pick_unit(page, "Sóc Trăng")
    assert _metric(page, "Kết nạp trong kỳ") == "46"
    assert _chart_svg(page) != before
    assert "dv=ST" in page.url
    goto_page(page, "Kỷ luật và đơn thư")
    side = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "Sóc Trăng" in side
    assert "dv=ST" in page.url
    assert _metric(page, "Đảng viên bị kỷ luật trong kỳ") == "8"


def test_downloads(page):
    goto_page(page, "Tổng quan")
    png = Image.open(io.BytesIO(_download(page, "PNG")))
    assert png.format == "PNG" and png.size == (export.IMAGE_SIZE[0] * 2, export.IMAGE_SIZE[1] * 2)
    wb = load_workbook(io.BytesIO(_download(page, "XLSX")))
    rows = [r for r in wb.active.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == "Ngày")
    data = rows[header + 1:]
    assert len(data) == 6 and {r[1] for r in data} == {"Sóc Trăng"}     # 5 year-ends and 30/06/2025
    assert rows[1][0].startswith("Bộ lọc: Đảng bộ tiền thân: Sóc Trăng")
    pdf = PdfReader(io.BytesIO(_download(page, "Tải PDF cả trang")))
    assert len(pdf.pages) == 1                         # title block and the one chart of the overview
    assert "Sóc Trăng" in pdf.pages[0].extract_text()
