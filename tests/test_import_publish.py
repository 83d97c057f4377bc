"""Publishing an import: only the organisations the file covers change, the same file twice gives
the same snapshot, a rollback restores the earlier figures, one import at a time, a file with a
problem changes nothing."""
from __future__ import annotations

import fcntl
import hashlib
import io
import os
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
from apptest import signed_app
from openpyxl import load_workbook
from test_imports import _good_rows, _set, _xlsx

from dangbo import config, store
from dangbo.access.audit import AuditLog
from dangbo.ingest import report
from dangbo.ingest.publish import IMPORT_LOCK, ImportBusy, publish
from dangbo.ingest.spec import catalog
from dangbo.query.runner import Database
from dangbo.query.scope import Scope
from dangbo.sources import aggregates


def _cli(root, *args, stdin=None):
    env = dict(os.environ, DANGBO_DATA_DIR=str(root), PYTHONPATH=str(config.ROOT))
    return subprocess.run([sys.executable, "-m", *args], env=env, capture_output=True, text=True, input=stdin)


def _by_org(root) -> dict:
    db = Database(store.open_snapshot(root=root))
    orgs = [o for (o,) in db.cursor().execute("select unit_id from org_units where level='grassroots'").fetchall()]
    term = config.PREVIOUS_TERM
    out = {}
    for o in orgs:
        s = db.run("snapshot_summary", Scope(config.PREDECESSOR_IDS, (o,), term.starts_on, config.CURRENT_TERM.ends_on))
        out[o] = tuple(int(x) for x in s.iloc[0])
    return out


@pytest.fixture()
def files(scratch_root, tmp_path):
    db = Database(store.open_snapshot(root=scratch_root))
    cat = catalog(db)
    rows = _good_rows(cat)
    good = tmp_path / "mot-to-chuc.xlsx"
    good.write_bytes(_xlsx(cat, rows=rows))
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(_xlsx(cat, _set("Đảng viên", "D2", 2005), rows=rows))
    cell_org = dict(db.cursor().execute("select unit_id, grassroots_id from org_units where level='cell'").fetchall())
    org = cell_org[rows["Đảng viên"][0][1]]
    return good, bad, org, rows["Đơn thư"][0][1]


def test_import_changes_only_the_covered_organisations(scratch_root, files):
    good, _, org, letters_org = files
    before_id, before = store.published_id(scratch_root), _by_org(scratch_root)
    r = _cli(scratch_root, "dangbo.imports", "publish", str(good), "--by", "vanphong")
    assert r.returncode == 0, r.stderr
    after_id, after = store.published_id(scratch_root), _by_org(scratch_root)
    assert after_id != before_id and "-nhap-" in after_id
    changed = {o for o in before if before[o] != after[o]}
    assert org in changed and changed <= {org, letters_org}
    assert after[org][3] == 2                                        # its members: exactly the two imported
    snap = store.open_snapshot(root=scratch_root)
    meta = snap.manifest["made_from"]
    assert meta["base"] == before_id and meta["import"]["file"] == good.name and meta["import"]["by"] == "vanphong"
    assert meta["import"]["coverage"]["members"] == [org] and len(meta["import"]["sha256"]) == 64
    assert snap.is_demo("members")                                   # other organisations are still demo
    for name, derived in aggregates.derive({t: snap.file(t) for t in snap.tables}).items():   # follow the records
        pd.testing.assert_frame_equal(pd.read_parquet(snap.file(name)), derived, check_dtype=False)
    for s in (store.open_snapshot(before_id, root=scratch_root), snap):   # a build's and an import's records
        for table, keys in store.STORED_ORDER.items():            # by organisation first (row groups skipped)
            rows = pd.read_parquet(s.file(table), columns=list(keys))
            assert len(rows) > 1 and rows.equals(rows.sort_values(list(keys), ignore_index=True)), (s.id, table)
    actions = [e["action"] for e in AuditLog(scratch_root / "access" / "audit.jsonl").entries()]
    assert actions[-2:] == ["import", "publish"]
    # the same file again: the same snapshot, nothing republished
    again = _cli(scratch_root, "dangbo.imports", "publish", str(good), "--by", "vanphong")
    assert again.returncode == 0 and "Không có gì thay đổi" in again.stdout
    assert store.published_id(scratch_root) == after_id
    # rollback restores the earlier figures
    assert _cli(scratch_root, "dangbo.snapshots", "publish", before_id, "--reason", "thử lại").returncode == 0
    assert _by_org(scratch_root) == before


