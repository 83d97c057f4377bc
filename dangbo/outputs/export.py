"""Exports for people's own reports: chart images (PNG, SVG), data (CSV, XLSX) and a page PDF.

Every export carries its title, the active filters and the as-of date. Functions here take plain
data (figures, DataFrames, strings) and return bytes, so they run in a download callback outside
Streamlit's script thread and are tested without a browser.
"""
from __future__ import annotations

import dataclasses
import io
import textwrap
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from .. import fmt

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"))
IMAGE_SIZE = (1100, 560)
_kaleido_lock = threading.Lock()
_kaleido_started = False


@dataclass(frozen=True)
class Stamp:
    """What every export says about itself."""
    title: str
    filters: str
    as_of: str          # ISO date the data shown is true to (the oldest of its organisations')
    demo: bool = False
    newest: str | None = None     # the newest of its organisations' dates, when some differ

    @property
    def lines(self) -> list[str]:
        out = [f"Bộ lọc: {self.filters}", fmt.freshness(self.as_of, newest=self.newest)]
        if self.demo:
            out.append("Có dữ liệu mẫu (demo), không phải số liệu thật")
        return out


def _kaleido() -> None:
    """Start kaleido's Chromium once per process; later exports reuse it."""
    global _kaleido_started
    with _kaleido_lock:
        if not _kaleido_started:
            import kaleido
            kaleido.start_sync_server(silence_warnings=True)
            _kaleido_started = True


def stamped(fig: go.Figure, stamp: Stamp) -> go.Figure:
    """A copy of the figure whose title carries the filters and the as-of date."""
    f = go.Figure(fig)
    # Long filter texts (many organisations chosen) are wrapped so they stay inside the image.
    lines = [part for line in stamp.lines for part in textwrap.wrap(line, 150)]
    sub = "<br>".join(f"<span style='font-size:12px;color:#555'>{line}</span>" for line in lines)
    f.update_layout(title={"text": f"<b>{stamp.title}</b><br>{sub}", "x": 0.01, "xanchor": "left", "y": 0.97,
                           "yanchor": "top"},
                    margin={"t": 60 + 22 * len(lines)})
    return f


def image(fig: go.Figure, stamp: Stamp, kind: str = "png") -> bytes:
    _kaleido()
    w, h = IMAGE_SIZE
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return stamped(fig, stamp).to_image(format=kind, width=w, height=h, scale=2 if kind == "png" else 1)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(v):
    """A text cell that a spreadsheet would read as a formula (OWASP CSV injection, CWE-1236) gets a
    leading apostrophe, so it stays text; numbers are not text and stay numbers."""
    return "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells neutralised; a whole number stored as a float (a column with a gap, or mixed with
    fractions) written as an integer: 531, not 531.0."""
    out = df.copy()
    out.columns = [safe_text(str(c)) for c in out.columns]
    for c in out.columns:
        col = out[c]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out[c] = col.map(safe_text)
        elif pd.api.types.is_float_dtype(col):
            out[c] = pd.Series([int(v) if pd.notna(v) and float(v).is_integer() else v for v in col],
                               index=col.index, dtype=object)
    return out


def csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the diacritics correctly; formulas neutralised."""
    return _safe_frame(df).to_csv(index=False).encode("utf-8-sig")


