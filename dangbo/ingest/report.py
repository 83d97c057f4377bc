"""The problems of a checked file as an XLSX: a sheet "Lỗi" listing them, and (for an .xlsx upload)
the person's own workbook with every bad cell filled red and commented, so it can be fixed in place."""
from __future__ import annotations

import io

from .reader import Problem

RED = "FFC7CE"


def _list_sheet(wb, problems: list[Problem]) -> None:
    from openpyxl.styles import Font
    ws = wb.create_sheet("Lỗi", 0)
    ws.append(["Sheet", "Dòng", "Cột", "Giá trị", "Yêu cầu"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for p in problems:
        ws.append([p.sheet, p.row, p.column, "'" + p.value if p.value.startswith(("=", "+", "-", "@")) else p.value,
                   p.expected])
    for letter, width in zip("ABCDE", (14, 8, 24, 30, 70), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def problems_xlsx(problems: list[Problem], data: bytes | None = None) -> bytes:
    from openpyxl import Workbook, load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    wb = None
    if data and data.startswith(b"PK"):
        try:
            wb = load_workbook(io.BytesIO(data))
        except Exception:      # noqa: BLE001 - a workbook that does not open gets the list alone
            wb = None
    if wb is not None:
        fill = PatternFill("solid", start_color=RED, end_color=RED)
        for p in problems:
            if p.sheet in wb.sheetnames and p.row and p.column:
                ws = wb[p.sheet]
                headers = [c.value for c in ws[1]]
                if p.column in headers:
                    cell = ws.cell(row=p.row, column=headers.index(p.column) + 1)
                    cell.fill = fill
                    cell.comment = Comment(p.expected, "Kiểm tra dữ liệu")
    else:
        wb = Workbook()
        wb.remove(wb.active)
    _list_sheet(wb, problems)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
