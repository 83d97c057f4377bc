"""One vocabulary: the words, marks and colours of statuses, flags, thresholds and values, and the
Vietnamese label of every column a page, an export or an official document shows. Pages, exports
and documents take their words from here, so they cannot drift apart."""
from __future__ import annotations

import unicodedata

from . import config, fmt

CURRENT_TERM_WORDS = config.CURRENT_TERM.label          # "Nhiệm kỳ 2025 - 2030"

# Statuses of a target, worst first (a composite target takes the worst of its parts that have data).
CHUA_DAT, CHUA_DAT_TIEN_DO, DAT_TIEN_DO, DAT, VUOT, NO_DATA = (
    "Chưa đạt", "Chưa đạt tiến độ", "Đạt tiến độ", "Đạt", "Vượt", "Chưa có số liệu")
STATUSES = (VUOT, DAT, DAT_TIEN_DO, CHUA_DAT_TIEN_DO, CHUA_DAT, NO_DATA)      # the order of a summary
RANK = {CHUA_DAT: 0, CHUA_DAT_TIEN_DO: 1, DAT_TIEN_DO: 2, DAT: 3, VUOT: 4}
# For an annual target in a year still running, "Có nguy cơ" is the words for "behind pace".
AT_RISK_WORDS = "Có nguy cơ"
# A status in a summary line, where "behind pace" covers both meanings.
STATUS_SHORT = {VUOT: "Vượt", DAT: "Đạt", DAT_TIEN_DO: "Đạt tiến độ",
                CHUA_DAT_TIEN_DO: "Có nguy cơ / chưa đạt tiến độ", CHUA_DAT: "Chưa đạt", NO_DATA: "Chưa có số liệu"}
# Traffic lights as Streamlit markdown colours (no emoji: not every machine has a colour emoji font).
LIGHT = {VUOT: ":green[●]", DAT: ":green[●]", DAT_TIEN_DO: ":orange[●]", CHUA_DAT_TIEN_DO: ":orange[▲]",
         CHUA_DAT: ":red[●]", NO_DATA: ":gray[○]"}
COLORS = {VUOT: "#1B5E20", DAT: "#43A047", DAT_TIEN_DO: "#F9A825", CHUA_DAT_TIEN_DO: "#EF6C00",
          CHUA_DAT: "#C62828", NO_DATA: "#9E9E9E"}

# Flags on published 2020-2025 figures (data/sources/indicators.yaml), in words.
FLAG_WORDS = {"share_over_100": "tỷ lệ công bố trên 100%", "measure_mismatch": "kết quả đo chỉ số khác chỉ tiêu",
              "no_result": "không có kết quả tương ứng", "rounded_pct": "tỷ lệ đạt đã làm tròn"}

# Where a 2025-2030 value comes from.
ORIGIN_RECORDS, ORIGIN_REPORTED_DEMO, ORIGIN_REPORTED = "tính từ hồ sơ (demo)", "báo cáo (demo)", "báo cáo"

_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def _unit(unit: str | None) -> str:
    return "%" if unit == "%" else f" {unit}" if unit else ""


def threshold_words(comparator: str, threshold: float | None, unit: str | None, rating: str | None = None) -> str:
    """A threshold as the tables write it: "≥ 98%", "≥ 30 đảng viên", "định tính"."""
    if comparator == "qualitative":
        return "định tính"
    if comparator == "rating_at_least":
        return f"“{rating}” trở lên"
    return f"{_SIGNS[comparator]} {fmt.smart(threshold)}{_unit(unit)}".rstrip()


def value_words(value: float | None, unit: str | None, *, text: str | None = None, qualifier: str | None = None,
                qualitative_met: bool | None = None) -> str:
    """A result as the tables write it: "98,21%", "Trên 100%", "346 đảng viên", "đã thực hiện"."""
    if text:
        return text
    if qualitative_met is not None:
        return "đã thực hiện" if qualitative_met else "chưa thực hiện"
    if fmt.missing(value):
        return "chưa có số liệu"
    return ("Trên " if qualifier == "trên" else "") + fmt.smart(value) + _unit(unit)


