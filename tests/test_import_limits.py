"""Files that would keep a check busy for minutes: a workbook that unpacks to hundreds of MB or holds
hundreds of thousands of rows, a CSV of many short rows. Refused before parsing, at once, with a
Vietnamese message; the template's own code-list sheet is not counted; the command line checks a long
CSV in chunks instead."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from dangbo import config
from dangbo.ingest import reader
from dangbo.ingest.spec import SHEET_BY_KIND


def _book(sheets: dict[str, int], *, padding_mb: int = 0) -> bytes:
    """A minimal workbook: each sheet with `n` rows of one cell; `padding_mb` of blanks in the first."""
    buf = io.BytesIO()
    names = list(sheets)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets>' + "".join(
            f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1)) + "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels", "<Relationships>" + "".join(
            f'<Relationship Id="rId{i}" Type="ws" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(names) + 1))
            + "</Relationships>")
        for i, n in enumerate(names, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as f:
                f.write(b"<worksheet><sheetData>")
                row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                for _ in range(sheets[n] // 10_000):
                    f.write(row * 10_000)
                f.write(row * (sheets[n] % 10_000))
                if i == 1:
                    for _ in range(padding_mb):
                        f.write(b" " * (1 << 20))
                f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def test_a_sheet_of_too_many_rows_is_refused_before_parsing():
    data = _book({"Đảng viên": 3_000_000})
    assert len(data) < reader.MAX_BYTES                       # within the upload limit: 3 M rows compress well
    with pytest.raises(reader.FileRefused, match="hơn 200.000 dòng") as e:
        reader.read(data, "bom.xlsx")
    assert "python -m dangbo.imports check" in str(e.value)


def test_a_workbook_that_unpacks_too_large_is_refused():
    data = _book({"Đảng viên": 10}, padding_mb=reader.MAX_UNCOMPRESSED // (1 << 20) + 20)
    assert len(data) < 2 << 20
    with pytest.raises(reader.FileRefused, match="khi giải nén lớn"):
        reader.read(data, "bom.xlsx")


def test_the_templates_code_list_sheet_is_not_counted():
    reader._limits(_book({"Danh mục": reader.MAX_ROWS + 50_000, "Đảng viên": 10}))       # nothing raised
    with pytest.raises(reader.FileRefused):
        reader._limits(_book({"Danh mục": 10, "Kỷ luật": reader.MAX_ROWS + 2}))


def _csv(rows: int) -> bytes:
    sheet = SHEET_BY_KIND["don_thu"]
    line = "DT-1,VPTU,02/04/2026,Phản ánh,Không,Không,Xem xét giải quyết,\n"
    return (",".join(c.header for c in sheet.columns) + "\n" + line * rows).encode("utf-8")


def test_a_long_csv_is_refused_on_the_page_and_checked_in_chunks_by_the_command_line(tmp_path, data_root):
    data = _csv(reader.MAX_ROWS + 10)
    with pytest.raises(reader.FileRefused, match="Tệp CSV có hơn 200.000 dòng"):
        reader.read(data, "don-thu.csv")
    path = tmp_path / "don-thu.csv"
    path.write_bytes(data)
    r = subprocess.run([sys.executable, "-m", "dangbo.imports", "check", str(path)], cwd=config.ROOT,
                       capture_output=True, text=True, env={**__import__("os").environ,
                                                            "DANGBO_DATA_DIR": str(data_root)})
    # the same file through the chunked path: its rows are checked (every letter id repeats), not refused
    assert "hơn 200.000 dòng" not in r.stderr and "trùng" in r.stdout + r.stderr, r.stderr[-500:]
