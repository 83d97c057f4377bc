"""Pre-aggregated tables written into every snapshot (at build and at each import), so the pages read
thousands of rows instead of millions. Each is one DuckDB query over the snapshot's record tables;
`tests/test_aggregates.py` checks that the pages' answers from them equal those from the records."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

# name -> (the record tables it comes from, the query over them by their names)
AGGREGATES = {
    "member_ratings_by_org": (("member_ratings",), """
        select year, predecessor_id, grassroots_id, rating, cast(count(*) as integer) as members,
               bool_or(is_demo) as is_demo
        from member_ratings group by all order by all"""),
    # Membership as events: per organisation and day, admissions, departures, members becoming
    # official while still members, and members leaving while still probationary. Members (or
    # probationary members) on a day D are the running sums of events up to D, in a few hundred
    # thousand rows at national scale instead of 6,3 million member records.
    "member_events_by_org": (("members",), """
        with e as (
            select predecessor_id, grassroots_id, cast(admitted_on as date) as day,
                   1 as admitted, 0 as departed, 0 as became_official, 0 as departed_probationary, is_demo
            from members where admitted_on is not null
            union all
            select predecessor_id, grassroots_id, cast(left_on as date), 0, 1, 0,
                   case when official_on is null or official_on >= left_on then 1 else 0 end, is_demo
            from members where admitted_on is not null and left_on is not null
            union all
            select predecessor_id, grassroots_id, cast(official_on as date), 0, 0, 1, 0, is_demo
            from members where admitted_on is not null and official_on is not null
              and (left_on is null or left_on > official_on)
        )
        select predecessor_id, grassroots_id, day,
               cast(sum(admitted) as integer) as admitted, cast(sum(departed) as integer) as departed,
               cast(sum(became_official) as integer) as became_official,
               cast(sum(departed_probationary) as integer) as departed_probationary,
               bool_or(is_demo) as is_demo
        from e group by all order by all"""),
    # The members of today's records by profile: per organisation, birth year, gender, ethnicity,
    # religion, education, theory level and probationary or not, the members on the records' last
    # event day (`settled_on`: the latest admission, departure or day of becoming official of any
    # record). From that day on nobody joins, leaves or becomes official, so a structure on any day
    # since is read from a few thousand rows (a few hundred thousand at national scale) instead of the
    # member records; an earlier day is counted from the records.
    "member_profiles_now": (("members",), """
        with settled as (
            select greatest(max(admitted_on), max(left_on), max(official_on)) as settled_on from members
        )
        select predecessor_id, grassroots_id, birth_year, gender, ethnicity, religion, education, theory_level,
               official_on is null or official_on > settled_on as probationary, settled_on,
               cast(count(*) as integer) as members, bool_or(is_demo) as is_demo
        from members, settled
        where admitted_on <= settled_on and (left_on is null or left_on > settled_on)
        group by all order by all"""),
    # The members rated each year by the cell they belong to (a rating names the member's organisation,
    # not the cell): the cells' table reads a few hundred thousand rows at national scale instead of joining
    # 5,5 million ratings of a year with 6,3 million members.
    "member_ratings_by_cell": (("members", "member_ratings"), """
        select r.year, r.predecessor_id, r.grassroots_id, m.cell_id, cast(count(*) as integer) as members,
               bool_or(r.is_demo) as is_demo
        from member_ratings as r join members as m using (member_no)
        group by all order by all"""),
    # The members with no quality rating for the last year that has ratings (the year the due list asks
    # for once that year's ratings are entered) although they were members on its 31/12: the due list
    # reads a few thousand rows instead of joining millions of members against millions of ratings. Any
    # other year, and a period ending before 31/12, is answered from the records. (Every year at once
    # would cost a join of 34 million pairs at national scale, 11 s and 5 GB; one year costs 0,7 s.)
    "member_unrated_last_year": (("members", "member_ratings"), """
        with last as (select max(year) as year, make_date(max(year), 12, 31) as year_end from member_ratings)
        select last.year, m.member_no, m.member_id, m.predecessor_id, m.grassroots_id, m.cell_id, m.is_demo
        from members as m, last
        where m.admitted_on <= last.year_end and (m.left_on is null or m.left_on > last.year_end)
          and m.member_no not in (select member_no from member_ratings, last where member_ratings.year = last.year)
        order by all"""),
}


def derive(tables: dict) -> dict[str, pd.DataFrame]:
    """The aggregates of `tables` (name -> DataFrame, Arrow table or Parquet file)."""
    out = {}
    con = duckdb.connect()
    try:
        for source in sorted({s for sources, _ in AGGREGATES.values() for s in sources}):
            t = tables[source]
            if isinstance(t, Path | str):
                rel = con.read_parquet(str(t))          # no path passes through SQL text
            elif isinstance(t, pd.DataFrame):
                rel = con.from_df(t)
            else:
                rel = con.from_arrow(t)
            rel.create_view(source, replace=True)
        for name, (_, sql) in AGGREGATES.items():
            out[name] = con.execute(sql).df()
    finally:
        con.close()
    return out
