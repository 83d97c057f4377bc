"""Append-only JSON-lines files (the audit log, the pointer's history): one line an entry, written
with O_APPEND under an exclusive lock and fsync'd before the call returns, so an acknowledged entry
survives a kill -9; readers skip a line torn by a crash mid-write (never one that was fsync'd)."""
from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path


def append(path: Path, entry: dict) -> None:
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path) -> list[dict]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    out = []
    for line in raw.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out
