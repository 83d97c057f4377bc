"""Documents in the committee's own style, written twice from one description: Word (.docx, real
tables and paragraphs, editable) and PDF (fonts embedded). Used by the official annexes and the
briefing.

    ĐẢNG BỘ THÀNH PHỐ CẦN THƠ            ĐẢNG CỘNG SẢN VIỆT NAM
    ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG          Cần Thơ, ngày .. tháng .. năm ....
              *
                        LABEL
                 TITLE (bold, upper case)
                      (subtitle)
                         -----
    blocks: headings, paragraphs, bullets, tables, images

A4 with the margins of official documents (Nghị định 30/2020/NĐ-CP: top and bottom 2 cm, left 3 cm,
right 1,5 cm), Times New Roman 13-14. A table's grid widths are written to agree with its cells', so
Word and LibreOffice lay it out alike. The PDF uses Liberation Serif (metric-compatible with Times
New Roman; Debian's fonts-liberation2, version 2 having the Vietnamese letters), DejaVu Serif where it
is missing.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

LEFT_HEADER = ("ĐẢNG BỘ THÀNH PHỐ CẦN THƠ", "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG", "*")
RIGHT_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 1.5}
TEXT_WIDTH_CM = 21.0 - MARGINS_CM["left"] - MARGINS_CM["right"]      # 16,5 cm
SERIF_FONTS = (
    (Path("/usr/share/fonts/truetype/liberation2"), "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
     "LiberationSerif-Italic.ttf"),
    (Path("/usr/share/fonts/truetype/dejavu"), "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif.ttf"),
)


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_cm: tuple[float, ...]               # add up to at most TEXT_WIDTH_CM
    align: tuple[str, ...]                     # "center", "left" or "justify" a column


@dataclass(frozen=True)
class Block:
    kind: str                                  # heading, para, bullet, note, table, image
    text: str = ""
    table: Table | None = None
    image: bytes | None = None                 # PNG
    width_cm: float = TEXT_WIDTH_CM


@dataclass
class Document:
    label: str                                 # "PHỤ LỤC 1", "BÁO CÁO NHANH"
    title: str                                 # upper case; "\n" where it breaks
    subtitle: str
    as_of: date
    stamp: str                                 # filters, scope, as-of date: what the document covers
    blocks: list[Block] = field(default_factory=list)

    @property
    def place_date(self) -> str:
        d = self.as_of
        return f"Cần Thơ, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


# ------------------------------------------------------------------ Word

def _fixed_table(table, widths) -> None:
    """Grid and cells agree, and the layout is fixed: LibreOffice lays a table out from its grid."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


def docx(doc: Document) -> bytes:
    from docx import Document as Word
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    align = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
             "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
    d = Word()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    sec.left_margin, sec.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)

    def para(container, text, *, bold=False, italic=False, underline=False, size=None, how="center",
             before=0, after=0, indent=0.0):
        p = container.add_paragraph() if hasattr(container, "add_paragraph") else container
        p.alignment = align[how]
        p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(before), Pt(after)
        if indent:
            p.paragraph_format.first_line_indent = Cm(indent)
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return p

    head = d.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_table(head, (Cm(8.0), Cm(TEXT_WIDTH_CM - 8.0)))
    left, right = head.rows[0].cells
    para(left.paragraphs[0], LEFT_HEADER[0], size=13)
    para(left, LEFT_HEADER[1], bold=True, size=13)
    para(left, LEFT_HEADER[2], size=13)
    para(right.paragraphs[0], RIGHT_HEADER, bold=True, underline=True, size=13)
    para(right, doc.place_date, italic=True, size=13)
    d.add_paragraph()
    para(d, doc.label, bold=True, size=14)
    for line in doc.title.split("\n"):
        para(d, line, bold=True, size=14)
    if doc.subtitle:
        para(d, doc.subtitle, italic=True)
    para(d, "-----")
    para(d, doc.stamp, italic=True, size=11)
    d.add_paragraph()

    for b in doc.blocks:
        if b.kind == "heading":
            para(d, b.text, bold=True, size=13, how="left", before=6, after=3)
        elif b.kind == "para":
            para(d, b.text, size=13, how="justify", after=3, indent=1.0)
        elif b.kind == "bullet":
            para(d, f"- {b.text}", size=13, how="justify", after=2, indent=1.0)
        elif b.kind == "note":
            para(d, b.text, italic=True, size=11, how="left", after=3)
        elif b.kind == "image":
            d.add_picture(io.BytesIO(b.image), width=Cm(b.width_cm))
            d.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "table":
            t = b.table
            table = d.add_table(rows=1, cols=len(t.columns))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, name in zip(table.rows[0].cells, t.columns, strict=True):
                para(cell.paragraphs[0], name, bold=True, size=12)
            for row in t.rows:
                for j, (cell, text) in enumerate(zip(table.add_row().cells, row, strict=True)):
                    para(cell.paragraphs[0], text, size=12, how=t.align[j])
            _fixed_table(table, tuple(Cm(w) for w in t.widths_cm))
            d.add_paragraph()
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ PDF

