"""National-size imports, in small: the chunked check finds what the whole-file check finds, in the
right rows, across chunk boundaries; a Parquet file (by code or by header) goes through the command
line's chunked path to a published snapshot."""
from __future__ import annotations

import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dangbo import config, store
from dangbo.ingest import stream
from dangbo.ingest.spec import SHEET_BY_KIND, catalog
from dangbo.ingest.validate import check
from dangbo.query.runner import Database


@pytest.fixture(scope="module")
def cat(database):
    return catalog(database)


def _rows(cat, n: int) -> list[list[str]]:
    cell = cat.lists["cells"][0]
    return [[f"QG-{i:05d}", cell, "Nữ" if i % 2 else "Nam", "1990", "Kinh", "Không", "Đại học", "Sơ cấp",
             "15/03/2018", "15/03/2019", "", "", "Có"] for i in range(n)]


def _csv(rows) -> bytes:
    sheet = SHEET_BY_KIND["dang_vien"]
    lines = [",".join(c.header for c in sheet.columns)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_chunks_find_what_the_whole_file_check_finds(cat, tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "CHUNK", 4)
    rows = _rows(cat, 11)
    rows[6][0] = rows[1][0]                  # the same member in chunks 1 and 2
    rows[9][8] = "31/02/2018"                # a date that does not exist, in chunk 3
    rows[5][3] = "2005"                      # 13 at admission
    rows[10][0] = "=HYPERLINK(1)"            # a formula
    data = _csv(rows)
    f = tmp_path / "dang-vien.csv"
    f.write_bytes(data)
    work = tmp_path / "work"
    work.mkdir()
    got = stream.check_file(f, cat, work)
    _, whole = check(data, f.name, cat)
    assert {(p.row, p.column, p.expected) for p in got.problems} == {(p.row, p.column, p.expected) for p in whole}
    rows_cols = {(p.row, p.column) for p in got.problems}
    assert {(3, "Mã đảng viên"), (8, "Mã đảng viên"), (11, "Ngày kết nạp"), (7, "Năm sinh"),
            (12, "Mã đảng viên")} <= rows_cols
    assert got.frames == {}


def test_a_parquet_list_is_published_through_the_chunked_path(scratch_root, tmp_path):
    cat = catalog(Database(store.open_snapshot(root=scratch_root)))
    sheet = SHEET_BY_KIND["dang_vien"]
    rows = _rows(cat, 25)
    cols = {c.code: [r[i] for r in rows] for i, c in enumerate(sheet.columns)}
    cols["birth_year"] = [int(v) for v in cols["birth_year"]]
    f = tmp_path / "dang-vien.parquet"
    pq.write_table(pa.table(cols), f)
    env = dict(os.environ, DANGBO_DATA_DIR=str(scratch_root), PYTHONPATH=str(config.ROOT))
    r = subprocess.run([sys.executable, "-m", "dangbo.imports", "publish", str(f), "--by", "vanphong"], env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "dang_vien 25 dòng" in r.stdout and "Đã công bố" in r.stdout
    snap = store.open_snapshot(root=scratch_root)
    org = Database(snap).cursor().execute("select grassroots_id from org_units where unit_id = ?",
                                          [cat.lists["cells"][0]]).fetchall()[0][0]
    n = Database(snap).cursor().execute("select count(*) from members where grassroots_id = ?", [org]).fetchall()
    assert n[0][0] == 25 and snap.manifest["made_from"]["import"]["rows"] == {"members": 25}
    assert org not in snap.demo_orgs("members")
    # the same list again: nothing changes
    again = subprocess.run([sys.executable, "-m", "dangbo.imports", "publish", str(f), "--by", "vanphong"], env=env,
                           capture_output=True, text=True)
    assert "Không có gì thay đổi" in again.stdout
