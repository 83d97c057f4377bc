"""The Excel template (and the same columns as CSV): an instructions sheet, one sheet a kind of
record with Vietnamese headers, drop-down lists for codes (from a hidden Danh mục sheet), dates as
real dates, and one example row a kind on the instructions sheet (so no example is ever imported)."""
from __future__ import annotations

import csv
import io

from .spec import SHEETS, Catalog

INSTRUCTIONS = "Hướng dẫn"
LISTS = "Danh mục"
ROWS = 2000               # rows that carry the drop-downs


def xlsx(cat: Catalog) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    guide = wb.active
    guide.title = INSTRUCTIONS
    guide.append(["MẪU NHẬP DỮ LIỆU - ĐẢNG BỘ CÁC CƠ QUAN ĐẢNG THÀNH PHỐ CẦN THƠ"])
    guide["A1"].font = Font(bold=True, size=13)
    for line in ("Mỗi sheet là một loại hồ sơ; dòng 1 là tiêu đề cột, không đổi tên, không thêm cột.",
                 "Ngày ghi dạng dd/mm/yyyy (hoặc ô ngày của Excel). Cột có danh sách chọn chỉ nhận giá trị trong danh sách.",
                 "Không dùng công thức, không gộp ô, không ẩn dòng hay cột. Không ghi số căn cước, số điện thoại.",
                 "Kiểm tra tệp: python -m dangbo.imports check TỆP (hoặc trang Nhập dữ liệu).", ""):
        guide.append([line])
    lists = wb.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    ranges, col_no = {}, 1
    for sheet in SHEETS:
        guide.append([f"Sheet “{sheet.title}”", "Cột", "Bắt buộc", "Ghi chú", "Ví dụ"])
        for cell in guide[guide.max_row]:
            cell.font = Font(bold=True)
        for c in sheet.columns:
            guide.append(["", c.header, "có" if c.required else "không", c.help, c.example])
        guide.append([])
        ws = wb.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for j, c in enumerate(sheet.columns, start=1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = max(14, len(c.header) + 4)
            if c.kind == "date":        # the column's style: typed dates show as dd/mm/yyyy, no empty cells written
                ws.column_dimensions[letter].number_format = "dd/mm/yyyy"
            values = cat.choices(c)
            if values:
                key = (c.choices if isinstance(c.choices, str) else f"{sheet.kind}.{c.code}")
                if key not in ranges:
                    col_letter = get_column_letter(col_no)
                    lists.cell(row=1, column=col_no, value=key)
                    for i, v in enumerate(values, start=2):
                        lists.cell(row=i, column=col_no, value=v)
                    ranges[key] = f"'{LISTS}'!${col_letter}$2:${col_letter}${len(values) + 1}"
                    col_no += 1
                dv = DataValidation(type="list", formula1=ranges[key], allow_blank=not c.required,
                                    showErrorMessage=True, errorTitle="Giá trị không có trong danh mục",
                                    error=f"Chọn {c.header} trong danh sách.")
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{ROWS + 1}")
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 26
    guide.column_dimensions["D"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_headers(kind: str) -> bytes:
    """The CSV template of one kind: the header line (UTF-8 with BOM, as Excel writes it)."""
    sheet = next(s for s in SHEETS if s.kind == kind)
    out = io.StringIO()
    csv.writer(out).writerow([c.header for c in sheet.columns])
    return out.getvalue().encode("utf-8-sig")
