"""Down to the cell (issue 20, part 3): the cells of a narrowed view add up to their organisations',
the cell table and the member list, with personal details only for the roles that may see them."""
from __future__ import annotations

import pandas as pd
from apptest import signed_app
from conftest import scope_for

from dangbo.query.runner import Confined
from dangbo.query.scope import Grant


def test_cell_figures_add_up_to_their_organisations(database, all_orgs):
    for term in ("2020-2025", "2025-2030"):
        scope = scope_for(all_orgs, term=term)
        cells = database.run("cells_summary", scope)
        orgs = database.run("members_by_grassroots", scope).groupby("grassroots_id").members.sum()
        by_cell = cells.groupby("grassroots_id").members.sum()
        pd.testing.assert_series_equal(by_cell[by_cell > 0].sort_index(), orgs.sort_index(), check_names=False)
        admitted = database.run("admissions_by_year", scope).admissions.sum()
        assert cells.admissions.sum() == admitted
        disciplined = database.run("discipline_by_form", scope).cases.sum()
        assert cells.discipline_cases.sum() == disciplined
        assert (cells.probationary <= cells.members).all() and cells.cell_id.is_unique
        people = database.run("member_list", scope, limit=10**9, offset=0)
        assert len(people) == cells.members.sum() and (people.standing == "Dự bị").sum() == cells.probationary.sum()


def test_a_grassroots_account_sees_only_its_own_cells(database, all_orgs):
    view = Confined(database, Grant(None, ("HDND",)))
    cells = view.run("cells_summary", scope_for(all_orgs, term="2025-2030"))
    assert set(cells.grassroots_id) == {"HDND"} and len(cells) >= 1
    assert set(view.run("member_list", scope_for(all_orgs), limit=10**9, offset=0).grassroots_id) == {"HDND"}


def _tables(at) -> dict:
    """The cell table and the member list, found by their columns (a grid carries no key in AppTest)."""
    out = {}
    for d in at.dataframe:
        cols = set(d.value.columns)
        if "Xếp loại chi bộ" in cols:
            out["dv-chi-bo"] = d.value
        elif "Mã đảng viên (demo)" in cols:
            out["dv-danh-sach"] = d.value
    return out


def _opened(at) -> dict:
    """The tables once the member list's expander (closed for organisations) is opened."""
    at.session_state["dv-danh-sach-mo-0"] = True
    at.run()
    return _tables(at)


def test_the_page_shows_cells_once_narrowed_and_masks_people_by_role(data_root):
    whole = signed_app("lanhdao")
    whole.run()
    whole.switch_page("pages/dang_vien.py").run()
    assert not whole.exception and not _tables(whole)
    assert any("Chọn một hay vài tổ chức cơ sở đảng" in c.value for c in whole.caption)

    leader = signed_app("lanhdao", tc="HDND")
    leader.run()
    leader.switch_page("pages/dang_vien.py").run()
    assert not leader.exception and set(_tables(leader)) == {"dv-chi-bo"}     # the list is read when opened
    t = _opened(leader)
    assert not leader.exception and set(t) == {"dv-chi-bo", "dv-danh-sach"}
    assert "Năm sinh" in t["dv-danh-sach"].columns and t["dv-danh-sach"]["Mã đảng viên (demo)"].str.startswith(
        "DEMO-").all()
    total = t["dv-chi-bo"]["Đảng viên"].str.replace(".", "").astype(int).sum()
    assert len(t["dv-danh-sach"]) == min(total, 50) and any(f"trong {total} dòng" in c.value for c in leader.caption)

    office = signed_app("vanphong", tc="HDND")          # the office may not see personal details
    office.run()
    office.switch_page("pages/dang_vien.py").run()
    t = _opened(office)
    people = t["dv-danh-sach"]
    assert "Năm sinh" not in people.columns and "Giới tính" not in people.columns
    assert people["Mã đảng viên (demo)"].str.startswith("•••").all()
    assert not any(str(v).startswith("DEMO-") for v in people.to_numpy().ravel())


