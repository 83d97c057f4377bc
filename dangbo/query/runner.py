"""DuckDB over a snapshot, and the one runner that executes the named queries in queries/*.sql.

Every value reaches SQL as a bound parameter; no SQL text is ever built by formatting. Views over
the Parquet files are made with DuckDB's relational API (`read_parquet(...).create_view`), so even
the file paths never pass through SQL text.
"""
from __future__ import annotations

import hashlib
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

    @property
    def over_records(self) -> bool:
        """A question over records (it declares `$orgs`): confined to a grant, narrowed by cells."""
        return "orgs" in self.params


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
        # the fingerprint as a short text for cache keys (Streamlit hashes every key argument on every call)
        self.version = hashlib.blake2b(repr(self.fingerprint).encode(), digest_size=16).hexdigest()
        self._con = duckdb.connect(":memory:", config={"threads": threads} if threads else {})
        self._lock = threading.Lock()
        self._views()

    def _narrowed(self, tables: dict) -> dict:
        """The snapshot's tables as this database shows them (name -> relation): all of them, whole."""
        return tables

    def _views(self) -> None:
        """One view a table, over its Parquet file (no path or name passes through SQL text); a
        pre-aggregate is derived from its sources when they are narrowed (a view), or, when the snapshot was
        written before the aggregate existed, computed once into memory by the first query that reads it
        (`_make`: opening an older snapshot, the health trend's say, computes nothing it does not use)."""
        snap = self.snapshot
        self._unmade: dict[str, str] = {}
        tables = {}
        for name in snap.tables:
            rel = self._con.read_parquet(str(snap.file(name)))
            if "scope" in rel.columns and "owner" not in rel.columns:
                rel = rel.project("* rename (scope as owner)")   # a target's owner, as snapshots before 02/12/2026 name it
            tables[name] = rel
        shown = self._narrowed(tables)
        for name, rel in shown.items():
            rel.create_view(name, replace=True)
        for name, (sources, sql) in AGGREGATES.items():
            if any(s not in shown for s in sources):
                continue
            if any(shown[s] is not tables[s] for s in sources):   # narrowed records: the aggregate follows them
                self._con.sql(sql).create_view(name, replace=True)   # the aggregate's own SQL over their views
            elif name not in shown:                       # a snapshot written before it: computed when read
                self._unmade[name] = sql
        for name, make in PUBLISHED_LATER.items():
            if name not in snap.tables:        # published text a snapshot was built before: from the sources
                self._con.from_df(make()).create_view(name)
        self._by_cells: dict[tuple[str, ...], CellView] = {}

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._con.cursor()

    def _make(self, sql: str) -> None:
        """The pre-aggregates this snapshot lacks that `sql` reads, computed into memory once (another
        thread asking meanwhile waits for the table rather than computing it again)."""
        for name in [n for n in self._unmade if n in sql]:
            with self._lock:
                if name in self._unmade:
                    self._con.cursor().sql(self._unmade[name]).to_table(name)
                    del self._unmade[name]

    def run(self, name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
        """Run queries/<name>.sql with the parameters it declares, taken from `scope` and `params`. A
        query over records (one that declares `$orgs`) of a scope narrowed to cells runs on the
        snapshot as those cells see it (`CellView`)."""
        q = load_query(name)
        if scope is not None and scope.cells and q.over_records:
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
            self._make(q.sql)
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

    def __init__(self, full: Database, cells: tuple[str, ...]):     # the parent's __init__ verifies the files
        self.snapshot, self.fingerprint, self.version, self.cells = full.snapshot, full.fingerprint, full.version, cells
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self._by_cells = {}
        self._views()

    def _narrowed(self, tables: dict) -> dict:
        col, chosen = duckdb.ColumnExpression, [duckdb.ConstantExpression(c) for c in self.cells]
        out = {name: rel for name, rel in tables.items() if name not in AGGREGATES}   # derived again below
        for name, column in BY_CELL.items():
            if name in out:
                out[name] = out[name].filter(col(column).isin(*chosen))
        if "member_ratings" in out:
            out["member_ratings"] = out["member_ratings"].join(out["members"].select(col("member_no")), "member_no",
                                                               how="semi")
        if "org_ratings" in out:
            out["org_ratings"] = out["org_ratings"].filter(
                (col("level") == duckdb.ConstantExpression("cell")) & col("unit_id").isin(*chosen))
        if "org_units" in out:
            out["org_units"] = out["org_units"].filter(
                (col("level") != duckdb.ConstantExpression("cell")) | col("unit_id").isin(*chosen))
        return out


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

    @property
    def version(self) -> str:
        return self._db.version

    def confine(self, name: str, scope: Scope) -> Scope:
        return self.grant.confine(scope) if load_query(name).over_records else scope

    def run(self, name: str, scope: Scope | None = None, **params) -> pd.DataFrame:
        return self._db.run(name, self.confine(name, scope) if scope else None, **params)
