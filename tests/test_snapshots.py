"""History and rollback of the published snapshot: the pointer log, publishing one at a time, the
retention rule, the command line, and a dashboard that was open when the data changed."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import pandas as pd
from apptest import signed_app

from dangbo import build, config, store
from dangbo.access.audit import AuditLog


def _cli(root, *args):
    env = dict(os.environ, DANGBO_DATA_DIR=str(root), PYTHONPATH=str(config.ROOT))
    return subprocess.run([sys.executable, "-m", "dangbo.snapshots", *args], env=env, capture_output=True,
                          text=True, cwd=config.ROOT)


def _tiny(root, n: int) -> str:
    return store.write_snapshot({"t": pd.DataFrame({"a": [n]})}, as_of="2026-11-20", made_from={}, demo_tables=set(),
                                root=root, label=f"thu-{n}").id


def _metric(at, label):
    return {m.label: m.value for m in at.metric}[label]


def test_open_dashboard_follows_a_publish_and_a_rollback(scratch_root, monkeypatch):
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    first = store.published_id(scratch_root)
    at = signed_app("lanhdao")
    at.run()
    members_before = _metric(at, "Đảng viên cuối kỳ")
    other, _ = build.build(scale=0.5, seed_value=7, root=scratch_root, publish=False)     # other figures
    assert _cli(scratch_root, "publish", other.id, "--reason", "dữ liệu mới", "--by", "vanphong").returncode == 0
    at.run()
    assert not at.exception
    assert any("Dữ liệu đã cập nhật lúc" in i.value and other.id in i.value for i in at.info)
    assert _metric(at, "Đảng viên cuối kỳ") != members_before
    r = _cli(scratch_root, "publish", first, "--reason", "quay lại bản trước")
    assert r.returncode == 0 and f"trước đó: {other.id}" in r.stdout
    at.run()
    assert _metric(at, "Đảng viên cuối kỳ") == members_before                  # the earlier figures again
    actions = [(e["action"], e["details"]["snapshot"]) for e in AuditLog(scratch_root / "access" / "audit.jsonl")
               .entries() if e["action"] in ("publish", "rollback")]
    assert actions == [("publish", other.id), ("rollback", first)]
    listing = _cli(scratch_root, "list").stdout
    assert f"* {first}" in listing and other.id in listing and "bởi vanphong" in listing


def test_publish_of_a_broken_id_is_a_message(scratch_root):
    r = _cli(scratch_root, "publish", "2026-01-01-0123456789", "--reason", "thử")
    assert r.returncode == 2 and "Không tìm thấy bản dữ liệu" in r.stderr and "Traceback" not in r.stderr


def test_publishers_take_turns(scratch_root):
    ids = [_tiny(scratch_root, s) for s in (1, 2, 3, 4)]
    threads = [threading.Thread(target=store.publish, args=(i,), kwargs={"root": scratch_root}) for i in ids * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log = [h["snapshot"] for h in store.history(scratch_root)]
    assert len(log) == len(threads) + 1 and store.published_id(scratch_root) == log[-1]   # +1: the seed build


def test_retention_keeps_the_published_and_the_one_before(scratch_root):
    first = store.published_id(scratch_root)
    made = [_tiny(scratch_root, s) for s in range(10, 15)]
    store.publish(made[0], root=scratch_root)
    store.publish(first, root=scratch_root)            # a rollback: made[0] is now "the one before"
    kept = store.retained(scratch_root, keep=2)
    assert {first, made[0], made[-1], made[-2]} <= kept
    gone = store.prune(scratch_root, keep=2)
    assert set(gone) == set(made[1:3])
    assert store.published_id(scratch_root) == first and store.open_snapshot(made[0], root=scratch_root)
    assert "Đã xóa 0" in _cli(scratch_root, "prune", "--keep", "2").stdout


def test_old_data_is_flagged_on_every_page(data_root, monkeypatch):
    monkeypatch.setenv("DANGBO_STALE_DAYS", "1")
    at = signed_app("lanhdao")
    at.run()
    assert not at.exception
    assert any("Số liệu đã cũ: đến ngày 20/11/2026" in w.value for w in at.warning)


def test_history_page_compares_and_rolls_back(scratch_root, monkeypatch):
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    first = store.published_id(scratch_root)
    other, _ = build.build(scale=0.5, seed_value=7, root=scratch_root, publish=False)
    store.publish(other.id, root=scratch_root, by="vanphong", reason="thử")
    at = signed_app("vanphong")
    at.run()
    at.switch_page("pages/lich_su_du_lieu.py")
    at.run()
    assert not at.exception and at.title[0].value == "Lịch sử dữ liệu"
    listed = at.dataframe[0].value
    assert set(listed["Bản dữ liệu"]) >= {first, other.id}
    assert listed.set_index("Bản dữ liệu").loc[other.id, "Đang công bố"] == "✓"
    assert len(at.dataframe) >= 3                                   # the comparison of the two newest
    at.selectbox(key="rollback-id").set_value(first)
    at.text_input(key="rollback-reason").input("số liệu nhập nhầm")
    at.button(key="rollback-submit").click()
    at.run()
    assert not at.exception and any("Đã công bố lại" in s.value for s in at.success)
    assert store.published_id(scratch_root) == first
    assert [e["action"] for e in AuditLog(scratch_root / "access" / "audit.jsonl").entries()][-1] == "rollback"