def xlsx(sheets: dict[str, pd.DataFrame], stamp: Stamp) -> bytes:
    """One sheet a table: title, filters and as-of on top, bold headers, Vietnamese-friendly formats."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        ws = wb.create_sheet(_sheet_name(name))
        ws.append([safe_text(stamp.title)])
        ws["A1"].font = Font(bold=True, size=13)
        for line in stamp.lines:
            ws.append([safe_text(line)])
        ws.append([])
        header_row = ws.max_row + 1
        ws.append([safe_text(str(c)) for c in df.columns])
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
        for row in df.itertuples(index=False):
            ws.append([_cell(v) for v in row])
        for j, col in enumerate(df.columns, start=1):
            letter = get_column_letter(j)
            number_format = _number_format(df[col])
            if number_format:
                for r in range(header_row + 1, ws.max_row + 1):
                    ws[f"{letter}{r}"].number_format = number_format
            width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)]) + 2
            ws.column_dimensions[letter].width = min(max(width, 8), 60)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31] or "Bang"


def _cell(v):
    if isinstance(v, str):
        return safe_text(v)
    if v is None or (not isinstance(v, str) and pd.api.types.is_scalar(v) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime().date()
    if hasattr(v, "item"):
        return v.item()
    return v


def _number_format(s: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(s):
        return None
    if pd.api.types.is_integer_dtype(s):
        return "#,##0"
    if pd.api.types.is_float_dtype(s):
        return "#,##0.##"
    if pd.api.types.is_datetime64_any_dtype(s):
        return "dd/mm/yyyy"
    return None


# ------------------------------------------------------------------ PDF of a whole page


@dataclass
class Block:
    kind: str                      # "chart", "table" or "text" (paragraphs: `note`, one a line)
    title: str
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    note: str | None = None        # under a table: e.g. that it shows the first rows of a longer one


@dataclass
class PageDoc:
    title: str
    stamp: Stamp
    blocks: list[Block] = field(default_factory=list)


def _font_path(bold: bool = False) -> Path:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in FONT_DIRS:
        if (d / name).exists():
            return d / name
    raise FileNotFoundError("Thiếu phông chữ DejaVu Sans (gói Debian fonts-dejavu-core) để xuất PDF tiếng Việt.")


def pdf(doc: PageDoc) -> bytes:
    """A print-ready A4 PDF: the page title, filters, as-of date, then every chart and table."""
    from fpdf import FPDF

    p = FPDF(orientation="P", unit="mm", format="A4")
    p.set_auto_page_break(True, margin=14)
    p.add_font("DejaVu", "", str(_font_path()))
    p.add_font("DejaVu", "B", str(_font_path(bold=True)))
    p.set_title(doc.title)
    p.add_page()
    p.set_font("DejaVu", "B", 15)
    p.multi_cell(0, 7, doc.title, new_x="LMARGIN", new_y="NEXT")
    p.set_font("DejaVu", "", 9)
    for line in doc.stamp.lines:
        p.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    p.ln(3)
    for b in doc.blocks:
        if b.kind == "chart" and b.figure is not None:
            png = image(b.figure, dataclasses.replace(doc.stamp, title=b.title), "png")
            if p.get_y() > 297 - 14 - 95:
                p.add_page()
            p.image(io.BytesIO(png), w=186)
            p.ln(2)
        elif b.kind == "table" and b.table is not None:
            _pdf_table(p, b.title, b.table, b.note)
        elif b.kind == "text" and b.note:
            p.set_font("DejaVu", "B", 11)
            p.multi_cell(0, 6, b.title, new_x="LMARGIN", new_y="NEXT")
            p.set_font("DejaVu", "", 9)
            for para in b.note.split("\n"):
                p.multi_cell(0, 4.6, para, new_x="LMARGIN", new_y="NEXT")
                p.ln(1)
            p.ln(2)
    return bytes(p.output())


def _pdf_table(p, title: str, df: pd.DataFrame, note: str | None = None) -> None:
    p.set_font("DejaVu", "B", 11)
    p.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    p.set_font("DejaVu", "", 8)
    if df.empty:
        p.multi_cell(0, 5, "Không có dữ liệu trong phạm vi đã chọn.", new_x="LMARGIN", new_y="NEXT")
        return
    text = df.map(lambda v: fmt.smart(v) if isinstance(v, int | float) and not isinstance(v, bool) else
                  ("" if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) else str(v)))
    with p.table(text_align="LEFT", line_height=4.2, first_row_as_headings=True) as t:
        t.row([str(c) for c in df.columns])
        for row in text.itertuples(index=False):
            t.row(list(row))
    if note:
        p.set_font("DejaVu", "", 8)
        p.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    p.ln(3)
