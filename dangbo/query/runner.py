"""DuckDB over a snapshot, and the one runner that executes the named queries in queries/*.sql.

Every value reaches SQL as a bound parameter; no SQL text is ever built by formatting. Views over
the Parquet files are made with DuckDB's relational API (`read_parquet(...).create_view`), so even
the file paths never pass through SQL text.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from .. import config, fmt
from ..sources.aggregates import AGGREGATES
from ..sources.seed import PUBLISHED_LATER
from ..store import Snapshot, SnapshotError, verify
from .scope import Grant, Scope

PARAM_LINE = re.compile(r"^--\s*params:\s*(.*)$", re.MULTILINE)
PARAM_NAME = re.compile(r"\$([a-z_][a-z0-9_]*)")


class QueryError(Exception):
    """A named query could not run; the message is Vietnamese and names the query."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    sql: str
    params: tuple[str, ...]


@cache
def load_query(name: str, folder: Path = config.QUERIES_DIR) -> NamedQuery:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryError(f"Tên truy vấn không hợp lệ: {name!r}.")
    path = folder / f"{name}.sql"
    try:
        sql = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"Không có truy vấn '{name}' (thiếu tệp queries/{name}.sql).") from None
    m = PARAM_LINE.search(sql)
    declared = tuple(PARAM_NAME.findall(m.group(1))) if m else ()
    used = set(PARAM_NAME.findall(re.sub(r"--[^\n]*", "", sql)))
    if set(declared) != used:
        raise QueryError(f"Truy vấn '{name}': tham số khai báo {sorted(declared)} khác tham số dùng {sorted(used)}.")
    return NamedQuery(name, sql, declared)


class Database:
    """An in-memory DuckDB whose views read the snapshot's Parquet files."""

    def __init__(self, snap: Snapshot, check: bool = True):
        if check:
            verify(snap)
        self.snapshot = snap
        self.fingerprint = snap.fingerprint()
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        for name in snap.tables:
            rel = self._con.read_parquet(str(snap.file(name)))
            if "scope" in rel.columns and "owner" not in rel.columns:
                rel = rel.project("* rename (scope as owner)")   # a target's owner, as snapshots before 02/12/2026 name it
            rel.create_view(name, replace=True)
        for name, (source, sql) in AGGREGATES.items():
            if name not in snap.tables and source in snap.tables:   # a snapshot written before the aggregate
                self._con.execute(f"create view {name} as {sql.replace('from src', f'from {source}')}")
        for name, make in PUBLISHED_LATER.items():
            if name not in snap.tables:        # published text a snapshot was built before: from the sources
                self._con.from_df(make()).create_view(name)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._con.cursor()

    def run(self, name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
        """Run queries/<name>.sql with the parameters it declares, taken from `scope` and `params`."""
        q = load_query(name)
        given = (scope.params() if scope else {}) | params
        missing = [p for p in q.params if p not in given]
        if missing:
            raise QueryError(f"Truy vấn '{name}' cần tham số: {', '.join(missing)}.")
        bound = {p: given[p] for p in q.params}
        if self.snapshot.fingerprint() != self.fingerprint:
            raise SnapshotError(
                f"Các tệp của bản dữ liệu '{self.snapshot.id}' đã thay đổi sau khi được mở; tải lại trang để kiểm tra lại.")
        try:
            return self.cursor().execute(q.sql, bound).df()
        except duckdb.Error as e:
            raise QueryError(f"Không chạy được truy vấn '{name}' trên bản dữ liệu '{self.snapshot.id}': "
                             f"{fmt.code(e, 300)}") from e


class Confined:
    """A database as one account sees it, the only kind a page is given. Every query over records
    (one that declares `$orgs`) has its scope confined to the account's grant before it runs; a
    query over published document figures (only `$units`) is visible to every signed-in account."""

    def __init__(self, db: Database, grant: Grant):
        self._db, self.grant = db, grant

    @property
    def snapshot(self) -> Snapshot:
        return self._db.snapshot

    @property
    def fingerprint(self) -> tuple:
        return self._db.fingerprint

    def confine(self, name: str, scope: Scope) -> Scope:
        return self.grant.confine(scope) if "orgs" in load_query(name).params else scope

    def run(self, name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
        return self._db.run(name, self.confine(name, scope) if scope else None, **params)
