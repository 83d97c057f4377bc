"""The action programme: occurrences and the status rules at their boundary dates, quotas (proposal,
balance, standing), the report store's rules (who may report, evidence, durability, two units at once),
bad programme and quota files refused where they are wrong, edits in the app published as imports,
and the briefing naming the late items."""
from __future__ import annotations

import math
import subprocess
import sys
import threading
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangbo import config, store
from dangbo import schedule as plan
from dangbo.access.accounts import Account
from dangbo.access.audit import AuditLog
from dangbo.ingest import edits
from dangbo.ingest.spec import catalog
from dangbo.ingest.validate import check
from dangbo.programme import quotas, reports, tracking
from dangbo.query.runner import Confined, Database
from dangbo.query.scope import Grant, Scope
from dangbo.sources import programme as demo_programme

D = date


START, DUE = D(2026, 1, 1), D(2026, 3, 31)


def _item(rec="once", start=START, due=DUE, item_id="X-1"):
    return pd.DataFrame([{"item_id": item_id, "recurrence": rec, "starts_on": start, "due_on": due, "lead_id": "VPTU",
                          "is_demo": False}])


def _reps(*rows):
    return pd.DataFrame([{"item_id": "X-1", "period": p, "reported_on": d, "percent": pct, "at": float(i)}
                         for i, (p, d, pct) in enumerate(rows)], columns=plan.REPORT_COLUMNS)


def _status(on, *rows, **kw):
    items, _ = plan.evaluate(_item(**kw), _reps(*rows), on)
    return items.status.iloc[0]


# ---------------------------------------------------------------- occurrences and status rules

def test_occurrences_of_each_recurrence():
    assert plan.occurrences("a", "once", D(2026, 1, 5), D(2026, 2, 1)) == [plan.Occurrence("a", "", D(2026, 1, 5),
                                                                                         D(2026, 2, 1))]
    q = plan.occurrences("a", "quarterly", D(2026, 2, 15), D(2030, 6, 30))
    assert len(q) == 18 and q[0] == plan.Occurrence("a", "2026-Q1", D(2026, 2, 15), D(2026, 3, 31))
    assert q[-1] == plan.Occurrence("a", "2030-Q2", D(2030, 4, 1), D(2030, 6, 30))
    assert all(b.starts_on == a.due_on + timedelta(days=1) for a, b in zip(q, q[1:], strict=False))
    y = plan.occurrences("a", "yearly", D(2025, 9, 1), D(2030, 6, 30))
    assert [o.period for o in y] == ["2025", "2026", "2027", "2028", "2029", "2030"]
    assert y[0].starts_on == D(2025, 9, 1) and y[-1].due_on == D(2030, 6, 30) and y[1].due_on == D(2026, 12, 31)


def test_status_before_start_and_the_silence_rule():
    year = {"due": D(2026, 12, 31)}           # a long period: 30 days are not yet behind the time gone
    assert _status(D(2025, 12, 31), **year) == plan.CHUA_DEN_HAN
    assert _status(D(2026, 1, 1), **year) == plan.DUNG_TIEN_DO
    assert _status(D(2026, 1, 31), **year) == plan.DUNG_TIEN_DO          # 30 days without a report: on time
    assert _status(D(2026, 2, 1), **year) == plan.CHAM                   # 31 days: behind
    # a report restarts the count
    assert _status(D(2026, 2, 20), ("", D(2026, 1, 21), 40)) == plan.DUNG_TIEN_DO
    assert _status(D(2026, 2, 21), ("", D(2026, 1, 21), 40)) == plan.CHAM


def test_status_behind_the_time_gone_at_the_boundary():
    on = D(2026, 2, 14)
    occ = plan.occurrences("X-1", "once", D(2026, 1, 1), D(2026, 3, 31))[0]
    need = math.ceil(plan.expected_percent(occ, on) - plan.BEHIND_POINTS)      # 44/89 of the time gone
    assert need == 25
    assert _status(on, ("", D(2026, 2, 10), need)) == plan.DUNG_TIEN_DO
    assert _status(on, ("", D(2026, 2, 10), need - 1)) == plan.CHAM


