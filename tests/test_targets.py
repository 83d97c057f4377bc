"""Target evaluation: every comparator at its boundary, pace and projection on constructed histories,
the 2025-2030 evaluation on the shipped data, and each 2020-2025 annex row published vs recomputed."""
from __future__ import annotations

from datetime import date

import pytest

from dangbo import config
from dangbo.query.scope import Scope
from dangbo.targets import annex, tracking
from dangbo.targets import rules as targets
from dangbo.targets.rules import Pace
from dangbo.vocab import CHUA_DAT, CHUA_DAT_TIEN_DO, DAT, DAT_TIEN_DO, NO_DATA, VUOT


@pytest.mark.parametrize("value, comparator, threshold, expected", [
    (98.0, ">=", 98, DAT), (97.99, ">=", 98, CHUA_DAT), (98.01, ">=", 98, VUOT),     # at least 98%
    (90.0, ">", 90, CHUA_DAT), (90.01, ">", 90, VUOT),                              # above 90%
    (1.0, "<=", 1, DAT), (1.01, "<=", 1, CHUA_DAT), (0.5, "<=", 1, VUOT),            # at most 1%
    (1.0, "<", 1, CHUA_DAT), (0.99, "<", 1, VUOT),                                   # under 1%
    (100.0, ">=", 100, DAT), (99.99, ">=", 100, CHUA_DAT),                            # 100% targets
    (30, ">=", 30, DAT), (29, ">=", 30, CHUA_DAT),
    (None, ">=", 98, NO_DATA), (float("nan"), ">=", 98, NO_DATA),
])
def test_boundaries(value, comparator, threshold, expected):
    assert targets.finished_status(value, comparator, threshold) == expected


def test_ratings_and_qualitative():
    need = "Hoàn thành tốt nhiệm vụ"
    f = targets.finished_status
    assert f(None, "rating_at_least", None, rating="Hoàn thành tốt nhiệm vụ", threshold_rating=need) == DAT
    assert f(None, "rating_at_least", None, rating="Hoàn thành xuất sắc nhiệm vụ", threshold_rating=need) == VUOT
    assert f(None, "rating_at_least", None, rating="Hoàn thành nhiệm vụ", threshold_rating=need) == CHUA_DAT
    assert f(None, "rating_at_least", None, rating=None, threshold_rating=need) == NO_DATA
    assert f(None, "qualitative", None, qualitative_met=True) == DAT
    assert f(None, "qualitative", None, qualitative_met=False) == CHUA_DAT
    assert f(None, "qualitative", None) == NO_DATA


def test_running_year():
    assert targets.running_status(15.0, ">=", 15, 0.4) == DAT
    assert targets.running_status(7.7, ">=", 15, 0.5) == DAT_TIEN_DO       # 7,7 >= 15 x 0,5
    assert targets.running_status(7.7, ">=", 15, 0.9) == CHUA_DAT_TIEN_DO
    assert targets.running_status(None, ">=", 15, 0.9) == NO_DATA


def test_worst_of_parts():
    assert targets.worst([VUOT, DAT, CHUA_DAT_TIEN_DO]) == CHUA_DAT_TIEN_DO
    assert targets.worst([VUOT, NO_DATA]) == VUOT
    assert targets.worst([NO_DATA, NO_DATA]) == NO_DATA


TERM = config.TERM_BY_ID["2025-2030"]


def _pace(cumulative, as_of):
    elapsed, total = targets.term_fraction(TERM, as_of)
    return Pace(cumulative, 30, elapsed, total)


def test_pace_ahead_behind_and_none_yet():
    ahead = _pace(16, date(2026, 11, 20))               # 1,39 years of 5: pace 8,3
    assert round(ahead.pace_value, 1) == 8.3 and ahead.status() == DAT_TIEN_DO
    assert round(ahead.projection) == 58 and round(ahead.needed_per_year, 2) == round(14 / ahead.remaining_years, 2)
    behind = _pace(5, date(2027, 12, 31))               # 2,5 years: pace 15
    assert behind.status() == CHUA_DAT_TIEN_DO and round(behind.projection) == 10
    assert round(behind.needed_per_year, 1) == 10.0      # 25 more in 2,5 years
    nothing = _pace(0, date(2025, 6, 30))               # before the term starts
    assert nothing.elapsed_years == 0 and nothing.projection is None and nothing.status() == NO_DATA
    met = _pace(31, date(2027, 1, 1))
    assert met.status() == DAT and met.needed_per_year == 0
    assert _pace(31, date(2030, 6, 30)).status() == VUOT
    assert _pace(29, date(2030, 6, 30)).status() == CHUA_DAT and _pace(29, date(2030, 6, 30)).needed_per_year is None


def test_sentence_in_reports_phrasing():
    p = targets.PartResult("NQ25-5", "NQ25-5", "", "Kết nạp đảng viên trong nhiệm kỳ", ">=", 30, None,
                           "đảng viên", "term", "admissions_count", "DBCQD", pace=_pace(16, date(2026, 11, 20)))
    s = targets.sentence(p)
    assert s.startswith("Kết nạp đảng viên trong nhiệm kỳ: 16/30 đảng viên (đạt 53%)")
    assert "ước đạt 58" in s


