"""The pre-aggregates give the pages exactly the answers the records give: every query that reads one
is run against the snapshot as written and against the same snapshot with the aggregate replaced by
a view computed from the records, for many scopes; and an import keeps them in step."""
from __future__ import annotations

import itertools
from datetime import date

import pandas as pd
import pytest

from dangbo import config, store
from dangbo.query.runner import Database
from dangbo.query.scope import Scope
from dangbo.sources.aggregates import AGGREGATES

QUERIES = ("rating_distribution", "target_values")


def _record_level(db: Database) -> Database:
    """The same snapshot, each aggregate a view over its records."""
    other = Database(db.snapshot, check=False)
    for name, (source, sql) in AGGREGATES.items():
        other._con.execute(f"create or replace view {name} as {sql.replace('from src', f'from {source}')}")
    return other


def _scopes(db: Database):
    orgs = [o for (o,) in db.cursor().execute("select unit_id from org_units where level='grassroots' order by 1")
            .fetchall()]
    periods = [(date(2020, 7, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2026, 11, 20)),
               (date(2024, 1, 1), date(2024, 12, 31)), (date(2020, 7, 1), date(2026, 11, 20))]
    units = [config.PREDECESSOR_IDS, ("CT",), ("HG",), ("ST",), ("CT", "ST")]
    for (start, end), u in itertools.product(periods, units):
        yield Scope(u, tuple(orgs), start, end)
    for o, (start, end) in itertools.product(orgs[:4], periods[:2]):
        yield Scope(config.PREDECESSOR_IDS, (o,), start, end)


def test_the_aggregate_is_written_and_the_pages_read_it(snapshot):
    assert "member_ratings_by_org" in snapshot.tables
    assert "member_ratings_by_org" in (config.QUERIES_DIR / "rating_distribution.sql").read_text(encoding="utf-8")


@pytest.mark.parametrize("query", QUERIES)
def test_pre_aggregated_answers_equal_record_level_ones(database, query):
    records = _record_level(database)
    n = 0
    for scope in _scopes(database):
        a, b = database.run(query, scope), records.run(query, scope)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
        n += 1
    assert n >= 28


def test_an_old_snapshot_without_the_aggregate_still_answers(scratch_root):
    """A snapshot written before the aggregate existed (rolled back to, say) gets it as a view."""
    import json
    snap = store.open_snapshot(root=scratch_root)
    manifest = json.loads((snap.path / "manifest.json").read_text(encoding="utf-8"))
    full = Database(snap)
    manifest["tables"].pop("member_ratings_by_org")
    old = store.Snapshot(snap.id, snap.path, manifest)
    db = Database(old, check=False)
    scope = Scope(config.PREDECESSOR_IDS, ("HDND", "VPTU"), date(2020, 7, 1), date(2026, 11, 20))
    pd.testing.assert_frame_equal(db.run("rating_distribution", scope), full.run("rating_distribution", scope),
                                  check_dtype=False)
