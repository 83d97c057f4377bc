"""The snapshot store: immutable folders, a verified manifest, an atomically switched pointer."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from dangbo import store
from dangbo.query import runner as db


def _pointer(root):
    return (root / "PUBLISHED").read_text().strip()


def test_published_snapshot_verifies(snapshot):
    assert store.verify(snapshot) is snapshot
    m = snapshot.manifest
    assert m["schema_version"] == store.SCHEMA_VERSION
    assert m["tables"]["members"]["rows"] > 2400 and m["tables"]["members"]["demo"]
    assert not m["tables"]["indicators"]["demo"]
    assert m["made_from"]["scale"] == 1.0 and "indicators.yaml" in m["made_from"]["sources"]


def test_corrupt_file_names_the_file_and_keeps_pointer(scratch_root):
    before = _pointer(scratch_root)
    snap = store.open_snapshot(root=scratch_root)
    f = snap.file("discipline_cases")
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 0xFF            # same size, different content
    f.write_bytes(bytes(data))
    with pytest.raises(store.SnapshotError, match=r"discipline_cases\.parquet.*SHA-256 không khớp"):
        store.verify(store.open_snapshot(root=scratch_root))
    with pytest.raises(store.SnapshotError, match="discipline_cases.parquet"):
        db.Database(store.open_snapshot(root=scratch_root))
    assert _pointer(scratch_root) == before


def test_truncated_file(scratch_root):
    snap = store.open_snapshot(root=scratch_root)
    f = snap.file("members")
    f.write_bytes(f.read_bytes()[:100])
    with pytest.raises(store.SnapshotError, match=r"members\.parquet.*bị cắt cụt"):
        store.verify(snap)


def test_missing_file(scratch_root):
    snap = store.open_snapshot(root=scratch_root)
    snap.file("letters").unlink()
    with pytest.raises(store.SnapshotError, match=r"Thiếu tệp 'letters\.parquet'"):
        store.verify(snap)


def test_missing_or_broken_manifest(scratch_root):
    snap = store.open_snapshot(root=scratch_root)
    (snap.path / "manifest.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(store.SnapshotError, match="manifest.json .* bị hỏng"):
        store.open_snapshot(root=scratch_root)
    (snap.path / "manifest.json").unlink()
    with pytest.raises(store.SnapshotError, match="thiếu tệp manifest.json"):
        store.open_snapshot(root=scratch_root)


def test_no_pointer_and_bad_pointer(tmp_path, scratch_root):
    with pytest.raises(store.SnapshotError, match="Chưa có bản dữ liệu nào được công bố"):
        store.open_snapshot(root=tmp_path)
    (scratch_root / "PUBLISHED").write_text("../../etc\n")
    with pytest.raises(store.SnapshotError, match="không hợp lệ"):
        store.open_snapshot(root=scratch_root)
    (scratch_root / "PUBLISHED").write_text("2026-01-01-0123456789\n")
    with pytest.raises(store.SnapshotError, match="Không tìm thấy bản dữ liệu '2026-01-01-0123456789'"):
        store.open_snapshot(root=scratch_root)


def test_publishing_a_corrupt_snapshot_is_refused(scratch_root):
    before = _pointer(scratch_root)
    tables = {"t": pd.DataFrame({"a": [1, 2, 3]})}
    new = store.write_snapshot(tables, as_of="2026-12-01", made_from={}, demo_tables=set(), root=scratch_root)
    new.file("t").write_bytes(b"PAR1 broken")
    with pytest.raises(store.SnapshotError, match="t.parquet"):
        store.publish(new.id, root=scratch_root)
    assert _pointer(scratch_root) == before


def test_publish_switches_and_old_stays_readable(scratch_root):
    old = _pointer(scratch_root)
    new = store.write_snapshot({"t": pd.DataFrame({"a": [1]})}, as_of="2026-12-01", made_from={},
                               demo_tables=set(), root=scratch_root, label="thu")
    store.publish(new.id, root=scratch_root)
    assert _pointer(scratch_root) == new.id
    assert store.verify(store.open_snapshot(old, root=scratch_root)).id == old
    assert {p.name for p in (scratch_root / "snapshots").iterdir()} >= {old, new.id}
    assert not [p for p in scratch_root.iterdir() if p.name.startswith(".PUBLISHED")]


def test_same_content_same_id_and_untouched(scratch_root):
    tables = {"t": pd.DataFrame({"a": [1, 2]})}
    a = store.write_snapshot(tables, as_of="2026-12-02", made_from={"x": 1}, demo_tables=set(), root=scratch_root)
    manifest = (a.path / "manifest.json").read_text()
    b = store.write_snapshot(tables, as_of="2026-12-02", made_from={"x": 2}, demo_tables=set(), root=scratch_root)
    assert a.id == b.id and (a.path / "manifest.json").read_text() == manifest
    assert json.loads(manifest)["made_from"] == {"x": 1}


def test_file_changed_after_open_stops_queries(scratch_root, term1):
    snap = store.open_snapshot(root=scratch_root)
    database = db.Database(snap)
    assert database.run("admissions_by_year", term1).admissions.sum() == 99
    f = snap.file("members")
    f.write_bytes(f.read_bytes() + b"x")
    with pytest.raises(store.SnapshotError, match="đã thay đổi sau khi được mở"):
        database.run("admissions_by_year", term1)
