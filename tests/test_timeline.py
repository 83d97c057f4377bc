"""Dated events on the charts over time (issue 20, part 4): where an event falls on a year or a day
axis, which events a view shows, the store's rules and history, the office's page with its audit
entries, the marks on a page's charts and in the briefing."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from apptest import signed_app

from dangbo import config, timeline
from dangbo.access.accounts import Account
from dangbo.access.audit import AuditLog
from dangbo.outputs import figures
from dangbo.query.scope import Scope
from dangbo.timeline import Event, EventError, EventStore

D = date
MERGER = timeline.PUBLISHED[0]


def _acc(role: str, orgs=None) -> Account:
    return Account(f"t-{role}", role, None, orgs, None, None, False, False, True)


# ---------------------------------------------------------------- positions on an axis

def test_an_event_falls_within_its_year_by_the_share_of_the_year_gone():
    years = ["2021", "2022", "2023", "2024", "2025", "2026 (đến nay)"]
    [(x, e)] = timeline.positions(years, [MERGER], "year")
    assert e is MERGER and x == pytest.approx(4 - 0.5 + (181 + 0.5) / 365)     # 01/7 is day 182 of 365
    [(x, _)] = timeline.positions(years, [Event("a", D(2026, 1, 1), "Đầu năm")], "year")
    assert x == pytest.approx(5 - 0.5 + 0.5 / 365)                           # "2026 (đến nay)" is 2026
    assert timeline.positions(years, [Event("b", D(2020, 6, 1), "Trước trục")], "year") == []
    assert timeline.positions([2024, 2025], [MERGER], "year")[0][0] == pytest.approx(1 - 0.5 + 181.5 / 365)


def test_an_event_falls_between_two_days_by_the_share_of_the_time_between():
    days = ["31/12/2024", "30/06/2025", "31/12/2025"]
    [(x, _)] = timeline.positions(days, [MERGER], "day")
    assert x == pytest.approx(1 + 1 / 184)                  # the day after 30/06, of 184 days to 31/12
    [(x, _)] = timeline.positions(days, [Event("c", D(2025, 6, 30), "Cuối kỳ")], "day")
    assert x == 1
    assert timeline.positions(days, [Event("d", D(2026, 1, 1), "Sau trục")], "day") == []
    assert timeline.positions([D(2025, 6, 30), D(2025, 12, 31)], [MERGER], "day")[0][0] == pytest.approx(1 / 184)
    with pytest.raises(ValueError):
        timeline.positions(days, [MERGER], "month")


def test_a_chart_over_time_carries_a_dotted_line_and_its_label():
    fig = figures.bars(pd.DataFrame({"year": ["2024", "2025", "2026"], "n": [1, 2, 3]}), "year", "n")
    figures.mark_events(fig, [MERGER, Event("x", D(2019, 1, 1), "Ngoài trục")], "year")
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].line.dash == "dot"
    assert [a.text for a in fig.layout.annotations] == ["1", "1 · Hợp nhất ba Đảng bộ (01/07/2025)"]
    assert fig.layout.margin.t == 30 + 22 + 17
    untouched = figures.bars(pd.DataFrame({"year": ["2021"], "n": [1]}), "year", "n")
    assert not figures.mark_events(untouched, [MERGER], "year").layout.shapes


# ---------------------------------------------------------------- which events a view shows

def test_which_events_a_view_shows():
    orgs = ("HDND", "VPTU", "BTC")
    unit_event = Event("u", D(2025, 9, 1), "Hội nghị Sóc Trăng", unit_id="ST")
    org_event = Event("o", D(2025, 8, 7), "Hội nghị HĐND", grassroots_id="HDND")
    every = [org_event, unit_event, MERGER]
    assert timeline.visible(every, ("CT", "HG", "ST"), orgs, orgs) == [MERGER, unit_event]
    assert timeline.visible(every, ("CT",), orgs, orgs) == [MERGER]
    assert timeline.visible(every, ("CT", "HG", "ST"), ("HDND",), orgs) == [MERGER, org_event, unit_event]
    assert timeline.visible(every, ("CT", "HG", "ST"), ("VPTU",), orgs) == [MERGER, unit_event]
    assert timeline.visible(every, ("ST",), orgs, orgs, D(2025, 7, 2), D(2025, 12, 31)) == [unit_event]


# ---------------------------------------------------------------- the store

@pytest.fixture()
def events(tmp_path) -> EventStore:
    return EventStore(tmp_path / "access.db")


def test_the_office_adds_and_removes_and_the_history_stays(events):
    office = _acc("van-phong")
    e = events.add(office, D(2025, 10, 15), "  Đại hội   Đảng bộ lần thứ I ", known_orgs=("HDND",))
    assert e.text == "Đại hội Đảng bộ lần thứ I" and e in events.events() and MERGER in events.events()
    kept = events.add(_acc("quan-tri"), D(2026, 3, 2), "Hội nghị giữa nhiệm kỳ", unit_id="HG")
    events.remove(office, e.event_id)
    assert e not in events.events() and kept in events.events()
    h = events.history()
    assert list(h.event_id) == [e.event_id, kept.event_id]
    gone = h[h.event_id == e.event_id].iloc[0]
    assert gone.removed_by == office.username and gone.text == "Đại hội Đảng bộ lần thứ I"
    with pytest.raises(EventError, match="Không có sự kiện"):
        events.remove(office, e.event_id)                    # once
    with pytest.raises(EventError, match="văn bản đã công bố"):
        events.remove(office, MERGER.event_id)


@pytest.mark.parametrize("who, kw, says", [
    (_acc("lanh-dao"), {}, "Chỉ Văn phòng Đảng ủy"),
    (_acc("co-so", ("HDND",)), {}, "Chỉ Văn phòng Đảng ủy"),
    (_acc("van-phong"), {"text": "ab"}, "từ 3 đến 60 ký tự"),
    (_acc("van-phong"), {"text": "x" * 61}, "từ 3 đến 60 ký tự"),
    (_acc("van-phong"), {"on_date": D(2019, 12, 31)}, "trong hai nhiệm kỳ"),
    (_acc("van-phong"), {"on_date": D(2030, 7, 1)}, "trong hai nhiệm kỳ"),
    (_acc("van-phong"), {"unit_id": "HN"}, "Đảng bộ tiền thân"),
    (_acc("van-phong"), {"grassroots_id": "KHONG"}, "không có trong dữ liệu"),
    (_acc("van-phong"), {"unit_id": "CT", "grassroots_id": "HDND"}, "chọn một phạm vi"),
])
def test_an_event_that_cannot_be_kept_is_refused_and_nothing_is_kept(events, who, kw, says):
    args = {"on_date": D(2026, 1, 5), "text": "Sự kiện", **kw}
    with pytest.raises(EventError, match=says):
        events.add(who, args.pop("on_date"), args.pop("text"), known_orgs=("HDND",), **args)
    assert events.history().empty


# ---------------------------------------------------------------- the page, a chart, the briefing

def test_the_office_page_adds_an_event_that_the_charts_then_mark(data_root):
    at = signed_app("vanphong")
    at.run()
    at.switch_page("pages/su_kien.py").run()
    assert not at.exception and at.title[0].value == "Sự kiện trên biểu đồ"
    at.date_input(key="event-date").set_value(D(2025, 10, 20))
    at.text_input(key="event-text").input("Đại hội Đảng bộ lần thứ I")
    next(b for b in at.button if b.label == "Thêm").click().run()
    assert not at.exception and "Đã thêm sự kiện" in at.success[0].value
    assert "Đại hội Đảng bộ lần thứ I" in at.dataframe[0].value["Sự kiện"].tolist()
    added = [e for e in AuditLog(data_root / "access" / "audit.jsonl").entries() if e["action"] == "event_added"]
    assert added and added[-1]["details"]["text"] == "Đại hội Đảng bộ lần thứ I"
    leader = signed_app("lanhdao")
    leader.run()
    leader.switch_page("pages/dang_vien.py").run()
    assert not leader.exception
    notes = [" ".join(a.get("text", "") for a in json.loads(c.proto.spec).get("layout", {}).get("annotations", []))
             for c in leader.get("plotly_chart")]
    marked = [n for n in notes if "Đại hội Đảng bộ lần thứ I (20/10/2025)" in n]
    assert len(marked) >= 2 and all("Hợp nhất ba Đảng bộ (01/07/2025)" in n for n in marked)
    leader.switch_page("pages/su_kien.py").run()
    assert leader.title[0].value == "Không có quyền mở trang này"
    EventStore().remove(Account("vanphong", "van-phong", None, None, None, None, False, False, True),
                        EventStore().history().event_id.iloc[-1])


def test_the_briefing_lists_the_events_of_its_period_and_marks_its_charts(database, all_orgs, snapshot):
    from dangbo.briefing.content import build
    from dangbo.briefing.report import document_of
    scope = Scope(config.PREDECESSOR_IDS, all_orgs, D(2025, 7, 1), D(2026, 11, 20))
    shown = timeline.visible(list(timeline.PUBLISHED), scope.units, scope.orgs, all_orgs, scope.date_from,
                             scope.date_to)
    b = build(database.run, scope, D(2026, 11, 20), snapshot, description="toàn Đảng bộ", subject="toàn Đảng bộ",
              reports=pd.DataFrame(columns=["report_id", "item_id", "period", "reported_on", "percent", "at",
                                            "lead_id"]), events=shown)
    assert b.events == [MERGER]                                # HĐND's conference: not on the committee's view
    text = [blk.text for blk in document_of(b, with_charts=False).blocks]
    assert "01/07/2025: Hợp nhất ba Đảng bộ" in text

