"""Down to an organisation by clicking (Debian's Chromium): a bar of the organisations' chart narrows the
filters, the URL and the breadcrumb to that organisation; the breadcrumb's first level goes back."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser import app_server, goto_page, settle, sign_in
from conftest import PASSWORDS


@pytest.fixture()
def server(scratch_root, tmp_path):
    with app_server(scratch_root, tmp_path / "app.log") as url:
        yield url


def _query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_click_a_bar_then_the_breadcrumb(server, chromium, database):
    pg = chromium.new_page(viewport={"width": 1400, "height": 2400})
    pg.goto(server)
    sign_in(pg, "lanhdao", PASSWORDS["lanhdao"])
    goto_page(pg, "Đảng viên")
    assert "tc" not in _query(pg) and pg.locator(".st-key-breadcrumb").count() == 0
    chart = pg.locator(".st-key-dv-theo-to-chuc")
    chart.scroll_into_view_if_needed()
    bar = chart.locator(".barlayer .point path").first
    box = bar.bounding_box()                  # plotly's drag layer lies over the bars: click where one is
    pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    pg.wait_for_function("() => new URLSearchParams(location.search).has('tc')", timeout=60_000)
    settle(pg)
    org = _query(pg)["tc"]
    crumb = pg.locator(".st-key-breadcrumb").inner_text()
    assert crumb.startswith("Toàn Đảng bộ") and "›" in crumb
    name = database.cursor().execute("select name from org_units where unit_id = ?", [org]).fetchone()[0]
    assert crumb.replace("\n", " ").rstrip().endswith(name)            # Toàn Đảng bộ › <the organisation>
    assert name in pg.locator('[data-testid="stSidebar"]').inner_text()   # the sidebar's filter says it too
    pg.locator(".st-key-breadcrumb button").filter(has_text="Toàn Đảng bộ").click()
    pg.wait_for_function("() => !new URLSearchParams(location.search).has('tc')", timeout=60_000)
    settle(pg)
    assert pg.locator(".st-key-breadcrumb").count() == 0


def test_click_an_organisation_then_a_cell(server, chromium, database):
    """Down to the cell: the organisation's bar, then a cell's bar; the URL, the sidebar and the
    breadcrumb say the cell, and the page's figures are the cell's (equal to choosing it in the sidebar)."""
    pg = chromium.new_page(viewport={"width": 1400, "height": 3000})
    pg.goto(f"{server}/dang-vien?tc=HDND")
    sign_in(pg, "lanhdao", PASSWORDS["lanhdao"])
    chart = pg.locator(".st-key-dv-theo-chi-bo")
    chart.scroll_into_view_if_needed()
    bar = chart.locator(".barlayer .point path").nth(1)
    box = bar.bounding_box()
    pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    pg.wait_for_function("() => new URLSearchParams(location.search).has('cb')", timeout=60_000)
    settle(pg)
    q = _query(pg)
    assert q["tc"] == "HDND"
    cell, name, members = database.cursor().execute(
        "select c.unit_id, c.name, count(m.member_no) from org_units c join members m on m.cell_id = c.unit_id "
        "where c.unit_id = ? and m.left_on is null group by all", [q["cb"]]).fetchone()
    crumb = pg.locator(".st-key-breadcrumb").inner_text().replace("\n", " ")
    assert "Đảng bộ Hội đồng nhân dân thành phố" in crumb and crumb.rstrip().endswith(name)
    assert name in pg.locator('[data-testid="stSidebar"]').inner_text()
    assert "Đang xem theo chi bộ" in pg.inner_text("body")
    grid = pg.locator('.st-key-table-dv-chi-bo [data-testid="stDataFrame"]')
    assert grid.count() == 1
    text = pg.locator(".st-key-dv-theo-chi-bo").inner_text()
    assert str(members) in text                             # the one cell's bar: its members today
