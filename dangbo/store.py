"""The snapshot store.

A snapshot is an immutable folder `data/snapshots/<id>/` of Parquet files plus `manifest.json`
(schema version, row counts, sizes, SHA-256 checksums, when and from what it was made). The file
`data/PUBLISHED` names the snapshot the dashboard shows; it is replaced atomically (write a temporary
file, then rename), so a reader sees either the old or the new name, never half of one. Older
snapshots stay readable by id.

Reading checks the manifest: a missing, truncated or altered file raises SnapshotError with a
Vietnamese message that names the file, so a page can say what is wrong instead of showing wrong
numbers.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import config

SCHEMA_VERSION = 1
POINTER = "PUBLISHED"
SNAPSHOTS = "snapshots"


class SnapshotError(Exception):
    """A snapshot cannot be read as published; the message is Vietnamese and names the file."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _to_arrow(df) -> pa.Table:
    return df if isinstance(df, pa.Table) else pa.Table.from_pandas(df, preserve_index=False)


@dataclass(frozen=True)
class Snapshot:
    id: str
    path: Path
    manifest: dict

    @property
    def as_of(self) -> str:
        return self.manifest["as_of"]

    @property
    def tables(self) -> dict:
        return self.manifest["tables"]

    def file(self, table: str) -> Path:
        return self.path / self.tables[table]["file"]

    def is_demo(self, table: str) -> bool:
        return bool(self.tables[table]["demo"])

    def fingerprint(self) -> tuple:
        """Cheap stat of every file: it changes when a file is replaced, truncated or touched."""
        out = []
        for name in sorted(self.tables):
            try:
                st = self.file(name).stat()
                out.append((name, st.st_size, st.st_mtime_ns))
            except OSError:
                out.append((name, -1, -1))
        return tuple(out)


def write_snapshot(tables: dict, *, as_of: str, made_from: dict, demo_tables: set[str],
                   root: Path | None = None, label: str = "") -> Snapshot:
    """Write `tables` (name -> DataFrame or Arrow table) as a new snapshot and return it.

    The folder is written under a temporary name and renamed when complete. Identical content gets
    the same id, so writing it twice leaves the first copy untouched.
    """
    root = Path(root or config.data_dir())
    snaps = root / SNAPSHOTS
    snaps.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".writing-", dir=snaps))
    tmp.chmod(0o755)
    try:
        entries = {}
        for name in sorted(tables):
            table = _to_arrow(tables[name])
            fname = f"{name}.parquet"
            pq.write_table(table, tmp / fname, compression="zstd")
            entries[name] = {
                "file": fname, "rows": table.num_rows, "bytes": (tmp / fname).stat().st_size,
                "sha256": _sha256(tmp / fname), "demo": name in demo_tables,
                "columns": table.schema.names,
            }
        digest = hashlib.sha256("".join(e["sha256"] for e in entries.values()).encode()).hexdigest()[:10]
        snap_id = f"{as_of}{('-' + label) if label else ''}-{digest}"
        manifest = {
            "schema_version": SCHEMA_VERSION, "snapshot_id": snap_id, "as_of": as_of,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "made_from": made_from, "tables": entries,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        final = snaps / snap_id
        if final.exists():
            shutil.rmtree(tmp)
        else:
            os.rename(tmp, final)
        return open_snapshot(snap_id, root=root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def list_snapshots(root: Path | None = None) -> list[str]:
    snaps = Path(root or config.data_dir()) / SNAPSHOTS
    if not snaps.is_dir():
        return []
    return sorted(p.name for p in snaps.iterdir() if p.is_dir() and not p.name.startswith("."))


def published_id(root: Path | None = None) -> str:
    pointer = Path(root or config.data_dir()) / POINTER
    try:
        snap_id = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise SnapshotError(
            "Chưa có bản dữ liệu nào được công bố (không tìm thấy tệp data/PUBLISHED). "
            "Hãy tạo dữ liệu bằng lệnh: python -m dangbo.build") from None
    if not snap_id or "/" in snap_id or snap_id.startswith("."):
        raise SnapshotError(f"Tệp data/PUBLISHED không hợp lệ: nội dung {snap_id!r} không phải mã một bản dữ liệu.")
    return snap_id


def publish(snap_id: str, root: Path | None = None) -> None:
    """Make `snap_id` the published snapshot. It is verified first; the pointer is switched atomically."""
    root = Path(root or config.data_dir())
    verify(open_snapshot(snap_id, root=root))
    fd, tmp = tempfile.mkstemp(prefix=".PUBLISHED-", dir=root)
    os.chmod(tmp, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(snap_id + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / POINTER)


def open_snapshot(snap_id: str | None = None, root: Path | None = None) -> Snapshot:
    """The snapshot `snap_id` (default: the published one), with its manifest read and checked for shape."""
    root = Path(root or config.data_dir())
    snap_id = snap_id or published_id(root)
    path = root / SNAPSHOTS / snap_id
    if not path.is_dir():
        raise SnapshotError(f"Không tìm thấy bản dữ liệu '{snap_id}' (thư mục data/snapshots/{snap_id} không tồn tại).")
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"Bản dữ liệu '{snap_id}' thiếu tệp manifest.json.") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SnapshotError(f"Tệp manifest.json của bản dữ liệu '{snap_id}' bị hỏng, không đọc được.") from None
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise SnapshotError(
            f"Bản dữ liệu '{snap_id}' có phiên bản lược đồ {manifest.get('schema_version')!r}, "
            f"ứng dụng này đọc phiên bản {SCHEMA_VERSION}.")
    if not isinstance(manifest.get("tables"), dict) or "as_of" not in manifest:
        raise SnapshotError(f"Tệp manifest.json của bản dữ liệu '{snap_id}' thiếu danh sách bảng hoặc ngày số liệu.")
    return Snapshot(snap_id, path, manifest)


def verify(snap: Snapshot) -> Snapshot:
    """Check every file against the manifest: present, of the recorded size, with the recorded checksum."""
    for _name, entry in sorted(snap.tables.items()):
        f = snap.path / entry["file"]
        where = f"tệp '{entry['file']}' của bản dữ liệu '{snap.id}'"
        if not f.is_file():
            raise SnapshotError(f"Thiếu {where}.")
        size = f.stat().st_size
        if size != entry["bytes"]:
            raise SnapshotError(
                f"{where[0].upper()}{where[1:]} bị cắt cụt hoặc bị thay đổi: "
                f"kích thước {size:,} byte, manifest ghi {entry['bytes']:,} byte.".replace(",", "."))
        if _sha256(f) != entry["sha256"]:
            raise SnapshotError(f"{where[0].upper()}{where[1:]} đã bị thay đổi: mã kiểm tra SHA-256 không khớp với manifest.")
    return snap
