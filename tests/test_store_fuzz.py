"""Fuzzing the store with Hypothesis: mutated manifests, pointer files and Parquet files either open
as verified data or raise SnapshotError with a message, never another exception; and every page
shows no exception for them.

Example counts are chosen to keep the suite within CI's time (about 20 s in all here); set
DANGBO_FUZZ_EXAMPLES to run more.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from apptest import signed_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangbo import store
from dangbo.query import runner as db
from dangbo.ui.registry import DASHBOARD as PAGES

N = int(os.environ.get("DANGBO_FUZZ_EXAMPLES", "0")) or None
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
                derandomize=True)
TRIED: dict[str, int] = {}


@pytest.fixture(scope="module")
def pristine(data_root, tmp_path_factory) -> Path:
    """A copy of the seed data folder, never changed; each example works on a copy of it."""
    dest = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(data_root, dest)
    return dest


class Work:
    def __init__(self, pristine: Path):
        self.tmp = Path(tempfile.mkdtemp(prefix="fuzz-"))
        self.root = self.tmp / "data"
        shutil.copytree(pristine, self.root, symlinks=True)
        self.snap = store.open_snapshot(root=self.root)
        self.manifest_path = self.snap.path / "manifest.json"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.tmp, ignore_errors=True)


def open_verified(root: Path):
    """What a page does: open the published snapshot, verify it, run one query. Returns the
    SnapshotError's message, or None when the data verified."""
    try:
        snap = store.verify(store.open_snapshot(root=root))
        database = db.Database(snap, check=False)
        database.cursor().execute("select count(*) from members").fetchall()
        return None
    except store.SnapshotError as e:
        assert str(e).strip(), "empty message"
        return str(e)


# ---------------------------------------------------------------- manifest mutations

def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _get(node, path):
    for p in path:
        node = node[p]
    return node


def _set(root, path, value):
    if not path:
        return value
    _get(root, path[:-1])[path[-1]] = value
    return root


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["../../../../etc/hostname", "/etc/passwd", "a/b.parquet", ".hidden.parquet", "x" * 500,
                     "2026-13-40", "2026-02-30", "9999-99-99", "", "manifest.json", "members.parquet",
                     "letters.parquet", "\x00", "Đảng.parquet"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))
OPS = st.sampled_from(["drop", "retype", "nest_list", "nest_dict", "add_key", "bump"])


@st.composite
def manifest_mutations(draw):
    return draw(st.lists(st.tuples(OPS, st.integers(0, 10**6), JUNK), min_size=1, max_size=4))


def _mutate(m, ops):
    for op, index, junk in ops:
        paths = list(_paths(m))
        path = paths[index % len(paths)]
        value = _get(m, path)
        if op == "drop" and path:
            parent = _get(m, path[:-1])
            del parent[path[-1]]
        elif op == "retype":
            m = _set(m, path, junk)
        elif op == "nest_list":
            m = _set(m, path, [value])
        elif op == "nest_dict":
            m = _set(m, path, {"value": value})
        elif op == "add_key" and isinstance(value, dict):
            value[str(junk)[:20]] = junk
        elif op == "bump" and isinstance(value, int) and not isinstance(value, bool):
            m = _set(m, path, value + (index % 7) - 3)
    return m


@settings(max_examples=N or 250, **SETTINGS)
@given(ops=manifest_mutations())
def test_manifest_mutations(pristine, ops):
    with Work(pristine) as w:
        m = json.loads(w.manifest_path.read_text(encoding="utf-8"))
        w.manifest_path.write_text(json.dumps(_mutate(m, ops)), encoding="utf-8")
        open_verified(w.root)
    TRIED["manifest"] = TRIED.get("manifest", 0) + 1


@settings(max_examples=N or 60, **SETTINGS)
@given(raw=st.binary(max_size=400))
def test_manifest_bytes(pristine, raw):
    with Work(pristine) as w:
        w.manifest_path.write_bytes(raw)
        assert open_verified(w.root) is not None
    TRIED["manifest bytes"] = TRIED.get("manifest bytes", 0) + 1


# ---------------------------------------------------------------- pointer mutations

POINTERS = st.one_of(
    st.binary(max_size=400).map(lambda b: ("bytes", b)),
    st.integers(0, 400).map(lambda n: ("length", n)),
    st.sampled_from([("dir", None), ("link-outside", None), ("link-dangling", None), ("link-dir", None),
                     ("link-good", None)]))


