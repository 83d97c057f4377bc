"""The pre-aggregates give the pages exactly the answers the records give: every query that reads one
is run against the snapshot as written and against the same snapshot with the aggregate replaced by
a view computed from the records, for many scopes; it is also compared with its record-level form
(tests/record_level/<query>.sql: the query as it was before it read an aggregate, counting member
records directly); and an import keeps them in step."""
from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dangbo import config, store
from dangbo.query.runner import Database
from dangbo.query.scope import Scope
from dangbo.sources.aggregates import AGGREGATES

QUERIES = ("rating_distribution", "target_values", "members_over_time", "snapshot_summary", "discipline_rates",
           "members_by_grassroots", "period_comparison", "member_structure", "cells_summary")
RECORD_LEVEL = Path(__file__).parent / "record_level"


def _record_level(db: Database) -> Database:
    """The same snapshot, each aggregate a view over its records."""
    other = Database(db.snapshot, check=False)
    for name, (_, sql) in AGGREGATES.items():
        other._con.execute(f"create or replace view {name} as {sql}")
    return other


def _scopes(db: Database):
    orgs = [o for (o,) in db.cursor().execute("select unit_id from org_units where level='grassroots' order by 1")
            .fetchall()]
    periods = [(date(2020, 7, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2026, 11, 20)),
               (date(2024, 1, 1), date(2024, 12, 31)), (date(2020, 7, 1), date(2026, 11, 20)),
               (date(2026, 1, 1), date(2031, 12, 31))]      # the last: past the records' last event
    units = [config.PREDECESSOR_IDS, ("CT",), ("HG",), ("ST",), ("CT", "ST")]
    for (start, end), u in itertools.product(periods, units):
        yield Scope(u, tuple(orgs), start, end)
    for o, (start, end) in itertools.product(orgs[:4], periods[:2]):
        yield Scope(config.PREDECESSOR_IDS, (o,), start, end)


def test_the_aggregates_are_written_and_the_pages_read_them(snapshot):
    read = {q: (config.QUERIES_DIR / f"{q}.sql").read_text(encoding="utf-8") for q in (*QUERIES, "due_unrated")}
    for name in AGGREGATES:
        assert name in snapshot.tables
        assert any(name in sql for sql in read.values())
    for q, sql in read.items():
        assert any(name in sql for name in AGGREGATES), q        # each listed query reads an aggregate


def _run_text(db: Database, path: Path, scope: Scope, **params) -> pd.DataFrame:
    from dangbo.query.runner import PARAM_LINE, PARAM_NAME
    sql = path.read_text(encoding="utf-8")
    names = PARAM_NAME.findall(PARAM_LINE.search(sql).group(1))
    return db.cursor().execute(sql, {k: v for k, v in (scope.params() | params).items() if k in names}).df()


@pytest.mark.parametrize("query", QUERIES)
def test_pre_aggregated_answers_equal_the_record_level_queries(database, query):
    """The strong form: the answers equal those of the query that counts member records directly."""
    assert "_by_org" not in (RECORD_LEVEL / f"{query}.sql").read_text(encoding="utf-8")
    n = 0
    for scope in _scopes(database):
        pd.testing.assert_frame_equal(database.run(query, scope), _run_text(database, RECORD_LEVEL / f"{query}.sql", scope),
                                      check_dtype=False)
        n += 1
    assert n >= 28


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
    """A snapshot written before the aggregates existed (rolled back to, say) computes them when opened."""
    import json
    snap = store.open_snapshot(root=scratch_root)
    manifest = json.loads((snap.path / "manifest.json").read_text(encoding="utf-8"))
    full = Database(snap)
    for name in AGGREGATES:
        manifest["tables"].pop(name)
    old = store.Snapshot(snap.id, snap.path, manifest)
    db = Database(old, check=False)
    scope = Scope(config.PREDECESSOR_IDS, ("HDND", "VPTU"), date(2020, 7, 1), date(2026, 11, 20))
    for query in QUERIES:
        pd.testing.assert_frame_equal(db.run(query, scope), full.run(query, scope), check_dtype=False)