def test_deadline_day_late_and_done_on_or_after_it():
    assert _status(D(2026, 3, 31), ("", D(2026, 3, 20), 90)) == plan.DUNG_TIEN_DO
    assert _status(D(2026, 4, 1), ("", D(2026, 3, 20), 90)) == plan.QUA_HAN
    assert _status(D(2026, 4, 1), ("", D(2026, 3, 31), 100)) == plan.XONG_DUNG_HAN
    assert _status(D(2026, 4, 2), ("", D(2026, 4, 1), 100)) == plan.XONG_TRE_HAN
    # a report after the day asked about does not count yet
    assert _status(D(2026, 3, 30), ("", D(2026, 3, 31), 100)) in (plan.DUNG_TIEN_DO, plan.CHAM)
    # a later report below 100% undoes "done"; done again, the day of the latest run of 100% counts
    assert _status(D(2026, 4, 10), ("", D(2026, 3, 30), 100), ("", D(2026, 4, 2), 80)) == plan.QUA_HAN
    assert _status(D(2026, 4, 10), ("", D(2026, 3, 30), 100), ("", D(2026, 4, 2), 80),
                   ("", D(2026, 4, 5), 100)) == plan.XONG_TRE_HAN


def test_a_recurring_item_is_late_while_any_period_is():
    kw = {"rec": "quarterly", "start": D(2026, 1, 1), "due": D(2026, 12, 31)}
    assert _status(D(2026, 5, 10), ("2026-Q2", D(2026, 5, 1), 40), **kw) == plan.QUA_HAN       # Q1 never done
    assert _status(D(2026, 5, 10), ("2026-Q1", D(2026, 3, 30), 100), ("2026-Q2", D(2026, 5, 1), 40),
                   **kw) == plan.DUNG_TIEN_DO
    items, occ = plan.evaluate(_item(**kw), _reps(("2026-Q1", D(2026, 3, 30), 100)), D(2026, 5, 10))
    assert items.period.iloc[0] == "2026-Q2" and items.done.iloc[0] == 1 and items.occurrences.iloc[0] == 4
    assert list(plan.due_within(occ, D(2026, 5, 31)).period) == ["2026-Q2"]     # 30 days ahead: within
    assert list(plan.due_within(occ, D(2026, 5, 30)).period) == []              # 31 days ahead: not yet


def test_the_demo_programme_shows_every_status():
    items = demo_programme.demo_items()
    reps = demo_programme.demo_reports(D(2026, 11, 20))
    got, _ = plan.evaluate(items, reps, D(2026, 12, 2))
    assert set(got.status) == set(plan.STATUSES) - {plan.CHUA_DEN_HAN} or set(got.status) == set(plan.STATUSES)
    assert reps.is_demo.all() and items.is_demo.all()
    assert (reps.percent.between(0, 100)).all() and reps.item_id.isin(items.item_id).all()


# ---------------------------------------------------------------- quotas

@given(total=st.integers(0, 500), weights=st.dictionaries(st.text("ABCDEFGH", min_size=1, max_size=3),
                                                          st.integers(1, 10_000), min_size=1, max_size=13))
def test_largest_remainder_adds_up(total, weights):
    split = quotas.largest_remainder(total, {k: float(v) for k, v in weights.items()})
    assert sum(split.values()) == total and set(split) == set(weights)
    s = sum(weights.values())
    assert all(abs(split[k] - total * w / s) < 1 for k, w in weights.items())


def test_term_years_cover_the_term():
    years = quotas.term_years()
    assert list(years) == [2025, 2026, 2027, 2028, 2029, 2030]
    assert sum(years.values()) == (config.CURRENT_TERM.ends_on - config.CURRENT_TERM.starts_on).days + 1


@pytest.fixture(scope="module")
def q(database, all_orgs):
    run = database.run
    scope = Scope(config.PREDECESSOR_IDS, all_orgs, config.CURRENT_TERM.starts_on, D(2026, 11, 20))
    return tracking.follow_quotas(run, scope, D(2026, 11, 20), all_orgs)


