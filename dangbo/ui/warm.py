"""Warming: the questions the most opened views ask, answered into the shared query cache before the
first reader asks them, whenever a new snapshot is published (a watcher thread of the server,
dangbo.web.asgi). The views: the whole committee's default period (the current
term to date) as a whole-committee account opens Tổng quan, Đảng viên, Kỷ luật and the targets. The
cache key is the one a page's run computes (the same scope functions, the same confined scope), so a
warmed answer is simply found. Nothing is drawn and no account is involved."""
from __future__ import annotations

import logging
import time
from datetime import date

from ..query import filters
from ..query.runner import Confined, Database
from ..query.scope import EVERYTHING
from ..targets import tracking
from . import office
from .data import cached, database, derived
from .sidebar import visible

log = logging.getLogger("dangbo.warm")
# The default views' questions over the period's scope (pages/tong_quan.py, dang_vien.py, ky_luat.py).
QUERIES = ("snapshot_summary", "members_over_time", "members_by_grassroots", "member_structure",
           "admissions_by_year", "candidate_pipeline", "rating_distribution", "discipline_by_form",
           "discipline_by_violation", "discipline_rates", "letters_by_handling", "discipline_case_list",
           "letter_list")


def default_scope(db) -> tuple:
    """The scope (and the organisations' dates) of the default view of a whole-committee account, as the
    sidebar computes it (dangbo.ui.sidebar)."""
    by_unit, _, as_of = visible(db)
    return filters.scope_and_dates(filters.FilterState(), by_unit, as_of, db.snapshot.dates)


def default_views(db: Database | None = None) -> tuple[str, float]:
    """Warm a snapshot's default views (by default the published one's); (its id, seconds taken). The
    published snapshot is read through a database of its own limited to one of DuckDB's threads, so a
    person signing in meanwhile keeps the other cores; its answers land under the same keys."""
    t0 = time.perf_counter()
    if db is None:
        published = database()         # opened (and verified) as the pages open it
        db = Database(published.snapshot, check=False, threads=1)
    view = Confined(db, EVERYTHING)
    scope, dates = default_scope(view)

    def run(name, s, **params):
        return cached(view, name, s, **params)
    for name in QUERIES:
        run(name, scope)
    derived(tracking.evaluate, view, scope, dates.newest, db.snapshot.id, with_hdnd=False)     # Tổng quan's
    office.due_counts(view, scope, dates.newest, date.today(), dates.by_org)          # Tổng quan's due line
    return db.snapshot.id, time.perf_counter() - t0