# Column codes the queries return -> the words a page, an export or a document shows.
LABELS = {
    "marker": "Thứ tự", "title": "Nội dung chính", "text": "Toàn văn", "item_id": "Mã",
    "unit_name": "Đơn vị", "on_date": "Ngày", "members": "Đảng viên", "probationary": "Dự bị",
    "name": "Tổ chức cơ sở đảng", "category": "Nhóm", "year": "Năm", "admissions": "Kết nạp", "women": "Nữ",
    "ethnic_minority": "Dân tộc thiểu số", "religious": "Có tôn giáo", "youth_union": "Đoàn viên",
    "measure": "Chỉ số", "stage": "Giai đoạn", "candidates": "Số người", "rating": "Xếp loại",
    "share_pct": "Tỷ lệ (%)", "form": "Hình thức", "cases": "Đảng viên bị kỷ luật", "violation": "Nội dung vi phạm",
    "member_status": "Đảng viên lúc kỷ luật", "members_at_end": "Đảng viên cuối kỳ", "per_1000": "Trên 1.000 đảng viên", "kind": "Loại đơn",
    "handling": "Cách xử lý", "handling_group": "Nhóm xử lý", "outcome": "Kết quả", "letters": "Số đơn",
    "anonymity": "Nặc danh/mạo danh", "this_period": "Kỳ này", "last_year": "Cùng kỳ năm trước",
    "change_pct": "%", "source": "Nguồn", "value": "Số liệu", "value_text": "Nguyên văn", "qualifier": "Ghi chú",
    "stt": "STT", "unit_label": "Đảng bộ", "model": "Tên mô hình / Cách làm tiêu biểu",
    "result_text": "Kết quả, tác động", "cumulative": "Lũy kế", "target": "Chỉ tiêu",
    "projection": "Dự báo cuối nhiệm kỳ", "value_pct": "Giá trị (%)", "status": "Trạng thái",
    "part": "Phần", "content": "Nội dung", "threshold": "Ngưỡng", "explanation": "Diễn giải",
    "data_source": "Nguồn số liệu", "drill_unit": "Đơn vị", "period": "Kỳ",
    "wording": "Nhóm chỉ tiêu chủ yếu", "annex_result": "Kết quả thực hiện", "assessment_published": "Đánh giá (công bố)", "assessment_norm": "Quy đổi",
    "recomputed": "Tính lại từ số liệu", "notes": "Lưu ý", "indicator_id": "Chỉ tiêu", "result": "Kết quả",
    "target_name": "Chỉ tiêu", "series": "Loại", "pct": "Tỷ lệ (%)", "achieved_pct": "Tỷ lệ đạt (%)",
    "threshold_count": "Chỉ tiêu (số)", "value_count": "Kết quả (số)", "published_pct": "Tỷ lệ công bố (%)",
    "indicator": "Chỉ số", "amount": "Số lượng", "unit_of_measure": "Đơn vị tính",
    "case_id": "Mã vụ", "decided_on": "Ngày quyết định", "grassroots_id": "Mã tổ chức cơ sở đảng",
    "member_id": "Mã đảng viên (demo)", "deciding_body": "Cấp quyết định", "letter_id": "Mã đơn",
    "received_on": "Ngày nhận",
    "parent_title": "Thuộc", "lead_name": "Đơn vị chủ trì", "support_ids": "Đơn vị phối hợp",
    "starts_on": "Bắt đầu", "due_on": "Thời hạn", "recurrence": "Định kỳ", "product": "Sản phẩm",
    "percent": "Tiến độ (%)", "expected_pct": "Theo thời gian (%)", "next_due": "Hạn gần nhất",
    "reported_on": "Báo cáo gần nhất", "late": "Kỳ quá hạn", "quota": "Chỉ tiêu giao", "proposed": "Đề xuất theo quy tắc",
    "reason": "Lý do điều chỉnh", "due_so_far": "Phải đạt đến nay", "items": "Công việc chủ trì",
    "on_time": "Đúng hạn, đúng tiến độ", "slow": "Chậm", "last_report": "Báo cáo gần nhất",
    "quotas_met": "Chỉ tiêu giao đạt", "quotas": "Chỉ tiêu giao có số liệu", "note": "Ghi chú", "doc_ref": "Văn bản",
    "evidence_name": "Tệp minh chứng", "username": "Người báo cáo", "assigned": "Tổng giao", "difference": "Chênh lệch",
    "report_on": "Ngày báo cáo", "days_over": "Số ngày quá hạn", "days_left": "Còn (ngày)",
    "waited_days": "Đã chờ (ngày)", "class_completed_on": "Học xong lớp", "candidate_id": "Mã quần chúng (demo)",
    "cell_id": "Chi bộ", "admitted_on": "Ngày kết nạp", "unit_kind": "Cấp", "as_of": "Số liệu đến ngày",
    "age_days": "Cách đây (ngày)", "score": "Điểm", "with_problem": "Hồ sơ có vấn đề", "missing": "Thiếu trường",
    "failing": "Sai quy tắc", "duplicate": "Có thể trùng", "overdue": "Dự bị quá 12 tháng",
    "unrated": "Chưa xếp loại năm trước", "problem": "Vấn đề", "stage_on": "Ngày đến giai đoạn", "at_text": "Lúc ghi", "item": "Công việc", "org_name": "Tổ chức cơ sở đảng",
    "cell_name": "Chi bộ", "grassroots_name": "Tổ chức cơ sở đảng", "discipline_cases": "Kỷ luật trong kỳ",
    "rating_year": "Năm xếp loại", "cell_rating": "Xếp loại chi bộ", "members_rated": "Đảng viên được xếp loại",
    "gender": "Giới tính", "birth_year": "Năm sinh", "official_on": "Ngày chính thức", "standing": "Đảng viên",
    "admitted_year": "Năm kết nạp",
}


