"""Figures built once and shared by every session (dangbo.outputs.sharing, issue 22): keyed by the content
they are built from, immutable where shared, so nothing one session does to its chart or its exports
reaches another session's."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest
from apptest import signed_app

from dangbo.outputs import export, figures, sharing
from dangbo.timeline import Event

DATA = pd.DataFrame({"year": ["2024", "2025", "2024", "2025"], "unit_name": ["Cần Thơ", "Cần Thơ", "Sóc Trăng", "Sóc Trăng"],
                     "members": [10, 12, 7, 9]})
EVENT = Event("Hợp nhất ba Đảng bộ", dt.date(2025, 7, 1), "Báo cáo chính trị")


def _builds(build, *args, **kwargs) -> tuple[sharing.SharedFigure, int]:
    before = sharing.FIGURES.builds
    got = sharing.shared(build, *args, **kwargs)
    return got, sharing.FIGURES.builds - before


def test_the_key_is_the_content_not_the_object():
    k = sharing.content_key(DATA, "year", {"color": "unit_name"})
    assert sharing.content_key(DATA.copy(), "year", {"color": "unit_name"}) == k           # another frame, same rows
    assert sharing.content_key(DATA.assign(members=[10, 12, 7, 8]), "year", {"color": "unit_name"}) != k   # a value
    assert sharing.content_key(DATA.rename(columns={"members": "m"}), "year", {"color": "unit_name"}) != k  # a column
    assert sharing.content_key(DATA.astype({"members": float}), "year", {"color": "unit_name"}) != k      # a type
    assert sharing.content_key(DATA.iloc[::-1], "year", {"color": "unit_name"}) != k        # the order
    assert sharing.content_key(DATA, "year", {"color": "rating"}) != k                     # an argument
    a = DATA.assign(year=pd.Categorical(DATA.year, categories=["2024", "2025"]))
    b = DATA.assign(year=pd.Categorical(DATA.year, categories=["2025", "2024"]))
    assert sharing.content_key(a) != sharing.content_key(b)                          # categories' order
    assert sharing.content_key(a) == sharing.content_key(a.copy())
    assert sharing.content_key(DATA.set_index("year")) != sharing.content_key(DATA.set_index("unit_name"))
    assert sharing.content_key(1) != sharing.content_key("1") != sharing.content_key(1.0)
    assert sharing.content_key((EVENT,)) != sharing.content_key((Event("Khác", dt.date(2025, 7, 1), "x"),))


def test_what_cannot_be_keyed_is_refused():
    with pytest.raises(sharing.Uncacheable):
        sharing.content_key(lambda df: df)                # two lambdas would share a name
    with pytest.raises(sharing.Uncacheable):
        sharing.content_key(object())


def test_one_build_for_every_session_asking_the_same_figure():
    first, built = _builds(figures.bars, DATA, "year", "members", color="unit_name", y_title="Đảng viên x")
    again, built_again = _builds(figures.bars, DATA.copy(), "year", "members", color="unit_name", y_title="Đảng viên x")
    assert built == 1 and built_again == 0 and again is first
    other, built_other = _builds(figures.bars, DATA, "year", "members", color="unit_name", y_title="Khác")
    assert built_other == 1 and other.key != first.key


def test_a_shared_figure_cannot_be_changed_through_one_sessions_chart_or_export():
    shared = sharing.shared(figures.bars, DATA, "year", "members", color="unit_name", y_title="Bất biến")
    text = shared.spec
    mine = shared.figure()                       # session A draws and exports its own figure
    mine.update_layout(title="Đổi trong phiên A", shapes=[{"type": "line", "x0": 0, "x1": 1, "y0": 0, "y1": 1}])
    mine.data[0].marker.color = "#000000"
    png = export.image(mine, export.Stamp("Tiêu đề của phiên A", "Bộ lọc A", "2026-11-20", demo=True), "png")
    assert png.startswith(b"\x89PNG")
    figures.mark_events(mine, [EVENT], "year")
    theirs = sharing.shared(figures.bars, DATA.copy(), "year", "members", color="unit_name", y_title="Bất biến")
    assert theirs is shared and theirs.spec == text                  # session B finds what was built, unchanged
    b = theirs.figure()
    assert b.layout.title.text is None and not b.layout.shapes and b.data[0].marker.color != "#000000"
    assert b is not mine and b.to_plotly_json() == go.Figure(b).to_plotly_json()


def test_events_are_marked_on_a_figure_of_their_own():
    base = sharing.shared(figures.bars, DATA, "year", "members", color="unit_name", y_title="Sự kiện")
    marked = sharing.shared(figures.mark_events, base, (EVENT,), "year")
    assert marked.key != base.key and marked.figure().layout.shapes and not base.figure().layout.shapes
    assert sharing.shared(figures.mark_events, base, (EVENT,), "year") is marked
    assert sharing.shared(figures.mark_events, base, (), "year").figure().layout.shapes == ()


def test_the_shelf_keeps_the_most_recent_entries():
    cache = sharing.Shelf(size=2)
    a = cache.get("a", go.Figure)
    cache.get("b", go.Figure)
    assert cache.get("a", lambda: pytest.fail("a was kept")) is a            # a used again: b is the oldest
    cache.get("c", go.Figure)
    assert len(cache) == 2 and cache.builds == 3
    rebuilt = cache.get("b", go.Figure)                                        # b was dropped: built again
    assert cache.builds == 4 and isinstance(rebuilt, go.Figure)


def test_a_second_session_of_the_same_view_builds_no_figure(data_root):
    first = signed_app("lanhdao")
    first.run()
    first.switch_page("pages/dang_vien.py").run()
    assert not first.exception and len(first.get("plotly_chart")) >= 7
    before, tables = sharing.FIGURES.builds, sharing.TABLES.builds
    second = signed_app("lanhdao")             # another person, the same view
    second.run()
    second.switch_page("pages/dang_vien.py").run()
    assert not second.exception and sharing.FIGURES.builds == before and sharing.TABLES.builds == tables
    assert [d.value.equals(e.value) for d, e in zip(second.dataframe, first.dataframe, strict=True)] == \
        [True] * len(first.dataframe)
    assert [c.proto.spec for c in second.get("plotly_chart")] == [c.proto.spec for c in first.get("plotly_chart")]


def test_a_table_is_prepared_once_and_read_as_streamlit_would_send_it():
    from streamlit import dataframe_util

    from dangbo.ui import page
    data = DATA.assign(share=[98.21, 1346.0, None, 0.5], official=[True, False, None, True])
    before = sharing.TABLES.builds
    t = page.prepared(data, ["year", "unit_name", "members", "share", "official"])
    again = page.prepared(data.copy(), ["year", "unit_name", "members", "share", "official"])
    assert again is t and sharing.TABLES.builds == before + 1
    assert page.prepared(data, ["year", "members"]) is not t                  # other columns: another table
    expected = dataframe_util.convert_pandas_df_to_arrow_table(page.shown_table(t.head))
    assert t.grid.equals(expected)                                               # what st.dataframe sent before
    assert t.grid.column(3).to_pylist() == ["98,21", "1.346", "", "0,5"]       # Vietnamese numbers, no "nan"
    odd = DATA.assign(obj=[lambda: 0] * 4)                                      # no lossless form: not shared
    assert page.prepared(odd) is not page.prepared(odd)


def test_a_files_copy_cannot_change_the_shared_table():
    from dangbo.ui import page
    t = page.prepared(DATA.assign(note="gốc"), None)
    mine = t.data.copy()                       # what a download button's file is made from (PageView.table)
    mine.iloc[0, 0] = "đổi"
    mine["thêm"] = 1
    assert export.csv(mine).decode("utf-8-sig").count("đổi") == 1
    theirs = page.prepared(DATA.assign(note="gốc"), None)
    assert theirs is t and "thêm" not in theirs.data.columns and theirs.data.iloc[0, 0] == "2024"


def test_another_account_reads_the_same_views_computed_once_and_its_documents_name_it(data_root):
    """Kết quả's and Nhiệm vụ nghị quyết's views are computed once for every account with the same grant and
    filters (they carried the viewer's name, so each person computed their own); the official document a
    person downloads still says who is viewing."""
    from dangbo.ui import data
    from dangbo.ui.context import _CTX
    pages = ("pages/ket_qua_2020_2025.py", "pages/nhiem_vu_nghi_quyet.py")
    first = signed_app("lanhdao")
    first.run()
    for path in pages:
        first.switch_page(path).run()
        assert not first.exception
    computed = dict(data.COMPUTED)
    assert computed.get("dangbo.outputs.views.results_view") and computed.get("dangbo.outputs.programme.programme_view")
    second = signed_app("ubkt")                     # another person and role, the same whole-committee grant
    second.run()
    for path in pages:
        second.switch_page(path).run()
        assert not second.exception
    assert dict(data.COMPUTED) == computed           # nothing computed again, not even Tổng quan's views
    ctx = second.session_state[_CTX]
    assert "ubkt" in ctx.description and "ubkt" not in ctx.filter_words and ctx.filter_words in ctx.description