def test_a_file_with_problems_changes_nothing(scratch_root, files):
    _, bad, _, _ = files
    before = store.published_id(scratch_root)
    r = _cli(scratch_root, "dangbo.imports", "publish", str(bad), "--by", "vanphong")
    assert r.returncode == 1 and "Năm sinh" in r.stdout and "chưa có gì thay đổi" in r.stderr
    assert store.published_id(scratch_root) == before
    assert not [p for p in (scratch_root / "snapshots").iterdir() if "nhap" in p.name]


def test_one_import_at_a_time(scratch_root, files):
    good, _, _, _ = files
    fd = os.open(scratch_root / IMPORT_LOCK, os.O_CREAT | os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)                  # as a running import holds it
    try:
        with pytest.raises(ImportBusy, match="Đang có một lần nhập dữ liệu khác"):
            publish({}, file_name="x", sha256="0" * 64, by="a", as_of=date.today(), root=scratch_root)
        r = _cli(scratch_root, "dangbo.imports", "publish", str(good), "--by", "vanphong")
        assert r.returncode == 2 and "Đang có một lần nhập" in r.stderr
    finally:
        os.close(fd)


def test_upload_page_checks_previews_and_publishes(scratch_root, files, monkeypatch):
    good, bad, org, _ = files
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    before = store.published_id(scratch_root)
    at = signed_app("vanphong")
    at.run()
    at.switch_page("pages/nhap_du_lieu.py")
    at.run()
    assert not at.exception and at.title[0].value == "Nhập dữ liệu"
    at.file_uploader(key="import-file").upload(bad.name, bad.read_bytes())
    at.run()
    assert not at.exception and "Tệp có 1 lỗi" in at.error[0].value
    assert at.dataframe[0].value.iloc[0]["Cột"] == "Năm sinh"
    assert [b.label for b in at.get("download_button")][-1] == "⬇ Tệp lỗi (ô sai tô đỏ, .xlsx)"
    marked = load_workbook(io.BytesIO(report.problems_xlsx(check_problems(bad, scratch_root), bad.read_bytes())))
    assert marked.sheetnames[0] == "Lỗi" and marked["Đảng viên"]["D2"].fill.start_color.rgb.endswith("FFC7CE")
    assert marked["Lỗi"]["C2"].value == "Năm sinh" and marked["Đảng viên"]["D2"].comment is not None
    assert store.published_id(scratch_root) == before
    at.file_uploader(key="import-file").clear()
    at.file_uploader(key="import-file").upload(good.name, good.read_bytes())
    at.run()
    assert not at.exception
    rows = at.dataframe[0].value
    assert org in set(rows["Tổ chức cơ sở đảng"]) and store.published_id(scratch_root) == before   # not yet
    at.button(key="import-publish").click()
    at.run()
    assert not at.exception and any("Đã công bố" in s.value for s in at.success)
    assert store.published_id(scratch_root) != before and "-nhap-" in store.published_id(scratch_root)


def check_problems(path, root):
    from dangbo.ingest.validate import check
    return check(path.read_bytes(), path.name, catalog(Database(store.open_snapshot(root=root))))[1]


def test_upload_page_only_for_the_data_role(data_root):
    at = signed_app("lanhdao")
    at.run()
    at.switch_page("pages/nhap_du_lieu.py")                 # out of a lanh-dao's menu; by its URL it says why
    at.run()
    assert [t.value for t in at.title] == ["Không có quyền mở trang này"] and not at.file_uploader


