"""What an import would change, against the published snapshot: rows added, changed and removed
per table and organisation; the headline figures before and after; the 2025-2030 target statuses
that would change. Computed on the staged snapshot with the same queries the pages use."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from .. import config, store
from ..query.runner import Database
from ..query.scope import Scope
from ..targets import tracking
from .spec import SHEETS

# Each imported table: what identifies a row, and what it is grouped by in the preview.
KEYS = {"members": ("member_id", "grassroots_id"), "candidates": ("candidate_id", "grassroots_id"),
        "discipline_cases": ("case_id", "grassroots_id"), "member_ratings": ("member_no, year", "grassroots_id"),
        "org_ratings": ("unit_id, year", "grassroots_id"), "letters": ("letter_id", "grassroots_id"),
        "inspections": ("inspection_id", "grassroots_id"),
        "indicator_values": ("indicator_id, period, source_kind", "indicator_id")}
TABLE_WORDS = {s.table: s.title for s in SHEETS}
HEADLINES = (("grassroots", "Tổ chức cơ sở đảng"), ("cells", "Chi bộ"), ("members", "Đảng viên"),
             ("admissions", "Kết nạp (cả giai đoạn)"), ("discipline_cases", "Đảng viên bị kỷ luật (cả giai đoạn)"),
             ("letters", "Đơn thư (cả giai đoạn)"))


@dataclass(frozen=True)
class Preview:
    rows: pd.DataFrame          # table, grassroots_id, added, changed, removed
    headlines: pd.DataFrame     # measure, before, after
    statuses: pd.DataFrame      # target, before, after (only those that change)

    def labelled(self, before: str = "Trước", after: str = "Sau") -> tuple[pd.DataFrame, ...]:
        """The three tables with the words a page shows."""
        sides = {"before": before, "after": after}
        return (self.rows.rename(columns={"table": "Bảng", "grassroots_id": "Tổ chức cơ sở đảng", "added": "Thêm",
                                          "changed": "Sửa", "removed": "Bỏ"}),
                self.headlines.rename(columns={"measure": "Chỉ số", **sides}),
                self.statuses.rename(columns={"target": "Chỉ tiêu", **sides}))


def _rows(before: store.Snapshot, after: store.Snapshot) -> pd.DataFrame:
    """Rows added, changed and removed per table and organisation (DuckDB over the files: bounded memory)."""
    con = duckdb.connect()
    out = []
    try:
        for table, (key, group) in KEYS.items():
            if table not in before.tables or table not in after.tables or \
                    before.tables[table]["sha256"] == after.tables[table]["sha256"]:
                continue
            cols = [c for c in after.tables[table]["columns"] if not (c == "member_no" and table == "members")]
            # key and group are this module's constants; the manifest's column names go through the
            # relation API, never through SQL text
            row_hash = duckdb.FunctionExpression("hash", *[duckdb.ColumnExpression(c) for c in cols]).alias("h")
            for side, snap in (("a", before), ("b", after)):
                con.read_parquet(str(snap.file(table))).select(
                    duckdb.SQLExpression(f"concat_ws('|', {key})").alias("k"),
                    duckdb.SQLExpression(group).alias("g"), row_hash).create_view(side, replace=True)
            rows = con.execute("""
                select coalesce(b.g, a.g) as grp,
                       count(*) filter (where a.k is null) as added,
                       count(*) filter (where a.k is not null and b.k is not null and a.h <> b.h) as changed,
                       count(*) filter (where b.k is null) as removed
                from a full outer join b on a.k = b.k
                group by grp having added + changed + removed > 0 order by grp""").fetchall()
            out += [{"table": TABLE_WORDS[table], "grassroots_id": g or "", "added": ad, "changed": ch, "removed": rm}
                    for g, ad, ch, rm in rows]
    finally:
        con.close()
    return pd.DataFrame(out, columns=["table", "grassroots_id", "added", "changed", "removed"])


def _scope(db: Database, as_of: date) -> Scope:
    orgs = tuple(o for (o,) in db.cursor().execute(
        "select unit_id from org_units where level = 'grassroots' order by 1").fetchall())
    return Scope(config.PREDECESSOR_IDS, orgs, config.PREVIOUS_TERM.starts_on, as_of)


def preview(base_id: str, staged_id: str, root=None) -> Preview:
    before, after = store.open_snapshot(base_id, root=root), store.open_snapshot(staged_id, root=root)
    dbs = [Database(before), Database(after)]
    as_of = date.fromisoformat(after.as_of)
    sums = [db.run("snapshot_summary", _scope(db, as_of)).iloc[0] for db in dbs]
    heads = pd.DataFrame([{"measure": label, "before": int(sums[0][code]), "after": int(sums[1][code])}
                          for code, label in HEADLINES])
    evals = [{t.item_id: (t.stt, t.status_words) for t in tracking.evaluate(db.run, _scope(db, as_of), as_of,
                                                                             db.snapshot.id, with_hdnd=False)}
             for db in dbs]
    statuses = pd.DataFrame([{"target": f"({stt})", "before": st0, "after": evals[1][k][1]}
                             for k, (stt, st0) in evals[0].items() if evals[1].get(k, (None, st0))[1] != st0],
                            columns=["target", "before", "after"])
    return Preview(_rows(before, after), heads, statuses)
