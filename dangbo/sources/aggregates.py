"""Pre-aggregated tables written into every snapshot (at build and at each import), so the pages read
thousands of rows instead of millions. Each is one DuckDB query over the snapshot's record tables;
`tests/test_aggregates.py` checks that the pages' answers from them equal those from the records."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

# name -> (the record table it comes from, the query; `src` is that table)
AGGREGATES = {
    "member_ratings_by_org": ("member_ratings", """
        select year, predecessor_id, grassroots_id, rating, cast(count(*) as integer) as members,
               bool_or(is_demo) as is_demo
        from src group by all order by all"""),
}


def derive(tables: dict) -> dict[str, pd.DataFrame]:
    """The aggregates of `tables` (name -> DataFrame, Arrow table or Parquet file)."""
    out = {}
    con = duckdb.connect()
    try:
        for name, (source, sql) in AGGREGATES.items():
            t = tables[source]
            if isinstance(t, Path | str):
                path = str(t).replace("'", "''")
                con.execute(f"create or replace view src as select * from read_parquet('{path}')")
            else:
                con.register("src", t)
            out[name] = con.execute(sql).df()
            con.unregister("src") if not isinstance(t, Path | str) else con.execute("drop view src")
    finally:
        con.close()
    return out