def label(code: str) -> str:
    """The words for a column code (a code without words is shown as it is)."""
    return LABELS.get(code, code)


# ---------------------------------------------------------------- the documents' assessment words

def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower().rstrip(".")
    return " ".join(text.split())


def normalize_assessment(published: str | None) -> str | None:
    """Map a published "Đánh giá" to the scale; None where nothing was published.

    "Đạt và vượt chỉ tiêu" counts as Vượt: the target was met and exceeded. The original words are
    always kept beside the normalised one.
    """
    if published is None or not published.strip():
        return None
    t = _fold(published)
    if t.startswith("gần đạt"):
        return "Gần đạt"
    if t.startswith("chưa đạt") or t.startswith("không đạt"):
        return "Chưa đạt"
    if t.startswith("vượt") or t.startswith("đạt và vượt"):
        return "Vượt"
    if t.startswith("đạt"):
        return "Đạt"
    raise ValueError(f"Không nhận ra cách đánh giá: {published!r}")


# ---------------------------------------------------------------- codes the queries return, in words

STRUCTURE_DIMENSIONS = {"age": "Độ tuổi", "gender": "Giới tính", "ethnicity": "Dân tộc", "religion": "Tôn giáo",
                        "education": "Trình độ chuyên môn", "theory": "Lý luận chính trị", "membership": "Đảng viên"}
PIPELINE_MEASURES = {"stock": "Đang trong diện xem xét", "flow": "Trong kỳ"}
PIPELINE_STAGES = {"candidate": "Quần chúng ưu tú", "class_done": "Đã học lớp nhận thức về Đảng",
                   "identified": "Được giới thiệu (quần chúng ưu tú)", "class_completed": "Hoàn thành lớp nhận thức về Đảng",
                   "admitted": "Được kết nạp", "stopped": "Dừng xem xét"}
