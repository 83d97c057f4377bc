"""Exports read back: CSV opens in Excel (BOM), XLSX has the rows, PNG decodes at the set size, PDF pages."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from dangbo.outputs import export, figures

STAMP = export.Stamp("Kết nạp đảng viên", "Đảng bộ tiền thân: Sóc Trăng", "2026-11-20", demo=True)
DATA = pd.DataFrame({"Đơn vị": ["Cần Thơ", "Hậu Giang", "Sóc Trăng"], "Kết nạp": [44, 9, 46], "Tỷ lệ": [98.21, 0.28, 11.7]})


def test_csv_has_bom_and_diacritics():
    b = export.csv(DATA)
    assert b.startswith(b"\xef\xbb\xbf")
    assert "Sóc Trăng" in b.decode("utf-8-sig")


def test_xlsx_rows_and_stamp():
    wb = load_workbook(io.BytesIO(export.xlsx({"Kết nạp": DATA}, STAMP)))
    ws = wb["Kết nạp"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    values = [row[: max([i + 1 for i, v in enumerate(row) if v is not None] or [0])] for row in values]
    assert values[0] == ["Kết nạp đảng viên"]
    assert values[1] == ["Bộ lọc: Đảng bộ tiền thân: Sóc Trăng"]
    assert values[2][0].startswith("Số liệu đến ngày 20/11/2026 (cách đây ") and "; xuất ngày " in values[2][0]
    header = values.index(["Đơn vị", "Kết nạp", "Tỷ lệ"])
    assert values[header + 1:] == [["Cần Thơ", 44, 98.21], ["Hậu Giang", 9, 0.28], ["Sóc Trăng", 46, 11.7]]
    assert ws.cell(row=header + 2, column=2).number_format == "#,##0"


@pytest.fixture(scope="module")
def fig():
    return figures.bars(DATA, "Đơn vị", "Kết nạp", color="Đơn vị")


def test_png_and_svg(fig):
    png = export.image(fig, STAMP, "png")
    img = Image.open(io.BytesIO(png))
    assert img.size == (export.IMAGE_SIZE[0] * 2, export.IMAGE_SIZE[1] * 2)
    svg = export.image(fig, STAMP, "svg").decode("utf-8")
    assert "Kết nạp đảng viên" in svg and "20/11/2026" in svg


def test_pdf_pages(fig):
    doc = export.PageDoc("Đảng viên", STAMP, [export.Block("chart", "Kết nạp", figure=fig)] * 3
                         + [export.Block("table", "Bảng kết nạp", table=DATA)])
    reader = PdfReader(io.BytesIO(export.pdf(doc)))
    assert len(reader.pages) == 2                  # two charts a page, then the third chart and the table
    text = reader.pages[0].extract_text()
    assert "Đảng viên" in text and "20/11/2026" in text


def test_a_long_table_shows_its_first_rows_and_says_so_on_the_page_and_in_its_pdf():
    """A list of every case at national scale is tens of thousands of rows: the page (and its PDF)
    shows the first 1.000 and says so; the CSV and XLSX carry every row."""
    from dangbo.ui import MAX_SHOWN_ROWS, shown_rows
    long = pd.DataFrame({"Mã vụ": [f"KL-{i:05d}" for i in range(MAX_SHOWN_ROWS + 234)], "Số vụ": 1})
    head, note = shown_rows(long)
    assert len(head) == MAX_SHOWN_ROWS and head.equals(long.head(MAX_SHOWN_ROWS))
    assert note == "Hiển thị 1.000 dòng đầu trong 1.234 dòng; tệp CSV và XLSX có đủ 1.234 dòng."
    whole, none = shown_rows(long.head(MAX_SHOWN_ROWS))
    assert len(whole) == MAX_SHOWN_ROWS and none is None
    doc = export.PageDoc("Kỷ luật", STAMP, [export.Block("table", "Danh sách vụ kỷ luật", table=head, note=note)])
    reader = PdfReader(io.BytesIO(export.pdf(doc)))
    text = " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    assert "KL-00999" in text and "KL-01000" not in text and "có đủ 1.234 dòng" in text
    assert len(export.csv(long).decode("utf-8-sig").splitlines()) == len(long) + 1


def test_a_long_tables_xlsx_is_written_by_a_worker_process_with_the_same_cells():
    """An XLSX past WORKER_ROWS rows is written in a process of its own (dangbo.worker): the same cells as
    one written here, while this process spends a fraction of the CPU time writing it here costs."""
    import io
    import time

    from openpyxl import load_workbook

    from dangbo.outputs import export
    from dangbo.ui import page

    n = page.WORKER_ROWS + 2000
    frame = pd.DataFrame({"Mã": [f"DV-{i:06d}" for i in range(n)], "Chi bộ": ["Chi bộ 2 - Hội đồng nhân dân"] * n,
                          "Năm sinh": [1960 + i % 40 for i in range(n)]})
    stamp = export.Stamp("Danh sách đảng viên", "Toàn Đảng bộ", "2026-11-20", demo=True)

    def cells(data: bytes) -> list[tuple]:
        return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    cpu = time.process_time()
    here = export.xlsx({"Danh sách": frame}, stamp)
    cpu_here = time.process_time() - cpu
    cpu = time.process_time()
    there = page.xlsx("Danh sách", frame, stamp)
    cpu_there = time.process_time() - cpu
    assert cells(there) == cells(here) and len(cells(there)) > n
    assert cpu_there < cpu_here / 2, (cpu_there, cpu_here)


def test_a_worker_past_its_limit_gives_a_file_that_says_so(monkeypatch):
    import io

    from openpyxl import load_workbook

    from dangbo.outputs import export
    from dangbo.ui import page
    monkeypatch.setenv("DANGBO_EXPORT_MEMORY_MB", "256")        # too little for the worker's own libraries
    frame = pd.DataFrame({"Mã": [f"DV-{i:06d}" for i in range(page.WORKER_ROWS + 1)]})
    data = page.xlsx("Danh sách", frame, export.Stamp("Danh sách", "Toàn Đảng bộ", "2026-11-20"))
    words = [v for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True) for v in row if v]
    assert any(str(w).startswith(f"Không tạo được tệp XLSX {page.WORKER_ROWS + 1:,} dòng".replace(",", "."))
               for w in words), words
