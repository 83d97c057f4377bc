"""AppTest: every page renders from the published snapshot without an exception."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"


@pytest.fixture()
def app(data_root):
    return AppTest.from_file(APP, default_timeout=60)


def test_overview_shows_published_structure(app):
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Tổ chức cơ sở đảng"] == "13"
    assert metrics["Chi bộ"] == "103"
    assert metrics["Kết nạp 2020 - 2025"] == "99"


def test_broken_snapshot_gives_vietnamese_error(scratch_root, monkeypatch):
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    (scratch_root / "PUBLISHED").write_text("khong-ton-tai\n")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert any("Không tìm thấy bản dữ liệu 'khong-ton-tai'" in e.value for e in at.error)
