"""Official annex documents: read the .docx back and compare its table with the evaluation; the PDF
has the header blocks, title and rows (its pages were also rendered and looked at)."""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from dangbo import config
from dangbo.outputs import official
from dangbo.query.scope import Scope
from dangbo.targets import annex, tracking

AS_OF = date(2026, 11, 20)
FILTERS = "Đảng bộ tiền thân: tất cả · Tổ chức cơ sở đảng: tất cả"


@pytest.fixture(scope="module")
def committee(database, all_orgs):
    res = tracking.evaluate(database.run, Scope(config.PREDECESSOR_IDS, all_orgs, AS_OF, AS_OF), AS_OF, database.snapshot.id)
    return [t for t in res if t.owner == "DBCQD"]


def _docx_text(doc):
    return [p.text for p in doc.paragraphs]


def test_tracking_docx_matches_evaluation(committee):
    doc = Document(io.BytesIO(official.docx(official.tracking_2025_2030(committee, FILTERS, AS_OF))))
    header, table = doc.tables[0], doc.tables[1]
    left = [p.text for p in header.rows[0].cells[0].paragraphs]
    right = [p.text for p in header.rows[0].cells[1].paragraphs]
    assert left == ["ĐẢNG BỘ THÀNH PHỐ CẦN THƠ", "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG", "*"]
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Cần Thơ, ngày 20 tháng 11 năm 2026"]
    body = _docx_text(doc)
    assert "TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT" in body and "NHIỆM KỲ 2025 - 2030" in body
    assert any(FILTERS in t and "20/11/2026" in t for t in body)
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["STT", "Nhóm chỉ tiêu chủ yếu", "Kết quả thực hiện", "Đánh giá"]
    assert len(rows) == 1 + 8
    for row, t in zip(rows[1:], committee, strict=True):
        assert row[0] == t.stt and row[1] == t.wording and row[3] == t.status_words
        for p in t.parts:
            assert p.sentence in row[2]
    assert rows[5][2].startswith("Kết nạp đảng viên trong nhiệm kỳ: 16/30 đảng viên (đạt 53%)")


def test_annex_docx_keeps_published_words(database, term1):
    rc = annex.recompute_annex(database.run("annex_results", term1))
    st = rc[rc.owner == "ST"]
    doc = Document(io.BytesIO(official.docx(official.annex_2020_2025("PHỤ LỤC 2", st, FILTERS, AS_OF))))
    rows = [[c.text for c in r.cells] for r in doc.tables[1].rows]
    assert len(rows) == 1 + 6
    assert rows[2][2].startswith("100% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ; 98,21% đảng viên")
    assert rows[2][3] == "Đạt và vượt chỉ tiêu"
    assert rows[6][3].startswith("Vượt chỉ tiêu (Ghi chú: Tỷ lệ công bố trên 100%")
    assert "PHỤ LỤC 2" in _docx_text(doc)


def test_pdf(committee):
    pdf = PdfReader(io.BytesIO(official.pdf(official.tracking_2025_2030(committee, FILTERS, AS_OF))))
    text = " ".join(p.extract_text() for p in pdf.pages)
    for needle in ("ĐẢNG BỘ THÀNH PHỐ CẦN THƠ", "ĐẢNG CỘNG SẢN VIỆT NAM", "BIỂU THEO DÕI", "Đánh giá", "Đạt tiến độ"):
        assert needle in text
    assert 1 <= len(pdf.pages) <= 4