COMPARISON_MEASURES = {"admissions": "Kết nạp đảng viên", "members_at_end": "Đảng viên cuối kỳ",
                       "disciplined": "Đảng viên bị kỷ luật", "letters": "Đơn thư tiếp nhận"}

RESOLUTION_KINDS = {"nhiem_vu": "Nhiệm vụ trọng tâm", "dot_pha": "Các khâu đột phá", "giai_phap": "Các giải pháp chủ yếu"}
HDND_RESOLUTION_KINDS = {"dot_pha": "Nhiệm vụ đột phá", "giai_phap": "Nhiệm vụ, giải pháp chủ yếu"}

# How the 2025-2030 targets are judged, in the words the targets page and its PDF show (docs/targets.md
# is the same in English, with the measures' sources).
TARGET_RULES = (
    "Kỳ đã kết thúc, chỉ tiêu “ít nhất/từ … trở lên” (≥ ngưỡng): dưới ngưỡng là Chưa đạt, đúng ngưỡng là Đạt, "
    "trên ngưỡng là Vượt; chỉ tiêu “trên” (> ngưỡng): đúng ngưỡng vẫn là Chưa đạt; chỉ tiêu “không quá” "
    "(≤ ngưỡng): vượt ngưỡng là Chưa đạt, đúng ngưỡng là Đạt, thấp hơn là Vượt. Chỉ tiêu 100% đạt 100% là Đạt.",
    "Chỉ tiêu xếp loại: cùng mức xếp loại là Đạt, mức cao hơn là Vượt, thấp hơn là Chưa đạt. Chỉ tiêu định tính: "
    "Đạt khi báo cáo đã thực hiện, Chưa đạt khi báo cáo chưa thực hiện. Không có giá trị: Chưa có số liệu.",
    "Năm đang diễn ra: xếp loại chỉ có sau khi năm kết thúc; chỉ tiêu kiểm tra, giám sát (7) so với phần năm "
    "đã qua: đã đạt là Đạt, từ ngưỡng × phần năm đã qua trở lên là Đạt tiến độ, thấp hơn là Có nguy cơ.",
    "Chỉ tiêu cả nhiệm kỳ (kết nạp ≥ 30; HĐND ≥ 02): lũy kế từ 01/7/2025 so với đường tiến độ "
    "ngưỡng × thời gian đã qua / cả nhiệm kỳ; dự báo đến 30/6/2030 theo nhịp hiện tại; số còn cần mỗi năm = "
    "(ngưỡng − lũy kế) / số năm còn lại. Đã đạt là Đạt (Vượt chỉ khi hết nhiệm kỳ), từ đường tiến độ trở lên "
    "là Đạt tiến độ, dưới là Chưa đạt tiến độ.",
    "Trạng thái một chỉ tiêu: phần chỉ tiêu hằng năm lấy trạng thái của năm gần nhất có trạng thái; chỉ tiêu "
    "nhiều phần lấy trạng thái kém nhất trong các phần có số liệu (Chưa đạt < Chưa đạt tiến độ < Đạt tiến độ < "
    "Đạt < Vượt) và nói rõ phần chưa có số liệu.",
    "Giá trị “tính từ hồ sơ” tính từ hồ sơ đảng viên, xếp loại, kỷ luật, kiểm tra trong phạm vi đang xem; giá trị "
    "“báo cáo” là số liệu các đơn vị báo cáo qua trang Nhập dữ liệu.",
)


# ---------------------------------------------------------------- the action programme (dangbo.programme)

PROGRAMME_STATUS = {"qua_han": "Quá hạn", "cham": "Chậm", "dung_tien_do": "Đúng tiến độ",
                    "chua_den_han": "Chưa đến hạn", "hoan_thanh_tre_han": "Hoàn thành trễ hạn",
                    "hoan_thanh_dung_han": "Hoàn thành đúng hạn"}