# ---------------------------------------------------------------- on the shipped (demo) data

@pytest.fixture(scope="module")
def evaluation(database, all_orgs):
    return {t.item_id: t for t in tracking.evaluate(database.run, Scope(config.PREDECESSOR_IDS, all_orgs, date(2026, 11, 20), date(2026, 11, 20)), date(2026, 11, 20), database.snapshot.id)}


def test_shipped_statuses(evaluation):
    got = {k: t.status_words for k, t in evaluation.items()}
    assert got == {
        "NQ25-1": VUOT, "NQ25-2": DAT, "NQ25-3": CHUA_DAT, "NQ25-4": DAT, "NQ25-5": DAT_TIEN_DO,
        "NQ25-6": CHUA_DAT, "NQ25-7": "Có nguy cơ", "NQ25-8": NO_DATA,
        "HD-1": VUOT, "HD-2": DAT, "HD-3": DAT, "HD-4": CHUA_DAT, "HD-5": DAT, "HD-6": DAT, "HD-7": CHUA_DAT,
    }
    nq5 = evaluation["NQ25-5"].parts[0]
    assert nq5.pace.cumulative == 16 and nq5.computed and nq5.is_demo
    nq7 = {p.indicator_id: p for p in evaluation["NQ25-7"].parts}
    assert [v.value for v in nq7["NQ25-7a"].values] == [15.38, 23.08]     # 2/13, 3/13
    assert nq7["NQ25-7b"].values[-1].numerator == 1 and nq7["NQ25-7b"].values[-1].running
    assert not evaluation["NQ25-8"].parts[0].computed


def test_composite_parts(evaluation):
    assert [p.indicator_id for p in evaluation["NQ25-3"].parts] == ["NQ25-3a", "NQ25-3b", "NQ25-3c"]
    assert [p.indicator_id for p in evaluation["NQ25-6"].parts] == ["NQ25-6a", "NQ25-6b"]
    assert [p.indicator_id for p in evaluation["NQ25-7"].parts] == ["NQ25-7a", "NQ25-7b"]


def test_unit_drill_down(database, all_orgs):
    st = {t.item_id: t for t in tracking.evaluate(database.run, Scope(("ST",), all_orgs, date(2026, 11, 20), date(2026, 11, 20)), date(2026, 11, 20), "x")}
    assert st["NQ25-5"].parts[0].pace.cumulative < 16


# ---------------------------------------------------------------- 2020-2025: published vs recomputed, every row
ANNEX = {  # item: (published normalised, recomputed, flagged)
    "PL1-1": ("Đạt", None, True), "PL1-2": ("Gần đạt", "Gần đạt", False), "PL1-3": ("Vượt", "Vượt", False),
    "PL1-4": (None, None, False), "PL1-5": (None, None, False), "PL1-6": ("Vượt", "Vượt", False),
    "PL1-7": (None, None, False), "PL1-8": ("Vượt", "Đạt", True), "PL1-9": ("Đạt", "Gần đạt", True),
    "PL2-1": ("Vượt", "Đạt", True), "PL2-2": ("Vượt", "Vượt", False), "PL2-3": ("Đạt", "Đạt", False),
    "PL2-4": ("Vượt", "Vượt", False), "PL2-5": ("Vượt", "Vượt", False), "PL2-6": ("Vượt", "Vượt", True),
    "PL3-1": ("Đạt", "Đạt", False), "PL3-2": ("Vượt", "Đạt", True), "PL3-3": ("Đạt", "Đạt", False),
    "PL3-4": ("Vượt", "Vượt", False), "PL3-5": ("Vượt", "Vượt", False), "PL3-6": ("Đạt", "Đạt", False),
}


@pytest.fixture(scope="module")
def recomputed(database, term1):
    return annex.recompute_annex(database.run("annex_results", term1)).set_index("item_id")


@pytest.mark.parametrize("item", sorted(ANNEX))
def test_annex_row_published_vs_recomputed(recomputed, item):
    published, again, flagged = ANNEX[item]
    r = recomputed.loc[item]
    assert (r.assessment_norm if isinstance(r.assessment_norm, str) else None) == published
    assert (r.recomputed if isinstance(r.recomputed, str) else None) == again
    assert bool(r.flagged) == flagged


def test_impossible_share_is_flagged(recomputed):
    assert "trên 100%" in recomputed.loc["PL2-6", "notes"]
    assert recomputed.loc["PL1-9", "differs"] and "khác với kết quả tính lại" in recomputed.loc["PL1-9", "notes"]


def test_near_miss_setting():
    assert annex.recompute_part(95, "trên", ">=", 100, None, "%") == "Gần đạt"
    assert annex.recompute_part(94.9, None, ">=", 100, None, "%") == "Chưa đạt"
    assert annex.recompute_part(285, None, ">=", 300, None, "đảng viên") == "Gần đạt"     # 5% short
    assert annex.recompute_part(284, None, ">=", 300, None, "đảng viên") == "Chưa đạt"