def test_a_long_list_is_sent_a_page_at_a_time_and_exported_whole(data_root):
    at = signed_app("lanhdao", tc="HDND")
    at.run()
    at.switch_page("pages/dang_vien.py").run()
    people = _opened(at)["dv-danh-sach"]
    total = int(_tables(at)["dv-chi-bo"]["Đảng viên"].str.replace(".", "").astype(int).sum())
    pages = -(-total // 50)
    assert total > 100 and len(people) == 50
    box = at.number_input(key="dv-danh-sach-trang")
    assert box.label == f"Trang (1 - {pages})"
    box.set_value(pages).run()
    last = _tables(at)["dv-danh-sach"]
    assert len(last) == total - 50 * (pages - 1) and set(last["Mã đảng viên (demo)"]).isdisjoint(people["Mã đảng viên (demo)"])
    assert any(f"Dòng {50 * (pages - 1) + 1} - {total} trong {total} dòng" in c.value for c in at.caption)
    at.number_input(key="dv-danh-sach-trang").set_value(1).run()
    assert list(_tables(at)["dv-danh-sach"]["Mã đảng viên (demo)"]) == list(people["Mã đảng viên (demo)"])


def test_a_cell_filter_narrows_every_record_query_and_adds_up(database, all_orgs):
    from dataclasses import replace
    scope = scope_for(all_orgs, term="2025-2030")
    hdnd = database.run("cells_by_org", scope.only_orgs(("HDND",)))
    per_cell = [database.run("snapshot_summary", replace(scope, cells=(c,))).iloc[0] for c in hdnd.cell_id]
    whole = database.run("snapshot_summary", scope.only_orgs(("HDND",))).iloc[0]
    for col in ("members", "probationary", "admissions", "discipline_cases"):
        assert sum(int(r[col]) for r in per_cell) == int(whole[col]), col
    assert all(int(r.cells) == 1 for r in per_cell)
    both = replace(scope, cells=tuple(hdnd.cell_id[:2]))
    assert set(database.run("cells_summary", both).cell_id) == set(hdnd.cell_id[:2])
    assert set(database.run("member_list", both, limit=10**9, offset=0).cell_name) == set(hdnd.name[:2])
    assert database.run("annex_results", both).equals(database.run("annex_results", scope))   # documents: whole


def test_the_cell_filter_in_the_url_the_breadcrumb_and_the_words(data_root):
    at = signed_app("lanhdao", tc="HDND", cb="HDND-02")
    at.run()
    at.switch_page("pages/dang_vien.py").run()
    assert not at.exception
    cells = _tables(at)["dv-chi-bo"]
    assert list(cells["Chi bộ"]) == ["Chi bộ 2 - Hội đồng nhân dân thành phố"]
    people = _tables(at)["dv-danh-sach"]                   # a cell reached shows its members at once
    assert 0 < len(people) == int(cells["Đảng viên"].iloc[0]) and set(people["Chi bộ"]) == set(cells["Chi bộ"])
    assert at.multiselect(key="f_cells").value == ["HDND-02"]
    assert any("Chi bộ: Chi bộ 2 - Hội đồng nhân dân thành phố" in c.value for c in at.caption)
    assert any("Đang xem theo chi bộ" in i.value for i in at.info)
    assert at.query_params["cb"] in ("HDND-02", ["HDND-02"])
    odd = signed_app("soctrang", cb="HDND-02,KHONG")          # a cell of another unit's organisation
    odd.run()
    assert not odd.exception and any("Bỏ qua chi bộ" in w.value for w in odd.warning)


def test_the_member_list_is_read_a_page_at_a_time(database, all_orgs):
    """The list is fetched from the snapshot 50 rows at a time (a national organisation has hundreds of
    thousands): the pages, read one after another, are the whole list, each row once, in its order."""
    scope = scope_for(all_orgs, term="2025-2030")
    whole = database.run("member_list", scope, limit=10**9, offset=0)
    assert len(whole) > 20
    assert database.run("cells_summary", scope).members.sum() == len(whole)   # the count the page shows under it
    pages = [database.run("member_list", scope, limit=7, offset=o) for o in range(0, len(whole), 7)]
    assert pd.concat(pages).member_id.tolist() == whole.member_id.tolist()
    assert database.run("member_list", scope, limit=7, offset=len(whole)).empty


def test_the_words_under_a_page_of_a_list():
    from dangbo.ui.page import rows_words
    assert rows_words(50, 50, 173, 2, 4) == "Dòng 51 - 100 trong 173 dòng (trang 2/4); tệp CSV và XLSX có đủ 173 dòng."
    assert rows_words(0, 50, 414_000, 1, 8280, exported=False) == "Dòng 1 - 50 trong 414.000 dòng (trang 1/8.280)."


def test_an_organisation_with_more_cells_than_the_filter_lists(data_root, monkeypatch):
    """The "Chi bộ" filter lists at most DANGBO_CELL_OPTIONS cells (a national-scale organisation has tens
    of thousands, sent with every run); above it, the chosen ones and a sentence saying how to choose."""
    at = signed_app("lanhdao", tc="HDND")
    at.run()
    offered = at.multiselect(key="f_cells").options
    assert len(offered) > 2
    monkeypatch.setenv("DANGBO_CELL_OPTIONS", "2")
    at = signed_app("lanhdao", tc="HDND", cb="HDND-02")
    at.run()
    box = at.multiselect(key="f_cells")
    assert not at.exception and box.value == ["HDND-02"] and len(box.options) == 1
    assert any(f"có {len(offered)} chi bộ, quá 2" in c.value for c in at.sidebar.caption)
    at.switch_page("pages/dang_vien.py").run()              # the chosen cell still narrows the page
    assert not at.exception and list(_tables(at)["dv-chi-bo"]["Chi bộ"]) == ["Chi bộ 2 - Hội đồng nhân dân thành phố"]
