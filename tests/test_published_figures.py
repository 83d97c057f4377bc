"""The query layer answers with the published figures, group by group.

Expected values are typed here from the documents (not read from the source files), so a wrong
transcription, a wrong generator or a wrong query all fail here.
"""
from __future__ import annotations

import math

import pytest
from conftest import scope_for

# Report, Phần I, mục I.2.5 and footnote 2.
DISCIPLINE = {("CT", "Cảnh cáo"): 1, ("CT", "Khiển trách"): 4,
              ("ST", "Khai trừ"): 2, ("ST", "Cảnh cáo"): 3, ("ST", "Khiển trách"): 3,
              ("HG", "Khai trừ"): 1, ("HG", "Cảnh cáo"): 2, ("HG", "Khiển trách"): 3}


def test_discipline_by_form_and_predecessor(database, term1):
    df = database.run("discipline_by_form", term1)
    got = df.groupby(["predecessor_id", "form"]).cases.sum().to_dict()
    assert got == DISCIPLINE
    by_form = df.groupby("form").cases.sum().to_dict()
    assert by_form == {"Khiển trách": 10, "Cảnh cáo": 6, "Khai trừ": 3}
    assert df.cases.sum() == 19


def test_letters_by_handling(database, term1):
    df = database.run("letters_by_handling", term1)
    assert df.letters.sum() == 15
    per = df.groupby("predecessor_id").letters.sum().to_dict()
    assert per == {"CT": 8, "ST": 4, "HG": 3}
    ct = df[df.predecessor_id == "CT"]
    assert ct[ct.handling == "Chuyển cấp ủy cơ sở xem xét giải quyết"].letters.sum() == 5
    assert ct[ct.is_anonymous].letters.sum() == 1
    assert ct[ct.is_impersonated].letters.sum() == 2
    st = df[df.predecessor_id == "ST"]
    assert st[st.handling == "Xem xét giải quyết"].letters.sum() == 1
    assert st[st.handling == "Chuyển cơ quan có thẩm quyền xem xét giải quyết"].letters.sum() == 3
    hg = df[df.predecessor_id == "HG"]
    assert hg[hg.handling == "Xem xét giải quyết"].letters.sum() == 3
    # Section I.2.5: 09 examined (01 discipline, 08 lessons drawn), 06 transferred.
    groups = df.groupby("handling_group").letters.sum().to_dict()
    assert groups == {"Xem xét, xử lý": 9, "Chuyển cơ quan có thẩm quyền": 6}
    outcomes = df.groupby("outcome").letters.sum().to_dict()
    assert outcomes == {"Kỷ luật": 1, "Kiểm điểm rút kinh nghiệm": 8}


def test_admissions_by_predecessor(database, term1):
    df = database.run("admissions_by_year", term1).groupby("predecessor_id").admissions.sum()
    assert df.to_dict() == {"CT": 44, "HG": 9, "ST": 46}
    assert df.sum() == 99


def test_structure_and_members(database, all_orgs):
    s = database.run("snapshot_summary", scope_for(all_orgs)).iloc[0]
    assert (s.grassroots, s.partials, s.cells) == (13, 5, 103)
    assert s.members > 2400          # "hơn 2.400 đảng viên" on the merger date (end of the term)
    assert (s.admissions, s.discipline_cases, s.letters) == (99, 19, 15)


def test_unit_filter_narrows(database, all_orgs):
    s = database.run("snapshot_summary", scope_for(all_orgs, units=("ST",))).iloc[0]
    assert (s.admissions, s.discipline_cases, s.letters) == (46, 8, 4)