PROGRAMME_COLORS = {"qua_han": "#C62828", "cham": "#EF6C00", "dung_tien_do": "#F9A825", "chua_den_han": "#90A4AE",
                    "hoan_thanh_tre_han": "#7CB342", "hoan_thanh_dung_han": "#1B5E20"}
PROGRAMME_LIGHT = {"qua_han": ":red[●]", "cham": ":orange[▲]", "dung_tien_do": ":orange[●]",
                   "chua_den_han": ":gray[○]", "hoan_thanh_tre_han": ":green[●]", "hoan_thanh_dung_han": ":green[●]"}
QUOTA_STATUS = {"cham": "Chậm so với chỉ tiêu giao", "chua_dat": "Chưa đạt", "dung_tien_do": "Đúng tiến độ",
                "dat": "Đạt", "chua_co_so_lieu": "Chưa có số liệu"}
PARENT_KINDS = {"nhiem_vu": "Nhiệm vụ trọng tâm", "dot_pha": "Khâu đột phá", "giai_phap": "Giải pháp",
                "chi_tieu": "Chỉ tiêu"}
RECURRENCE = {"once": "Một lần", "quarterly": "Hằng quý", "yearly": "Hằng năm"}

# How programme items and quotas are judged, as the page and its PDF show it (docs/programme.md says the
# same in English with the reasons).
PROGRAMME_RULES = (
    "Mỗi công việc làm một lần (từ ngày bắt đầu đến thời hạn) hoặc định kỳ hằng quý, hằng năm đến thời hạn cuối; "
    "mỗi quý, mỗi năm là một kỳ có hạn riêng (ngày cuối kỳ) và báo cáo riêng.",
    "Trạng thái một kỳ vào một ngày, theo báo cáo gần nhất đến ngày đó: báo cáo 100% trước hoặc đúng hạn là "
    "Hoàn thành đúng hạn, sau hạn là Hoàn thành trễ hạn; chưa xong mà đã qua hạn là Quá hạn; chưa đến ngày bắt "
    "đầu là Chưa đến hạn; đang thực hiện mà tiến độ báo cáo thấp hơn phần thời gian đã qua quá 25 điểm phần trăm, "
    "hoặc quá 30 ngày không báo cáo, là Chậm; còn lại là Đúng tiến độ.",
    "Trạng thái của công việc: Quá hạn nếu có kỳ quá hạn; nếu không, trạng thái của kỳ đang diễn ra (hoặc kỳ sắp "
    "tới, hoặc kỳ cuối). Báo cáo hoàn thành (100%) cần minh chứng: tệp hoặc số, ngày văn bản.",
    "Chỉ tiêu giao: chỉ tiêu kết nạp đảng viên (5) chia cho các tổ chức cơ sở đảng theo số đảng viên ngày "
    "30/6/2025, làm tròn theo phần dư lớn nhất để tổng đúng bằng chỉ tiêu, không thấp hơn chỉ tiêu riêng của "
    "tổ chức (Đảng bộ HĐND: 02); rồi chia theo năm theo số ngày của nhiệm kỳ trong năm. Chỉ tiêu tỷ lệ (3a, 3c): "
    "mỗi tổ chức, mỗi năm bằng ngưỡng của Đảng bộ. Văn phòng điều chỉnh có lý do; tổng lệch chỉ tiêu thì trang "
    "nói rõ lệch bao nhiêu.",
    "Kết quả so với chỉ tiêu giao: kết nạp lũy kế từ 01/7/2025 so với phần chỉ tiêu đến nay (các năm đã qua và "
    "phần đã qua của năm nay, làm tròn xuống): đạt cả nhiệm kỳ là Đạt, từ mức đó trở lên là Đúng tiến độ, thấp "
    "hơn là Chậm; chỉ tiêu tỷ lệ so năm gần nhất có số liệu: Đạt hoặc Chưa đạt.",
)


