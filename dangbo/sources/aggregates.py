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
                rel = con.read_parquet(str(t))          # no path passes through SQL text
            elif isinstance(t, pd.DataFrame):
                rel = con.from_df(t)
            else:
                rel = con.from_arrow(t)
            rel.create_view("src", replace=True)
            out[name] = con.execute(sql).df()
    finally:
        con.close()
    return out
