"""docs/data-model.md describes every table and every column of a snapshot."""
from __future__ import annotations

import re

from dangbo import config

DOC = (config.ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")


def documented() -> dict[str, set[str]]:
    out, table = {}, None
    for line in DOC.splitlines():
        m = re.match(r"^### (\w+)$", line)
        if m:
            table = m.group(1)
            out[table] = set()
            continue
        m = re.match(r"^\| ([a-z_0-9, ]+) \|", line)
        if table and m and m.group(1) != "column":
            out[table].update(c.strip() for c in m.group(1).split(","))
    return out


def test_every_table_and_column_is_documented(snapshot):
    docs = documented()
    assert set(snapshot.tables) == set(docs), "tables in the snapshot vs. the doc"
    for name, entry in snapshot.tables.items():
        missing = set(entry["columns"]) - docs[name]
        extra = docs[name] - set(entry["columns"])
        assert not missing and not extra, (name, missing, extra)
