"""Warming: the questions the most opened views ask, answered into the shared caches before the first
reader asks them, whenever a new snapshot is published and half a minute after the server starts (a
watcher thread of the server, dangbo.web.asgi). The views: the whole committee's default period (the
current term to date) and each predecessor unit's, as a whole-committee account opens every page: the
queries of Tổng quan, Đảng viên and Kỷ luật, and the computed views of Chỉ tiêu (the targets' evaluation,
the units' quotas), Kết quả (the annexes) and Nhiệm vụ nghị quyết (the programme with today's reports).
The cache key is the one a page's run computes (the same scope functions, the same confined scope, the
same words), so a warmed answer is simply found. Nothing is drawn and no account is involved.

At the server's start only the first page is warmed (`first_page`): Tổng quan as a whole-committee account
opens it after signing in, with the sidebar's index of cells, while that person is still typing."""
from __future__ import annotations

import logging
import time
from datetime import date

from ..outputs import views
from ..query import filters
from ..query.runner import Confined, Database
from ..query.scope import EVERYTHING
from ..targets import tracking
from . import office, programme
from .context import Context
from .data import cached, database, derived
from .sidebar import cell_index, visible

log = logging.getLogger("dangbo.warm")
# The default views' questions over the period's scope (pages/tong_quan.py, dang_vien.py, ky_luat.py);
# the first two are Tổng quan's.
FIRST_PAGE = ("snapshot_summary", "members_over_time")
QUERIES = FIRST_PAGE + ("members_by_grassroots", "member_structure",
           "admissions_by_year", "candidate_pipeline", "rating_distribution", "discipline_by_form",
           "discipline_by_violation", "discipline_rates", "letters_by_handling", "discipline_case_list",
           "letter_list")


DEFAULT = filters.FilterState()          # no filter chosen


def default_scope(db, state: filters.FilterState = DEFAULT) -> tuple:
    """The scope (and the organisations' dates) of a whole-committee account's view with the filters
    `state` (by default none: the default view), as the sidebar computes it (dangbo.ui.sidebar)."""
    by_unit, _, as_of = visible(db)
    return filters.scope_and_dates(state, by_unit, as_of, db.snapshot.dates)


def _first_page(view: Confined, state: filters.FilterState = DEFAULT) -> tuple:
    """Tổng quan's questions, its targets and due line, and the sidebar's cell index; (scope, dates)."""
    by_unit, _, _ = visible(view)
    cell_index(view, by_unit)
    scope, dates = default_scope(view, state)
    for name in FIRST_PAGE:
        cached(view, name, scope)
    derived(tracking.evaluate, view, scope, dates.newest, view.snapshot.id, with_hdnd=False)
    office.due_counts(view, scope, dates.newest, date.today(), dates.by_org)
    return scope, dates


def first_page(db: Database | None = None) -> tuple[str, float]:
    """Warm what the first page after signing in needs, by default on the published snapshot as the pages
    open it (all of DuckDB's threads: at the start nobody else is reading); (its id, seconds taken). A
    person who signs in meanwhile finds each answer done or joins its computation (a key is computed once)."""
    t0 = time.perf_counter()
    db = db or database()
    _first_page(Confined(db, EVERYTHING))
    return db.snapshot.id, time.perf_counter() - t0


def default_views(db: Database | None = None) -> tuple[str, float]:
    """Warm a snapshot's default views (by default the published one's): the whole committee's, then each
    predecessor unit's (the filter leaders use most, and the links they share); (its id, seconds taken).
    The published snapshot is read through a database of its own limited to one of DuckDB's threads, so a
    person signing in meanwhile keeps the other cores; its answers land under the same keys."""
    t0 = time.perf_counter()
    if db is None:
        published = database()         # opened (and verified) as the pages open it
        db = Database(published.snapshot, check=False, threads=1)
    view = Confined(db, EVERYTHING)
    by_unit, _, _ = visible(view)
    stored = programme.stored_reports()           # the programme's reports, read once for every view
    for state in (DEFAULT, *(filters.FilterState(units=(u,)) for u in by_unit)):
        _every_page(view, state, stored)
    return db.snapshot.id, time.perf_counter() - t0


def _every_page(view: Confined, state: filters.FilterState, stored) -> None:
    """Every page's questions and computed views for a whole-committee account's view with filters `state`
    (`stored`: the programme's reports)."""
    scope, dates = _first_page(view, state)
    for name in QUERIES[len(FIRST_PAGE):]:
        cached(view, name, scope)
    ctx = view_context(view, state, scope, dates)
    derived(tracking.evaluate, view, scope, ctx.as_of, view.snapshot.id)                 # Chỉ tiêu
    for unit in scope.units:                                                              # its rows by unit
        derived(tracking.evaluate, view, scope.only_units((unit,)), ctx.as_of, view.snapshot.id, with_hdnd=False)
    programme.quotas(view, scope)
    derived(views.results_view, view, scope, ctx.filter_words, ctx.as_of, ctx.oldest)     # Kết quả
    on = programme.today()                                                                # Nhiệm vụ nghị quyết
    programme.view(ctx, on, view.grant.confine(scope).orgs, stored)


def view_context(view: Confined, state: filters.FilterState, scope, dates) -> Context:
    """The page context of a view as the sidebar makes it, for the parts a computed view's key holds (the
    scope, the filters' words, the dates); no account."""
    by_unit, names, as_of = visible(view)
    words = filters.describe(state, names, as_of, ends_on=scope.date_to, grant=view.grant,
                             cell_names=cell_index(view, by_unit).names)
    return Context(None, view, scope, words, dates.newest, names, False, dates=dates, state=state)
