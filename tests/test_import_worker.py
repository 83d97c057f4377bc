"""The page's check runs in a worker process of its own, within a time and a memory limit: the same
answer as a check in the server's process, a refusal said the same way, and a Vietnamese message (not a
hung server, not a traceback) when a limit is passed."""
from __future__ import annotations

from datetime import date

import pytest
from test_imports import _good_rows, _xlsx

from dangbo import store
from dangbo.ingest import worker, workflow
from dangbo.ingest.reader import FileRefused
from dangbo.ingest.spec import catalog
from dangbo.query.runner import Database

TODAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def cat(data_root):
    return catalog(Database(store.open_snapshot(root=data_root)))


def test_the_worker_answers_as_the_server_would(cat, data_root):
    rows = _good_rows(cat)
    good = _xlsx(cat, rows={"Đơn thư": rows["Đơn thư"]})
    here = workflow.check_upload(good, "don-thu.xlsx", cat, today=TODAY)
    there = worker.check(good, "don-thu.xlsx", today=TODAY, root=data_root)
    assert there.problems == here.problems == [] and there.sha256 == here.sha256
    assert there.frames["don_thu"].drop(columns=["_row"]).equals(here.frames["don_thu"].drop(columns=["_row"]))
    bad = _xlsx(cat, rows={"Đơn thư": [[*rows["Đơn thư"][0][:2], "31/02/2026", *rows["Đơn thư"][0][3:]]]})
    assert [p.column for p in worker.check(bad, "x.xlsx", today=TODAY, root=data_root).problems] == ["Ngày nhận"]
    with pytest.raises(FileRefused, match="PDF"):
        worker.check(b"%PDF-1.4 ...", "x.xlsx", today=TODAY, root=data_root)


def test_a_check_past_its_time_is_stopped(cat, data_root, monkeypatch):
    monkeypatch.setenv("DANGBO_CHECK_SECONDS", "0.2")         # less than the worker needs to start
    with pytest.raises(worker.CheckStopped, match="quá 0.2 giây"):
        worker.check(_xlsx(cat, rows={"Đơn thư": _good_rows(cat)["Đơn thư"]}), "x.xlsx", today=TODAY, root=data_root)


def test_a_check_past_its_memory_is_stopped(cat, data_root, monkeypatch):
    monkeypatch.setenv("DANGBO_CHECK_MEMORY_MB", "64")        # too little for the worker's own libraries
    with pytest.raises(worker.CheckStopped, match="bộ nhớ|Không kiểm tra được|dừng giữa chừng"):
        worker.check(_xlsx(cat, rows={"Đơn thư": _good_rows(cat)["Đơn thư"]}), "x.xlsx", today=TODAY, root=data_root)