# ---------------------------------------------------------------- the office's due lists and data health (dangbo.office)

DUE_LISTS = {"du_bi_qua_han": "Dự bị đã hết 12 tháng, chưa xét chính thức",
             "du_bi_30": "Dự bị hết 12 tháng trong 30 ngày tới", "du_bi_60": "Dự bị hết 12 tháng trong 31 - 60 ngày",
             "qc_cho": "Quần chúng học xong lớp, chờ xem xét quá hạn",
             "dv_chua_xep_loai": "Đảng viên chưa có xếp loại năm trước",
             "tc_chua_xep_loai": "Chi bộ, tổ chức cơ sở đảng chưa có xếp loại năm trước",
             "tc_so_lieu_cu": "Tổ chức cơ sở đảng lâu chưa cập nhật số liệu"}
DUE_TILES = {"du_bi_qua_han": "Dự bị quá hạn xét", "du_bi_30": "Dự bị đến hạn ≤ 30 ngày",
             "du_bi_60": "Dự bị đến hạn 31 - 60 ngày", "qc_cho": "Quần chúng chờ quá lâu",
             "dv_chua_xep_loai": "Đảng viên chưa xếp loại", "tc_chua_xep_loai": "Tổ chức chưa xếp loại",
             "tc_so_lieu_cu": "Tổ chức số liệu cũ"}
UNIT_KINDS = {"cell": "Chi bộ", "grassroots": "Tổ chức cơ sở đảng", "member": "Đảng viên"}
PROBLEM_WORDS = {"missing": "Thiếu trường biểu thống kê cần", "failing": "Sai quy tắc giữa các trường",
                 "duplicate": "Có thể trùng (cùng chi bộ, năm sinh, giới tính, ngày kết nạp)",
                 "overdue": "Dự bị quá 12 tháng chưa xét chính thức", "unrated": "Chưa có xếp loại năm trước"}
OFFICE_RULES = (
    "Đảng viên dự bị: thời gian dự bị 12 tháng tính từ ngày kết nạp (Điều lệ Đảng); hết 12 tháng vào ngày tương "
    "ứng của tháng thứ 12. Ngày sau ngày đó mà hồ sơ chưa có ngày chính thức (và không ra khỏi Đảng bộ) là quá "
    "hạn; đến hạn trong 30 ngày, trong 31 - 60 ngày tính từ hôm nay.",
    "Quần chúng: đã học xong lớp nhận thức về Đảng, chưa được kết nạp hay dừng xem xét, quá số tháng quy định "
    "(mặc định 6, DANGBO_CLASS_WAIT_MONTHS) kể từ ngày học xong lớp.",
    "Xếp loại: năm phải có xếp loại là năm trước năm nay; đảng viên có mặt ngày 31/12 năm đó, chi bộ, và tổ chức "
    "cơ sở đảng (từ năm 2025) chưa có xếp loại là thiếu.",
    "Số liệu cũ: tổ chức cơ sở đảng có ngày số liệu cách hôm nay quá số ngày quy định (mặc định 90, "
    "DANGBO_OLD_DATA_DAYS).",
    "Điểm chất lượng dữ liệu của một tổ chức: 100 × tỷ lệ đảng viên có hồ sơ không vấn đề nào (đủ các trường biểu "
    "thống kê cần, đúng quy tắc giữa các trường, không có hồ sơ khác cùng chi bộ, năm sinh, giới tính và ngày kết "
    "nạp, không dự bị quá 12 tháng, có xếp loại năm trước), trừ 10 điểm khi số liệu cũ quá số ngày quy định.",
    "Mã đảng viên, quần chúng chỉ hiện với Lãnh đạo, Ủy ban Kiểm tra và tài khoản tổ chức cơ sở đảng (hồ sơ của "
    "chính tổ chức mình); các vai trò khác thấy số lượng và mã được che.",
)
