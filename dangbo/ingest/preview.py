"""What an import would change, against the published snapshot: rows added, changed and removed
per table and organisation; the headline figures before and after; the 2025-2030 target statuses
that would change. Computed on the staged snapshot with the same queries the pages use."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import pyarrow.parquet as pq

from .. import config, store
from ..query.runner import Database
from ..query.scope import Scope
from ..targets import tracking

KEYS = {"members": "member_id", "discipline_cases": "case_id", "letters": "letter_id"}
TABLE_WORDS = {"members": "Đảng viên", "discipline_cases": "Kỷ luật", "letters": "Đơn thư"}
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
    out = []
    for table, key in KEYS.items():
        a = pq.read_table(before.file(table)).to_pandas().drop(columns=["member_no"], errors="ignore")
        b = pq.read_table(after.file(table)).to_pandas().drop(columns=["member_no"], errors="ignore")
        a, b = a.set_index(key), b.set_index(key)
        orgs = sorted(set(a.grassroots_id.dropna()) | set(b.grassroots_id.dropna()))
        for org in orgs:
            x, y = a[a.grassroots_id == org], b[b.grassroots_id == org]
            common = x.index.intersection(y.index)
            changed = sum(not x.loc[k].equals(y.loc[k]) for k in common)
            added, removed = len(y.index.difference(x.index)), len(x.index.difference(y.index))
            if added or removed or changed:
                out.append({"table": TABLE_WORDS[table], "grassroots_id": org, "added": added, "changed": changed,
                            "removed": removed})
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
