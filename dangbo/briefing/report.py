"""A briefing as a document in the committee's style (dangbo.outputs.document): .docx and PDF."""
from __future__ import annotations

from .. import config, fmt
from ..outputs import document, export, figures, views
from .content import Briefing

TITLE = "TÌNH HÌNH ĐẢNG VIÊN, KỶ LUẬT, ĐƠN THƯ VÀ TIẾN ĐỘ\nTHỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT NHIỆM KỲ 2025 - 2030"


def _charts(b: Briefing, with_charts: bool):
    """PNG of each target part's chart (the targets page's), or nothing."""
    if not with_charts:
        return {}
    out = {}
    for t in b.targets:
        for p in t.parts:
            chart = views.target_part_chart(p)
            if chart:
                title, fig, _ = chart
                figures.mark_events(fig, b.events, "year")
                out[p.indicator_id] = export.image(fig, export.Stamp(title, b.description, b.as_of.isoformat(),
                                                                     p.is_demo or p.computed))
    return out


def document_of(b: Briefing, *, with_charts: bool = True) -> document.Document:
    blocks = [document.Block("heading", "I. NHỮNG VẤN ĐỀ CẦN LƯU Ý")]
    blocks += [document.Block("bullet", a) for a in b.alerts] or [
        document.Block("para", "Không có chỉ tiêu nào chưa đạt hoặc chưa đạt tiến độ.")]
    if b.due_line:
        blocks.append(document.Block("bullet", b.due_line))
    blocks.append(document.Block("para", "Chương trình hành động và chỉ tiêu giao:"))
    blocks += [document.Block("bullet", a) for a in b.programme_alerts] or [
        document.Block("bullet", "Không có công việc quá hạn, không có tổ chức cơ sở đảng chậm so với chỉ tiêu giao.")]
    if b.previous_at:
        blocks.append(document.Block("para", f"So với lần báo cáo trước ({fmt.day(b.previous_at)}):"))
        blocks += [document.Block("bullet", c) for c in b.changes] or [
            document.Block("bullet", "Không có chỉ tiêu hay công việc nào thay đổi trạng thái.")]
    else:
        blocks.append(document.Block("note", "Chưa có báo cáo nhanh trước cho phạm vi này để so sánh."))
    blocks.append(document.Block("heading", "II. TÌNH HÌNH CHUNG"))
    blocks += [document.Block("para", s) for s in b.sentences]
    if b.events:
        blocks.append(document.Block("para", "Sự kiện trong kỳ (đánh dấu trên các biểu đồ theo thời gian):"))
        blocks += [document.Block("bullet", f"{fmt.day(e.on_date)}: {e.text}") for e in b.events]
    rows = tuple((h.label, fmt.number(h.now), fmt.number(h.last_year),
                  "" if h.previous is None else fmt.number(h.previous)) for h in b.headlines)
    blocks.append(document.Block("table", table=document.Table(
        ("Chỉ số", "Kỳ này", "Cùng kỳ năm trước", "Lần báo cáo trước"), rows, (7.0, 2.8, 3.4, 3.3),
        ("left", "center", "center", "center"))))
    blocks.append(document.Block("heading", "III. TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU"))
    charts = _charts(b, with_charts)
    for t in b.targets:
        owner = "Đảng bộ Hội đồng nhân dân thành phố - " if t.owner == config.HDND else ""
        blocks.append(document.Block("para", f"{owner}Chỉ tiêu ({t.stt}): {t.wording} Đánh giá: {t.status_words}."))
        for p in t.parts:
            blocks.append(document.Block("bullet", f"{p.status_words}: {p.sentence}{p.history_words}"))
            if p.indicator_id in charts:
                blocks.append(document.Block("image", image=charts[p.indicator_id], width_cm=11.0))
    blocks.append(document.Block("heading", "IV. CHẤT LƯỢNG VÀ ĐỘ MỚI CỦA SỐ LIỆU"))
    blocks += [document.Block("bullet", q) for q in b.quality]
    return document.Document("BÁO CÁO NHANH", TITLE, f"(Tính đến ngày {fmt.day(b.as_of)})", b.as_of,
                             f"Phạm vi: {b.description}", blocks)


def files(b: Briefing, *, with_charts: bool = True) -> tuple[bytes, bytes]:
    """The briefing's .docx and PDF."""
    doc = document_of(b, with_charts=with_charts)
    return document.docx(doc), document.pdf(doc)