# Each annex row: (indicator, comparator, threshold, value, qualifier, published assessment, normalised)
ANNEX = [
    ("PL1-1a", ">=", 100, None, None, "Đạt chỉ tiêu", "Đạt"),
    ("PL1-1b", ">", 98, None, None, "Đạt chỉ tiêu", "Đạt"),
    ("PL1-2", ">=", 100, 95, "trên", "Gần đạt chỉ tiêu", "Gần đạt"),
    ("PL1-3", ">=", 95, 95, "trên", "Đạt và vượt chỉ tiêu", "Vượt"),
    ("PL1-4", ">=", 100, None, None, None, None),
    ("PL1-5", ">=", 100, None, None, None, None),
    ("PL1-6", ">=", 1000, 1346, None, "Vượt chỉ tiêu", "Vượt"),
    ("PL1-7", "qualitative", None, None, None, None, None),
    ("PL1-8", "qualitative", None, None, None, "Đạt và vượt chỉ tiêu", "Vượt"),
    ("PL1-9", ">=", 100, 95, "trên", "Đạt chỉ tiêu", "Đạt"),
    ("PL2-1a", ">=", 99, 99, None, "Đạt và vượt chỉ tiêu", "Vượt"),
    ("PL2-1b", ">=", 100, 100, None, "Đạt và vượt chỉ tiêu", "Vượt"),
    ("PL2-2a", ">=", 85, 100, None, "Đạt và vượt chỉ tiêu", "Vượt"),
    ("PL2-2b", ">=", 90, 98.21, None, "Đạt và vượt chỉ tiêu", "Vượt"),
    ("PL2-2c", "<", 1, 0.28, None, "Đạt và vượt chỉ tiêu", "Vượt"),
    ("PL2-3", ">=", 2, 2, None, "Đạt chỉ tiêu", "Đạt"),
    ("PL2-4", ">=", 300, 346, None, "Đạt và vượt chỉ tiêu", "Vượt"),
    ("PL2-5", ">=", 10, 11.7, None, "Vượt chỉ tiêu", "Vượt"),
    ("PL2-6a", ">=", 90, 100, "trên", "Vượt chỉ tiêu", "Vượt"),
    ("PL2-6b", "<", 1.5, 0, None, "Vượt chỉ tiêu", "Vượt"),
    ("PL3-1", "qualitative", None, None, None, "Đạt so với Nghị quyết.", "Đạt"),
    ("PL3-2a", ">=", 100, 100, None, "Vượt so với Nghị quyết.", "Vượt"),
    ("PL3-2b", ">=", 95, 98.56, None, "Vượt so với Nghị quyết.", "Vượt"),
    ("PL3-3", "qualitative", None, None, None, "Đạt so với Nghị quyết.", "Đạt"),
    ("PL3-4a", ">=", 5, 11, None, "Vượt so với Nghị quyết.", "Vượt"),
    ("PL3-4b", ">=", 10, 18, None, "Vượt so với Nghị quyết.", "Vượt"),
    ("PL3-4c", ">=", 10, 18, None, "Vượt so với Nghị quyết.", "Vượt"),
    ("PL3-5", ">=", 300, 621, None, "Vượt", "Vượt"),
    ("PL3-6a", "qualitative", None, None, None, "Đạt so với Nghị quyết.", "Đạt"),
    ("PL3-6b", ">=", 90, 90, None, "Đạt so với Nghị quyết.", "Đạt"),
]


def _same(a, b) -> bool:
    if b is None:
        return a is None or (isinstance(a, float) and math.isnan(a))
    return a == b


@pytest.fixture(scope="module")
def annex(database, term1):
    return database.run("annex_results", term1).set_index("indicator_id")


@pytest.mark.parametrize("row", ANNEX, ids=[r[0] for r in ANNEX])
def test_annex_row(annex, row):
    ind, comp, thr, val, qual, assess, norm = row
    r = annex.loc[ind]
    assert r.comparator == comp
    assert _same(r.threshold, thr)
    assert _same(r.value, val)
    assert _same(r.value_qualifier, qual)
    assert _same(r.assessment_published, assess)
    assert _same(r.assessment_norm, norm)


def test_annex_rows_complete(annex):
    assert sorted(annex.index) == sorted(r[0] for r in ANNEX)
    assert annex.loc["PL2-6a", "flags"] == "share_over_100"     # "Trên 100%" kept, flagged
    assert annex.loc["PL1-6", "published_pct"] == 135 and annex.loc["PL3-5", "published_pct"] == 207


