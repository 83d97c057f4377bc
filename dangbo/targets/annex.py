"""The 2020-2025 annexes: the one assessment scale, how the documents' words map onto it, and the
assessment each row's published figures support, recomputed beside the published one."""
from __future__ import annotations

import pandas as pd

from ..vocab import CHUA_DAT, NO_DATA, VUOT
from .rules import finished_status

# "Gần đạt" has no official threshold: a documented setting (docs/targets.md). A result short of a
# percentage target by at most NEAR_MISS_POINTS points, or of a count by at most NEAR_MISS_SHARE of
# it, is "Gần đạt" when a finished 2020-2025 result is recomputed.
NEAR_MISS_POINTS = 5.0
NEAR_MISS_SHARE = 0.05

# How a published assessment is set beside a recomputed one, in the words the results page and its PDF show.
RULES = (
    "Mỗi “Đánh giá” công bố được quy về một thang: Vượt, Đạt, Gần đạt, Chưa đạt (“Đạt và vượt”, “Vượt so với "
    "Nghị quyết” tính là Vượt); nguyên văn công bố luôn được giữ.",
    "Bên cạnh là đánh giá tính lại từ số liệu công bố, từng phần theo quy tắc đánh giá chỉ tiêu; kết quả ghi "
    "“Trên x%” là cận dưới, nên là Vượt khi x không thấp hơn ngưỡng.",
    f"Gần đạt (không có ngưỡng chính thức, là một quy ước): thiếu không quá {NEAR_MISS_POINTS:g} điểm phần trăm "
    f"với chỉ tiêu tỷ lệ, hoặc không quá {NEAR_MISS_SHARE * 100:g}% chỉ tiêu với chỉ tiêu số lượng.",
    "Phần định tính là Đạt khi kết quả nói đã thực hiện; dòng không có kết quả không tính lại; dòng nhiều phần "
    "lấy phần kém nhất. Dòng có đánh giá công bố khác kết quả tính lại, tỷ lệ công bố trên 100% hoặc kết quả đo "
    "chỉ số khác chỉ tiêu được đánh dấu ⚠; số liệu công bố không bị sửa.",
)

# The normalised scale for a finished period, best first. Progress words during a term
# ("Đạt tiến độ", "Có nguy cơ") belong to dangbo.targets.rules.
SCALE = ("Vượt", "Đạt", "Gần đạt", "Chưa đạt")


def recompute_part(value: float | None, qualifier: str | None, comparator: str, threshold: float | None,
                   qualitative_met: bool | None, unit: str | None) -> str | None:
    """The assessment a part's published figures support, on the scale Vượt/Đạt/Gần đạt/Chưa đạt;
    None when the figures do not allow one (no result)."""
    status = finished_status(value, comparator, threshold, qualitative_met=qualitative_met)
    if status == NO_DATA:
        return None
    # "Trên x" is a lower bound: the true value is above x.
    if qualifier == "trên" and comparator in (">=", ">") and value >= threshold:
        return VUOT
    if status != CHUA_DAT:
        return status            # Vượt or Đạt: the finished-period statuses are the scale's words
    gap = abs(value - threshold)
    near = gap <= NEAR_MISS_POINTS if unit == "%" else gap <= NEAR_MISS_SHARE * threshold
    return "Gần đạt" if near else "Chưa đạt"


SCALE_RANK = {word: rank for rank, word in enumerate(reversed(SCALE))}


def recompute_annex(annex: pd.DataFrame) -> pd.DataFrame:
    """Beside each annex row's published assessment, the one recomputed from its figures, and why
    they may differ. One row per published row (item)."""
    rows = []
    for item_id, g in annex.groupby("item_id", sort=False):
        parts = []
        for r in g.itertuples():
            parts.append(recompute_part(None if pd.isna(r.value) else r.value, r.value_qualifier
                                        if isinstance(r.value_qualifier, str) else None, r.comparator,
                                        None if pd.isna(r.threshold) else r.threshold,
                                        None if pd.isna(r.qualitative_met) else bool(r.qualitative_met),
                                        r.unit if isinstance(r.unit, str) else None))
        known = [p for p in parts if p is not None]
        recomputed = min(known, key=SCALE_RANK.get) if len(known) == len(parts) and known else None
        first = g.iloc[0]
        flags = sorted({f for fl in g["flags"].fillna("") for f in fl.split(",") if f})
        published = first.assessment_norm if isinstance(first.assessment_norm, str) else None
        notes = []
        if "share_over_100" in flags:
            notes.append("Tỷ lệ công bố trên 100% là không thể có")
        if "measure_mismatch" in flags:
            notes.append("Kết quả đo chỉ số khác với chỉ tiêu")
        if "no_result" in flags:
            notes.append("Không có kết quả tương ứng")
        if recomputed is None and published is not None:
            notes.append("Không tính lại được từ số liệu công bố")
        differs = recomputed is not None and published is not None and recomputed != published
        if differs:
            notes.append(f"Đánh giá công bố “{published}” khác với kết quả tính lại “{recomputed}”")
        rows.append({"owner": first.owner, "item_id": item_id, "stt": first.stt, "wording": first.wording,
                     "result_text": first.result_text, "assessment_published": first.assessment_published,
                     "assessment_norm": published, "recomputed": recomputed, "differs": differs,
                     "flagged": differs or bool({"share_over_100", "measure_mismatch"} & set(flags)),
                     "notes": "; ".join(notes), "source": first.source})
    return pd.DataFrame(rows)
