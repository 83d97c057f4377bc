"""Snapshots on disk: immutable folders, the PUBLISHED pointer, writing, verifying, tidying.

A snapshot is a folder `snapshots/<id>/` of Parquet files plus `manifest.json` (see
`dangbo.store.manifest`). The pointer file `PUBLISHED` names the one the dashboard shows; it is
replaced atomically (write a temporary file, then rename), so a reader sees the old or the new
name, never half of one. Every way of reading the pointer, the manifest or a file that fails is a
`SnapshotError` with a Vietnamese message, never another exception.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .. import config, journal
from . import manifest as mf
from .dates import RECORDS_AS_OF, DataDates, newest, of_scope
from .manifest import MANIFEST, SnapshotError

POINTER = "PUBLISHED"
SNAPSHOTS = "snapshots"
WRITING = ".writing-"
LOCK = ".lock"
ORPHAN_AGE_S = 600          # a half-written folder with no lock file is a crashed writer's after this long
MAX_MANIFEST = 4 << 20      # bytes
# The order a record table's rows are stored in: by organisation and cell first, so that a question about
# one organisation reads only the row groups holding it (Parquet keeps each row group's smallest and
# largest value; DuckDB skips the others: at national scale an organisation's cells 0,22 -> 0,09 s, its
# first 50 members 0,28 -> 0,11 s), then the table's key, so the same content gives the same bytes.
# Written so at build (`write_snapshot`) and at every import (dangbo.ingest.publish). Ratings keep
# their order: the pages read them through pre-aggregates, and sorting 35 million rows would add
# about 20 s to a national build.
STORED_ORDER = {
    "members": ("grassroots_id", "cell_id", "member_no"),
    "candidates": ("grassroots_id", "cell_id", "candidate_id"),
    "discipline_cases": ("grassroots_id", "cell_id", "case_id"),
}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read a megabyte at a time."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _to_arrow(df) -> pa.Table:
    return df if isinstance(df, pa.Table) else pa.Table.from_pandas(df, preserve_index=False)


def _stored(name: str, table: pa.Table) -> pa.Table:
    """`table` in its STORED_ORDER, if it has one (the order computed by DuckDB, whose ORDER BY the imports
    use too, nulls last; the rows taken by Arrow, so the columns keep their types)."""
    keys = STORED_ORDER.get(name)
    if not keys or not set(keys) <= set(table.column_names) or table.num_rows < 2:
        return table
    con = duckdb.connect()
    try:
        rel = con.from_arrow(table.select(list(keys)).append_column("row_", pa.array(np.arange(table.num_rows))))
        order = rel.order(", ".join(keys)).select("row_").to_arrow_table().column(0)
    finally:
        con.close()
    return table.combine_chunks().take(order)


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

    def dates(self, orgs) -> DataDates:
        """The dates the records of the organisations `orgs` are true to (store.dates)."""
        return of_scope(self.manifest, orgs)

    def file(self, table: str) -> Path:
        return self.path / self.tables[table]["file"]

    def is_demo(self, table: str) -> bool:
        return bool(self.tables[table]["demo"])

    def demo_orgs(self, table: str) -> list[str] | None:
        """The grassroots organisations whose rows of `table` are still demo (None: not recorded by
        organisation). Snapshots written before 02/12/2026 call the list `demo_units`."""
        entry = self.tables[table]
        return entry.get("demo_orgs", entry.get("demo_units"))

    def fingerprint(self) -> tuple:
        """Stat of every file, the inode change time included: any write changes it, even one that
        restores the modification time afterwards (ctime cannot be set back by a user)."""
        out = []
        for name in sorted(self.tables):
            try:
                st = self.file(name).stat()
                out.append((name, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
            except OSError:
                out.append((name, -1, -1, -1, -1))
        return tuple(out)


def _root(root) -> Path:
    return Path(root or config.data_dir())


# ---------------------------------------------------------------- the pointer

def published_id(root: Path | None = None) -> str:
    """The id in the pointer file, checked: present, a regular small file, text, of the id's form."""
    pointer = _root(root) / POINTER
    try:
        if pointer.is_symlink() or (pointer.exists() and not pointer.is_file()):
            raise SnapshotError(f"Tệp data/{POINTER} không hợp lệ: đây không phải một tệp thường.")
        with open(pointer, "rb") as f:
            raw = f.read(mf.MAX_ID + 8)
    except FileNotFoundError:
        raise SnapshotError(
            f"Chưa có bản dữ liệu nào được công bố (không tìm thấy tệp data/{POINTER}). "
            "Hãy tạo dữ liệu bằng lệnh: python -m dangbo.build") from None
    except OSError as e:
        raise SnapshotError(f"Không đọc được tệp data/{POINTER} ({e.strerror or type(e).__name__}).") from None
    try:
        snap_id = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise SnapshotError(f"Tệp data/{POINTER} không hợp lệ: nội dung không phải văn bản.") from None
    if len(raw) > mf.MAX_ID + 1:
        raise SnapshotError(f"Tệp data/{POINTER} không hợp lệ: nội dung dài quá {mf.MAX_ID} ký tự.")
    try:
        mf.check_id(snap_id)
    except SnapshotError as e:
        raise SnapshotError(f"Tệp data/{POINTER} không hợp lệ: {e}") from None
    return snap_id


