"""The outbox: every briefing made, one folder each (the .docx, the PDF and briefing.json with
its scope, date, snapshot, author and figures), so the next briefing of the same scope compares
with it and a page lists those an account may see."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .. import config
from ..query.scope import Grant
from .content import Briefing

DOCX, PDF, META = "bao-cao-nhanh.docx", "bao-cao-nhanh.pdf", "briefing.json"


def default_root() -> Path:
    return config.data_dir() / "outbox"


def scope_key(units, orgs, cells=()) -> str:
    """A scope's key: a briefing is compared with the last one of the same units, organisations and cells
    (a scope without cells keeps the key it had before cells could be chosen)."""
    parts = [sorted(units), sorted(orgs)] + ([sorted(cells)] if cells else [])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:10]


@dataclass(frozen=True)
class Entry:
    path: Path
    meta: dict

    @property
    def docx(self) -> Path:
        return self.path / DOCX

    @property
    def pdf(self) -> Path:
        return self.path / PDF

    def visible_to(self, grant: Grant) -> bool:
        units, orgs = self.meta["scope"]["units"], self.meta["scope"]["orgs"]
        return all(grant.allows_unit(u) for u in units) and all(grant.allows_org(o) for o in orgs)


def entries(root: Path | None = None) -> list[Entry]:
    """Every briefing in the outbox, newest first (folders without a readable briefing.json are skipped)."""
    root = Path(root or default_root())
    out = []
    for d in root.glob("*-*") if root.is_dir() else []:
        try:
            out.append(Entry(d, json.loads((d / META).read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return sorted(out, key=lambda e: e.meta.get("created_at", ""), reverse=True)


def previous(units, orgs, root: Path | None = None, cells=()) -> dict | None:
    key = scope_key(units, orgs, cells)
    return next((e.meta for e in entries(root) if e.meta.get("scope_key") == key), None)


def save(b: Briefing, docx: bytes, pdf: bytes, *, created_by: str, root: Path | None = None) -> Entry:
    """Write the briefing's folder under a temporary name and rename it when complete."""
    root = Path(root or default_root())
    root.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    key = scope_key(b.scope.units, b.scope.orgs, b.scope.cells)
    meta = {"created_at": now.isoformat(timespec="seconds"), "created_by": created_by,
            "as_of": b.as_of.isoformat(), "snapshot": b.snapshot_id, "subject": b.subject,
            "description": b.description, "scope": {"units": list(b.scope.units), "orgs": list(b.scope.orgs),
                                                 "cells": list(b.scope.cells)},
            "scope_key": key, "alerts": b.alerts, "programme_alerts": b.programme_alerts, "due_line": b.due_line,
            "changes": b.changes, "record": b.record()}
    tmp = Path(tempfile.mkdtemp(prefix=".writing-", dir=root))
    (tmp / DOCX).write_bytes(docx)
    (tmp / PDF).write_bytes(pdf)
    (tmp / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    final = root / f"{now:%Y%m%dT%H%M%S%f}-{key}"
    os.rename(tmp, final)
    return Entry(final, meta)