@settings(max_examples=N or 120, **SETTINGS)
@given(kind=POINTERS)
def test_pointer_mutations(pristine, kind):
    with Work(pristine) as w:
        pointer = w.root / "PUBLISHED"
        good = pointer.read_text().strip()
        op, value = kind
        pointer.unlink()
        if op == "bytes":
            pointer.write_bytes(value)
        elif op == "length":
            pointer.write_text((good * 10)[:value])
        elif op == "dir":
            pointer.mkdir()
        elif op == "link-outside":
            (w.tmp / "elsewhere").write_text(good)
            pointer.symlink_to(w.tmp / "elsewhere")
        elif op == "link-dangling":
            pointer.symlink_to(w.tmp / "nothing")
        elif op == "link-dir":
            pointer.symlink_to(w.root / "snapshots")
        elif op == "link-good":
            (w.root / "P2").write_text(good)
            pointer.symlink_to(w.root / "P2")
        open_verified(w.root)
    TRIED["pointer"] = TRIED.get("pointer", 0) + 1


# ---------------------------------------------------------------- Parquet mutations

@st.composite
def file_mutations(draw):
    op = draw(st.sampled_from(["truncate", "flip", "swap", "append", "empty"]))
    return op, draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6)), draw(st.integers(1, 255))


def _damage_file(w, op, a, b, xor):
    tables = sorted(w.snap.tables)
    f = w.snap.file(tables[a % len(tables)])
    data = bytearray(f.read_bytes())
    if op == "truncate":
        data = data[: b % max(len(data), 1)]
    elif op == "flip":
        data[b % len(data)] ^= xor
    elif op == "append":
        data += bytes([xor]) * (b % 50 + 1)
    elif op == "empty":
        data = bytearray()
    elif op == "swap":
        g = w.snap.file(tables[b % len(tables)])
        other = g.read_bytes()
        g.write_bytes(bytes(data))
        data = bytearray(other)
    f.write_bytes(bytes(data))
    return f.name, g.name if op == "swap" else None


@settings(max_examples=N or 120, **SETTINGS)
@given(change=file_mutations())
def test_parquet_mutations(pristine, change):
    op, a, b, xor = change
    with Work(pristine) as w:
        first, second = _damage_file(w, op, a, b, xor)
        message = open_verified(w.root)
        if op != "swap" or first != second:
            assert message is not None and first in message or (second and second in message)
    TRIED["parquet"] = TRIED.get("parquet", 0) + 1


# ---------------------------------------------------------------- the pages on mutated stores

MUTATION = st.one_of(
    manifest_mutations().map(lambda ops: ("manifest", ops)),
    POINTERS.map(lambda k: ("pointer", k)),
    file_mutations().map(lambda c: ("parquet", c)))


@settings(max_examples=N or 12, **SETTINGS)
@given(mutation=MUTATION)
def test_pages_on_mutated_stores(pristine, monkeypatch, mutation):
    kind, value = mutation
    with Work(pristine) as w:
        if kind == "manifest":
            m = json.loads(w.manifest_path.read_text(encoding="utf-8"))
            w.manifest_path.write_text(json.dumps(_mutate(m, value)), encoding="utf-8")
        elif kind == "pointer":
            (w.root / "PUBLISHED").write_bytes(value[1] if value[0] == "bytes" else b"x" * (value[1] or 0))
        else:
            _damage_file(w, *value)
        broken = open_verified(w.root) is not None
        monkeypatch.setenv("DANGBO_DATA_DIR", str(w.root))
        at = signed_app()
        at.run()
        for spec in PAGES:
            if spec is not PAGES[0]:
                at.switch_page(spec.file)
                at.run()
            assert not at.exception, (spec.url, at.exception)
            assert bool(at.error) == broken, spec.url
    TRIED["pages"] = TRIED.get("pages", 0) + 1


def test_report_counts():
    """How many mutations the fuzz tests of this module tried (it runs after them): every kind was
    tried, each many times; a fuzz test that stopped generating (a filter too strict, a strategy
    broken) fails here instead of passing on nothing."""
    print("fuzz mutations tried:", TRIED, "total", sum(TRIED.values()))
    assert set(TRIED) == {"manifest", "manifest bytes", "pointer", "parquet", "pages"}, TRIED
    assert min(TRIED.values()) >= 10, TRIED
