"""The office's due lists and data health for a page: computed for the page's scope and the account's
grant (dangbo.office), on today's date, with the health trend over the snapshots imports made."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from .. import config, store
from ..access.roles import CASES
from ..office import due
from ..office import health as health_rules
from ..query.runner import Confined, Database
from .context import Context
from .data import cached, derived


def today() -> date:
    return date.today()


def may_see_people(account) -> bool:
    """The case lists' rule (Lãnh đạo, Ủy ban Kiểm tra), and a grassroots account for its own records."""
    return account.can(CASES) or account.role == "co-so"


def _run(db):
    return lambda name, scope, **params: cached(db, name, scope, **params)


def _lists(run, scope, as_of: date, on: date, by_org: tuple) -> due.DueLists:
    return due.compute(run, scope, as_of, on, dict(by_org))


def _counts(run, scope, as_of: date, on: date, by_org: tuple) -> dict[str, int]:
    return _lists(run, scope, as_of, on, by_org).counts()


def due_lists(ctx: Context, on: date) -> due.DueLists:
    """The due lists of the page's scope on `on`, computed once per snapshot, scope and day for everyone
    who asks (a national list is tens of thousands of rows)."""
    return derived(_lists, ctx.db, ctx.scope, ctx.as_of, on, tuple(sorted((ctx.dates.by_org if ctx.dates else {}).items())))


def due_counts(db: Confined, scope, as_of: date, on: date, by_org: dict) -> dict[str, int]:
    """How many rows each due list has (Tổng quan's line, warming): shared like `due_lists`, and a few
    numbers to copy instead of the lists."""
    return derived(_counts, db, scope, as_of, on, tuple(sorted(by_org.items())))


def health(ctx: Context, on: date) -> pd.DataFrame:
    return health_rules.compute(_run(ctx.db), ctx.scope, ctx.as_of, ctx.dates.by_org if ctx.dates else {}, on)


def records(ctx: Context, on: date) -> pd.DataFrame:  # noqa: ARG001 - the day the page judges on
    return cached(ctx.db, "health_records", ctx.scope.within(date(2020, 1, 1), ctx.as_of))


TREND_SNAPSHOTS = 6          # at national scale a snapshot's health costs about 2,5 s the first time


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _trend(ids: tuple[str, ...], root: str, grant_key: tuple, scope_key: tuple, _grant, _scope,  # noqa: ARG001
           on: date) -> pd.DataFrame:
    rows = []
    for sid in ids:
        snap = store.open_snapshot(sid, root=root)
        # Snapshots are immutable and were verified when published; the trend reads the recent ones
        # without hashing every file again.
        db = Confined(Database(snap, check=False), _grant)
        dates = snap.dates(_scope.orgs)
        h = health_rules.compute(db.run, _scope, dates.newest, dates.by_org, on)
        rows += [(sid, snap.manifest["created_at"], o, s) for o, s in zip(h.grassroots_id, h.score, strict=True)]
    return pd.DataFrame(rows, columns=["snapshot", "created_at", "grassroots_id", "score"])


def trend(ctx: Context, on: date) -> pd.DataFrame:
    """The health scores of the scope's organisations in the latest snapshots (one an import or a build)."""
    root = config.data_dir()
    snaps = sorted(store.snapshots(root), key=lambda s: s.manifest["created_at"])[-TREND_SNAPSHOTS:]
    ids = tuple(s.id for s in snaps)
    return _trend(ids, str(root), ctx.db.grant.key(), ctx.scope.key(), ctx.db.grant, ctx.scope, on)
