"""The office's data work, without Streamlit: a file checked with the date its records are true to,
staged for a preview, published with its audit entries; the snapshots listed with where each came
from; an earlier one published again with a reason. The pages Nhập dữ liệu and Lịch sử dữ liệu and
the command lines (`python -m dangbo.imports`, `python -m dangbo.snapshots`) call these, so the rules
and the audit entries are the same wherever the work is done. The audit log is passed in."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from .. import store
from . import publish as _publish
from .reader import Problem
from .validate import check, import_as_of


@dataclass(frozen=True)
class Upload:
    """A file as checked: its name, SHA-256, the date its records are true to, and either its parsed
    tables (no problem) or every problem with sheet, row and column."""
    name: str
    sha256: str
    as_of: date
    frames: dict
    problems: list[Problem]

    @property
    def key(self) -> tuple[str, date]:
        """The same file with the same date is the same staged import."""
        return self.sha256, self.as_of


def check_upload(data: bytes, name: str, cat, as_of=None, today: date | None = None) -> Upload:
    """Check a file whole. Raises AsOfRefused (a date that cannot be) and FileRefused (not a readable file)."""
    day = import_as_of(as_of, today)
    frames, problems = check(data, name, cat, day)
    return Upload(name, hashlib.sha256(data).hexdigest(), day, frames, problems)


def stage(upload: Upload, *, by: str, root=None) -> _publish.Result:
    """The snapshot the upload would publish, written but not published (for the preview)."""
    return _publish.stage(upload.frames, file_name=upload.name, sha256=upload.sha256, by=by, as_of=upload.as_of,
                          root=root)


def record_import(audit, by: str, role: str | None, result: _publish.Result, file_name: str, as_of: date) -> None:
    """The audit entries of an import: the import itself, then its publication (unless nothing changed)."""
    audit.append(by, role, "import", file=file_name, snapshot=result.snapshot_id, base=result.base_id,
                 coverage=result.coverage, rows=result.rows, as_of=as_of.isoformat())
    if not result.unchanged:
        audit.append(by, role, "publish", snapshot=result.snapshot_id, previous=result.base_id)


def publish_staged(result: _publish.Result, upload: Upload, *, by: str, role: str | None, audit, root=None) -> None:
    """Publish a staged import (refused if the published snapshot moved on since), then audit it."""
    _publish.publish_staged(result, by=by, file_name=upload.name, root=root)
    record_import(audit, by, role, result, upload.name, upload.as_of)


# ---------------------------------------------------------------- history

def source_words(snap: store.Snapshot) -> str:
    """Where a snapshot came from, in words."""
    made = snap.manifest["made_from"]
    if "import" in made:
        return f"nhập tệp {made['import']['file']} ({made['import']['by']})"
    return "dữ liệu mẫu (demo)" if made.get("demo_records", True) and "generator" in made else "tạo từ nguồn công bố"


def history(root=None) -> list[dict]:
    """Every snapshot, newest first: its id, whether it is published, when it was made, the newest date
    its records reach, the date its import reported (if one made it), where it came from, when and by
    whom it was first published, and its member rows."""
    try:
        current = store.published_id(root)
    except store.SnapshotError:
        current = None
    first: dict[str, dict] = {}
    for h in store.history(root):
        first.setdefault(h["snapshot"], h)
    return [{"id": s.id, "published": s.id == current, "created_at": s.manifest["created_at"], "as_of": s.as_of,
             "import_as_of": s.manifest["made_from"].get("import", {}).get("as_of"), "source": source_words(s),
             "first_published": first.get(s.id), "members": s.tables.get("members", {}).get("rows", 0)}
            for s in store.snapshots(root)]


class ReasonMissing(ValueError):
    """A rollback without a reason; the message is Vietnamese."""


def republish(snapshot_id: str, *, by: str, role: str | None, reason: str, audit, root=None) -> str | None:
    """Publish `snapshot_id` again, with a reason; audited as a rollback when it was published before.
    Returns the id it replaced."""
    if not (reason or "").strip():
        raise ReasonMissing("Cần ghi lý do quay lại.")
    try:
        before = store.published_id(root)
    except store.SnapshotError:
        before = None
    earlier = any(h["snapshot"] == snapshot_id for h in store.history(root))
    store.publish(snapshot_id, root=root, by=by, reason=reason.strip())
    audit.append(by, role, "rollback" if earlier else "publish", snapshot=snapshot_id, previous=before,
                 reason=reason.strip())
    return before
