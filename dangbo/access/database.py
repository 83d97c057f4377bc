"""The shared database of several replicas: PostgreSQL, named by one setting, `DANGBO_DATABASE_URL`
(e.g. postgresql://dangbo@127.0.0.1:5432/dangbo). Without it, accounts live in SQLite and the audit log
in a JSON-lines file under the data folder, as on one machine. psycopg 3; one connection a transaction
(sign-ins and audit entries are few; no pool to keep healthy)."""
from __future__ import annotations

import os
import re
from contextlib import contextmanager

ADVISORY_LOCK = 0x6462_6f  # every account-store transaction takes it: serialised like SQLite's begin immediate


def url() -> str | None:
    return os.environ.get("DANGBO_DATABASE_URL") or None


class _Cursor:
    """The few calls the stores make, with SQLite's `?` placeholders turned into psycopg's."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql.replace("?", "%s"), params)


@contextmanager
def transaction(database_url: str, *, serialised: bool = True):
    import psycopg
    with psycopg.connect(database_url, connect_timeout=10) as conn:     # commits on exit, rolls back on error
        if serialised:
            conn.execute("select pg_advisory_xact_lock(%s)", (ADVISORY_LOCK,))
        yield _Cursor(conn)


def postgres_schema(sqlite_schema: str) -> str:
    """The same tables in PostgreSQL: times as double precision (SQLite's real is 8 bytes, PostgreSQL's 4)."""
    return re.sub(r"\breal\b", "double precision", sqlite_schema)