def test_the_structure_to_date_is_read_from_todays_profiles_and_an_earlier_day_from_the_records(database):
    """member_structure on a day since the records' last event reads member_profiles_now alone (the same
    answer with the member records emptied), and on an earlier day the records alone."""
    (settled,) = database.cursor().execute("select max(settled_on) from member_profiles_now").fetchone()
    assert settled is not None
    orgs = tuple(o for (o,) in database.cursor().execute(
        "select unit_id from org_units where level='grassroots'").fetchall())
    later = Scope(config.PREDECESSOR_IDS, orgs, date(2025, 7, 1), settled.date())
    earlier = Scope(config.PREDECESSOR_IDS, orgs, date(2020, 7, 1), date(2024, 12, 31))
    whole_later, whole_earlier = database.run("member_structure", later), database.run("member_structure", earlier)
    assert whole_later.members.sum() > 0 and whole_earlier.members.sum() > 0
    no_records = Database(database.snapshot, check=False)
    no_records._con.read_parquet(str(database.snapshot.file("members"))).filter("false").create_view("members", replace=True)
    pd.testing.assert_frame_equal(no_records.run("member_structure", later), whole_later)
    assert no_records.run("member_structure", earlier).empty
    no_profiles = Database(database.snapshot, check=False)
    no_profiles._con.read_parquet(str(database.snapshot.file("member_profiles_now"))).filter("false").create_view(
        "member_profiles_now", replace=True)
    pd.testing.assert_frame_equal(no_profiles.run("member_structure", earlier), whole_earlier)


def _last_rated_year(db: Database) -> int:
    (year,) = db.cursor().execute("select max(year) from member_ratings").fetchone()
    return year


def test_unrated_members_equal_the_record_level_query(database):
    """The due list of unrated members and organisations (due_unrated) gives the answers of the query that
    joins the member records with the ratings, for the last rated year (read from member_unrated_last_year
    when the period reaches its 31/12), earlier years, a year with no ratings yet, and a cell's view."""
    last = _last_rated_year(database)
    years = (last, last - 1, last + 1, 2020)
    n = read = 0
    for scope, year in itertools.product(_scopes(database), years):
        a = database.run("due_unrated", scope, year=year)
        pd.testing.assert_frame_equal(a, _run_text(database, RECORD_LEVEL / "due_unrated.sql", scope, year=year),
                                      check_dtype=False)
        n += 1
        read += (a.kind == "member").sum() > 0
    assert n >= 100 and read >= 50                # most answers list someone: not a comparison of empty lists
    cells = tuple(c for (c,) in database.cursor().execute(
        "select cell_id from member_unrated_last_year order by 1 limit 3").fetchall())
    assert cells
    for year in years:
        scope = replace(next(_scopes(database)), date_to=date(2026, 11, 20), cells=cells)
        a = database.run("due_unrated", scope, year=year)
        b = _run_text(database.cells(cells), RECORD_LEVEL / "due_unrated.sql", replace(scope, cells=()), year=year)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
        assert set(a.cell_id.dropna()) <= set(cells)


def test_the_last_years_unrated_members_are_read_from_the_aggregate_and_other_years_from_the_records(database):
    """due_unrated reads member_unrated_last_year alone for the last rated year on a period reaching its
    31/12 (the same answer with the member records and ratings emptied), and the records alone otherwise."""
    last = _last_rated_year(database)
    orgs = tuple(o for (o,) in database.cursor().execute(
        "select unit_id from org_units where level='grassroots'").fetchall())
    to_date = Scope(config.PREDECESSOR_IDS, orgs, date(2020, 1, 1), date(last + 1, 11, 20))
    before_end = replace(to_date, date_to=date(last, 6, 30))
    members = lambda df: df[df.kind == "member"].reset_index(drop=True)   # noqa: E731
    whole = members(database.run("due_unrated", to_date, year=last))
    earlier = members(database.run("due_unrated", to_date, year=last - 1))
    mid_year = members(database.run("due_unrated", before_end, year=last))
    assert len(whole) and len(earlier) and len(mid_year)
    no_records = Database(database.snapshot, check=False)
    for table in ("members", "member_ratings"):
        no_records._con.read_parquet(str(database.snapshot.file(table))).filter("false").create_view(table, replace=True)
    pd.testing.assert_frame_equal(members(no_records.run("due_unrated", to_date, year=last)), whole)
    assert members(no_records.run("due_unrated", to_date, year=last - 1)).empty
    no_aggregate = Database(database.snapshot, check=False)
    no_aggregate._con.read_parquet(str(database.snapshot.file("member_unrated_last_year"))).filter("false").create_view(
        "member_unrated_last_year", replace=True)
    pd.testing.assert_frame_equal(members(no_aggregate.run("due_unrated", to_date, year=last - 1)), earlier)
    pd.testing.assert_frame_equal(members(no_aggregate.run("due_unrated", before_end, year=last)), mid_year)
