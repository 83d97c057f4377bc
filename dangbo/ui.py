"""Streamlit glue shared by app.py and the pages: the cached database, cached named queries and
the messages a page shows when data cannot be read. Pages import this; nothing here draws charts.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from . import store
from .db import Database, QueryError, Scope

DEMO_NOTICE = ("Dữ liệu mẫu (demo): hồ sơ đảng viên, ứng viên, xếp loại, kỷ luật, đơn thư và kiểm tra "
               "là dữ liệu giả lập, không phải của người thật; chỉ các số liệu ghi nguồn là số liệu công bố.")


@st.cache_resource(show_spinner=False, max_entries=4)
def _database(snapshot_id: str, root: str, fingerprint: tuple) -> Database:
    return Database(store.open_snapshot(snapshot_id, root=root))


def database() -> Database:
    """The published snapshot's database; re-verified whenever the pointer or a file changes."""
    root = store.config.data_dir()
    snap = store.open_snapshot(root=root)
    return _database(snap.id, str(root), snap.fingerprint())


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _run(snapshot_id: str, fingerprint: tuple, name: str, scope_key: tuple, scope: Scope, params: tuple) -> pd.DataFrame:
    return database().run(name, scope, **dict(params))


def run(name: str, scope: Scope, **params) -> pd.DataFrame:
    """A named query's small result, cached by snapshot, query, scope and parameters."""
    db = database()
    return _run(db.snapshot.id, db.fingerprint, name, scope.key(), scope, tuple(sorted(params.items())))


def open_or_stop() -> Database:
    """The database, or a Vietnamese error on the page and nothing more (never a traceback)."""
    try:
        return database()
    except (store.SnapshotError, QueryError) as e:
        st.error(f"Không thể hiển thị số liệu. {e}")
        st.stop()