def test_quotas_are_proposed_by_rule_and_adjusted(q, database):
    weights = database.run("quota_weights", units=list(config.PREDECESSOR_IDS), day=quotas.term_start_members_day())
    adm = q.assigned[q.assigned.indicator_id == "NQ25-5"]
    per_org = adm.groupby("grassroots_id").proposed.sum()
    expected = quotas.largest_remainder(30, dict(zip(weights.grassroots_id, weights.members.astype(float),
                                                     strict=True)))
    expected["HDND"] = max(expected["HDND"], 2)                 # the People's Council's own target (HD-5)
    assert per_org.to_dict() == {k: float(v) for k, v in expected.items()}
    # the demo adjusts VPTU's 2027 quota to 3 with a reason: the total differs and says by how much
    row = adm[(adm.grassroots_id == "VPTU") & (adm.year == 2027)].iloc[0]
    assert row.adjusted and row.quota == 3 and "demo" in row.reason
    total = float(adm.quota.sum())
    bal = q.balance.set_index("indicator_id").loc["NQ25-5"]
    assert bal.assigned == total and bal.difference == total - 30
    from dangbo.outputs.programme import balance_sentences
    sentences = balance_sentences(q)
    if total != 30:
        assert any(f"{'vượt' if total > 30 else 'thiếu'} {abs(total - 30):g}" in s for s in sentences)
    # share targets: every organisation, every year, the committee's threshold unless adjusted
    share = q.assigned[q.assigned.indicator_id == "NQ25-3a"]
    assert len(share) == len(weights) * 6 and (share[~share.adjusted].quota == 95).all()
    assert share[share.adjusted][["grassroots_id", "year", "quota"]].values.tolist() == [["TAND", 2026, 97.0]]


def test_standing_against_the_quota():
    targets = pd.DataFrame([{"indicator_id": "NQ25-5", "measure": "admissions_count", "comparator": ">=",
                             "threshold": 30.0}])
    assigned = pd.DataFrame([{"indicator_id": "NQ25-5", "grassroots_id": "A", "year": y, "quota": float(n),
                              "adjusted": False, "is_demo": False, "proposed": float(n), "reason": ""}
                             for y, n in [(2025, 0), (2026, 2), (2027, 1)]])
    measured = pd.DataFrame([{"measure": "admissions", "grassroots_id": "A", "year": 2026, "numerator": 1,
                              "denominator": None}])
    s = quotas.standing(assigned, targets, measured, D(2026, 12, 31)).iloc[0]
    assert s.due_so_far == 2 and s.result == 1 and s.status == quotas.BEHIND
    s = quotas.standing(assigned, targets, measured, D(2026, 6, 30)).iloc[0]      # 181/365 of 2 = 0,99 -> 0 due
    assert s.status == quotas.ON_PACE
    measured.loc[0, "numerator"] = 3
    assert quotas.standing(assigned, targets, measured, D(2026, 6, 30)).iloc[0].status == quotas.MET


# ---------------------------------------------------------------- who may report, and the report store

def _acc(role, orgs=None, name="u", disabled=False):
    return Account(name, role, None, orgs, None, None, disabled, False, True)


LEADS = ["VPTU", "BAO", "HDND", "MTTQ", config.COMMITTEE]


@settings(max_examples=60, deadline=None)
@given(role=st.sampled_from(["lanh-dao", "ubkt", "co-so", "van-phong", "quan-tri"]),
       orgs=st.lists(st.sampled_from(LEADS[:-1]), min_size=1, max_size=3, unique=True), lead=st.sampled_from(LEADS))
def test_no_account_reports_on_another_units_items(role, orgs, lead):
    acc = _acc(role, tuple(orgs) if role == "co-so" else None)
    allowed = reports.may_report(acc, lead)
    if role == "co-so":
        assert allowed == (lead in orgs)
    elif role in ("van-phong", "quan-tri"):
        assert allowed == (lead == config.COMMITTEE)
    else:
        assert not allowed
    assert not reports.may_report(_acc(role, tuple(orgs) if role == "co-so" else None, disabled=True), lead)


@pytest.fixture()
def rstore(tmp_path):
    return reports.ReportStore(path=tmp_path / "access.db")


ITEM = {"item_id": "CT-1", "lead_id": "VPTU", "recurrence": "quarterly", "starts_on": D(2026, 1, 1),
        "due_on": D(2026, 12, 31)}
TODAY = D(2026, 12, 2)


