"""The view functions (dangbo.outputs.views): small frames in, the frame a chart or table draws out,
with exact expected output."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dangbo import vocab
from dangbo.outputs import views
from dangbo.targets import rules


def test_prepare_names_units_and_formats_dates():
    df = pd.DataFrame({"predecessor_id": ["CT", "ST", "XX"], "on_date": [date(2026, 1, 2), date(2025, 12, 31), None]})
    out = views.prepare(df, dates=("on_date",))
    assert list(out[views.UNIT]) == ["Cần Thơ", "Sóc Trăng", "XX"]
    assert list(out.on_date) == ["02/01/2026", "31/12/2025", "–"]
    assert list(df.on_date)[0] == date(2026, 1, 2)                      # the input is not changed


def test_labelled_orders_and_names_columns():
    df = pd.DataFrame({"members": [1], "year": [2026], "other": ["x"]})
    out = views.labelled(df, ["year", "members"])
    assert list(out.columns) == [vocab.LABELS["year"], vocab.LABELS["members"]]
    assert list(views.labelled(df).columns)[-1] == "other"                # unknown codes keep their name


def test_structure_panels_in_words_and_order():
    df = pd.DataFrame({"dimension": ["gender", "age", "age", "gender", "age"],
                       "category": ["Nữ", "Đến 30", "31 - 40", "Nam", "31 - 40"], "sort_key": [0, 1, 2, 0, 2],
                       "predecessor_id": ["CT", "CT", "ST", "CT", "CT"], "members": [2, 3, 4, 7, 5]})
    panels = views.structure_panels(df)
    assert [(d, order) for d, _, order in panels] == [("Độ tuổi", ["Đến 30", "31 - 40"]), ("Giới tính", ["Nam", "Nữ"])]


def test_admissions_by_unit_and_share_by():
    adm = views.prepare(pd.DataFrame({"predecessor_id": ["CT", "CT", "ST"], "year": [2025, 2026, 2026],
                                      **{c: [1, 2, 3] for c in views.FORM_COLS}}))
    out = views.admissions_by_unit(adm)
    assert out.to_dict("list") == {views.UNIT: ["Cần Thơ", "Sóc Trăng"], **{c: [3, 3] for c in views.FORM_COLS}}
    assert views.share_by(adm, "admissions", "year").to_dict("list") == {"year": [2025, 2026], "admissions": [1, 5]}


def test_letters_anonymity_words():
    let = pd.DataFrame({"is_anonymous": [True, False, False], "is_impersonated": [False, True, None]})
    assert list(views.letters(let).anonymity) == ["Nặc danh", "Mạo danh", ""]


def test_comparison_in_words_with_change():
    cmp = pd.DataFrame({"measure": ["admissions", "letters"], "this_period": [12, 3], "last_year": [10, 0]})
    out = views.comparison(cmp)
    assert list(out.measure) == ["Kết nạp đảng viên", "Đơn thư tiếp nhận"]
    assert out.change_pct.iloc[0] == 120.0 and pd.isna(out.change_pct.iloc[1])   # no share of nothing


def test_pipeline_split_in_words():
    pipe = pd.DataFrame({"measure": ["stock", "flow", "flow"], "stage": ["candidate", "admitted", "identified"],
                         "predecessor_id": ["CT"] * 3, "candidates": [4, 2, 6]})
    stock, flow = views.pipeline(pipe)
    assert list(stock.stage) == ["Quần chúng ưu tú"] and set(stock.measure) == {"Đang trong diện xem xét"}
    assert list(flow.stage) == ["Được kết nạp", "Được giới thiệu (quần chúng ưu tú)"]
    assert views.PIPELINE_FLOW[0] == "Được giới thiệu (quần chúng ưu tú)"


def _part(**kw) -> rules.PartResult:
    base = dict(indicator_id="NQ25-5", item_id="NQ25-5", part="", label="Kết nạp đảng viên", comparator=">=",
                threshold=30.0, threshold_rating=None, unit="đảng viên", periodicity="term",
                measure="admissions_count", owner="DBCQD")
    return rules.PartResult(**(base | kw))


def test_tracking_table_and_drill_rows():
    p = _part(status_words="Đạt tiến độ", sentence="Đã kết nạp 12.",
              values=[rules.PeriodValue("2025", 12, status=vocab.DAT), rules.PeriodValue("2026", None)])
    t = rules.TargetResult("NQ25-5", "DBCQD", "5", "Kết nạp", "mục III", [p])
    table = views.tracking_table([t])
    assert table.iloc[0].to_dict() == {"target": "(5)", "part": "–", "content": "Kết nạp đảng viên",
                                       "threshold": vocab.threshold_words(">=", 30.0, "đảng viên", None),
                                       "status": "Đạt tiến độ", "explanation": "Đã kết nạp 12.",
                                       "data_source": "Hồ sơ (demo)"}
    rows = views.drill_rows([t, rules.TargetResult("H-1", "HDND", "1", "x", "y", [p])], "Sóc Trăng")
    assert rows == [{"drill_unit": "Sóc Trăng", "target": "NQ25-5", "content": "Kết nạp đảng viên", "period": "2025",
                     "value": 12, "status": "Đạt tiến độ"}]                 # HĐND's targets are not the committee's


def test_annex_views():
    annex = pd.DataFrame({"owner": ["CT", "CT", "ST"], "indicator_id": ["a", "b", "c"], "label": ["A", "B", "C"],
                          "unit": ["%", "đảng viên", "%"], "value": [96.0, 1346.0, None], "threshold": [95.0, 1000.0, 90.0],
                          "comparator": [">=", ">=", ">="]})
    shares = views.shares_vs_threshold(annex)
    assert shares[["series", "pct", "target_name"]].values.tolist() == [["Ngưỡng", 95.0, "a A"], ["Kết quả", 96.0, "a A"]]
    counts = views.counts_achieved(annex)
    assert counts[["target_name", "achieved_pct", views.UNIT]].values.tolist() == [["b B", 134.6, "Cần Thơ"]]


def test_training_and_houses():
    tr = pd.DataFrame({"owner": ["CT", "ST", "DBCQD"], "metric": ["hoc_vien", "lop_dao_tao_boi_duong", "hoc_vien"],
                       "value": [10.0, 2.0, 99.0]})
    out = views.training(tr, ("CT", "ST"))
    assert out[["indicator", "amount", views.UNIT]].values.tolist() == [["Học viên", 10.0, "Cần Thơ"],
                                                                         ["Lớp", 2.0, "Sóc Trăng"]]
    h = pd.DataFrame({"owner": ["HG"], "category": ["Nhà Đại đoàn kết"], "unit": ["căn"], "value": [3]})
    assert views.houses(h)[["content", "unit_of_measure", views.UNIT]].values.tolist() == \
        [["Nhà Đại đoàn kết", "căn", "Hậu Giang"]]


def test_annex_sections_and_tables(database, term1):
    annex = database.run("annex_results", term1)
    sections = views.annex_sections(annex)
    assert [p.id for p, _, _ in sections] == ["CT", "ST", "HG"] or [p.id for p, _, _ in sections] == ["CT", "HG", "ST"]
    for p, rc, parts in sections:
        assert set(rc.owner) == {p.id} and set(parts.owner) == {p.id}
        table = views.annex_table(rc)
        assert list(table.columns) == ["stt", "wording", "annex_result", "assessment_published", "assessment_norm",
                                       "recomputed", "notes"]
        assert not table.isna().any().any()                                 # never "None" in a cell
        assert len(views.annex_parts(parts)) == len(parts)


@pytest.mark.parametrize("comparator,threshold,unit", [(">=", 30.0, "đảng viên"), (">=", 95.0, "%")])
def test_target_part_chart(comparator, threshold, unit):
    term_part = _part(comparator=comparator, threshold=threshold, unit=unit,
                      values=[rules.PeriodValue("2025", 5), rules.PeriodValue("2026", 9)],
                      pace=rules.Pace(14, 30.0, 1.4, 5.0) if unit != "%" else None,
                      periodicity="term" if unit != "%" else "annual")
    chart = views.target_part_chart(term_part)
    if unit == "%":
        assert chart is None or chart[2].shape[0] == 2
    else:
        title, fig, data = chart
        assert list(data.cumulative) == [5, 14] and fig.data


def test_largest_cells_keeps_a_chart_drawable():
    cells = pd.DataFrame({"cell_id": [f"c{i}" for i in range(100)], "members": [i % 37 for i in range(100)]})
    top, note = views.largest_cells(cells, limit=10)
    assert len(top) == 10 and set(top.members) >= {36} and top.members.min() >= cells.members.nlargest(10).min()
    assert list(top.index) == sorted(top.index)                       # the view's order kept
    assert note.startswith("Biểu đồ vẽ 10 chi bộ đông đảng viên nhất trong 100 chi bộ")
    few, none = views.largest_cells(cells.head(5), limit=10)
    assert len(few) == 5 and none is None


def test_a_columns_days_are_fmt_day_of_each_value():
    import datetime as dt

    from dangbo import fmt
    for col in (pd.Series([dt.date(2024, 1, 5), None, dt.date(2025, 12, 31), dt.date(2024, 1, 5)]),
                pd.Series(pd.to_datetime(["2024-01-05", None, "2025-12-31"])),
                pd.Series(["2024-01-05", None, "2025-12-31T10:00:00"]),
                pd.Series([dt.date(9999, 12, 31), pd.NaT, float("nan")], dtype=object),
                pd.Series(pd.array([dt.date(2024, 1, 5), None], dtype="date32[pyarrow]")),
                pd.Series([], dtype=object)):
        assert views.days(col).tolist() == col.map(fmt.day).tolist()
