"""The published snapshot's database and the named queries' results, cached; and what a page shows
when data cannot be read. Everything a page draws comes through `run`."""
from __future__ import annotations

import threading
from collections import Counter
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from .. import config, store
from ..query.runner import Confined, Database, QueryError
from ..query.scope import Scope
from .context import context

DATA_ERRORS = (store.SnapshotError, QueryError)


@st.cache_resource(show_spinner=False, max_entries=4)
def _database(snapshot_id: str, root: str, fingerprint: tuple) -> Database:  # noqa: ARG001 - the cache key
    return Database(store.open_snapshot(snapshot_id, root=root))


def database() -> Database:
    """The published snapshot's database; re-verified whenever the pointer or a file changes."""
    root = config.data_dir()
    snap = store.open_snapshot(root=root)
    return _database(snap.id, str(root), snap.fingerprint())


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _run(snapshot_id: str, fingerprint: str, name: str, scope_key: tuple,  # noqa: ARG001 - the cache key
         _scope: Scope, params: tuple, _db: Confined) -> pd.DataFrame:
    # Keyed by snapshot, file fingerprint, query, scope key and parameters (underscored ones are not hashed).
    return _db.run(name, _scope, **dict(params))


def cached(db: Confined, name: str, scope: Scope, **params) -> pd.DataFrame:
    """A named query's result for `db`'s account, cached by what actually runs (the confined scope)."""
    scope = db.confine(name, scope)            # the account's grant first; the cache key is what runs
    return _run(db.snapshot.id, db.version, name, scope.key(), scope, tuple(sorted(params.items())), db)


# How many times each shared computation ran in this process (fn name -> count): a view asked again, by
# anyone with the same grant and arguments, is not computed again.
COMPUTED: Counter[str] = Counter()
_computed_lock = threading.Lock()


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _derived(fn_name: str, snapshot_id: str, fingerprint: str, grant_key: tuple, records_key: tuple,  # noqa: ARG001
             args: tuple, kwargs: tuple, _fn, _db: Confined, _scope: Scope):
    with _computed_lock:
        COMPUTED[fn_name] += 1
    return _fn(lambda name, scope, **params: cached(_db, name, scope, **params), _scope, *args, **dict(kwargs))


def derived(fn, db: Confined, scope: Scope, *args, **kwargs):
    """`fn(run, scope, *args, **kwargs)` over the named queries of `db`'s account, computed once per
    snapshot, grant, scope and arguments for every session that asks (the targets' evaluation, the due
    lists, the quotas: pure functions of the snapshot's answers). `args` and `kwargs` are part of the key,
    so they must say everything else the result depends on (a day, an organisation list)."""
    return _derived(f"{fn.__module__}.{fn.__qualname__}", db.snapshot.id, db.version, db.grant.key(),
                    db.grant.confine(scope).key(), args, tuple(sorted(kwargs.items())), fn, db, scope)


def run(name: str, scope: Scope, **params) -> pd.DataFrame:
    """A named query's small result for the signed-in account, cached by snapshot, query, confined
    scope and parameters. Uses the database the sidebar opened for this script run."""
    return cached(context().db, name, scope, **params)


@st.cache_data(show_spinner=False, max_entries=16)
def compare(before_id: str, after_id: str, root: str):
    """What changed between two snapshots (dangbo.ingest.preview); snapshots never change, so the
    ids (and the data folder) are the whole cache key and a rerun computes nothing again."""
    from ..ingest import preview
    return preview.preview(before_id, after_id, root=root)


@st.cache_resource(show_spinner=False, max_entries=4)     # read-only, and it looks members up in its database
def _catalog(snapshot_id: str, root: str, fingerprint: tuple):
    from ..ingest.spec import catalog
    return catalog(_database(snapshot_id, root, fingerprint))


def import_catalog():
    """The import code lists of the published snapshot, read once per snapshot, not once per rerun."""
    db = open_or_stop()
    return _catalog(db.snapshot.id, str(config.data_dir()), db.fingerprint)


def _show(error: Exception) -> None:
    st.error(f"Không thể hiển thị số liệu. {error}")     # values from outside are fmt.code spans


@contextmanager
def data_errors():
    """A snapshot or query problem while a page draws becomes a Vietnamese message, not a traceback."""
    try:
        yield
    except DATA_ERRORS as e:
        _show(e)


def open_or_stop() -> Database:
    """The database, or a Vietnamese error on the page and nothing more (never a traceback)."""
    try:
        return database()
    except DATA_ERRORS as e:
        _show(e)
        st.stop()
