"""Import checks: the template, a good file, and a corpus of bad files, each refused with the right
sheet, row and column, in Vietnamese, and never an exception. (Publishing an import is not built yet.)"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from dangbo import config
from dangbo.ingest import template
from dangbo.ingest.reader import FileRefused
from dangbo.ingest.spec import SHEETS, catalog
from dangbo.ingest.validate import check

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def cat(database):
    return catalog(database)


def _good_rows(cat):
    cell = cat.lists["cells"][0]
    org = cat.lists["grassroots"][0]
    return {
        "Đảng viên": [["NK-0001", cell, "Nữ", 1990, "Kinh", "Không", cat.lists["educations"][0],
                       cat.lists["theory_levels"][0], datetime(2018, 3, 15), "15/03/2019", None, None, "Có"],
                      ["NK-0002", cell, "Nam", 1985, "Khmer", cat.lists["religions"][0], cat.lists["educations"][0],
                       cat.lists["theory_levels"][0], "2020-06-01", 44000, None, None, "Không"]],
        "Kỷ luật": [["KL-1", "NK-0001", "Chính thức", "Khiển trách", cat.lists["violations"][0], "20/05/2026",
                     cat.lists["deciding_bodies"][0]]],
        "Đơn thư": [["DT-1", org, "02/04/2026", "Phản ánh", "Không", "Không", cat.lists["handlings"][0], None]],
        "Quần chúng": [["QC-1", cell, "Nam", 1998, "Kinh", "Không", "Có", "10/01/2026", "20/03/2026",
                        "Đang thẩm tra lý lịch", "01/06/2026", None],
                       ["QC-2", cell, "Nữ", 1985, "Khmer", "Không", "Có", "10/01/2019", "20/03/2019", "Đã kết nạp",
                        "01/06/2020", "NK-0002"]],
        "Xếp loại đảng viên": [["NK-0001", 2025, "Hoàn thành tốt nhiệm vụ"],
                               ["NK-0002", 2025, "Hoàn thành xuất sắc nhiệm vụ"]],
        "Xếp loại tổ chức đảng": [[cell, 2025, "Hoàn thành tốt nhiệm vụ"], [org, 2025, "Hoàn thành tốt nhiệm vụ"]],
        "Kiểm tra, giám sát": [["KT-1", org, "Ủy ban Kiểm tra", "Giám sát chuyên đề", "15/04/2026",
                                "Thực hiện quy chế làm việc"]],
        "Chỉ tiêu báo cáo": [["NQ25-1", 2026, "98,5", None, None, "Báo cáo số 12-BC/ĐU ngày 15/11/2026"],
                             ["NQ25-4", 2026, None, "Hoàn thành tốt nhiệm vụ", None, "Báo cáo số 12-BC/ĐU"]],
    }


def _xlsx(cat, change=None, rows=None) -> bytes:
    wb = load_workbook(io.BytesIO(template.xlsx(cat)))
    for title, data in (rows or _good_rows(cat)).items():
        for i, r in enumerate(data, start=2):
            for j, v in enumerate(r, start=1):
                wb[title].cell(row=i, column=j, value=v)
    if change:
        change(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _problems(data: bytes, cat, name="x.xlsx"):
    frames, problems = check(data, name, cat, as_of=TODAY)
    return frames, problems


def test_template_has_every_sheet_lists_and_date_formats(cat):
    wb = load_workbook(io.BytesIO(template.xlsx(cat)))
    assert wb.sheetnames == ["Hướng dẫn", "Danh mục", *[s.title for s in SHEETS]]
    assert wb["Danh mục"].sheet_state == "hidden"
    ws = wb["Đảng viên"]
    assert [c.value for c in ws[1]] == [c.header for c in SHEETS[0].columns]
    assert ws.data_validations.dataValidation and ws.column_dimensions["I"].number_format == "dd/mm/yyyy"
    assert ws.freeze_panes == "A2"


def test_good_file_passes(cat):
    frames, problems = _problems(_xlsx(cat), cat)
    assert problems == []
    assert len(frames["dang_vien"]) == 2 and frames["dang_vien"].official_on.iloc[1] == date(2020, 6, 18)


def _set(title, cell, value):
    def change(wb):
        wb[title][cell] = value
    return change


# (name, file change, expected sheet, row, column header, words in the expectation)
CASES = [
    ("date text", _set("Đảng viên", "I2", "31/02/2018"), "Đảng viên", 2, "Ngày kết nạp", "dd/mm/yyyy"),
    ("date words", _set("Đảng viên", "I3", "hôm qua"), "Đảng viên", 3, "Ngày kết nạp", "dd/mm/yyyy"),
    ("future date", _set("Kỷ luật", "F2", "01/01/2027"), "Kỷ luật", 2, "Ngày quyết định", "không sau ngày"),
    ("official before admission", _set("Đảng viên", "J2", "01/01/2017"), "Đảng viên", 2, "Ngày chính thức",
     "sau ngày kết nạp"),
    ("left before admission", _set("Đảng viên", "K2", "01/01/2017"), "Đảng viên", 2, "Ngày ra khỏi Đảng bộ",
     "sau ngày kết nạp"),
    ("left without reason", _set("Đảng viên", "K2", "01/01/2024"), "Đảng viên", 2, "Lý do ra khỏi Đảng bộ",
     "cần ghi lý do"),
    ("under 18", _set("Đảng viên", "D2", 2005), "Đảng viên", 2, "Năm sinh", "đủ 18 tuổi"),
    ("year text", _set("Đảng viên", "D3", "một chín tám lăm"), "Đảng viên", 3, "Năm sinh", "một năm"),
    ("year fraction", _set("Đảng viên", "D3", 1985.5), "Đảng viên", 3, "Năm sinh", "một năm"),
    ("year out of range", _set("Đảng viên", "D3", 1850), "Đảng viên", 3, "Năm sinh", "từ 1900"),
    ("unknown cell", _set("Đảng viên", "B2", "CB-KHONG-CO"), "Đảng viên", 2, "Mã chi bộ", "danh mục"),
    ("unknown gender", _set("Đảng viên", "C2", "N"), "Đảng viên", 2, "Giới tính", "danh mục"),
    ("unknown ethnicity", _set("Đảng viên", "E3", "Mông Cổ"), "Đảng viên", 3, "Dân tộc", "danh mục"),
    ("bool words", _set("Đảng viên", "M2", "yes"), "Đảng viên", 2, "Đoàn viên khi kết nạp", "“Có” hoặc “Không”"),
    ("missing required", _set("Đảng viên", "C3", None), "Đảng viên", 3, "Giới tính", "bắt buộc"),
    ("duplicate member", _set("Đảng viên", "A3", "NK-0001"), "Đảng viên", 3, "Mã đảng viên", "bị trùng"),
    ("duplicate case", lambda wb: [wb["Kỷ luật"].cell(row=3, column=j, value=v) for j, v in
                 enumerate(["KL-1", "NK-0002", "Chính thức", "Cảnh cáo", "x", "20/05/2026", "Chi bộ"], start=1)],
     "Kỷ luật", 3, "Mã vụ kỷ luật", "bị trùng"),
    ("probationary expelled", lambda wb: (_set("Kỷ luật", "C2", "Dự bị")(wb), _set("Kỷ luật", "D2", "Khai trừ")(wb)),
     "Kỷ luật", 2, "Hình thức kỷ luật", "dự bị chỉ bị khiển trách"),
    ("unknown form", _set("Kỷ luật", "D2", "Phạt tiền"), "Kỷ luật", 2, "Hình thức kỷ luật", "danh mục"),
    ("decision before the term", _set("Kỷ luật", "F2", "01/01/2019"), "Kỷ luật", 2, "Ngày quyết định",
     "từ ngày 01/07/2020"),
    ("unknown member", _set("Kỷ luật", "B2", "NK-9999"), "Kỷ luật", 2, "Mã đảng viên", "không có trong sheet"),
    ("unknown organisation", _set("Đơn thư", "B2", "XYZ"), "Đơn thư", 2, "Mã tổ chức cơ sở đảng", "danh mục"),
    ("unknown letter kind", _set("Đơn thư", "D2", "Khiếu nại"), "Đơn thư", 2, "Loại đơn", "danh mục"),
    ("formula", _set("Đảng viên", "A2", "=CONCAT(\"NK\",\"1\")"), "Đảng viên", 2, "Mã đảng viên", "công thức"),
    ("huge cell", _set("Đơn thư", "A2", "x" * 5000), "Đơn thư", 2, "Mã đơn", "dài quá"),
    ("merged cells", lambda wb: wb["Đảng viên"].merge_cells("A2:B2"), "Đảng viên", 2, "", "gộp"),
    ("hidden row", lambda wb: setattr(wb["Đảng viên"].row_dimensions[3], "hidden", True), "Đảng viên", 3, "", "ẩn"),
    ("hidden column", lambda wb: setattr(wb["Đơn thư"].column_dimensions["C"], "hidden", True), "Đơn thư", None,
     "C", "cột bị ẩn"),
    ("hidden sheet", lambda wb: setattr(wb["Đơn thư"], "sheet_state", "hidden"), "Đơn thư", None, "", "sheet bị ẩn"),
    ("renamed header", _set("Đảng viên", "A1", "Mã ĐV"), "Đảng viên", 1, "Mã đảng viên, Mã ĐV", "tiêu đề cột"),
    ("unknown sheet", lambda wb: wb.create_sheet("Sheet lạ"), "Sheet lạ", None, "", "không có trong mẫu"),
    ("class before identification", _set("Quần chúng", "I2", "01/01/2026"), "Quần chúng", 2,
     "Ngày học xong lớp nhận thức về Đảng", "không được trước"),
    ("later stage without class", _set("Quần chúng", "I2", None), "Quần chúng", 2,
     "Ngày học xong lớp nhận thức về Đảng", "cần ghi ngày học xong"),
    ("admitted without member", _set("Quần chúng", "L3", None), "Quần chúng", 3, "Mã đảng viên khi kết nạp",
     "khi và chỉ khi"),
    ("open candidate with member", _set("Quần chúng", "L2", "NK-0001"), "Quần chúng", 2, "Mã đảng viên khi kết nạp",
     "khi và chỉ khi"),
    ("admitted unknown member", _set("Quần chúng", "L3", "NK-7777"), "Quần chúng", 3, "Mã đảng viên khi kết nạp",
     "không có trong sheet"),
    ("candidate admitted at 17", _set("Quần chúng", "D3", 2004), "Quần chúng", 3, "Năm sinh", "đủ 18 tuổi"),
    ("unknown stage", _set("Quần chúng", "J2", "Đang chờ"), "Quần chúng", 2, "Giai đoạn", "danh mục"),
    ("rating twice a year", _set("Xếp loại đảng viên", "A3", "NK-0001"), "Xếp loại đảng viên", 3, "Năm", "trùng"),
    ("rating before 2020", _set("Xếp loại đảng viên", "B2", 2019), "Xếp loại đảng viên", 2, "Năm", "từ 2020"),
    ("rating of unknown member", _set("Xếp loại đảng viên", "A2", "NK-5555"), "Xếp loại đảng viên", 2,
     "Mã đảng viên", "không có trong sheet"),
    ("unknown rating", _set("Xếp loại đảng viên", "C2", "Tốt"), "Xếp loại đảng viên", 2, "Xếp loại", "danh mục"),
    ("grassroots rated before merger", _set("Xếp loại tổ chức đảng", "B3", 2024), "Xếp loại tổ chức đảng", 3, "Năm",
     "từ năm 2025"),
    ("unknown rated unit", _set("Xếp loại tổ chức đảng", "A2", "XYZ"), "Xếp loại tổ chức đảng", 2,
     "Mã chi bộ hoặc tổ chức cơ sở đảng", "danh mục"),
    ("inspection before merger", _set("Kiểm tra, giám sát", "E2", "01/05/2025"), "Kiểm tra, giám sát", 2,
     "Ngày bắt đầu", "từ ngày 01/07/2025"),
    ("unknown inspecting body", _set("Kiểm tra, giám sát", "C2", "Thanh tra"), "Kiểm tra, giám sát", 2, "Chủ thể",
     "danh mục"),
    ("share over 100", _set("Chỉ tiêu báo cáo", "C2", 120), "Chỉ tiêu báo cáo", 2, "Giá trị", "từ 0 đến 100"),
    ("negative share", _set("Chỉ tiêu báo cáo", "C2", "-5"), "Chỉ tiêu báo cáo", 2, "Giá trị", "không âm"),
    ("share in words", _set("Chỉ tiêu báo cáo", "C2", "gần 99"), "Chỉ tiêu báo cáo", 2, "Giá trị", "một số"),
    ("share missing", _set("Chỉ tiêu báo cáo", "C2", None), "Chỉ tiêu báo cáo", 2, "Giá trị", "cần ghi giá trị"),
    ("number for a rating target", _set("Chỉ tiêu báo cáo", "C3", 90), "Chỉ tiêu báo cáo", 3, "Giá trị",
     "không đo bằng số"),
    ("rating target without rating", _set("Chỉ tiêu báo cáo", "D3", None), "Chỉ tiêu báo cáo", 3, "Xếp loại",
     "cần ghi xếp loại"),
    ("report year outside the term", _set("Chỉ tiêu báo cáo", "B2", 2024), "Chỉ tiêu báo cáo", 2, "Năm",
     "nhiệm kỳ 2025-2030"),
    ("computed target reported", _set("Chỉ tiêu báo cáo", "A2", "NQ25-3"), "Chỉ tiêu báo cáo", 2, "Mã chỉ tiêu",
     "danh mục"),
    ("report twice", lambda wb: (_set("Chỉ tiêu báo cáo", "A3", "NQ25-1")(wb), _set("Chỉ tiêu báo cáo", "C3", 99)(wb),
                                 _set("Chỉ tiêu báo cáo", "D3", None)(wb)),
     "Chỉ tiêu báo cáo", 3, "Năm", "trùng"),
    ("report without source", _set("Chỉ tiêu báo cáo", "F2", None), "Chỉ tiêu báo cáo", 2, "Nguồn số liệu",
     "bắt buộc"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_refused_where_it_is_wrong(cat, case):
    _, change, sheet, row, column, words = case
    frames, problems = _problems(_xlsx(cat, change), cat)
    assert frames == {}
    hits = [p for p in problems if p.sheet == sheet and p.row == row and p.column == column and words in p.expected]
    assert hits, [p.line() for p in problems]


def _zip_without(data: bytes, member: str) -> bytes:
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            if item.filename != member:
                z.writestr(item, src.read(item.filename))
    return out.getvalue()


def _csv(cat, lines: list[str], encoding="utf-8-sig") -> bytes:
    header = ",".join(c.header for c in SHEETS[2].columns)
    return "\n".join([header, *lines]).encode(encoding)


FILE_CASES = [
    ("empty", lambda cat: b"", "0 byte"),
    ("renamed pdf", lambda cat: b"%PDF-1.7\n%...\n", "tệp PDF"),
    ("broken zip", lambda cat: _xlsx(cat)[:500], "bị hỏng"),
    ("zip without workbook", lambda cat: _zip_without(_xlsx(cat), "xl/workbook.xml"), "bị hỏng"),
    ("old xls", lambda cat: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    ("csv latin-1", lambda cat: b"Ma don,Ngay\nD,\xe9t\xe9\n", "không phải UTF-8"),
    ("csv wrong headers", lambda cat: b"Ma don,Ngay nhan\nDT-1,02/04/2026\n", "Tiêu đề cột không khớp"),
    ("binary", lambda cat: b"\x00\x01\x02" * 50, "nhị phân"),
]


@pytest.mark.parametrize("case", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_files_that_are_not_what_they_claim(cat, case):
    _, make, words = case
    with pytest.raises(FileRefused, match=words):
        _problems(make(cat), cat, "du-lieu.xlsx")


def test_csv_in_utf8_bom_and_utf16_is_read(cat):
    org, handling = cat.lists["grassroots"][0], cat.lists["handlings"][0]
    line = f"DT-1,{org},02/04/2026,Phản ánh,Không,Không,{handling},"
    for enc in ("utf-8-sig", "utf-8", "utf-16"):
        frames, problems = _problems(_csv(cat, [line], enc), cat, "don-thu.csv")
        assert problems == [] and len(frames["don_thu"]) == 1, enc
    _, problems = _problems(_csv(cat, [line.replace("02/04/2026", "=NOW()")]), cat, "don-thu.csv")
    assert problems[0].row == 2 and problems[0].column == "Ngày nhận" and "công thức" in problems[0].expected


def test_a_file_with_no_rows_says_so(cat):
    _, problems = _problems(template.xlsx(cat), cat)
    assert problems and "không có dòng dữ liệu" in problems[0].expected


def test_cli_check_and_template(data_root, tmp_path, cat):
    env = dict(os.environ, DANGBO_DATA_DIR=str(data_root), PYTHONPATH=str(config.ROOT))
    run = lambda *a: subprocess.run([sys.executable, "-m", "dangbo.imports", *a], env=env,  # noqa: E731
                                    capture_output=True, text=True)
    assert run("template", str(tmp_path / "mau.xlsx")).returncode == 0
    assert load_workbook(tmp_path / "mau.xlsx").sheetnames[2:] == [s.title for s in SHEETS]
    good = tmp_path / "tot.xlsx"
    good.write_bytes(_xlsx(cat))
    r = run("check", str(good))
    assert r.returncode == 0 and "dang_vien 2 dòng" in r.stdout
    bad = tmp_path / "sai.xlsx"
    bad.write_bytes(_xlsx(cat, _set("Đảng viên", "D2", 2005)))
    r = run("check", str(bad))
    assert r.returncode == 1 and "sheet “Đảng viên”, dòng 2, cột “Năm sinh”: giá trị “2005”" in r.stdout
    assert "chưa có gì thay đổi" in r.stderr and "Traceback" not in r.stderr
    pdf = tmp_path / "gia.xlsx"
    pdf.write_bytes(b"%PDF-1.4 not a sheet")
    r = run("check", str(pdf))
    assert r.returncode == 1 and "tệp PDF" in r.stderr


def test_no_workbook_at_all_is_a_problem(cat):
    wb = Workbook()
    wb.active.title = "Trang 1"
    buf = io.BytesIO()
    wb.save(buf)
    _, problems = _problems(buf.getvalue(), cat)
    assert any("không có trong mẫu" in p.expected for p in problems)


def test_docs_describe_every_template_column():
    text = (config.ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    for s in SHEETS:
        assert f"Sheet “{s.title}”" in text
        for c in s.columns:
            assert f"| {c.header} | `{c.code}` |" in text, c.header