def test_the_store_refuses_what_cannot_be_kept(rstore):
    vptu, bao = _acc("co-so", ("VPTU",), "vptu"), _acc("co-so", ("BAO",), "bao")
    ok = dict(period="2026-Q4", reported_on=D(2026, 11, 30), percent=40, today=TODAY)
    with pytest.raises(reports.ReportError, match="chỉ đơn vị chủ trì"):
        rstore.add(bao, ITEM, **ok)
    with pytest.raises(reports.ReportError, match="không phải một kỳ"):
        rstore.add(vptu, ITEM, **(ok | {"period": "2027-Q1"}))
    with pytest.raises(reports.ReportError, match="không sau hôm nay"):
        rstore.add(vptu, ITEM, **(ok | {"reported_on": D(2026, 12, 3)}))
    with pytest.raises(reports.ReportError, match="trước ngày bắt đầu của kỳ"):
        rstore.add(vptu, ITEM, **(ok | {"reported_on": D(2026, 9, 30)}))
    with pytest.raises(reports.ReportError, match="từ 0 đến 100"):
        rstore.add(vptu, ITEM, **(ok | {"percent": 101}))
    with pytest.raises(reports.ReportError, match="cần minh chứng"):
        rstore.add(vptu, ITEM, **(ok | {"percent": 100}))
    with pytest.raises(reports.ReportError, match="tối đa 5 MB"):
        rstore.add(vptu, ITEM, **ok, evidence=reports.Evidence("bc.pdf", b"x" * (reports.MAX_EVIDENCE_BYTES + 1)))
    with pytest.raises(reports.ReportError, match="không thuộc loại"):
        rstore.add(vptu, ITEM, **ok, evidence=reports.Evidence("bc.exe", b"MZ"))
    assert rstore.frame().empty                                    # nothing kept by a refusal
    row = rstore.add(vptu, ITEM, **(ok | {"percent": 100}), evidence=reports.Evidence("bc.pdf", b"%PDF-1.4 ..."))
    kept = rstore.frame()
    assert list(kept.report_id) == [row["report_id"]] and kept.evidence_name.iloc[0] == "bc.pdf"
    assert rstore.evidence(row["report_id"]).data == b"%PDF-1.4 ..."


def test_two_units_reporting_at_once_are_both_kept(tmp_path):
    path = tmp_path / "access.db"
    reports.ReportStore(path=path)
    items = {u: dict(ITEM, item_id=f"CT-{u}", lead_id=u) for u in ("VPTU", "BAO")}
    errors, barrier = [], threading.Barrier(8)

    def one(unit, n):
        try:
            barrier.wait()
            reports.ReportStore(path=path).add(_acc("co-so", (unit,), unit.lower()), items[unit], period="2026-Q4",
                                               reported_on=D(2026, 11, 30), percent=10 * n, today=TODAY)
        except Exception as e:  # noqa: BLE001 - any failure fails the test below
            errors.append(e)
    threads = [threading.Thread(target=one, args=(u, n)) for n in range(4) for u in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kept = reports.ReportStore(path=path).frame()
    assert errors == [] and len(kept) == 8 and kept.groupby("lead_id").size().to_dict() == {"BAO": 4, "VPTU": 4}


KILL_SCRIPT = """
import sys
from datetime import date
from dangbo.access.accounts import Account
from dangbo.programme.reports import ReportStore
acc = Account("vptu", "co-so", None, ("VPTU",), None, None, False, False, True)
item = {"item_id": "CT-1", "lead_id": "VPTU", "recurrence": "once", "starts_on": date(2026, 1, 1),
        "due_on": date(2026, 12, 31)}
row = ReportStore(path=sys.argv[1]).add(acc, item, period="", reported_on=date(2026, 11, 30), percent=55,
                                        today=date(2026, 12, 2))
print("ACK", row["report_id"], flush=True)
import time
time.sleep(60)
"""


def test_kill_9_right_after_the_acknowledgement_loses_nothing(tmp_path):
    path = tmp_path / "access.db"
    reports.ReportStore(path=path)
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(path)], stdout=subprocess.PIPE, text=True,
                            cwd=config.ROOT)
    line = proc.stdout.readline()
    proc.kill()                                   # SIGKILL the moment the report is acknowledged
    proc.wait()
    assert line.startswith("ACK ")
    kept = reports.ReportStore(path=path).frame()
    assert list(kept.report_id) == [line.split()[1]] and kept.percent.iloc[0] == 55


# ---------------------------------------------------------------- what a scope sees

