"""Official annex documents (.docx and .pdf, written by dangbo.outputs.document) in the layout of
the report's annexes:

    ĐẢNG BỘ THÀNH PHỐ CẦN THƠ            ĐẢNG CỘNG SẢN VIỆT NAM
    ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG          Cần Thơ, ngày .. tháng .. năm ....
              *
                        PHỤ LỤC n
                 TITLE (bold, upper case)
                      (subtitle)
                         -----
    STT | Nhóm chỉ tiêu chủ yếu | Kết quả thực hiện | Đánh giá

The .docx uses real Word tables and paragraph styles (no text boxes), so it stays official-looking
when edited in Word. Both carry the active filters and the as-of date under the title.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .. import fmt
from ..targets import rules as targets
from . import document as _document

COLUMNS = ("STT", "Nhóm chỉ tiêu chủ yếu", "Kết quả thực hiện", "Đánh giá")


@dataclass(frozen=True)
class AnnexDoc:
    label: str                 # "PHỤ LỤC 1" or "BIỂU THEO DÕI"
    title: str                 # upper-case title; "\n" where the printed title breaks
    subtitle: str              # "(Kế thừa từ các Đảng bộ tiền thân)"
    rows: tuple[tuple[str, ...], ...]
    filters: str
    as_of: date                # the day the figures are counted to (the newest of the organisations')
    oldest: date | None = None     # the oldest of the organisations' dates, when it is earlier
    columns: tuple[str, ...] | None = None      # the table's headers, widths and alignment (default: an annex's)
    widths: tuple[float, ...] | None = None
    align: tuple[str, ...] | None = None

    @property
    def stamp(self) -> str:
        return f"Bộ lọc: {self.filters}. {fmt.freshness(self.oldest or self.as_of, newest=self.as_of)}."


def annex_2020_2025(label: str, recomputed: pd.DataFrame, filters: str, as_of: date,
                    oldest: date | None = None) -> AnnexDoc:
    """One 2020-2025 annex: the published rows; where our recomputation differs, the cell says so."""
    rows = []
    for r in recomputed.itertuples():
        judged = r.assessment_published if isinstance(r.assessment_published, str) else ""
        if r.flagged and r.notes:
            judged = (judged + f" (Ghi chú: {r.notes})").strip()
        rows.append((str(r.stt), r.wording, r.result_text, judged))
    return AnnexDoc(label, "KẾT QUẢ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT\nNHIỆM KỲ 2020 - 2025",
                    "(Kế thừa từ các Đảng bộ tiền thân)", tuple(rows), filters, as_of, oldest)


def tracking_2025_2030(results: list[targets.TargetResult], filters: str, as_of: date, *, oldest: date | None = None,
                       scope_label: str = "Đảng bộ các cơ quan Đảng thành phố") -> AnnexDoc:
    rows = []
    for t in results:
        result = "\n".join(p.sentence for p in t.parts)
        if any(p.is_demo for p in t.parts):
            result += " (số liệu mẫu - demo)"
        rows.append((t.stt, t.wording, result, t.status_words))
    return AnnexDoc("BIỂU THEO DÕI", "TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT\nNHIỆM KỲ 2025 - 2030",
                    f"({scope_label})", tuple(rows), filters, as_of, oldest)


# ------------------------------------------------------------------ Word and PDF (dangbo.outputs.document)

WIDTHS_CM = (1.2, 6.4, 6.4, 2.5)          # STT narrow, the two texts wide, the assessment short
ALIGN = ("center", "left", "left", "center")     # justified text in a 6 cm column stretches


def document(doc: AnnexDoc) -> _document.Document:
    table = _document.Table(doc.columns or COLUMNS, doc.rows, doc.widths or WIDTHS_CM, doc.align or ALIGN)
    return _document.Document(doc.label, doc.title, doc.subtitle, doc.as_of, doc.stamp,
                              [_document.Block("table", table=table)])


def docx(doc: AnnexDoc) -> bytes:
    return _document.docx(document(doc))


def pdf(doc: AnnexDoc) -> bytes:
    return _document.pdf(document(doc))
