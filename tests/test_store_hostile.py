"""The store against a hostile data folder: every damaged state gives one SnapshotError with a
Vietnamese message (never another exception), pages show that message and no traceback, and
half-written folders left by killed writers are removed."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from apptest import signed_app

from dangbo import config, store
from dangbo.query import runner as db


def _manifest(root):
    snap = store.open_snapshot(root=root)
    return snap, json.loads((snap.path / "manifest.json").read_text(encoding="utf-8"))


def _write(snap, m):
    (snap.path / "manifest.json").write_text(json.dumps(m), encoding="utf-8")


def _pointer(root, data: bytes):
    (root / "PUBLISHED").write_bytes(data)


def _page_message(root, monkeypatch) -> str:
    """Open the overview on `root` in AppTest; return the error shown (there must be one, no exception)."""
    monkeypatch.setenv("DANGBO_DATA_DIR", str(root))
    at = signed_app()
    at.run()
    assert not at.exception, at.exception
    assert at.error, "no error message shown"
    assert not at.metric, "figures shown from a damaged snapshot"
    return at.error[0].value


def _pointer_dir(root):
    (root / "PUBLISHED").unlink()
    (root / "PUBLISHED").mkdir()


def _table(m, name="members"):
    return m["tables"][name]


STATES = {
    "pointer is a directory": (_pointer_dir, "không phải một tệp thường"),
    "pointer of 300 characters": (lambda r: _pointer(r, b"a" * 300), "dài quá"),
    "pointer of binary bytes": (lambda r: _pointer(r, b"\xff\xfe\x00\x81garbage"), "không phải văn bản"),
    "pointer with a path": (lambda r: _pointer(r, b"../../etc\n"), "không hợp lệ"),
}
MANIFEST_STATES = {
    "manifest is a list": (lambda m: [m], "phải là một đối tượng JSON"),
    "entry lacks file": (lambda m: _table(m).pop("file") and m, "thiếu khóa 'file' ở tables.members"),
    "as_of not a real date": (lambda m: m.update(as_of="2026-13-40") or m, "ngày có thật"),
    "size as a string": (lambda m: _table(m).update(bytes=str(_table(m)["bytes"])) or m,
                         "khóa 'tables.members.bytes' phải là một số nguyên"),
    "file outside the folder": (lambda m: _table(m).update(file="../../../../../../../etc/hostname") or m,
                                "tên tệp .parquet đơn giản"),
    "rows altered": (lambda m: _table(m).update(rows=_table(m)["rows"] + 1) or m, "manifest (khóa 'tables.members.rows')"),
    "schema version": (lambda m: m.update(schema_version=2) or m, "khóa 'schema_version' phải là đúng giá trị 1"),
    "nested garbage": (lambda m: m.update(tables={"members": [1, [2, {"x": None}]]}) or m, "tables.members"),
}


@pytest.mark.parametrize("state", STATES)
def test_pointer_states(scratch_root, monkeypatch, state):
    damage, words = STATES[state]
    damage(scratch_root)
    with pytest.raises(store.SnapshotError, match=words):
        store.open_snapshot(root=scratch_root)
    assert words in _page_message(scratch_root, monkeypatch)


@pytest.mark.parametrize("state", MANIFEST_STATES)
def test_manifest_states(scratch_root, monkeypatch, state):
    change, words = MANIFEST_STATES[state]
    snap, m = _manifest(scratch_root)
    _write(snap, change(m))
    with pytest.raises(store.SnapshotError) as e:
        store.verify(store.open_snapshot(root=scratch_root))
    assert words in str(e.value) and snap.id in str(e.value)
    assert words in _page_message(scratch_root, monkeypatch)


def test_link_leaving_the_folder_is_refused(scratch_root):
    snap = store.open_snapshot(root=scratch_root)
    target = snap.file("letters")
    outside = scratch_root / "outside.parquet"
    os.rename(target, outside)
    target.symlink_to(outside)
    with pytest.raises(store.SnapshotError, match="liên kết ra ngoài"):
        store.verify(snap)


def test_forged_consistent_manifest_refused(scratch_root, monkeypatch):
    """Files and manifest changed together (checksums agree) no longer match the digest in the id."""
    snap, m = _manifest(scratch_root)
    f = snap.file("letters")
    f.write_bytes(snap.file("candidates").read_bytes())
    e = _table(m, "letters")
    e.update(sha256=hashlib.sha256(f.read_bytes()).hexdigest(), bytes=f.stat().st_size)
    _write(snap, m)
    with pytest.raises(store.SnapshotError, match="mã kiểm tra trong tên"):
        store.open_snapshot(root=scratch_root)
    assert "bị sửa đổi" in _page_message(scratch_root, monkeypatch)


def test_change_restoring_mtime_is_noticed_by_a_running_database(scratch_root, term1):
    snap = store.open_snapshot(root=scratch_root)
    database = db.Database(snap)
    assert database.run("admissions_by_year", term1).admissions.sum() == 99
    f = snap.file("members")
    st = f.stat()
    data = bytearray(f.read_bytes())
    data[len(data) // 3] ^= 0x01
    time.sleep(0.01)
    f.write_bytes(bytes(data))
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))           # size and mtime as before
    assert f.stat().st_mtime_ns == st.st_mtime_ns and f.stat().st_size == st.st_size
    with pytest.raises(store.SnapshotError, match="đã thay đổi sau khi được mở"):
        database.run("admissions_by_year", term1)
    with pytest.raises(store.SnapshotError, match="SHA-256 không khớp"):
        db.Database(store.open_snapshot(root=scratch_root))


def test_publish_refuses_a_damaged_snapshot_and_keeps_pointer(scratch_root):
    before = store.published_id(scratch_root)
    snap, m = _manifest(scratch_root)
    _table(m)["rows"] += 5
    _write(snap, m)
    with pytest.raises(store.SnapshotError):
        store.publish(snap.id, root=scratch_root)
    assert store.published_id(scratch_root) == before


def test_labels_are_plain(scratch_root):
    import pandas as pd
    with pytest.raises(ValueError):
        store.write_snapshot({"t": pd.DataFrame({"a": [1]})}, as_of="2026-12-01", made_from={}, demo_tables=set(),
                             root=scratch_root, label="../x")


WRITER = """
import sys, time
import pandas as pd
from dangbo import store
tables = {f"t{i}": pd.DataFrame({"a": range(200_000)}) for i in range(40)}
store.write_snapshot(tables, as_of="2026-12-01", made_from={}, demo_tables=set(), root=sys.argv[1])
"""


def _kill_writers(root, n: int) -> list:
    snaps = root / "snapshots"
    env = dict(os.environ, PYTHONPATH=str(config.ROOT))
    for _ in range(n):
        before = set(snaps.glob(".writing-*"))
        p = subprocess.Popen([sys.executable, "-c", WRITER, str(root)], env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not [f for f in snaps.glob(".writing-*/t1.parquet")
                                                   if f.parent not in before]:
            time.sleep(0.02)
        p.send_signal(signal.SIGKILL)
        p.wait()
    return list(snaps.glob(".writing-*"))


def test_kill_9_then_next_writer_tidies_and_spares_a_running_one(scratch_root):
    """Writers killed with SIGKILL mid-write leave a .writing-* folder; the next writer removes it
    when it starts, and tidying never touches the folder of a writer that is still running."""
    snaps = scratch_root / "snapshots"
    left = _kill_writers(scratch_root, 5)
    assert len(left) == 1                       # each new writer removed the one killed before it
    env = dict(os.environ, PYTHONPATH=str(config.ROOT))
    running = subprocess.Popen([sys.executable, "-c", WRITER, str(scratch_root)], env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not [f for f in snaps.glob(".writing-*/t1.parquet")
                                                   if f.parent != left[0]]:
            time.sleep(0.02)
        live = list(snaps.glob(".writing-*"))
        assert live and left[0] not in live
        assert store.tidy(scratch_root) == []
        assert list(snaps.glob(".writing-*")) == live
    finally:
        running.kill()
        running.wait()


def test_kill_9_then_next_app_start_leaves_none(scratch_root, tmp_path):
    from browser import app_server
    assert len(_kill_writers(scratch_root, 2)) == 1
    with app_server(scratch_root, tmp_path / "app.log"):
        pass
    assert not list((scratch_root / "snapshots").glob(".writing-*"))
    assert store.open_snapshot(root=scratch_root).id == store.published_id(scratch_root)


def test_running_pages_notice_a_change_that_restores_mtime(scratch_root, monkeypatch):
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    at = signed_app()
    at.run()
    assert not at.exception and not at.error and at.metric
    f = store.open_snapshot(root=scratch_root).file("letters")
    st = f.stat()
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 0x01
    f.write_bytes(bytes(data))
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    at.run()
    assert not at.exception
    assert at.error and "letters.parquet" in at.error[0].value and not at.metric
