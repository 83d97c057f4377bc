"""Fixed facts of the organisation and the places the app reads from.

Names and dates here are published facts (see docs/data-model.md); anything generated lives in
dangbo.sources.demo and is labelled demo.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES_DIR = ROOT / "data" / "sources"
QUERIES_DIR = ROOT / "queries"


def env_number(name: str, default: float, minimum: float, kind=int):
    """A number setting from the environment: `default` when unset or unreadable, never below `minimum`."""
    try:
        return max(kind(minimum), kind(os.environ.get(name, str(default))))
    except ValueError:
        return kind(default)


def lag_days() -> int:
    """Organisations whose data is older than the newest shown beside them by more than this many days
    are named on pages and in briefings ($DANGBO_LAG_DAYS, default 7)."""
    return env_number("DANGBO_LAG_DAYS", 7, 0)


def data_dir() -> Path:
    """Folder holding snapshots/ and the PUBLISHED pointer; DANGBO_DATA_DIR overrides (tests, benchmarks)."""
    return Path(os.environ.get("DANGBO_DATA_DIR", ROOT / "data"))


@dataclass(frozen=True)
class Predecessor:
    id: str
    short: str          # what a filter shows
    name: str           # full name of the predecessor committee
    annex: str          # the report's annex of 2020-2025 results
    color: str          # one colour per unit on every chart


# Annex-to-province mapping follows from the admissions footnote (44 Cần Thơ, 46 Sóc Trăng, 09 Hậu Giang).
PREDECESSORS: tuple[Predecessor, ...] = (
    Predecessor("CT", "Cần Thơ", "Đảng bộ Khối cơ quan Dân Chính Đảng thành phố Cần Thơ", "Phụ lục 1", "#B71C1C"),
    Predecessor("HG", "Hậu Giang", "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Hậu Giang", "Phụ lục 3", "#1565C0"),
    Predecessor("ST", "Sóc Trăng", "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Sóc Trăng", "Phụ lục 2", "#2E7D32"),
)
PREDECESSOR_IDS = tuple(p.id for p in PREDECESSORS)
PREDECESSOR_BY_ID = {p.id: p for p in PREDECESSORS}

COMMITTEE = "DBCQD"        # the committee's code, owner of its targets and figures (the root of org_units)
COMMITTEE_NAME = "Đảng bộ các cơ quan Đảng thành phố Cần Thơ"
HDND = "HDND"              # the People's Council party committee: a grassroots organisation with its own targets
MERGED_ON = date(2025, 7, 1)
# The action programme (dangbo.programme): how an item recurs (code -> the template's words) and what it yields.
RECURRENCE_WORDS = {"once": "Một lần", "quarterly": "Hằng quý", "yearly": "Hằng năm"}
PROGRAMME_PRODUCTS = ("Kế hoạch", "Báo cáo", "Quyết định", "Số liệu", "Văn bản khác")
# The 2025-2030 targets split into grassroots quotas: those measured from records, per organisation.
QUOTA_MEASURES = ("admissions_count", "member_rating_good_share", "member_violation_share")


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    starts_on: date
    ends_on: date   # inclusive


# The merger date is the boundary between the terms: records before it belong to the predecessor
# committees' 2020-2025 term, records from it on to the merged committee's 2025-2030 term.
TERMS: tuple[Term, ...] = (
    Term("2020-2025", "Nhiệm kỳ 2020 - 2025", date(2020, 7, 1), date(2025, 6, 30)),
    Term("2025-2030", "Nhiệm kỳ 2025 - 2030", date(2025, 7, 1), date(2030, 6, 30)),
)
TERM_BY_ID = {t.id: t for t in TERMS}
PREVIOUS_TERM, CURRENT_TERM = TERMS      # the term the congress reviewed, and the one its targets are for

# Annual rating scale (đánh giá, xếp loại), best first.
RATINGS = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)

# Discipline forms allowed by the Party Charter, by subject.
DISCIPLINE_FORMS = {
    "chinh_thuc": ("Khiển trách", "Cảnh cáo", "Cách chức", "Khai trừ"),
    "du_bi": ("Khiển trách", "Cảnh cáo"),
    "to_chuc": ("Khiển trách", "Cảnh cáo", "Giải tán"),
}

# Code lists of member records and cases: the values the templates offer and the checks accept (the
# demo generator draws from the same lists). Values found in a snapshot are accepted too.
ETHNICITIES = ("Kinh", "Khmer", "Hoa", "Khác")
RELIGIONS = ("Không", "Phật giáo", "Phật giáo Nam tông Khmer", "Công giáo", "Cao Đài", "Phật giáo Hòa Hảo", "Tin Lành")
EDUCATION = ("Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ")
THEORY_LEVELS = ("Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân")
VIOLATIONS = ("Đạo đức, lối sống", "Buông lỏng quản lý", "Vi phạm quy định về dân số", "Chiếm dụng tiền",
              "Vi phạm quy định của Đảng và pháp luật Nhà nước")
DECIDING_BODIES = ("Chi bộ", "Đảng ủy cơ sở", "Ủy ban Kiểm tra Đảng ủy cấp trên", "Ban Thường vụ Đảng ủy cấp trên")
LEAVE_REASONS = ("Chuyển sinh hoạt đảng đi nơi khác", "Từ trần", "Xin ra khỏi Đảng",
                 "Nghỉ hưu, chuyển sinh hoạt về nơi cư trú", "Khai trừ")
# Letters: handling as in the report's footnote 3, and the group of section I.2.5 it belongs to.
LETTER_HANDLING = {"Xem xét giải quyết": "Xem xét, xử lý",
                   "Chuyển cấp ủy cơ sở xem xét giải quyết": "Xem xét, xử lý",
                   "Chuyển cơ quan có thẩm quyền xem xét giải quyết": "Chuyển cơ quan có thẩm quyền"}
LETTER_OUTCOMES = ("Kỷ luật", "Kiểm điểm rút kinh nghiệm")
# The admission pipeline: open stages in order, then the two ends.
CANDIDATE_OPEN_STAGES = ("Quần chúng ưu tú", "Đã học lớp nhận thức về Đảng", "Đang thẩm tra lý lịch",
                         "Chờ quyết định kết nạp")
STAGE_ADMITTED = "Đã kết nạp"
STAGE_DROPPED = "Dừng xem xét"
CANDIDATE_STAGES = (*CANDIDATE_OPEN_STAGES, STAGE_ADMITTED, STAGE_DROPPED)
# Inspections and supervisions of grassroots organisations (target 7): who, and which kind.
INSPECTION_BODIES = ("Đảng ủy", "Ủy ban Kiểm tra")
INSPECTION_KINDS = ("Kiểm tra", "Giám sát chuyên đề")