def test_a_store_with_no_demo_records_takes_real_imports(tmp_path, monkeypatch):
    from dangbo import build
    from dangbo.ui.registry import DASHBOARD
    root = tmp_path / "thuc"
    snap, stats = build.build(root=root, label="thuc", with_demo=False)
    assert stats["members"] == 0 and not snap.is_demo("members") and snap.manifest["made_from"]["demo_records"] is False
    monkeypatch.setenv("DANGBO_DATA_DIR", str(root))
    at = signed_app("vanphong")
    at.run()
    for spec in DASHBOARD:                        # every page opens on an empty store
        if spec is not DASHBOARD[0]:
            at.switch_page(spec.file)
            at.run()
        assert not at.exception, spec.url
    cat = catalog(Database(store.open_snapshot(root=root)))
    assert "Kinh" in cat.lists["ethnicities"] and "Xem xét giải quyết" in cat.lists["handlings"]
    from test_imports import _good_rows
    data = _xlsx(cat, rows=_good_rows(cat))
    from dangbo.ingest.validate import check
    frames, problems = check(data, "dau-tien.xlsx", cat)
    assert problems == [], [p.line() for p in problems]
    result = publish(frames, file_name="dau-tien.xlsx", sha256=hashlib.sha256(data).hexdigest(), by="vanphong",
                     as_of=date.today(), root=root)
    published = store.open_snapshot(root=root)
    assert published.id == result.snapshot_id and published.tables["members"]["rows"] == 2
    assert not published.is_demo("members") and not published.is_demo("letters")


def test_kill_9_at_random_moments_of_import_and_publish(scratch_root, files):
    """100 imports and rollbacks killed at random moments: the pointer always names a complete,
    verified snapshot, and nothing half-written is ever a snapshot."""
    import random
    import signal
    import time
    good, _, _, _ = files
    first = store.published_id(scratch_root)
    env = dict(os.environ, DANGBO_DATA_DIR=str(scratch_root), PYTHONPATH=str(config.ROOT))
    rng = random.Random(20250701)
    commands = [[sys.executable, "-m", "dangbo.imports", "publish", str(good), "--by", "vanphong"],
                [sys.executable, "-m", "dangbo.snapshots", "publish", first, "--reason", "thử"]]
    kills = finished = 0
    for i in range(100):
        p = subprocess.Popen(commands[i % 2], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 2.5))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        else:
            finished += 1
        p.wait()
        snap = store.verify(store.open_snapshot(root=scratch_root))        # complete and verified, every time
        assert not snap.id.startswith(".")
    names = [p.name for p in (scratch_root / "snapshots").iterdir() if not p.name.startswith(".")]
    for name in names:
        store.verify(store.open_snapshot(name, root=scratch_root))
    print(f"kill -9 loop: {kills} killed, {finished} finished; {len(names)} snapshots, all verified")
    assert kills >= 30 and finished >= 10


def test_two_imports_started_together(scratch_root, files, tmp_path):
    """Two publishes of different files started at the same moment: one publishes, the other is refused
    with the message (never interleaved), and the pointer names a verified snapshot with one file's data."""
    good, _, org, _ = files
    db = Database(store.open_snapshot(root=scratch_root))
    rows = _good_rows(catalog(db))
    other = tmp_path / "don-thu.xlsx"
    other.write_bytes(_xlsx(catalog(db), rows={"Đơn thư": rows["Đơn thư"]}))
    env = dict(os.environ, DANGBO_DATA_DIR=str(scratch_root), PYTHONPATH=str(config.ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "dangbo.imports", "publish", str(f), "--by", "vanphong"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in (good, other)]
    results = [(p.wait(), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    refused = [err for code, _, err in results if code == 2]
    # Both may finish if the first is done before the second takes the lock; never both at once.
    assert codes in ([0, 0], [0, 2]), results
    assert all("Đang có một lần nhập dữ liệu khác" in e for e in refused)
    snap = store.verify(store.open_snapshot(root=scratch_root))
    assert snap.manifest["made_from"]["import"]["file"] in {good.name, other.name}
    print(f"two imports together: exit codes {codes}")
