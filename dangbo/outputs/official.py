"""Official annex documents (.docx and .pdf) in the layout of the report's annexes:

    ĐẢNG BỘ THÀNH PHỐ CẦN THƠ            ĐẢNG CỘNG SẢN VIỆT NAM
    ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG          Cần Thơ, ngày .. tháng .. năm ....
              *
                        PHỤ LỤC n
                 TITLE (bold, upper case)
                      (subtitle)
                         -----
    STT | Nhóm chỉ tiêu chủ yếu | Kết quả thực hiện | Đánh giá

The .docx uses real Word tables and paragraph styles (no text boxes), so it stays official-looking
when edited in Word. Both carry the active filters and the as-of date under the title.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..targets import rules as targets
from .export import FONT_DIRS

LEFT_HEADER = ("ĐẢNG BỘ THÀNH PHỐ CẦN THƠ", "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG", "*")
RIGHT_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
COLUMNS = ("STT", "Nhóm chỉ tiêu chủ yếu", "Kết quả thực hiện", "Đánh giá")


@dataclass(frozen=True)
class AnnexDoc:
    label: str                 # "PHỤ LỤC 1" or "BIỂU THEO DÕI"
    title: str                 # upper-case title; "\n" where the printed title breaks
    subtitle: str              # "(Kế thừa từ các Đảng bộ tiền thân)"
    rows: tuple[tuple[str, str, str, str], ...]
    filters: str
    as_of: date

    @property
    def place_date(self) -> str:
        d = self.as_of
        return f"Cần Thơ, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"

    @property
    def stamp(self) -> str:
        return f"Bộ lọc: {self.filters}. Số liệu đến ngày {self.as_of:%d/%m/%Y}."


def annex_2020_2025(label: str, recomputed: pd.DataFrame, filters: str, as_of: date) -> AnnexDoc:
    """One 2020-2025 annex: the published rows; where our recomputation differs, the cell says so."""
    rows = []
    for r in recomputed.itertuples():
        judged = r.assessment_published if isinstance(r.assessment_published, str) else ""
        if r.flagged and r.notes:
            judged = (judged + f" (Ghi chú: {r.notes})").strip()
        rows.append((str(r.stt), r.wording, r.result_text, judged))
    return AnnexDoc(label, "KẾT QUẢ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT\nNHIỆM KỲ 2020 - 2025",
                    "(Kế thừa từ các Đảng bộ tiền thân)", tuple(rows), filters, as_of)


def tracking_2025_2030(results: list[targets.TargetResult], filters: str, as_of: date, *,
                       scope_label: str = "Đảng bộ các cơ quan Đảng thành phố") -> AnnexDoc:
    rows = []
    for t in results:
        result = "\n".join(p.sentence for p in t.parts)
        if any(p.is_demo for p in t.parts):
            result += " (số liệu mẫu - demo)"
        rows.append((t.stt, t.wording, result, t.status_words))
    return AnnexDoc("BIỂU THEO DÕI", "TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT\nNHIỆM KỲ 2025 - 2030",
                    f"({scope_label})", tuple(rows), filters, as_of)


# ------------------------------------------------------------------ Word


def docx(doc: AnnexDoc) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin = Cm(3), Cm(2), Cm(2), Cm(2)
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)

    def para(container, text, *, bold=False, italic=False, underline=False, size=None,
             align=WD_ALIGN_PARAGRAPH.CENTER):
        p = container.add_paragraph() if hasattr(container, "add_paragraph") else container
        p.alignment = align
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return p

    head = d.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    para(left.paragraphs[0], LEFT_HEADER[0], size=13)
    para(left, LEFT_HEADER[1], bold=True, size=13)
    para(left, LEFT_HEADER[2], size=13)
    para(right.paragraphs[0], RIGHT_HEADER, bold=True, underline=True, size=13)
    para(right, doc.place_date, italic=True, size=13)
    d.add_paragraph()
    para(d, doc.label, bold=True, size=14)
    for line in doc.title.split("\n"):
        para(d, line, bold=True, size=14)
    para(d, doc.subtitle, italic=True)
    para(d, "-----")
    para(d, doc.stamp, italic=True, size=11)
    d.add_paragraph()

    table = d.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Cm(1.2), Cm(6.2), Cm(6.2), Cm(2.4))
    for cell, name, w in zip(table.rows[0].cells, COLUMNS, widths, strict=True):
        cell.width = w
        cell.paragraphs[0].text = ""
        para(cell.paragraphs[0], name, bold=True, size=12)
    for row in doc.rows:
        cells = table.add_row().cells
        for j, (cell, text, w) in enumerate(zip(cells, row, widths, strict=True)):
            cell.width = w
            para(cell.paragraphs[0], text, size=12,
                 align=WD_ALIGN_PARAGRAPH.CENTER if j in (0, 3) else WD_ALIGN_PARAGRAPH.JUSTIFY)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ PDF


def _serif(bold: bool = False) -> str:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    raise FileNotFoundError("Thiếu phông chữ DejaVu Serif (gói Debian fonts-dejavu-core) để xuất PDF tiếng Việt.")


def pdf(doc: AnnexDoc) -> bytes:
    from fpdf import FPDF

    p = FPDF(orientation="P", unit="mm", format="A4")
    p.set_margins(25, 18, 18)
    p.set_auto_page_break(True, margin=16)
    p.add_font("Serif", "", _serif())
    p.add_font("Serif", "B", _serif(bold=True))
    p.set_title(f"{doc.label} - {doc.title}")
    p.add_page()
    col = (p.w - p.l_margin - p.r_margin) / 2
    y0 = p.get_y()
    p.set_font("Serif", "", 11)
    p.cell(col, 5.5, LEFT_HEADER[0], align="C", new_x="LEFT", new_y="NEXT")
    p.set_font("Serif", "B", 11)
    p.cell(col, 5.5, LEFT_HEADER[1], align="C", new_x="LEFT", new_y="NEXT")
    p.set_font("Serif", "", 11)
    p.cell(col, 5.5, LEFT_HEADER[2], align="C", new_x="LEFT", new_y="NEXT")
    p.set_xy(p.l_margin + col, y0)
    p.set_font("Serif", "B", 11)
    p.cell(col, 5.5, RIGHT_HEADER, align="C", new_x="LEFT", new_y="NEXT")
    w = p.get_string_width(RIGHT_HEADER)
    p.line(p.l_margin + col + (col - w) / 2, p.get_y(), p.l_margin + col + (col + w) / 2, p.get_y())
    p.set_font("Serif", "", 11)
    p.cell(col, 5.5, doc.place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    p.ln(8)
    for text, style, size in ((doc.label, "B", 13), (doc.title, "B", 13), (doc.subtitle, "", 11), ("-----", "", 11)):
        p.set_font("Serif", style, size)
        p.multi_cell(0, 6.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    p.set_font("Serif", "", 9)
    p.multi_cell(0, 5, doc.stamp, align="C", new_x="LMARGIN", new_y="NEXT")
    p.ln(4)
    p.set_font("Serif", "", 10)
    with p.table(col_widths=(10, 62, 62, 26), text_align=("CENTER", "LEFT", "LEFT", "CENTER"),
                 line_height=5, first_row_as_headings=True) as t:
        t.row(list(COLUMNS))
        for row in doc.rows:
            t.row(list(row))
    return bytes(p.output())