def serif_fonts() -> tuple[str, str, str]:
    for folder, regular, bold, italic in SERIF_FONTS:
        if (folder / regular).exists() and (folder / bold).exists():
            return str(folder / regular), str(folder / bold), str(folder / italic)
    raise FileNotFoundError("Thiếu phông chữ có dấu tiếng Việt (gói Debian fonts-liberation hoặc fonts-dejavu-core) "
                            "để xuất PDF.")


def pdf(doc: Document) -> bytes:
    from fpdf import FPDF

    p = FPDF(orientation="P", unit="mm", format="A4")
    p.set_margins(MARGINS_CM["left"] * 10, MARGINS_CM["top"] * 10, MARGINS_CM["right"] * 10)
    p.set_auto_page_break(True, margin=MARGINS_CM["bottom"] * 10)
    regular, bold, italic = serif_fonts()
    p.add_font("Serif", "", regular)
    p.add_font("Serif", "B", bold)
    p.add_font("Serif", "I", italic)
    p.set_title(f"{doc.label} - {doc.title.replace(chr(10), ' ')}")
    p.add_page()
    col = (p.w - p.l_margin - p.r_margin) / 2
    y0 = p.get_y()
    for text, style in zip(LEFT_HEADER, ("", "B", ""), strict=True):
        p.set_font("Serif", style, 12)
        p.cell(col, 5.8, text, align="C", new_x="LEFT", new_y="NEXT")
    p.set_xy(p.l_margin + col, y0)
    p.set_font("Serif", "B", 12)
    p.cell(col, 5.8, RIGHT_HEADER, align="C", new_x="LEFT", new_y="NEXT")
    w = p.get_string_width(RIGHT_HEADER)
    p.line(p.l_margin + col + (col - w) / 2, p.get_y(), p.l_margin + col + (col + w) / 2, p.get_y())
    p.set_font("Serif", "I", 12)
    p.cell(col, 5.8, doc.place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    p.ln(8)
    for text, style, size in ((doc.label, "B", 14), (doc.title, "B", 14), (doc.subtitle, "I", 13), ("-----", "", 13)):
        if text:
            p.set_font("Serif", style, size)
            p.multi_cell(0, 7, text, align="C", new_x="LMARGIN", new_y="NEXT")
    p.set_font("Serif", "I", 10)
    p.multi_cell(0, 5, doc.stamp, align="C", new_x="LMARGIN", new_y="NEXT")
    p.ln(4)
    how = {"center": "CENTER", "left": "LEFT", "justify": "JUSTIFY"}
    for b in doc.blocks:
        if b.kind == "heading":
            p.ln(2)
            p.set_font("Serif", "B", 13)
            p.multi_cell(0, 6.5, b.text, align="L", new_x="LMARGIN", new_y="NEXT")
        elif b.kind in ("para", "bullet"):
            p.set_font("Serif", "", 13)
            p.set_x(p.l_margin)
            p.multi_cell(0, 6.5, ("      " if b.kind == "para" else "      - ") + b.text, align="J",
                         new_x="LMARGIN", new_y="NEXT")
            p.ln(1)
        elif b.kind == "note":
            p.set_font("Serif", "I", 11)
            p.multi_cell(0, 5.5, b.text, align="L", new_x="LMARGIN", new_y="NEXT")
        elif b.kind == "image":
            width = b.width_cm * 10
            p.image(io.BytesIO(b.image), x=p.l_margin + (p.epw - width) / 2, w=width)
            p.ln(2)
        elif b.kind == "table":
            t = b.table
            p.set_font("Serif", "", 11)
            with p.table(col_widths=t.widths_cm, text_align=tuple(how[a] for a in t.align), line_height=5.5,
                         first_row_as_headings=True, width=sum(t.widths_cm) * 10) as table:
                table.row(list(t.columns))
                for row in t.rows:
                    table.row(list(row))
            p.ln(3)
    return bytes(p.output())