def test_followed_for_a_grassroots_account_is_its_own(database, all_orgs):
    mttq = Confined(database, Grant(None, ("MTTQ",)))
    scope = Scope(config.PREDECESSOR_IDS, all_orgs, config.CURRENT_TERM.starts_on, D(2026, 11, 20))
    f = tracking.follow(lambda n, s, **p: mttq.run(n, s, **p), scope, reports.ReportStore(
        path=config.data_dir() / "access" / "access.db").frame().head(0), TODAY)
    assert set(f.items.lead_id) <= {"MTTQ"} | set(f.items[f.items.support_ids.str.contains("MTTQ")].lead_id)
    assert set(f.reports.item_id) <= set(f.items.item_id)
    whole = Confined(database, Grant())
    everything = tracking.follow(lambda n, s, **p: whole.run(n, s, **p), scope, f.reports.head(0), TODAY)
    assert len(everything.items) == len(demo_programme.demo_items())          # the committee's own items too
    counts = tracking.committee_counts(lambda n, s, **p: mttq.run(n, s, **p), scope, f.reports.head(0), TODAY)
    assert sum(counts.values()) == len(everything.items)                      # the committee's totals


# ---------------------------------------------------------------- bad programme and quota files

def _row(**kw):
    base = {"item_id": "CT-01", "parent_id": "NV4", "title": "Kế hoạch kết nạp đảng viên", "lead_id": "VPTU",
            "support_ids": "BAO", "starts_on": D(2026, 1, 1), "due_on": D(2026, 12, 31), "recurrence": "Hằng năm",
            "product": "Kế hoạch", "indicator_id": "NQ25-5"}
    return base | kw


def _quota(**kw):
    return {"indicator_id": "NQ25-5", "grassroots_id": "VPTU", "year": 2027, "quota": 4, "reason": "Nhiều nguồn"} | kw


@pytest.fixture(scope="module")
def cat(database):
    return catalog(database)


