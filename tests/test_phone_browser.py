"""On a phone and a small tablet (issue 20, part 2), in Chromium's mobile emulation: every page of the
registry opens with no horizontal scrolling of the page (the document is as wide as the screen) and no
exception; headline figures stand two to a row; a chart's legend is under its plot and its text at
least 12 px; a table scrolls inside itself; a download works."""
from __future__ import annotations

import os

import pytest
from browser import app_server, settle, sign_in
from conftest import PASSWORDS

from dangbo.ui.registry import PAGES

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TABLET = {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True}
MEASURE = """() => {
  const doc = document.documentElement;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const legendBelow = charts.map(c => {
    const legend = c.querySelector('.legend'), plot = c.querySelector('.bglayer, .cartesianlayer');
    return !legend || !plot || legend.getBoundingClientRect().top >= plot.getBoundingClientRect().bottom - 1;
  });
  const small = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg text')]
    .filter(t => t.textContent.trim() && parseFloat(getComputedStyle(t).fontSize) < 12).map(t => t.textContent);
  return {scroll: doc.scrollWidth, width: doc.clientWidth, inner: window.innerWidth,
          exceptions: document.querySelectorAll('[data-testid="stException"]').length,
          charts: charts.length, legendAbove: legendBelow.filter(x => !x).length, small: small.slice(0, 5)};
}"""


@pytest.fixture(scope="module")
def server(data_root, tmp_path_factory):
    with app_server(data_root, tmp_path_factory.mktemp("phone") / "app.log") as url:
        yield url


@pytest.mark.parametrize("device", [PHONE, TABLET], ids=["390x844", "768x1024"])
def test_every_page_fits_the_screen(server, chromium, device):
    ctx = chromium.new_context(**device)
    pg = ctx.new_page()
    pg.goto(server)
    sign_in(pg, "quantri-test", PASSWORDS["quantri-test"])          # an administrator opens every page
    seen = {}
    for spec in PAGES:
        pg.goto(f"{server}/{spec.url}")
        pg.wait_for_function("t => document.querySelector('h1')?.innerText.trim() === t", arg=spec.title,
                             timeout=60_000)
        settle(pg)
        m = pg.evaluate(MEASURE)
        seen[spec.url] = m
        assert m["scroll"] == m["width"] == m["inner"] == device["viewport"]["width"], (spec.url, m)
        assert m["exceptions"] == 0 and m["legendAbove"] == 0 and m["small"] == [], (spec.url, m)
    # Đảng viên's structure: the chosen tab's chart; Chỉ tiêu's cards: their charts when the toggle asks
    assert sum(m["charts"] for m in seen.values()) >= 15
    ctx.close()


def test_headlines_two_to_a_row_tables_scroll_inside_downloads_work(server, chromium, tmp_path):
    ctx = chromium.new_context(**PHONE, accept_downloads=True)
    pg = ctx.new_page()
    pg.goto(f"{server}/tong-quan")
    sign_in(pg, "lanhdao", PASSWORDS["lanhdao"])
    tiles = pg.locator('[data-testid="stMetric"]')
    boxes = [tiles.nth(i).bounding_box() for i in range(4)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[2]["y"] == boxes[3]["y"] > boxes[0]["y"]   # two a row
    assert all(b["width"] < 390 / 2 for b in boxes)
    first_screen = [b for b in boxes if b["y"] + b["height"] <= 844]
    assert first_screen, "the headline figures start on the first screen"
    pg.goto(f"{server}/ky-luat")
    settle(pg)
    grid = pg.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390              # the grid scrolls inside itself
    with pg.expect_download(timeout=60_000) as info:
        pg.locator(".st-key-kl-nam-csv button").click()
    assert os.path.getsize(info.value.path()) > 0
    ctx.close()
