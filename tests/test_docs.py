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


PATH_WORD = re.compile(r"(?<![\w/.-])((?:dangbo|pages|queries|scripts|tests|docs|data|\.streamlit|\.ci)/[\w./-]*[\w/])")
# Paths the docs name that exist only once the app has run (built data, the access store, the outbox).
MADE_AT_RUN = ("data/snapshots", "data/PUBLISHED", "data/access", "data/outbox", ".streamlit/secrets.toml")


def test_every_path_named_in_readme_and_docs_exists():
    """A path named in README.md or docs/*.md (dangbo/..., pages/..., queries/...) exists in the tree,
    so the docs cannot name a module that moved."""
    missing = []
    for doc in [config.ROOT / "README.md", *sorted((config.ROOT / "docs").glob("*.md"))]:
        for m in PATH_WORD.finditer(doc.read_text(encoding="utf-8")):
            path = m.group(1).rstrip(".")
            if path.startswith(MADE_AT_RUN) or any(c in path for c in "<*"):
                continue
            if not (config.ROOT / path).exists():
                missing.append(f"{doc.name}: {path}")
    assert missing == []


def _exists(name: str, columns: set[str], tables: set[str], measures: set[str]) -> bool:
    """A code name of the glossary: a table, a column (or table.column), a measure, a named query, a
    manifest key, a `config.X`, or a dotted Python name (a module, or a module's or class's attribute)."""
    import dataclasses
    import importlib
    if name in columns or name in tables or name in measures or name in {"records_as_of", "demo_orgs", "dv", "tc", "ky"}:
        return True
    if (config.QUERIES_DIR / f"{name}.sql").exists():
        return True
    if name.count(".") == 1 and name.split(".")[0] in tables:
        return name.split(".")[1] in columns
    if name.startswith("config."):
        return hasattr(config, name.split(".", 1)[1])
    if "." in name:
        head, attr = name.rsplit(".", 1)
        for module in (name, head):
            try:
                mod = importlib.import_module(module)
            except ImportError:
                continue
            return module == name or hasattr(mod, attr)
        home = {"TargetResult": "dangbo.targets.rules", "Snapshot": "dangbo.store"}.get(head)
        cls = home and getattr(importlib.import_module(home), head)
        return bool(cls) and (hasattr(cls, attr) or attr in {f.name for f in dataclasses.fields(cls)})
    return False


def test_the_glossarys_code_names_exist(snapshot):
    """Every name in backticks in the glossary's last columns is a table, a column, a manifest key or
    an importable Python name of the code."""
    text = (config.ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    tables = set(snapshot.tables)
    columns = {c for e in snapshot.tables.values() for c in e["columns"]}
    from dangbo.query.runner import Database
    measures = {m for (m,) in Database(snapshot).cursor().execute("select distinct measure from indicators").fetchall()}
    wrong = []
    for line in text.splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        last = line.rstrip("|").rsplit("|", 1)[-1]
        for name in re.findall(r"`([A-Za-z_][\w.]*)`", last):
            if name in {"CT", "ST", "HG", "HDND", "DBCQD"} or name.isupper():
                continue
            if not _exists(name, columns, tables, measures):
                wrong.append(name)
    assert wrong == []
    assert not _exists("members.no_such_column", columns, tables, measures)        # the check can fail
    assert not _exists("dangbo.query.scope.Nothing", columns, tables, measures)


def test_the_readme_names_every_page():
    from dangbo.ui.registry import PAGES
    pages = (config.ROOT / "README.md").read_text(encoding="utf-8").split("## Pages", 1)[1].split("\n## ", 1)[0]
    assert [p.title for p in PAGES if f"**{p.title}**" not in pages] == []