def test_annex_follows_unit_filter(database, all_orgs):
    df = database.run("annex_results", scope_for(all_orgs, units=("HG",)))
    assert set(df.owner) == {"HG"} and len(df) == 10


def _figures(database, all_orgs, topic, units=("CT", "HG", "ST")):
    df = database.run("published_figures", scope_for(all_orgs, units=units), topic=topic)
    return {(r.owner, r.metric, r.category if isinstance(r.category, str) else None): r.value for r in df.itertuples()}


def test_training(database, all_orgs):
    f = _figures(database, all_orgs, "training")
    assert f[("DBCQD", "lop_dao_tao_boi_duong", None)] == 456
    assert f[("DBCQD", "hoc_vien", None)] == 33109
    assert {u: f[(u, "lop_dao_tao_boi_duong", None)] for u in ("CT", "HG", "ST")} == {"CT": 151, "HG": 163, "ST": 142}
    assert {u: f[(u, "hoc_vien", None)] for u in ("CT", "HG", "ST")} == {"CT": 9900, "HG": 10316, "ST": 12893}


def test_houses(database, all_orgs):
    f = _figures(database, all_orgs, "houses")
    assert f[("CT", "nha_dai_doan_ket", "xây dựng và sửa chữa")] == 531
    assert f[("CT", "nha_dai_doan_ket_tri_gia", None)] == 20
    assert f[("CT", "ho_tro_thien_tai", None)] == 1.2
    assert f[("ST", "xoa_nha_tam_tiep_nhan", None)] == 287
    assert f[("ST", "xoa_nha_tam_ho", "hộ nghèo; cận nghèo; chính sách; khó khăn về nhà ở")] == 8586
    assert f[("HG", "nha_dai_doan_ket", "khởi công xây dựng; sửa chữa")] == 1479


def test_houses_follow_unit_filter(database, all_orgs):
    f = _figures(database, all_orgs, "houses", units=("HG",))
    assert set(k[0] for k in f) == {"HG"}


def test_annex4_models(database, term1):
    df = database.run("exemplary_models", term1)
    assert len(df) == 13
    assert df.groupby("owner").size().to_dict() == {"CT": 3, "HG": 5, "ST": 5}
    figs = {(r.stt, r.figure_1, r.figure_2 if r.figure_2 == r.figure_2 else None) for r in df.itertuples()
            if r.figure_1 == r.figure_1}
    assert figs == {(4, 582, 349), (6, 1139, None), (7, 13, None), (8, 1406, 14), (9, 2, None),
                    (10, 56, None), (12, 10, None)}


TARGETS_2025 = {  # item: (comparators, thresholds)
    "NQ25-1": ([">="], [98]), "NQ25-2": ([">="], [100]), "NQ25-3": ([">=", ">", "<="], [95, 90, 1]),
    "NQ25-4": (["rating_at_least"], [None]), "NQ25-5": ([">="], [30]), "NQ25-6": ([">=", ">="], [100, 90]),
    "NQ25-7": ([">=", ">="], [15, 15]), "NQ25-8": ([">="], [75]),
    "HD-1": (["rating_at_least"], [None]), "HD-2": ([">="], [100]), "HD-3": ([">="], [100]),
    "HD-4": ([">=", ">="], [100, 100]), "HD-5": ([">="], [2]), "HD-6": (["qualitative"], [None]),
    "HD-7": ([">="], [100]),
}


def test_targets_2025_2030(database, term1):
    df = database.run("targets", term1, term="2025-2030").drop_duplicates("indicator_id")
    got = {}
    for item, g in df.groupby("item_id"):
        g = g.sort_values("part")
        got[item] = (list(g.comparator), [None if t != t else t for t in g.threshold])
    assert got == TARGETS_2025
    periodic = df.set_index("indicator_id").periodicity
    assert periodic["NQ25-5"] == "term" and periodic["HD-5"] == "term" and periodic["NQ25-7a"] == "annual"
