"""AppTest: every page under each predecessor filter, no exception, key published numbers shown."""
from __future__ import annotations

import pytest
from apptest import signed_app
from streamlit.testing.v1 import AppTest

from dangbo.ui.registry import CHARTED as REGISTRY

APP = "../app.py"
PAGES = [p.file for p in REGISTRY]
OVERVIEW, DISCIPLINE, TARGETS, RESULTS = (REGISTRY[i].file for i in (0, 2, 3, 4))
UNITS = [None, "CT", "HG", "ST"]


def _open(page: str, unit: str | None, **query) -> AppTest:
    at = signed_app(**({"dv": unit} if unit else {}), **query)
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    return at


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("page", PAGES)
def test_page_renders(data_root, page, unit):
    at = _open(page, unit)
    assert not at.exception, at.exception
    assert at.title[0].value
    assert any("Đang xem:" in c.value for c in at.caption)


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def test_overview_numbers(data_root):
    m = _metrics(_open(OVERVIEW, None, ky="2020-2025"))        # the published term's figures
    assert (m["Tổ chức cơ sở đảng"], m["Đảng bộ bộ phận"], m["Chi bộ"]) == ("13", "5", "103")
    assert m["Kết nạp trong kỳ"] == "99" and m["Đảng viên bị kỷ luật trong kỳ"] == "19"
    assert m["Đơn thư tiếp nhận trong kỳ"] == "15"


@pytest.mark.parametrize("unit, cases, letters", [(None, 19, 15), ("CT", 5, 8), ("HG", 6, 3), ("ST", 8, 4)])
def test_discipline_numbers(data_root, unit, cases, letters):
    m = _metrics(_open(DISCIPLINE, unit, ky="2020-2025"))      # the report's 2020-2025 figures
    assert m["Đảng viên bị kỷ luật trong kỳ"] == str(cases)
    assert m["Đơn thư tiếp nhận trong kỳ"] == str(letters)


def test_results_page_shows_annex_text(data_root):
    at = _open(RESULTS, "ST")
    frames = [d.value for d in at.dataframe] + [t.value for t in at.table]
    text = " ".join(str(f.to_dict()) for f in frames)
    assert "98,21%" in text and "Kết nạp 346/300 đảng viên (đạt 115%)" in text
    assert "Phụ lục 1" not in " ".join(s.value for s in at.subheader)


def test_bad_url_falls_back_with_notice(data_root):
    at = signed_app(dv="XX", ky="1999")
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "XX" in warnings and "1999" in warnings
    assert _metrics(at)["Chi bộ"] == "103"


def test_overview_target_summary(data_root):
    m = _metrics(_open(OVERVIEW, None))
    status = {k.split(" ", 1)[1]: v for k, v in m.items() if k.startswith(":")}
    assert status == {"Vượt": "1", "Đạt": "2", "Đạt tiến độ": "1", "Có nguy cơ / chưa đạt tiến độ": "1",
                      "Chưa đạt": "2", "Chưa có số liệu": "1"}


def test_targets_page(data_root):
    at = _open(TARGETS, None)
    text = " ".join(m.value for m in at.markdown)
    assert "Kết nạp đảng viên trong nhiệm kỳ: 16/30 đảng viên (đạt 53%)" in text
    assert "Chỉ tiêu (7) · Có nguy cơ" in text
    assert "Chỉ tiêu của Đảng bộ Hội đồng nhân dân thành phố" in [h.value for h in at.header]


def test_the_peoples_council_targets_run_when_opened(data_root):
    """HĐND's cards are in an expander whose content runs only when it is opened; the cards' charts are
    drawn when the toggle asks for them (the page opens with none of them drawn, all in its PDF)."""
    def cards(at) -> int:
        return sum(m.value.startswith("#### ") and " Chỉ tiêu (" in m.value for m in at.markdown)
    at = _open(TARGETS, None)
    charts, before = len(at.get("plotly_chart")), cards(at)
    assert before == 8 and charts == 0                          # the committee's eight targets, no chart drawn
    at.session_state["ct-bieu-do"] = True
    at.run()
    committee = len(at.get("plotly_chart"))
    assert not at.exception and committee >= 8 and cards(at) == before
    at.session_state["ct-hdnd"] = True
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) > committee and cards(at) > before


def test_targets_page_without_hdnd(data_root):
    at = signed_app(tc="VPTU")
    at.run()
    at.switch_page(TARGETS)
    at.run()
    assert not at.exception
    assert any("không nằm trong bộ lọc" in m.value for m in at.markdown)


def test_annex_recomputed_flags(data_root):
    at = _open(RESULTS, "CT")
    assert any("Phụ lục 1: 3 dòng" in w.value for w in at.warning)


def test_the_default_period_is_the_current_term(data_root):
    at = _open(OVERVIEW, None)
    caption = next(c.value for c in at.caption if "Đang xem:" in c.value)
    assert "Giai đoạn: Nhiệm kỳ 2025 - 2030 (đến nay) (01/07/2025 - 20/11/2026)" in caption


def test_member_structure_draws_the_chosen_dimension_only(data_root):
    """Đảng viên's seven structure charts are tabs whose content runs when chosen: the page draws one of
    them (thirteen charts were seven fewer), another tab draws its own."""
    def structure(at) -> list[str]:
        return [c.proto.id for c in at.get("plotly_chart") if "dv-co-cau-" in c.proto.id]
    at = signed_app("lanhdao")
    at.run()
    at.switch_page("pages/dang_vien.py").run()
    assert not at.exception and len(structure(at)) == 1 and "dv-co-cau-0" in structure(at)[0]
    at.session_state["dv-co-cau"] = "Giới tính"
    at.run()
    assert not at.exception and len(structure(at)) == 1 and "dv-co-cau-1" in structure(at)[0]
    assert [s.value for s in at.subheader if s.value.startswith("Cơ cấu theo")] == ["Cơ cấu theo giới tính"]
