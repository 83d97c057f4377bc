"""What each template sheet holds: Vietnamese headers, types, codes and rules, one place for the
template, the checks and docs/import.md. The code lists come from the published snapshot (`Catalog`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import config

YES_NO = ("Có", "Không")


@dataclass(frozen=True)
class Col:
    code: str              # the column in the snapshot table
    header: str            # what the sheet says
    kind: str              # text, code, date, year, bool, number
    required: bool = True
    choices: str | tuple[str, ...] | None = None    # a tuple, or the name of a Catalog list
    help: str = ""
    example: str = ""
    future: bool = False   # a date or year that may lie after the data's date (a deadline, a quota's year)


@dataclass(frozen=True)
class Sheet:
    kind: str              # dang_vien, ky_luat, don_thu, ...
    title: str             # the sheet's name
    table: str             # the snapshot table it feeds
    key: tuple[str, ...]   # the columns that identify a row
    columns: tuple[Col, ...]
    # What an import of the sheet replaces: the rows of the grassroots organisations its rows belong to
    # (found through `org_by`: a cell, a member, an organisation or a unit of either level), in the years
    # its `period` column spans; or, for reported target values, the (indicator, year) pairs it lists.
    org_by: str = ""
    period: str | None = None

    def col(self, code: str) -> Col:
        return next(c for c in self.columns if c.code == code)


SHEETS = (
    Sheet("dang_vien", "Đảng viên", "members", ("member_id",), org_by="cell_id", columns=(
        Col("member_id", "Mã đảng viên", "text", help="mã hồ sơ, duy nhất (không ghi số căn cước)", example="CT-000123"),
        Col("cell_id", "Mã chi bộ", "code", choices="cells", help="mã chi bộ trong danh mục", example="VPTU-01"),
        Col("gender", "Giới tính", "code", choices=("Nam", "Nữ"), example="Nữ"),
        Col("birth_year", "Năm sinh", "year", help="đủ 18 tuổi khi kết nạp", example="1990"),
        Col("ethnicity", "Dân tộc", "code", choices="ethnicities", example="Kinh"),
        Col("religion", "Tôn giáo", "code", choices="religions", example="Không"),
        Col("education", "Trình độ chuyên môn", "code", choices="educations", example="Đại học"),
        Col("theory_level", "Lý luận chính trị", "code", choices="theory_levels", example="Trung cấp"),
        Col("admitted_on", "Ngày kết nạp", "date", help="dd/mm/yyyy", example="15/03/2018"),
        Col("official_on", "Ngày chính thức", "date", required=False, help="sau ngày kết nạp; trống khi còn dự bị",
            example="15/03/2019"),
        Col("left_on", "Ngày ra khỏi Đảng bộ", "date", required=False, help="trống khi còn sinh hoạt"),
        Col("left_reason", "Lý do ra khỏi Đảng bộ", "code", required=False, choices="left_reasons",
            help="bắt buộc khi có ngày ra khỏi Đảng bộ"),
        Col("youth_union_at_admission", "Đoàn viên khi kết nạp", "bool", choices=YES_NO, example="Có"),
    )),
    Sheet("ky_luat", "Kỷ luật", "discipline_cases", ("case_id",), org_by="member_id", period="decided_on", columns=(
        Col("case_id", "Mã vụ kỷ luật", "text", help="duy nhất", example="KL-2026-001"),
        Col("member_id", "Mã đảng viên", "text", help="có trong sheet Đảng viên hoặc trong dữ liệu đã công bố",
            example="CT-000123"),
        Col("member_status", "Đảng viên lúc kỷ luật", "code", choices=("Chính thức", "Dự bị"), example="Chính thức"),
        Col("form", "Hình thức kỷ luật", "code", choices=config.DISCIPLINE_FORMS["chinh_thuc"],
            help="đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo", example="Khiển trách"),
        Col("violation", "Nội dung vi phạm", "code", choices="violations", example="Vi phạm quy chế làm việc"),
        Col("decided_on", "Ngày quyết định", "date", help="dd/mm/yyyy, không sau ngày lập tệp", example="20/05/2026"),
        Col("deciding_body", "Cấp quyết định", "code", choices="deciding_bodies", example="Chi bộ"),
    )),
    Sheet("don_thu", "Đơn thư", "letters", ("letter_id",), org_by="grassroots_id", period="received_on", columns=(
        Col("letter_id", "Mã đơn", "text", help="duy nhất", example="DT-2026-001"),
        Col("grassroots_id", "Mã tổ chức cơ sở đảng", "code", choices="grassroots", example="VPTU"),
        Col("received_on", "Ngày nhận", "date", example="02/04/2026"),
        Col("kind", "Loại đơn", "code", choices=("Tố cáo", "Phản ánh"), example="Phản ánh"),
        Col("is_anonymous", "Nặc danh", "bool", choices=YES_NO, example="Không"),
        Col("is_impersonated", "Mạo danh", "bool", choices=YES_NO, example="Không"),
        Col("handling", "Cách xử lý", "code", choices="handlings", example="Xem xét giải quyết"),
        Col("outcome", "Kết quả", "code", required=False, choices="outcomes", example="Kiểm điểm rút kinh nghiệm"),
    )),
    Sheet("quan_chung", "Quần chúng", "candidates", ("candidate_id",), org_by="cell_id", columns=(
        Col("candidate_id", "Mã quần chúng", "text", help="duy nhất (không ghi số căn cước)", example="QC-2026-001"),
        Col("cell_id", "Mã chi bộ", "code", choices="cells", example="VPTU-01"),
        Col("gender", "Giới tính", "code", choices=("Nam", "Nữ"), example="Nam"),
        Col("birth_year", "Năm sinh", "year", example="1998"),
        Col("ethnicity", "Dân tộc", "code", choices="ethnicities", example="Kinh"),
        Col("religion", "Tôn giáo", "code", choices="religions", example="Không"),
        Col("youth_union", "Đoàn viên", "bool", choices=YES_NO, example="Có"),
        Col("identified_on", "Ngày được giới thiệu", "date", help="ngày được xác định là quần chúng ưu tú",
            example="10/01/2026"),
        Col("class_completed_on", "Ngày học xong lớp nhận thức về Đảng", "date", required=False,
            help="sau ngày được giới thiệu; bắt buộc từ giai đoạn “Đã học lớp” trở đi", example="20/03/2026"),
        Col("stage", "Giai đoạn", "code", choices=config.CANDIDATE_STAGES, example="Đang thẩm tra lý lịch"),
        Col("stage_on", "Ngày đến giai đoạn", "date", help="không trước ngày được giới thiệu", example="01/06/2026"),
        Col("admitted_member_id", "Mã đảng viên khi kết nạp", "text", required=False,
            help="bắt buộc khi giai đoạn là “Đã kết nạp”; có trong sheet Đảng viên hoặc dữ liệu đã công bố"),
    )),
    Sheet("xep_loai_dv", "Xếp loại đảng viên", "member_ratings", ("member_id", "year"), org_by="member_id",
          period="year", columns=(
        Col("member_id", "Mã đảng viên", "text", help="có trong sheet Đảng viên hoặc dữ liệu đã công bố",
            example="CT-000123"),
        Col("year", "Năm", "year", help="năm đánh giá, từ 2020; mỗi đảng viên một dòng một năm", example="2025"),
        Col("rating", "Xếp loại", "code", choices=config.RATINGS, example="Hoàn thành tốt nhiệm vụ"),
    )),
    Sheet("xep_loai_tc", "Xếp loại tổ chức đảng", "org_ratings", ("unit_id", "year"), org_by="unit_id",
          period="year", columns=(
        Col("unit_id", "Mã chi bộ hoặc tổ chức cơ sở đảng", "code", choices="rated_units",
            help="chi bộ, hoặc tổ chức cơ sở đảng (từ năm 2025)", example="VPTU-01"),
        Col("year", "Năm", "year", help="năm đánh giá, từ 2020", example="2025"),
        Col("rating", "Xếp loại", "code", choices=config.RATINGS, example="Hoàn thành tốt nhiệm vụ"),
    )),
    Sheet("kiem_tra", "Kiểm tra, giám sát", "inspections", ("inspection_id",), org_by="grassroots_id",
          period="started_on", columns=(
        Col("inspection_id", "Mã cuộc kiểm tra, giám sát", "text", help="duy nhất", example="KT-2026-01"),
        Col("grassroots_id", "Mã tổ chức cơ sở đảng", "code", choices="grassroots", example="VPTU"),
        Col("body", "Chủ thể", "code", choices=config.INSPECTION_BODIES, example="Ủy ban Kiểm tra"),
        Col("kind", "Loại", "code", choices=config.INSPECTION_KINDS, example="Giám sát chuyên đề"),
        Col("started_on", "Ngày bắt đầu", "date", help="từ ngày 01/07/2025 (Đảng bộ hợp nhất)",
            example="15/04/2026"),
        Col("topic", "Nội dung", "text", example="Thực hiện quy chế làm việc"),
    )),
    Sheet("chuong_trinh", "Chương trình hành động", "programme_items", ("item_id",), columns=(
        Col("item_id", "Mã công việc", "text", help="duy nhất trong chương trình", example="CT-NV4-01"),
        Col("parent_id", "Thuộc", "code", choices="programme_parents",
            help="mã nhiệm vụ trọng tâm, đột phá, giải pháp (NV1-6, DP1-3, GP1-4, HDND-…) hoặc chỉ tiêu (NQ25-…, HD-…)",
            example="NV4"),
        Col("title", "Nội dung công việc", "text", example="Xây dựng kế hoạch kết nạp đảng viên năm 2026"),
        Col("lead_id", "Đơn vị chủ trì", "code", choices="programme_units",
            help="mã tổ chức cơ sở đảng, hoặc DBCQD (cơ quan Đảng ủy)", example="VPTU"),
        Col("support_ids", "Đơn vị phối hợp", "text", required=False,
            help="các mã đơn vị, cách nhau bằng dấu phẩy", example="BAO, TCT"),
        Col("starts_on", "Ngày bắt đầu", "date", help=f"dd/mm/yyyy, từ ngày {config.MERGED_ON:%d/%m/%Y}",
            example="01/01/2026", future=True),
        Col("due_on", "Thời hạn", "date", future=True, example="31/12/2026",
            help=f"hạn hoàn thành (việc định kỳ: hạn của kỳ cuối), không sau {config.CURRENT_TERM.ends_on:%d/%m/%Y}"),
        Col("recurrence", "Định kỳ", "code", choices=tuple(config.RECURRENCE_WORDS.values()), example="Một lần",
            help="Hằng quý, Hằng năm: mỗi quý, mỗi năm là một kỳ báo cáo đến thời hạn"),
        Col("product", "Sản phẩm", "code", choices=config.PROGRAMME_PRODUCTS, example="Kế hoạch"),
        Col("indicator_id", "Chỉ tiêu phục vụ", "code", required=False, choices="current_indicators",
            help="mã chỉ tiêu 2025-2030 mà công việc phục vụ (nếu có)", example="NQ25-5"),
    )),
    Sheet("giao_chi_tieu", "Giao chỉ tiêu", "target_quotas", ("indicator_id", "grassroots_id", "year"), columns=(
        Col("indicator_id", "Mã chỉ tiêu", "code", choices="quota_indicators",
            help="chỉ tiêu 2025-2030 được giao cho tổ chức cơ sở đảng", example="NQ25-5"),
        Col("grassroots_id", "Mã tổ chức cơ sở đảng", "code", choices="grassroots", example="VPTU"),
        Col("year", "Năm", "year", future=True, example="2026",
            help=f"năm của nhiệm kỳ ({config.CURRENT_TERM.starts_on.year}-{config.CURRENT_TERM.ends_on.year})"),
        Col("quota", "Chỉ tiêu giao", "number", help="số (đảng viên) hoặc tỷ lệ (%) như chỉ tiêu", example="3"),
        Col("reason", "Lý do điều chỉnh", "text", help="vì sao khác mức đề xuất theo quy tắc",
            example="Đơn vị có 6 quần chúng đã học lớp nhận thức về Đảng"),
    )),
    Sheet("chi_tieu", "Chỉ tiêu báo cáo", "indicator_values", ("indicator_id", "period"), columns=(
        Col("indicator_id", "Mã chỉ tiêu", "code", choices="reported_indicators",
            help="chỉ tiêu 2025-2030 lấy theo báo cáo (không tính từ hồ sơ)", example="NQ25-1"),
        Col("period", "Năm", "year", help="năm báo cáo, 2025-2030; mỗi chỉ tiêu một dòng một năm", example="2026"),
        Col("value", "Giá trị", "number", required=False,
            help="số, với chỉ tiêu tỷ lệ (%) từ 0 đến 100; dấu phẩy thập phân (98,5)", example="98,5"),
        Col("value_text", "Xếp loại", "code", required=False, choices=config.RATINGS,
            help="chỉ với chỉ tiêu xếp loại"),
        Col("qualitative_met", "Đạt", "bool", required=False, choices=YES_NO,
            help="chỉ với chỉ tiêu không định lượng: Có hoặc Không"),
        Col("source", "Nguồn số liệu", "text", help="văn bản báo cáo: số, ngày, cơ quan",
            example="Báo cáo số 12-BC/ĐU ngày 15/12/2026"),
    )),
)
SHEET_BY_KIND = {s.kind: s for s in SHEETS}
SHEET_BY_TITLE = {s.title: s for s in SHEETS}
MAX_CELL = 500            # characters; a longer cell is refused (a pasted document, not a value)


@dataclass(frozen=True)
class Catalog:
    """The code lists a template offers and a check accepts, read from the published snapshot."""
    lists: dict[str, tuple[str, ...]]
    known_members: Callable[[set[str]], set[str]]      # which of these member ids the snapshot has
    indicators: dict[str, tuple[str, str | None]]      # reported indicator -> (comparator, unit)
    indicators_all: dict[str, tuple[str, str | None]] | None = None    # every current-term indicator, the same

    def choices(self, col: Col) -> tuple[str, ...]:
        return col.choices if isinstance(col.choices, tuple) else self.lists.get(col.choices, ())


def catalog(db) -> Catalog:
    """Code lists from a Database over the published snapshot (org units and the values in use)."""
    cur = db.cursor()

    def distinct(sql: str, known: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The known list, then any other value the snapshot holds (an empty store still has the lists)."""
        found = sorted(v for (v,) in cur.execute(sql).fetchall() if v is not None and v not in known)
        return tuple(known) + tuple(found)

    lists = {
        "cells": distinct("select unit_id from org_units where level = 'cell'"),
        "grassroots": distinct("select unit_id from org_units where level = 'grassroots'"),
        "ethnicities": distinct("select distinct ethnicity from members", config.ETHNICITIES),
        "religions": distinct("select distinct religion from members", config.RELIGIONS),
        "educations": distinct("select distinct education from members", config.EDUCATION),
        "theory_levels": distinct("select distinct theory_level from members", config.THEORY_LEVELS),
        "left_reasons": distinct("select distinct left_reason from members", config.LEAVE_REASONS),
        "violations": distinct("select distinct violation from discipline_cases", config.VIOLATIONS),
        "deciding_bodies": distinct("select distinct deciding_body from discipline_cases", config.DECIDING_BODIES),
        "handlings": distinct("select distinct handling from letters", tuple(config.LETTER_HANDLING)),
        "outcomes": distinct("select distinct outcome from letters", config.LETTER_OUTCOMES),
    }
    lists["rated_units"] = lists["cells"] + lists["grassroots"]
    rows = cur.execute("select indicator_id, comparator, unit from indicators where term_id = ? and measure = "
                       "'reported' order by indicator_id", [config.CURRENT_TERM.id]).fetchall()
    indicators = {i: (comp, unit) for i, comp, unit in rows}
    lists["reported_indicators"] = tuple(indicators)
    current = cur.execute("select indicator_id, item_id, owner, measure, comparator, unit from indicators "
                          "where term_id = ? order by indicator_id", [config.CURRENT_TERM.id]).fetchall()
    lists["current_indicators"] = tuple(r[0] for r in current)
    lists["quota_indicators"] = tuple(r[0] for r in current
                                      if r[2] == config.COMMITTEE and r[3] in config.QUOTA_MEASURES)
    tasks = tuple(i for (i,) in cur.execute("select item_id from resolution_items order by doc_id, ord").fetchall())
    lists["programme_parents"] = tasks + tuple(dict.fromkeys(r[1] for r in current))
    lists["programme_units"] = (config.COMMITTEE, *lists["grassroots"])

    def known_members(ids: set[str]) -> set[str]:
        """Looked up, not held: a national snapshot has millions of members."""
        if not ids:
            return set()
        found = db.cursor().execute("select member_id from members where member_id in (select unnest($ids))",
                                    {"ids": sorted(ids)}).fetchall()
        return {m for (m,) in found}
    return Catalog(lists, known_members, indicators, {r[0]: (r[4], r[5]) for r in current})
