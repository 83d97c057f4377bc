"""Reading an uploaded file without trusting it: what it is from its bytes (not its name), then its
sheets as rows of cell values. Anything that is not a plain table (formulas, merged or hidden cells,
a huge cell, an unknown sheet) is a problem with its place, never an exception."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .spec import MAX_CELL, SHEET_BY_TITLE, SHEETS

MAX_BYTES = 50 << 20
# A file read whole (the page, and the command line below its chunked path) holds its rows in memory
# and checks them in the server's process: a workbook within 50 MB may still hold millions of rows (a
# sheet of repeated rows compresses a thousandfold), which kept a check busy for minutes at 2,8 GB.
MAX_ROWS = 200_000                   # rows of a workbook's sheet, or of a CSV read whole
MAX_UNCOMPRESSED = 300 << 20         # a workbook's parts, unpacked
TOO_MANY_ROWS = ("{what} có hơn {limit} dòng: quá giới hạn của một lần kiểm tra trọn tệp. Hãy lưu thành CSV (mỗi loại "
                 "hồ sơ một tệp) và kiểm tra, nhập bằng dòng lệnh `python -m dangbo.imports check TỆP` (kiểm tra "
                 "theo từng phần 100.000 dòng).")


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None          # as the spreadsheet numbers it (the header is row 1)
    column: str
    value: str
    expected: str

    def line(self) -> str:
        where = f"sheet “{self.sheet}”" + (f", dòng {self.row}" if self.row else "") + \
            (f", cột “{self.column}”" if self.column else "")
        value = f": giá trị “{self.value}”" if self.value != "" else ""
        return f"{where}{value} — {self.expected}"


class FileRefused(Exception):
    """The file as a whole cannot be read; the message is Vietnamese."""


@dataclass
class Table:
    sheet: str
    headers: list[str]
    rows: list[tuple[int, list]]    # (row number as the spreadsheet shows it, cell values), header excluded


def _text(v) -> str:
    return "" if v is None else str(v)


def read(data: bytes, name: str = "") -> tuple[list[Table], list[Problem]]:
    """The tables in an .xlsx or .csv file, and what is wrong with its form."""
    if not data:
        raise FileRefused("Tệp rỗng (0 byte).")
    if len(data) > MAX_BYTES:
        raise FileRefused(f"Tệp lớn hơn {MAX_BYTES >> 20} MB; dữ liệu toàn quốc nhập bằng CSV qua dòng lệnh.")
    if data.startswith(b"%PDF"):
        raise FileRefused("Đây là tệp PDF, không phải bảng tính .xlsx hay .csv (dù tên tệp là "
                          f"“{name[:60]}”).")
    if data.startswith(b"PK"):
        return _xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("Đây là tệp Excel cũ (.xls); hãy lưu lại dạng .xlsx.")
    return _csv(data)


def _limits(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than MAX_UNCOMPRESSED or whose sheets hold more than
    MAX_ROWS rows, before anything is parsed: sizes from the archive's directory, then the rows counted
    in the sheets' XML as it is unpacked (a directory that lies is caught by the bytes actually read)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        parts = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise FileRefused(f"Tệp .xlsx bị hỏng, không mở được ({type(e).__name__}).") from None
    declared = sum(i.file_size for i in parts)
    if declared > MAX_UNCOMPRESSED:
        raise FileRefused(f"Tệp .xlsx khi giải nén lớn {declared >> 20} MB, quá giới hạn {MAX_UNCOMPRESSED >> 20} MB "
                          "(thường do hàng triệu dòng lặp lại).")
    unpacked, counted = 0, _template_sheet_parts(zf)
    for info in parts:
        if info.filename not in counted:
            continue
        rows, tail = 0, b""
        try:
            with zf.open(info) as f:
                while chunk := f.read(1 << 20):
                    unpacked += len(chunk)
                    if unpacked > MAX_UNCOMPRESSED:
                        raise FileRefused(f"Tệp .xlsx khi giải nén lớn hơn {MAX_UNCOMPRESSED >> 20} MB.")
                    block = tail + chunk
                    rows += block.count(b"<row ") + block.count(b"<row>") - tail.count(b"<row ") - tail.count(b"<row>")
                    tail = block[-5:]
                    if rows > MAX_ROWS + 1:                                   # + the header row
                        raise FileRefused(TOO_MANY_ROWS.format(what="Một sheet của tệp", limit=f"{MAX_ROWS:,}"
                                                               .replace(",", ".")))
        except (zipfile.BadZipFile, OSError, EOFError) as e:
            raise FileRefused(f"Tệp .xlsx bị hỏng, không mở được ({type(e).__name__}).") from None


def _template_sheet_parts(zf: zipfile.ZipFile) -> set[str]:
    """The archive parts of the sheets that hold records (the template's own "Hướng dẫn" and "Danh mục",
    whose code lists are national-sized at national scale, are not counted); every worksheet part when
    the workbook's directory cannot be read (the parse below then says what is wrong)."""
    import re
    every = {i.filename for i in zf.infolist() if i.filename.startswith("xl/worksheets/") and
             i.filename.endswith(".xml")}
    try:
        book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return every
    targets = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    targets |= {m.group(2): m.group(1) for m in re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    skip = set()
    for m in re.finditer(r'<sheet\b[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book):
        if m.group(1) in ("Hướng dẫn", "Danh mục") and m.group(2) in targets:
            skip.add("xl/" + targets[m.group(2)].lstrip("/").removeprefix("xl/"))
    return every - skip


def _xlsx(data: bytes) -> tuple[list[Table], list[Problem]]:
    from openpyxl import load_workbook
    _limits(data)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise FileRefused(f"Tệp .xlsx bị hỏng, không mở được ({type(e).__name__}).") from None
    tables, problems = [], []
    for ws in wb.worksheets:
        if ws.title not in SHEET_BY_TITLE:
            if ws.title not in ("Hướng dẫn", "Danh mục"):
                problems.append(Problem(ws.title, None, "", "", "sheet không có trong mẫu; các sheet của mẫu: "
                                        + ", ".join(s.title for s in SHEETS)))
            continue
        if ws.sheet_state != "visible":
            problems.append(Problem(ws.title, None, "", "", "sheet bị ẩn: hãy hiện sheet hoặc xóa nó"))
        for rng in ws.merged_cells.ranges:
            problems.append(Problem(ws.title, rng.min_row, "", str(rng), "ô bị gộp: hãy bỏ gộp ô"))
        for r, dim in ws.row_dimensions.items():
            if dim.hidden:
                problems.append(Problem(ws.title, r, "", "", "dòng bị ẩn: hãy hiện dòng hoặc xóa nó"))
        for letter, dim in ws.column_dimensions.items():
            if dim.hidden:
                problems.append(Problem(ws.title, None, letter, "", "cột bị ẩn: hãy hiện cột hoặc xóa nó"))
        rows = list(ws.iter_rows(values_only=False))
        if not rows:
            continue
        headers = [_text(c.value).strip() for c in rows[0]]
        body = []
        for cells in rows[1:]:
            values = []
            for j, c in enumerate(cells):
                v = c.value
                if c.data_type == "f" or (isinstance(v, str) and v.startswith("=")):
                    problems.append(Problem(ws.title, c.row, headers[j] if j < len(headers) else c.column_letter,
                                            _text(v)[:60], "ô có công thức: hãy dán giá trị (Paste values)"))
                    v = None
                elif isinstance(v, str) and len(v) > MAX_CELL:
                    problems.append(Problem(ws.title, c.row, headers[j] if j < len(headers) else c.column_letter,
                                            v[:40] + "…", f"ô dài quá {MAX_CELL} ký tự"))
                    v = None
                values.append(v)
            if any(v not in (None, "") for v in values):
                body.append((cells[0].row, values))
        tables.append(Table(ws.title, headers, body))
    return tables, problems


def _csv(data: bytes) -> tuple[list[Table], list[Problem]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileRefused("Tệp CSV không phải UTF-8 (hãy lưu dạng “CSV UTF-8” trong Excel).") from None
    if "\x00" in text:
        raise FileRefused("Tệp có ký tự nhị phân: không phải tệp CSV.")
    if text.count("\n") > MAX_ROWS + 1:
        raise FileRefused(TOO_MANY_ROWS.format(what="Tệp CSV", limit=f"{MAX_ROWS:,}".replace(",", ".")))
    rows = list(csv.reader(io.StringIO(text)))
    headers = [h.strip() for h in rows[0]] if rows else []
    if not headers:
        raise FileRefused("Tệp CSV không có dòng nào.")
    sheet = sheet_for(headers)
    raw = pd.DataFrame(rows[1:], dtype=object) if len(rows) > 1 else pd.DataFrame(dtype=object)
    raw, numbers, problems = clean_frame(sheet.title, headers, raw, np.arange(2, len(rows) + 1))
    body = [(int(n), [None if v is None or v == "" else v for v in vals])
            for n, vals in zip(numbers, raw.itertuples(index=False, name=None), strict=True)]
    return [Table(sheet.title, headers, body)], problems


def sheet_for(headers: list[str]):
    """The template sheet whose headers a CSV (or Parquet) file has, exactly; else what is nearest."""
    sheet = next((s for s in SHEETS if set(headers) == {c.header for c in s.columns}), None)
    if sheet is None:
        best = max(SHEETS, key=lambda s: len(set(headers) & {c.header for c in s.columns}))
        missing = [c.header for c in best.columns if c.header not in headers]
        extra = [h for h in headers if h not in {c.header for c in best.columns}]
        raise FileRefused(f"Tiêu đề cột không khớp mẫu nào. Gần nhất là “{best.title}”: thiếu "
                          f"{', '.join(missing) or 'không'}; thừa {', '.join(extra) or 'không'}.")
    return sheet


def clean_frame(title: str, headers: list[str], raw: pd.DataFrame, numbers: np.ndarray):
    """Text rows of a CSV (columns by position, row numbers as a spreadsheet shows them): formulas and
    huge cells are problems and emptied, blank cells None, blank rows dropped. Vectorised with Arrow's
    kernels: a national list passes through here a chunk at a time."""
    problems = []
    out = {}
    for j in raw.columns:
        arr = pc.fill_null(pa.array(raw[j].astype(object).where(raw[j].notna(), ""), type=pa.string()), "")
        header = headers[j] if j < len(headers) else ""
        formula = pc.starts_with(arr, "=")
        huge = pc.and_not(pc.greater(pc.utf8_length(arr), MAX_CELL), formula)
        for i in np.flatnonzero(formula.to_numpy(zero_copy_only=False)):
            problems.append(Problem(title, int(numbers[i]), header, arr[i].as_py()[:60], "ô có công thức: hãy ghi giá trị"))
        for i in np.flatnonzero(huge.to_numpy(zero_copy_only=False)):
            problems.append(Problem(title, int(numbers[i]), header, arr[i].as_py()[:40] + "…", f"ô dài quá {MAX_CELL} ký tự"))
        blank = pc.or_(pc.or_(formula, huge), pc.equal(pc.utf8_trim_whitespace(arr), ""))
        out[j] = pc.if_else(blank, pa.scalar(None, pa.string()), arr).to_numpy(zero_copy_only=False)
    clean = pd.DataFrame(out, columns=list(raw.columns), dtype=object)
    keep = clean.notna().any(axis=1).to_numpy() if len(clean.columns) else np.zeros(len(clean), bool)
    return clean[keep].reset_index(drop=True), numbers[keep], problems
