"""The access stores' tables, made by numbered migrations, once, before a replica serves.

`migrate()` runs at the server's start (dangbo.web.asgi), in the run script (`python -m
dangbo.accounts migrate`) and in the replica set-up. The versions applied are rows of `dangbo_schema`
in either database. Migrators are serialised: PostgreSQL by a transaction-level advisory lock of their
own (DDL is transactional there, so a migration is all or nothing), SQLite by `begin immediate`. Requests never run DDL: a store
only reads the version (`ensure`, once per process and database) and migrates only a database that
nobody migrated yet (a command line, a test), under the same lock.

A later change of a table is a new entry at the end of MIGRATIONS, never an edit of an old one.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

MIGRATION_LOCK = 0x6462_6d   # not the account store's transaction lock: migrations wait only for each other

# (version, what it does, statements). SQLite reads `real` as 8 bytes; PostgreSQL gets double precision
# (and bytea for blob).
MIGRATIONS: list[tuple[int, str, tuple[str, ...]]] = [
    (1, "accounts, throttling, sessions", (
        """create table if not exists accounts (
            username text primary key, role text not null, units text, orgs text, email text unique,
            subject text unique, password_hash text, must_change integer not null default 0,
            disabled integer not null default 0, created_at real not null, updated_at real not null)""",
        """create table if not exists failures (
            username text primary key, count integer not null, last_at real not null)""",
        """create table if not exists sessions (
            id text primary key, username text not null, method text not null, started_at real not null,
            last_seen real not null, ended_at real, end_reason text)""",
    )),
    (2, "progress reports of the action programme", (
        # One row a report, never updated or deleted: a correction is a later report. The evidence file
        # is kept with it (at most dangbo.programme.reports.MAX_EVIDENCE_BYTES).
        """create table if not exists programme_reports (
            id text primary key, item_id text not null, period text not null, reported_on text not null,
            percent integer not null, note text not null, doc_ref text, evidence_name text,
            evidence_sha256 text, evidence_size integer, evidence blob, lead_id text not null,
            username text not null, role text not null, at real not null)""",
        "create index if not exists programme_reports_item on programme_reports (item_id, period)",
    )),
    (3, "sessions in a browser cookie: an absolute expiry", (
        # A session opened by the sign-in endpoint lives in a cookie; its row keeps the hash of the
        # cookie's token as its id (dangbo.access.accounts.token_id) and the moment it ends whatever
        # its activity. Rows of earlier sessions keep a null: they end when their tab does.
        "alter table sessions add column expires_at real",
    )),
    (4, "events marked on the charts over time", (
        # One row an event the office added; removing it fills removed_at/removed_by, nothing is deleted
        # (dangbo.timeline.events).
        """create table if not exists chart_events (
            id text primary key, on_date text not null, text text not null, unit_id text, grassroots_id text,
            username text not null, role text not null, at real not null, removed_at real, removed_by text)""",
    )),
]
# The audit table exists only in PostgreSQL (a local audit log is a JSON-lines file).
PG_ONLY: dict[int, tuple[str, ...]] = {
    1: ("""create table if not exists audit (
            id bigserial primary key, time text not null, account text, role text, action text not null,
            details jsonb)""",),
}
VERSION = MIGRATIONS[-1][0]


_ready: set[str] = set()          # databases this process has seen at VERSION
_ready_lock = threading.Lock()


class SchemaError(Exception):
    """The database's tables are not what this code expects; the message is Vietnamese."""


def _pg(sql: str) -> str:
    return sql.replace(" real", " double precision").replace(" blob", " bytea")


# Both databases record the versions applied in the same table.
VERSION_TABLE = ("create table if not exists dangbo_schema (version integer primary key, description text not null, "
                 "applied_at real not null)")
VERSION_READ = "select coalesce(max(version), 0) from dangbo_schema"
VERSION_WRITE = "insert into dangbo_schema values (?, ?, ?)"


def _apply(run, current: int, pg: bool) -> list[int]:
    """The migrations after `current`, through `run(sql, params)` inside the caller's transaction."""
    applied = []
    for version, description, statements in MIGRATIONS:
        if version <= current:
            continue
        for sql in (*statements, *(PG_ONLY.get(version, ()) if pg else ())):
            run(_pg(sql) if pg else sql, ())
        run(VERSION_WRITE, (version, description, time.time()))
        applied.append(version)
    return applied


# ------------------------------------------------------------------ PostgreSQL

def _pg_version(conn) -> int:
    if not conn.execute("select to_regclass('dangbo_schema') is not null").fetchone()[0]:
        return 0
    return conn.execute(VERSION_READ).fetchone()[0]


def _migrate_pg(url: str) -> list[int]:
    import psycopg
    with psycopg.connect(url, connect_timeout=10) as conn:      # one transaction: committed on exit
        conn.execute("select pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute(_pg(VERSION_TABLE))
        return _apply(lambda sql, params: conn.execute(sql.replace("?", "%s"), params), _pg_version(conn), pg=True)


def _read_pg(url: str) -> int:
    import psycopg
    with psycopg.connect(url, connect_timeout=10) as conn:
        return _pg_version(conn)


# ------------------------------------------------------------------ SQLite

def _sqlite_version(db) -> int:
    if not db.execute("select count(*) from sqlite_master where type = 'table' and name = 'dangbo_schema'"
                      ).fetchone()[0]:
        return 0
    return db.execute(VERSION_READ).fetchone()[0]


def _migrate_sqlite(path: Path) -> list[int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as db:
        db.execute("pragma journal_mode=wal")
        db.execute("begin immediate")                         # serialises migrators, as the lock does in PostgreSQL
        try:
            db.execute(VERSION_TABLE)
            applied = _apply(db.execute, _sqlite_version(db), pg=False)
            db.execute("commit")
        except BaseException:
            db.execute("rollback")
            raise
    return applied


def _read_sqlite(path: Path) -> int:
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path, timeout=30)) as db:
        return _sqlite_version(db)


# ------------------------------------------------------------------ the two entry points

def version(*, path: Path | None = None, url: str | None = None) -> int:
    return _read_pg(url) if url else _read_sqlite(Path(path))


def migrate(*, path: Path | None = None, url: str | None = None) -> list[int]:
    """Bring the database to VERSION; the versions applied now (empty when it was there already)."""
    current = version(path=path, url=url)
    if current > VERSION:
        raise SchemaError(f"Cơ sở dữ liệu tài khoản ở phiên bản {current}, mới hơn phiên bản {VERSION} mà chương "
                          "trình này biết: hãy cập nhật chương trình trên máy chủ này.")
    applied = [] if current == VERSION else (_migrate_pg(url) if url else _migrate_sqlite(Path(path)))
    _ready.add(_key(path, url))
    return applied


def _key(path: Path | None, url: str | None) -> str:
    return url or str(Path(path).resolve())


def ensure(*, path: Path | None = None, url: str | None = None) -> None:
    """Once per process and database: check the version, migrating only a database nobody migrated."""
    if _key(path, url) in _ready:
        return
    with _ready_lock:
        if _key(path, url) not in _ready:
            migrate(path=path, url=url)

