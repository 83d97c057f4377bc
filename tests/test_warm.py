"""Warming the default views (issue 22): the questions a whole-committee account's default pages ask
are answered into the shared query cache with the very keys a page's run computes, so the first
reader finds them; warming twice runs nothing the second time."""
from __future__ import annotations

from apptest import signed_app

from dangbo import config, store
from dangbo.query.runner import Database
from dangbo.query.scope import EVERYTHING
from dangbo.ui import warm


class Counting(Database):
    """The snapshot's database, counting the queries that reach DuckDB."""

    def __init__(self, snap):
        super().__init__(snap)
        self.ran: list[str] = []

    def run(self, name, scope=None, **params):
        self.ran.append(name)
        return super().run(name, scope, **params)


def test_warming_answers_once_and_the_page_asks_the_same_questions(scratch_root, monkeypatch):
    # a copy of the data folder: its files' fingerprint is new, so no earlier test's answer is cached
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    db = Counting(store.open_snapshot(root=scratch_root))
    warm.default_views(db)
    first = list(db.ran)
    assert {"snapshot_summary", "members_over_time", "target_values", "due_probation"} <= set(first)
    warm.default_views(db)
    assert db.ran == first                                   # the second time: every answer from the cache
    at = signed_app("lanhdao")
    at.run()
    assert not at.exception and at.title[0].value == "Tổng quan"
    from dangbo.query.runner import Confined
    scope, _ = warm.default_scope(Confined(db, EVERYTHING))
    assert at.session_state["_ctx"].scope == scope            # the page's key is the warmed one


def test_the_first_page_is_warmed_alone_and_then_found(scratch_root, monkeypatch):
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    db = Counting(store.open_snapshot(root=scratch_root))
    warm.first_page(db)
    first = list(db.ran)
    assert {"cells_by_org", "snapshot_summary", "members_over_time", "target_values", "due_probation"} <= set(first)
    assert "member_structure" not in first and "discipline_case_list" not in first    # the other pages wait
    warm.first_page(db)
    assert db.ran == first                                   # the second time: every answer from the cache
    warm.default_views(db)                                   # a later publication: the rest, the first page found
    later = db.ran[len(first):]
    assert set(warm.QUERIES) - set(warm.FIRST_PAGE) <= set(later)
    # the whole committee's first page was found; each predecessor unit's view asked its own
    assert later.count("snapshot_summary") == len(config.PREDECESSOR_IDS)


def test_the_computed_views_of_every_page_are_warmed_with_the_keys_the_pages_use(scratch_root, monkeypatch):
    """Chỉ tiêu's evaluation and quotas, Kết quả's annexes and Nhiệm vụ nghị quyết's programme are computed by
    the warming; a whole-committee reader then opens those pages and nothing is computed again."""
    from dangbo.ui import data
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    db = Counting(store.open_snapshot(root=scratch_root))
    before = dict(data.COMPUTED)
    warm.default_views(db)
    warmed = _ran_since(before)
    assert {"dangbo.targets.tracking.evaluate", "dangbo.programme.tracking.follow_quotas",
            "dangbo.outputs.views.results_view", "dangbo.outputs.programme.programme_view"} <= set(warmed)
    at = signed_app("lanhdao")
    at.run()
    assert _computed_opening(at) == {}


def _ran_since(before: dict) -> dict:
    """The shared computations run since `before` (a copy of ui.data.COMPUTED): fn name -> times."""
    from dangbo.ui import data
    return {k: n - before.get(k, 0) for k, n in data.COMPUTED.items() if n != before.get(k, 0)}


def _computed_opening(at) -> dict:
    """The shared computations run while `at` opened Chỉ tiêu, Kết quả and Nhiệm vụ nghị quyết."""
    from dangbo.ui import data
    before = dict(data.COMPUTED)
    for path in ("pages/chi_tieu_2025_2030.py", "pages/ket_qua_2020_2025.py", "pages/nhiem_vu_nghi_quyet.py"):
        at.switch_page(path).run()
        assert not at.exception
    return _ran_since(before)


def test_each_predecessor_units_view_is_warmed_too(scratch_root, monkeypatch):
    """A leader opening a shared link of one predecessor unit (?dv=ST) finds its pages computed."""
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    warm.default_views(Counting(store.open_snapshot(root=scratch_root)))
    at = signed_app("lanhdao")
    at.query_params["dv"] = "ST"
    at.run()
    assert not at.exception and at.session_state["_ctx"].scope.units == ("ST",)
    assert _computed_opening(at) == {}
