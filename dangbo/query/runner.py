"""DuckDB over a snapshot, and the one runner that executes the named queries in queries/*.sql.

Every value reaches SQL as a bound parameter; no SQL text is ever built by formatting. Views over
the Parquet files are made with DuckDB's relational API (`read_parquet(...).create_view`), so even
the file paths never pass through SQL text.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
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

    def __init__(self, snap: Snapshot, check: bool = True, threads: int | None = None):
        """`threads`: at most that many of DuckDB's threads for this database's queries (default: one
        a core), for background work that must leave cores to the people reading."""
        if check:
            verify(snap)
        self.snapshot = snap
        self.fingerprint = snap.fingerprint()
        self._con = duckdb.connect(":memory:", config={"threads": threads} if threads else {})
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
        self._by_cells: dict[tuple[str, ...], CellView] = {}

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._con.cursor()

    def run(self, name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
        """Run queries/<name>.sql with the parameters it declares, taken from `scope` and `params`. A
        query over records (one that declares `$orgs`) of a scope narrowed to cells runs on the
        snapshot as those cells see it (`CellView`)."""
        q = load_query(name)
        if scope is not None and scope.cells and "orgs" in q.params:
            return self.cells(scope.cells).run(name, replace(scope, cells=()), **params)
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


    def cells(self, cells: tuple[str, ...]) -> CellView:
        """The snapshot as these cells see it (one view a selection, kept while the database is)."""
        key = tuple(sorted(set(cells)))
        with self._lock:
            if key not in self._by_cells:
                if len(self._by_cells) >= MAX_CELL_VIEWS:
                    self._by_cells.pop(next(iter(self._by_cells)))
                self._by_cells[key] = CellView(self, key)
            return self._by_cells[key]


# Record tables as cells see them: each row of these cells (letters and inspections name no cell:
# they stay whole, and the sidebar says so). A derived pre-aggregate is derived again from them.
MAX_CELL_VIEWS = 32
BY_CELL = {"members": "cell_id", "candidates": "cell_id", "discipline_cases": "cell_id"}


class CellView(Database):
    """The snapshot narrowed to some cells (chi bộ): members, candidates and discipline cases of those
    cells, the ratings of their members and of the cells themselves, the organisation tree with only
    those cells, and the pre-aggregates derived again from what is left; everything else (published
    figures, the programme, targets) as it is. Views only: nothing is copied."""

    def __init__(self, full: Database, cells: tuple[str, ...]):     # the parent's __init__ opens the whole snapshot
        self.snapshot, self.fingerprint, self.cells = full.snapshot, full.fingerprint, cells
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self._by_cells = {}
        snap = self.snapshot
        chosen = [duckdb.ConstantExpression(c) for c in cells]
        raw = {}
        for name in snap.tables:
            rel = self._con.read_parquet(str(snap.file(name)))
            if "scope" in rel.columns and "owner" not in rel.columns:
                rel = rel.project("* rename (scope as owner)")
            raw[name] = rel
        for name, rel in raw.items():
            if name in AGGREGATES:
                continue
            if name in BY_CELL:
                rel = rel.filter(duckdb.ColumnExpression(BY_CELL[name]).isin(*chosen))
            elif name == "member_ratings":
                members = raw["members"].filter(duckdb.ColumnExpression("cell_id").isin(*chosen)).select("member_no")
                rel = rel.join(members, "member_no", how="semi")
            elif name == "org_ratings":
                rel = rel.filter((duckdb.ColumnExpression("level") == duckdb.ConstantExpression("cell"))
                                 & duckdb.ColumnExpression("unit_id").isin(*chosen))
            elif name == "org_units":
                rel = rel.filter((duckdb.ColumnExpression("level") != duckdb.ConstantExpression("cell"))
                                 | duckdb.ColumnExpression("unit_id").isin(*chosen))
            rel.create_view(name, replace=True)
        for name, (source, sql) in AGGREGATES.items():
            if source in snap.tables:           # the aggregate of the narrowed records (this module's SQL)
                self._con.execute(f"create view {name} as {sql.replace('from src', f'from {source}')}")
        for name, make in PUBLISHED_LATER.items():
            if name not in snap.tables:
                self._con.from_df(make()).create_view(name)


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