BAD = [
    ("unknown task", "chuong_trinh", [_row(parent_id="NV9")], 2, "Thuộc", "danh mục"),
    ("unknown lead unit", "chuong_trinh", [_row(lead_id="SOXD")], 2, "Đơn vị chủ trì", "danh mục"),
    ("unknown supporting unit", "chuong_trinh", [_row(support_ids="BAO, SOXD")], 2, "Đơn vị phối hợp", "danh mục"),
    ("deadline before start", "chuong_trinh", [_row(due_on=D(2025, 12, 31))], 2, "Thời hạn", "không được trước"),
    ("duplicate item", "chuong_trinh", [_row(), _row(title="Khác")], 3, "Mã công việc", "trùng"),
    ("recurrence beyond the term", "chuong_trinh", [_row(due_on=D(2030, 12, 31))], 2, "Thời hạn", "30/06/2030"),
    ("start before the merger", "chuong_trinh", [_row(starts_on=D(2025, 6, 1))], 2, "Ngày bắt đầu", "01/07/2025"),
    ("lead also supporting", "chuong_trinh", [_row(support_ids="VPTU")], 2, "Đơn vị phối hợp", "không đồng thời"),
    ("quota for an organisation outside the committee", "giao_chi_tieu", [_quota(grassroots_id="SOYT")], 2,
     "Mã tổ chức cơ sở đảng", "danh mục"),
    ("quota for a target not split", "giao_chi_tieu", [_quota(indicator_id="NQ25-1")], 2, "Mã chỉ tiêu", "danh mục"),
    ("quota year outside the term", "giao_chi_tieu", [_quota(year=2031)], 2, "Năm", "nhiệm kỳ 2025-2030"),
    ("share quota over 100", "giao_chi_tieu", [_quota(indicator_id="NQ25-3a", quota=120)], 2, "Chỉ tiêu giao",
     "0 đến 100"),
    ("count quota not whole", "giao_chi_tieu", [_quota(quota=2.5)], 2, "Chỉ tiêu giao", "số nguyên"),
    ("quota without a reason", "giao_chi_tieu", [_quota(reason="")], 2, "Lý do điều chỉnh", "bắt buộc"),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_a_bad_programme_or_quota_file_is_refused_where_it_is_wrong(cat, case):
    _, kind, rows, row, column, words = case
    frames, problems = check(edits.sheet_csv(kind, rows), "tep.csv", cat, TODAY)
    assert frames == {}
    assert any(p.row == row and p.column == column and words in p.expected for p in problems), problems


def test_a_good_programme_file_passes(cat):
    frames, problems = check(edits.sheet_csv("chuong_trinh", [_row(), _row(item_id="CT-02", recurrence="Một lần",
                                                                            indicator_id="", support_ids="")]),
                             "tep.csv", cat, TODAY)
    assert problems == [] and len(frames["chuong_trinh"]) == 2


# ---------------------------------------------------------------- edits in the app, published as imports

def test_the_office_edits_an_item_and_a_quota(scratch_root, monkeypatch):
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    db = Database(store.open_snapshot(root=scratch_root))
    cat, audit = catalog(db), AuditLog(path=scratch_root / "audit-test.jsonl")
    items = db.cursor().execute("select * from programme_items").df()
    upload, result = edits.save_item(items, _row(item_id="CT-THAT-01"), cat, by="vanphong", role="van-phong",
                                     audit=audit, today=TODAY, root=scratch_root)
    assert upload.problems == [] and result is not None and not result.unchanged
    after = Database(store.open_snapshot(root=scratch_root)).cursor().execute("select * from programme_items").df()
    assert list(after.item_id) == ["CT-THAT-01"] and not after.is_demo.any()     # the real item replaced the demo
    assert after.recurrence.iloc[0] == "yearly" and after.support_ids.iloc[0] == "BAO"
    # a refused edit changes nothing and says where
    upload, result = edits.save_item(after, _row(item_id="CT-THAT-02", lead_id="SOXD"), cat, by="vanphong",
                                     role="van-phong", audit=audit, today=TODAY, root=scratch_root)
    assert result is None and upload.problems[0].column == "Đơn vị chủ trì"
    upload, result = edits.adjust_quota(_quota(), cat, by="vanphong", role="van-phong", audit=audit, today=TODAY,
                                        root=scratch_root)
    assert result is not None
    quota = Database(store.open_snapshot(root=scratch_root)).run("target_quotas", units=["CT"])
    assert quota.to_dict("records") == [{"indicator_id": "NQ25-5", "grassroots_id": "VPTU", "year": 2027,
                                         "quota": 4.0, "reason": "Nhiều nguồn", "is_demo": False}]
    actions = [e["action"] for e in audit.entries()]
    assert actions == ["import", "publish", "import", "publish"]
    # the records' dates did not move: a programme is nobody's records
    snap = store.open_snapshot(root=scratch_root)
    assert snap.as_of == store.open_snapshot(snap.manifest["made_from"]["base"], root=scratch_root).as_of


# ---------------------------------------------------------------- the briefing names late items

def test_the_briefing_lists_late_items_and_status_changes(database, all_orgs, snapshot):
    from dangbo.briefing.content import build
    from dangbo.briefing.report import document_of
    scope = Scope(config.PREDECESSOR_IDS, all_orgs, D(2026, 1, 1), D(2026, 11, 20))
    empty = pd.DataFrame(columns=reports.COLUMNS)
    b = build(database.run, scope, D(2026, 11, 20), snapshot, description="toàn Đảng bộ", subject="toàn Đảng bộ",
              reports=empty, today=TODAY)
    assert any("CT-NV2-02" in a and "quá hạn từ 30/06/2026" in a for a in b.programme_alerts)
    record = b.record()
    assert record["items"]["CT-NV2-02"] == plan.QUA_HAN
    prev = {"record": {**record, "items": {**record["items"], "CT-NV2-02": plan.DUNG_TIEN_DO}},
            "created_at": "2026-11-01T00:00:00+00:00"}
    b2 = build(database.run, scope, D(2026, 11, 20), snapshot, description="toàn Đảng bộ", subject="toàn Đảng bộ",
               reports=empty, today=TODAY, previous=prev)
    assert "Công việc CT-NV2-02: từ “Đúng tiến độ” chuyển sang “Quá hạn”." in b2.changes
    text = " ".join(blk.text for blk in document_of(b2, with_charts=False).blocks)
    assert "CT-NV2-02" in text and "Chương trình hành động" in text


settings.register_profile("programme", suppress_health_check=[HealthCheck.function_scoped_fixture])
