"""The shared database of several replicas: PostgreSQL, named by one setting, `DANGBO_DATABASE_URL`
(e.g. postgresql://dangbo@127.0.0.1:5432/dangbo). Without it, accounts live in SQLite and the audit log
in a JSON-lines file under the data folder, as on one machine. psycopg 3 with a small pool of
connections per process (psycopg_pool): a sign-in is several short transactions, and opening a
connection for each cost more than the transaction. Tables are made by dangbo.access.schema, never here."""
from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing, contextmanager
from pathlib import Path

ADVISORY_LOCK = 0x6462_6f  # every account-store transaction takes it: serialised like SQLite's begin immediate


def url() -> str | None:
    return os.environ.get("DANGBO_DATABASE_URL") or None


class _Cursor:
    """The few calls the stores make, with SQLite's `?` placeholders turned into psycopg's."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql.replace("?", "%s"), params)


def store_errors() -> tuple[type[BaseException], ...]:
    """What the account and audit stores raise when their database cannot do the work (unreachable,
    timed out, locked, a disk error, a schema this code does not know); evaluated only when one is raised."""
    import sqlite3

    import psycopg

    from .schema import SchemaError
    return (sqlite3.Error, psycopg.Error, OSError, SchemaError)


def integrity_errors() -> tuple[type[BaseException], ...]:
    """A unique key already taken, in either database."""
    import sqlite3

    import psycopg
    return (sqlite3.IntegrityError, psycopg.IntegrityError)


POOL_SIZE = 8                # per process: a replica's sessions sign in and touch their rows briefly


def timeout_s() -> float:
    """How long a request waits for a connection before it says the database is unavailable
    ($DANGBO_DATABASE_TIMEOUT, default 10 s)."""
    try:
        return max(0.5, float(os.environ.get("DANGBO_DATABASE_TIMEOUT", "10")))
    except ValueError:
        return 10.0

_pools: dict = {}
_pools_lock = threading.Lock()


def _pool(database_url: str):
    with _pools_lock:
        pool = _pools.get(database_url)
        if pool is None:
            from psycopg_pool import ConnectionPool
            wait = timeout_s()
            pool = ConnectionPool(database_url, min_size=1, max_size=POOL_SIZE,
                                  kwargs={"connect_timeout": max(1, round(wait))},
                                  check=ConnectionPool.check_connection, timeout=wait, open=True,
                                  name="dangbo-access")
            _pools[database_url] = pool
        return pool


@contextmanager
def transaction(database_url: str, *, serialised: bool = True):
    """One transaction on a pooled connection: committed on exit, rolled back on an error. `serialised`
    takes the account store's advisory lock (for read-then-write such as the throttle)."""
    with _pool(database_url).connection() as conn:
        if serialised:
            conn.execute("select pg_advisory_xact_lock(%s)", (ADVISORY_LOCK,))
        yield _Cursor(conn)


@contextmanager
def sqlite_transaction(path: Path, *, serialised: bool = True):
    """One transaction on the local SQLite store, fsync'd at commit (synchronous=full): `serialised`
    takes the write lock first (begin immediate), as the advisory lock does in PostgreSQL."""
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as db:
        db.execute("pragma synchronous=full")
        db.execute("begin immediate" if serialised else "begin")
        try:
            yield db
            db.execute("commit")
        except BaseException:
            db.execute("rollback")
            raise


@contextmanager
def store_transaction(path: Path | None, database_url: str | None, *, serialised: bool = True):
    """A transaction on whichever store is configured: PostgreSQL at `database_url`, else SQLite at `path`."""
    if database_url:
        with transaction(database_url, serialised=serialised) as db:
            yield db
    else:
        with sqlite_transaction(path, serialised=serialised) as db:
            yield db