HISTORY = "PUBLISHED.log"        # one JSON line a pointer switch: time, id, by, reason
PUBLISH_LOCK = ".publish.lock"


def publish(snap_id: str, root: Path | None = None, *, by: str = "", reason: str = "") -> None:
    """Make `snap_id` the published snapshot. It is verified first; the pointer is switched atomically,
    one publisher at a time (a second one waits for the first), and the switch is logged."""
    root = _root(root)
    root.mkdir(parents=True, exist_ok=True)
    lock = os.open(root / PUBLISH_LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        verify(open_snapshot(snap_id, root=root))
        fd, tmp = tempfile.mkstemp(prefix=".PUBLISHED-", dir=root)
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(snap_id + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, root / POINTER)
        journal.append(root / HISTORY, {"time": datetime.now(UTC).isoformat(timespec="seconds"),
                                        "snapshot": snap_id, "by": by, "reason": reason})
    finally:
        os.close(lock)


def history(root: Path | None = None) -> list[dict]:
    """Every pointer switch, oldest first."""
    return journal.read(_root(root) / HISTORY)


def snapshots(root: Path | None = None) -> list[Snapshot]:
    """Every complete snapshot that opens (its manifest valid), newest first."""
    folder = _root(root) / SNAPSHOTS
    out = []
    for d in folder.iterdir() if folder.is_dir() else []:
        if d.name.startswith("."):
            continue
        try:
            out.append(open_snapshot(d.name, root=root))
        except SnapshotError:
            continue
    return sorted(out, key=lambda s: s.manifest["created_at"], reverse=True)


def retained(root: Path | None = None, keep: int = 10) -> set[str]:
    """The retention rule: the published snapshot, the one published before it, and the newest `keep`."""
    keep_ids = {s.id for s in snapshots(root)[:keep]}
    try:
        keep_ids.add(published_id(root))
    except SnapshotError:
        pass
    switches = [h["snapshot"] for h in history(root)]
    current = switches[-1] if switches else None
    earlier = [i for i in switches if i != current]
    if earlier:
        keep_ids.add(earlier[-1])
    return keep_ids


def prune(root: Path | None = None, keep: int = 10) -> list[str]:
    """Remove the snapshots the retention rule does not keep; return their ids."""
    root = _root(root)
    keep_ids = retained(root, keep)
    gone = []
    for s in snapshots(root):
        if s.id not in keep_ids:
            shutil.rmtree(s.path)
            gone.append(s.id)
    return gone


# ---------------------------------------------------------------- reading

def _read_manifest(snap_id: str, path: Path):
    f = path / MANIFEST
    try:
        if f.is_symlink() or not f.is_file():
            raise FileNotFoundError
        if f.stat().st_size > MAX_MANIFEST:
            raise SnapshotError(f"Tệp {MANIFEST} của bản dữ liệu '{snap_id}' lớn bất thường, không đọc.")
        return json.loads(f.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"Bản dữ liệu '{snap_id}' thiếu tệp {MANIFEST}.") from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise SnapshotError(f"Tệp {MANIFEST} của bản dữ liệu '{snap_id}' bị hỏng, không đọc được.") from None
    except OSError as e:
        raise SnapshotError(f"Không đọc được tệp {MANIFEST} của bản dữ liệu '{snap_id}' "
                            f"({e.strerror or type(e).__name__}).") from None


def open_snapshot(snap_id: str | None = None, root: Path | None = None) -> Snapshot:
    """The snapshot `snap_id` (default: the published one), its manifest validated whole."""
    root = _root(root)
    snap_id = snap_id or published_id(root)
    mf.check_id(snap_id)
    path = root / SNAPSHOTS / snap_id
    if path.is_symlink() or not path.is_dir():
        raise SnapshotError(f"Không tìm thấy bản dữ liệu '{snap_id}' (thư mục data/{SNAPSHOTS}/{snap_id} không tồn tại).")
    return Snapshot(snap_id, path, mf.validate(snap_id, _read_manifest(snap_id, path)))


def _check_file(snap: Snapshot, name: str, entry: dict) -> None:
    f = snap.path / entry["file"]
    where = f"tệp '{entry['file']}' của bản dữ liệu '{snap.id}'"
    Where = where[0].upper() + where[1:]
    if f.is_symlink() or f.resolve().parent != snap.path.resolve():
        raise SnapshotError(f"{Where} là liên kết ra ngoài thư mục bản dữ liệu, không đọc.")
    if not f.is_file():
        raise SnapshotError(f"Thiếu {where}.")
    size = f.stat().st_size
    if size != entry["bytes"]:
        raise SnapshotError(f"{Where} bị cắt cụt hoặc bị thay đổi: kích thước {size:,} byte, "
                            f"manifest ghi {entry['bytes']:,} byte.".replace(",", "."))
    if file_sha256(f) != entry["sha256"]:
        raise SnapshotError(f"{Where} đã bị thay đổi: mã kiểm tra SHA-256 không khớp với manifest.")
    try:
        meta = pq.read_metadata(f)
    except (pa.ArrowException, OSError, ValueError):
        raise SnapshotError(f"{Where} không phải tệp Parquet đọc được.") from None
    if meta.num_rows != entry["rows"]:
        raise SnapshotError(f"{Where} có {meta.num_rows:,} dòng, manifest (khóa 'tables.{name}.rows') ghi "
                            f"{entry['rows']:,} dòng.".replace(",", "."))
    if list(meta.schema.to_arrow_schema().names) != list(entry["columns"]):
        raise SnapshotError(f"{Where} có các cột khác với danh sách ở khóa 'tables.{name}.columns' của manifest.")


def verify(snap: Snapshot) -> Snapshot:
    """Check every file against the manifest: a plain file inside the folder, of the recorded size and
    checksum, whose own Parquet metadata agrees with the recorded rows and columns."""
    for name, entry in sorted(snap.tables.items()):
        _check_file(snap, name, entry)
    return snap


# ---------------------------------------------------------------- writing and tidying

def _hold_lock(folder: Path):
    """An exclusive lock held for the writer's life: a crashed writer's lock is released by the kernel."""
    fd = os.open(folder / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


@contextlib.contextmanager
def scratch(root: Path | None = None):
    """A working folder beside the snapshots (same file system, so files move in cheaply), locked as a
    writer's folder is: removed on exit, and by `tidy` if its owner was killed."""
    snaps = _root(root) / SNAPSHOTS
    snaps.mkdir(parents=True, exist_ok=True)
    tidy(root)
    folder = Path(tempfile.mkdtemp(prefix=WRITING + "work-", dir=snaps))
    lock = _hold_lock(folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


def tidy(root: Path | None = None) -> list[str]:
    """Remove half-written folders that no running writer holds; return their names.

    A writer holds a lock on `<folder>/.lock` from just after creating the folder until it renames
    it. A folder whose lock can be taken, or that has no lock file and is older than ORPHAN_AGE_S
    (a writer killed between creating the folder and its lock), belongs to nobody."""
    snaps = _root(root) / SNAPSHOTS
    removed = []
    if not snaps.is_dir():
        return removed
    for folder in snaps.glob(WRITING + "*"):
        try:
            fd = os.open(folder / LOCK, os.O_RDWR)
        except FileNotFoundError:
            try:
                if time.time() - folder.stat().st_mtime < ORPHAN_AGE_S:
                    continue
            except OSError:
                continue
            fd = None
        except OSError:
            continue
        try:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
        except BlockingIOError:
            pass                    # a running writer's folder
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def _demo(path: Path, columns: list[str], declared: bool) -> dict:
    """Whether a table's rows are demo (declared, or any row's is_demo), and by grassroots organisation."""
    if "is_demo" not in columns:
        return {"demo": declared}
    con = duckdb.connect()
    try:
        rows = con.read_parquet(str(path))          # the relation API: no SQL text made from the path
        demo = declared or bool(rows.aggregate("coalesce(bool_or(is_demo), false)").fetchall()[0][0])
        if "grassroots_id" not in columns:
            return {"demo": demo}
        orgs = (rows.filter("is_demo and grassroots_id is not null").project("grassroots_id").distinct()
                .order("grassroots_id").fetchall())
        return {"demo": demo, "demo_orgs": [u for (u,) in orgs]}
    finally:
        con.close()


def write_snapshot(tables: dict, *, as_of: str, made_from: dict, demo_tables: set[str],
                   root: Path | None = None, label: str = "", records_as_of: dict | None = None) -> Snapshot:
    """Write `tables` (name -> DataFrame or Arrow table) as a new snapshot and return it. `records_as_of`
    (store.dates) keeps the dates per organisation; `as_of` is then their newest.

    The folder is written under a temporary name, locked while it is written, and renamed when
    complete. Identical content gets the same id, so writing it twice leaves the first copy untouched.
    """
    root = _root(root)
    snaps = root / SNAPSHOTS
    snaps.mkdir(parents=True, exist_ok=True)
    tidy(root)
    tmp = Path(tempfile.mkdtemp(prefix=WRITING, dir=snaps))
    lock = _hold_lock(tmp)
    try:
        tmp.chmod(0o755)
        entries = {}
        for name in sorted(tables):
            fname = f"{name}.parquet"
            if isinstance(tables[name], Path):          # a Parquet file written already (an import's merge)
                shutil.copyfile(tables[name], tmp / fname)
            else:
                pq.write_table(_stored(name, _to_arrow(tables[name])), tmp / fname, compression="zstd")
            meta = pq.ParquetFile(tmp / fname)
            entries[name] = {
                "file": fname, "rows": meta.metadata.num_rows, "bytes": (tmp / fname).stat().st_size,
                "sha256": file_sha256(tmp / fname), **_demo(tmp / fname, meta.schema_arrow.names, name in demo_tables),
                "columns": meta.schema_arrow.names,
            }
        if records_as_of:
            as_of = newest({"as_of": as_of, RECORDS_AS_OF: records_as_of}).isoformat()
        snap_id = mf.make_id(as_of, label, entries, records_as_of)
        manifest = {
            "schema_version": mf.SCHEMA_VERSION, "snapshot_id": snap_id, "as_of": as_of,
            "created_at": datetime.now(UTC).isoformat(timespec="microseconds"),
            "made_from": made_from, **({RECORDS_AS_OF: records_as_of} if records_as_of else {}), "tables": entries,
        }
        mf.validate(snap_id, manifest)
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        final = snaps / snap_id
        (tmp / LOCK).unlink()
        if final.exists():
            shutil.rmtree(tmp)
        else:
            os.rename(tmp, final)
        return open_snapshot(snap_id, root=root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        os.close(lock)
