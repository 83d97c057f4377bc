"""The office's due lists at their boundary days, the data-health rules on hand-made records (the SQL run
on tables written in the test), the score, who sees people, and the page for three roles."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest
from apptest import signed_app

from dangbo import config, vocab
from dangbo.access.accounts import Account
from dangbo.office import due, health
from dangbo.outputs import office as show
from dangbo.query.runner import load_query
from dangbo.query.scope import Scope
from dangbo.ui.office import may_see_people

D = date


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert due.add_months(D(2025, 12, 2), 12) == D(2026, 12, 2)
    assert due.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert due.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert due.add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)


def _members(*admitted):
    return pd.DataFrame({"member_id": [f"M{i}" for i in range(len(admitted))], "admitted_on": list(admitted),
                         "grassroots_id": "VPTU", "cell_id": "VPTU-01", "is_demo": False})


@pytest.mark.parametrize("on, expected", [
    (D(2026, 12, 2), due.PROBATION_30),      # the twelve months end today: not yet overdue
    (D(2026, 12, 3), due.PROBATION_OVERDUE),  # the day after
    (D(2026, 11, 2), due.PROBATION_30),      # 30 days ahead
    (D(2026, 11, 1), due.PROBATION_60),      # 31 days ahead
    (D(2026, 10, 3), due.PROBATION_60),      # 60 days ahead
    (D(2026, 10, 2), None),                  # 61 days ahead: on no list
])
def test_probation_lists_at_their_boundaries(on, expected):
    lists = due.probation(_members(D(2025, 12, 2)), on)
    found = [k for k, df in lists.items() if len(df)]
    assert found == ([expected] if expected else [])
    if expected:
        assert lists[expected].due_on.iloc[0] == D(2026, 12, 2)


def test_candidates_waiting_after_the_class():
    c = pd.DataFrame({"candidate_id": ["Q1", "Q2"], "class_completed_on": [D(2026, 6, 2), D(2026, 6, 3)],
                      "grassroots_id": "BAO", "cell_id": "BAO-01", "stage": "Đã học lớp nhận thức về Đảng",
                      "is_demo": False})
    assert due.waiting_candidates(c, D(2026, 12, 2), 6).empty                       # exactly six months
    got = due.waiting_candidates(c, D(2026, 12, 3), 6)
    assert list(got.candidate_id) == ["Q1"] and got.waited_days.iloc[0] == 184


def test_old_data_and_the_rated_year():
    by_org = {"A": D(2026, 9, 3), "B": D(2026, 9, 2), "C": D(2026, 12, 1)}
    assert list(due.old_data(by_org, D(2026, 12, 2), 90).grassroots_id) == ["B"]      # 91 days; A is 90
    assert due.last_rated_year(D(2026, 12, 2)) == 2025 and due.last_rated_year(D(2027, 1, 1)) == 2026


# ---------------------------------------------------------------- the SQL on hand-made records

MEMBERS = pd.DataFrame([
    # member_no, member_id, cell, birth_year, gender, admitted, official, left, ethnicity
    (1, "OK-1", "C1", 1990, "Nữ", D(2015, 3, 1), D(2016, 3, 1), None, "Kinh"),
    (2, "MISS", "C1", 1991, "Nam", D(2016, 3, 1), D(2017, 3, 1), None, None),          # a field missing
    (3, "YOUNG", "C1", 2000, "Nam", D(2016, 3, 1), D(2017, 3, 1), None, "Kinh"),       # 16 at admission
    (4, "DUP-A", "C2", 1985, "Nữ", D(2019, 5, 5), D(2020, 5, 5), None, "Kinh"),
    (5, "DUP-B", "C2", 1985, "Nữ", D(2019, 5, 5), D(2020, 5, 5), None, "Kinh"),        # same as DUP-A
    (6, "PROB", "C2", 1995, "Nam", D(2025, 10, 1), None, None, "Kinh"),                 # past 12 months
    (7, "GONE", "C2", 1960, "Nam", D(2000, 1, 1), D(2001, 1, 1), D(2024, 1, 1), None),  # left: not counted
    (8, "NEW", "C1", 1998, "Nữ", D(2026, 2, 1), None, None, "Kinh"),                    # not due a 2025 rating
], columns=["member_no", "member_id", "cell_id", "birth_year", "gender", "admitted_on", "official_on", "left_on",
            "ethnicity"]).assign(predecessor_id="CT", grassroots_id="G1", religion="Không", education="Đại học",
                                 theory_level="Trung cấp", is_demo=False)
RATED_2025 = [1, 2, 3, 4, 5]            # PROB (admitted 10/2025) has no 2025 rating


def _run_sql(name: str, **params) -> pd.DataFrame:
    con = duckdb.connect()
    con.register("members", MEMBERS)
    con.register("member_ratings", pd.DataFrame({"member_no": RATED_2025, "year": 2025}))
    scope = Scope(("CT",), ("G1",), D(2020, 1, 1), D(2026, 11, 20))
    q = load_query(name)
    given = scope.params() | params
    return con.execute(q.sql, {p: given[p] for p in q.params}).df()


def test_health_records_flag_each_problem_on_hand_made_records():
    got = _run_sql("health_records")
    flags = {(r.member_id, r.problem) for r in got.itertuples()}
    assert flags == {("MISS", "missing"), ("YOUNG", "failing"), ("DUP-A", "duplicate"), ("DUP-B", "duplicate"),
                     ("PROB", "overdue"), ("PROB", "unrated")}
    members = {"G1": 7}                                     # GONE left in 2024
    t = health.table(got, members, {"G1": D(2026, 11, 20)}, D(2026, 12, 2), 90).iloc[0]
    assert (t.missing, t.failing, t.duplicate, t.overdue, t.unrated, t.with_problem) == (1, 1, 2, 1, 1, 5)
    assert t.score == round(100 * 2 / 7, 1)


def test_probation_query_on_hand_made_records():
    got = _run_sql("due_probation")
    assert list(got.member_id) == ["PROB", "NEW"]
    lists = due.probation(got, D(2026, 12, 2))
    assert list(lists[due.PROBATION_OVERDUE].member_id) == ["PROB"] and lists[due.PROBATION_30].empty


def test_the_score_and_its_penalty():
    assert health.score(10, 0, 90, 90) == 100 and health.score(10, 0, 91, 90) == 90
    assert health.score(0, 0, 0, 90) == 100 and health.score(4, 4, 200, 90) == 0
    assert health.score(3, 1, 0, 90) == 66.7


# ---------------------------------------------------------------- who sees people

def _acc(role, orgs=None):
    return Account("u", role, None, orgs, None, None, False, False, True)


@pytest.mark.parametrize("role, sees", [("lanh-dao", True), ("ubkt", True), ("co-so", True), ("van-phong", False),
                                        ("quan-tri", False)])
def test_personal_details_follow_the_case_lists_rule(role, sees):
    acc = _acc(role, ("HDND",) if role == "co-so" else None)
    assert may_see_people(acc) is sees
    rows = due.probation(_members(D(2025, 11, 1)), D(2026, 12, 2))[due.PROBATION_OVERDUE]
    shown = show.due_table(due.PROBATION_OVERDUE, rows, {"VPTU": "Văn phòng"}, may_see_people(acc))
    assert (shown.member_id.iloc[0] == "M0") is sees and (shown.member_id.iloc[0] == show.MASK) is not sees


def _page(username: str):
    at = signed_app(username)
    at.run()
    at.switch_page("pages/viec_den_han.py")
    at.run()
    assert not at.exception, at.exception
    return at, " ".join(str(d.value.to_dict()) for d in at.dataframe)


def test_the_page_for_a_leader_the_office_and_a_grassroots_account(data_root):
    at, text = _page("lanhdao")
    assert "DEMO-" in text and show.MASK not in text
    tiles = {m.label: m.value for m in at.metric}
    assert set(tiles) == set(vocab.DUE_TILES.values())
    _, text = _page("vanphong")
    assert show.MASK in text and "DEMO-0" not in text
    at, text = _page("hdnd")
    scores = next(d.value for d in at.dataframe if "Điểm" in d.value.columns)
    assert set(scores["Tổ chức cơ sở đảng"]) == {"Đảng bộ Hội đồng nhân dân thành phố"}   # its own only
    assert "Văn phòng Thành ủy" not in text


def test_the_briefing_carries_the_due_lists(database, all_orgs, snapshot):
    from dangbo.briefing.content import build
    from dangbo.briefing.report import document_of
    scope = Scope(config.PREDECESSOR_IDS, all_orgs, D(2026, 1, 1), D(2026, 11, 20))
    b = build(database.run, scope, D(2026, 11, 20), snapshot, description="toàn Đảng bộ", subject="toàn Đảng bộ",
              today=D(2026, 12, 2))
    lists = due.compute(database.run, scope, D(2026, 11, 20), D(2026, 12, 2), snapshot.dates(all_orgs).by_org)
    c = lists.counts()
    assert f"{c[due.PROBATION_OVERDUE]} đảng viên dự bị đã hết 12 tháng" in b.due_line
    assert "chưa có xếp loại năm 2025" in b.due_line
    blocks = document_of(b, with_charts=False).blocks
    first = [blk.text for blk in blocks[: next(i for i, x in enumerate(blocks) if x.text.startswith("II."))]]
    assert b.due_line in first                                    # in the first section
