"""The query layer: named parameters only, every query scoped, values never become SQL."""
from __future__ import annotations

import re

import pytest
from conftest import scope_for

from dangbo import config
from dangbo.query import runner as db

QUERY_FILES = sorted(config.QUERIES_DIR.glob("*.sql"))
INJECTION = "'; drop table members; --"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_query_has_header_and_scope(path):
    sql = path.read_text(encoding="utf-8")
    assert sql.startswith("-- Purpose:"), "header comment first"
    assert re.search(r"^-- Columns:", sql, re.MULTILINE)
    q = db.load_query(path.stem)
    assert "units" in q.params, "every query takes the unit scope"
    # Record-level queries also take the grassroots organisations and the period (a state "on the
    # period's last day" needs only its end).
    if re.search(r"\bfrom (members|discipline_cases|letters|candidates|member_ratings|org_ratings|inspections)\b", sql):
        assert {"units", "orgs", "date_to"} <= set(q.params), q.params
    assert not re.search(r"\{|%s|%\(", re.sub(r"--[^\n]*", "", sql)), "no format placeholders in SQL"


def test_injection_is_only_data(database, all_orgs):
    scope = scope_for(all_orgs, units=(INJECTION,))
    assert database.run("snapshot_summary", scope).iloc[0].members == 0
    scope = scope_for((INJECTION,))
    assert database.run("admissions_by_year", scope).empty
    assert database.run("published_figures", scope_for(all_orgs), topic=INJECTION).empty
    # Nothing was dropped.
    assert database.run("admissions_by_year", scope_for(all_orgs)).admissions.sum() == 99


def test_bad_names_and_parameters(database, term1):
    with pytest.raises(db.QueryError, match="không hợp lệ"):
        database.run("../store", term1)
    with pytest.raises(db.QueryError, match="Không có truy vấn 'khong_co'"):
        database.run("khong_co", term1)
    with pytest.raises(db.QueryError, match="cần tham số: topic"):
        database.run("published_figures", term1)


def test_scope_narrowing_in_one_place(term1):
    narrowed = term1.only_units(("HG",))
    assert narrowed.units == ("HG",) and narrowed.orgs == term1.orgs
    assert term1.only_units(("XX",)).units == ()


def test_empty_scope_returns_nothing(database, all_orgs):
    assert database.run("snapshot_summary", scope_for((), units=())).iloc[0].members == 0


def test_members_over_time_matches_a_direct_count(database, all_orgs):
    """The running-sum query agrees with counting members on each day directly."""
    from datetime import date
    for units, orgs in ((("CT", "HG", "ST"), all_orgs), (("HG",), ("VPTU", "HDND")), (("ST",), all_orgs)):
        scope = scope_for(orgs, units=units)
        scope = type(scope)(scope.units, scope.orgs, date(2020, 7, 1), date(2026, 11, 20))
        got = database.run("members_over_time", scope)
        direct = database.cursor().execute(
            "select cast(d.on_date as date) as on_date, m.predecessor_id, count(*) as members, "
            "count(*) filter (where m.official_on is null or m.official_on > d.on_date) as probationary "
            "from (select unnest($dates) as on_date) as d join members as m "
            "on m.admitted_on <= d.on_date and (m.left_on is null or m.left_on > d.on_date) "
            "where list_contains($u, m.predecessor_id) and list_contains($o, m.grassroots_id) "
            "group by all order by all",
            {"dates": sorted(set(got.on_date)), "u": list(units), "o": list(orgs)}).df()
        assert got[["members", "probationary"]].values.tolist() == direct[["members", "probationary"]].values.tolist()
        assert len(got) == 7 * len(units)
