"""AppTest: a broken snapshot gives a clear Vietnamese message on the page, not a traceback."""
from __future__ import annotations

from apptest import signed_app


def test_broken_snapshot_gives_vietnamese_error(scratch_root, monkeypatch):
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    (scratch_root / "PUBLISHED").write_text("2026-01-01-0123456789\n")
    at = signed_app()
    at.run()
    assert not at.exception
    assert any("Không tìm thấy bản dữ liệu '2026-01-01-0123456789'" in e.value for e in at.error)
