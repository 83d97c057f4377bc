"""Briefings and Office files, opened as a person would: every .docx converted by LibreOffice
(headless) and read back from the PDF (pages, Vietnamese text, column positions, fonts); the
scheduled command run twice; e-mail to a real SMTP server on 127.0.0.1 (aiosmtpd)."""
from __future__ import annotations

import email
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from apptest import signed_app
from office import docx_to_pdf, fonts, words
from pypdf import PdfReader

from dangbo import config, fmt, vocab
from dangbo.briefing import outbox
from dangbo.briefing.content import build
from dangbo.briefing.report import files
from dangbo.outputs import export, official
from dangbo.query.runner import Confined
from dangbo.query.scope import Grant, Scope
from dangbo.targets import annex, tracking

AS_OF = date(2026, 11, 20)


def _pdf_text(path: Path) -> str:
    return " ".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _scope(all_orgs, orgs=None, units=config.PREDECESSOR_IDS):
    return Scope(tuple(units), tuple(orgs or all_orgs), config.CURRENT_TERM.starts_on, AS_OF)


@pytest.fixture(scope="module")
def committee(database, all_orgs):
    scope = _scope(all_orgs)
    return scope, build(database.run, scope, AS_OF, database.snapshot, description="Toàn Đảng bộ",
                        subject="toàn Đảng bộ")


def test_briefing_holds_the_pages_figures_and_alerts(committee, database):
    scope, b = committee
    summary = database.run("snapshot_summary", scope.within(date(2026, 1, 1), AS_OF)).iloc[0]
    h = {x.code: x for x in b.headlines}
    assert (h["grassroots"].now, h["partials"].now, h["cells"].now) == (13, 5, 103)
    assert h["members"].now == summary.members and h["admissions"].now == summary.admissions
    targets_page = tracking.evaluate(database.run, scope, AS_OF, database.snapshot.id)
    at_risk = {(t.stt, p.part) for t in targets_page for p in t.parts if p.status in
               (vocab.CHUA_DAT, vocab.CHUA_DAT_TIEN_DO)}
    assert len(b.alerts) == len(at_risk) and all("Chưa đạt" in a or "Có nguy cơ" in a for a in b.alerts)
    text = " ".join(b.sentences)
    assert "Trong nhiệm kỳ, toàn Đảng bộ kết nạp 16 đảng viên, đạt 53% chỉ tiêu nhiệm kỳ (30 đảng viên)" in text
    assert f"có 13 tổ chức cơ sở đảng, 5 đảng bộ bộ phận, 103 chi bộ với {fmt.number(summary.members)} đảng viên" in text


def test_briefing_opens_in_libreoffice(committee, tmp_path):
    _, b = committee
    docx, pdf = files(b)
    converted = docx_to_pdf(docx, tmp_path, "bao-cao")
    text = _pdf_text(converted)
    for words_ in ("BÁO CÁO NHANH", "ĐẢNG CỘNG SẢN VIỆT NAM", "I. NHỮNG VẤN ĐỀ CẦN LƯU Ý", "II. TÌNH HÌNH CHUNG",
                   "III. TIẾN ĐỘ THỰC HIỆN CÁC CHỈ TIÊU", "IV. CHẤT LƯỢNG VÀ ĐỘ MỚI CỦA SỐ LIỆU", "đảng viên"):
        assert words_ in text, words_
    assert 3 <= len(PdfReader(str(converted)).pages) <= 12
    own = tmp_path / "own.pdf"
    own.write_bytes(pdf)
    assert "TÌNH HÌNH ĐẢNG VIÊN" in _pdf_text(own)
    assert fonts(own) and all(embedded for _, embedded in fonts(own))
    assert any("Liberation" in name or "DejaVu" in name for name, _ in fonts(own))


def test_briefing_for_one_grassroots_organisation(database, all_orgs, tmp_path):
    scope = _scope(all_orgs, orgs=("HDND",))
    view = Confined(database, Grant(None, ("HDND",)))
    b = build(view.run, scope, AS_OF, database.snapshot, description="HĐND", subject="Đảng bộ Hội đồng nhân dân")
    assert {x.code: x.now for x in b.headlines}["grassroots"] == 1
    assert any(t.owner == "HDND" for t in b.targets)
    text = _pdf_text(docx_to_pdf(files(b, with_charts=False)[0], tmp_path, "hdnd"))
    assert "Đảng bộ Hội đồng nhân dân thành phố" in text


def _second_column_offset(pdf: Path) -> tuple[float, float]:
    """How far the table's second column starts right of the STT header: the leftmost word below the
    header that is not a row number (the texts are left-aligned or justified in their cells)."""
    ws = words(pdf)
    stt = next(w for w in ws if w["text"] == "STT")
    body = [w for w in ws if w["page"] == stt["page"] and w["y0"] > stt["y0"] + 2 and not w["text"].isdigit()]
    return min(w["x0"] for w in body) - stt["x0"], stt["page_width"]


@pytest.mark.parametrize("which", ["tracking", "hdnd", "PL1", "PL2", "PL3"])
def test_every_official_docx_has_a_narrow_stt_column(database, all_orgs, term1, tmp_path, which):
    results = tracking.evaluate(database.run, _scope(all_orgs), AS_OF, database.snapshot.id)
    if which in ("tracking", "hdnd"):
        items = [t for t in results if t.owner == ("DBCQD" if which == "tracking" else "HDND")]
        doc = official.tracking_2025_2030(items, "Bộ lọc", AS_OF)
    else:
        unit = {"PL1": "CT", "PL2": "ST", "PL3": "HG"}[which]
        rc = annex.recompute_annex(database.run("annex_results", term1))
        doc = official.annex_2020_2025(which, rc[rc.owner == unit], "Bộ lọc", AS_OF)
    converted = docx_to_pdf(official.docx(doc), tmp_path, which)
    offset, page_width = _second_column_offset(converted)
    assert offset < 0.10 * page_width, (offset, page_width)          # STT takes 1,2 of 16,5 cm, not a quarter
    assert doc.rows[0][1].split()[1] in _pdf_text(converted)


def test_csv_writes_integers_as_integers(database, term1):
    houses = database.run("published_figures", term1, topic="houses")
    text = export.csv(houses).decode("utf-8-sig")
    assert "531.0" not in text and "1479.0" not in text and ",531," in text.replace("\n", ",")


# ---------------------------------------------------------------- the scheduled command and e-mail

def _cli(root: Path, out: Path, *args, env=None):
    full = dict(os.environ, DANGBO_DATA_DIR=str(root), PYTHONPATH=str(config.ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "dangbo.briefing", "--out", str(out), *args], env=full,
                          capture_output=True, text=True, cwd=config.ROOT, timeout=300)


def test_scheduled_twice_says_what_changed(data_root, tmp_path):
    out = tmp_path / "outbox"
    first = _cli(data_root, out, "--as-of", "2025-12-31", "--no-charts")     # (7) Vượt then, Có nguy cơ now
    assert first.returncode == 0, first.stderr
    second = _cli(data_root, out, "--as-of", "2026-11-20", "--no-charts")
    assert second.returncode == 0, second.stderr
    entries = outbox.entries(out)
    assert len(entries) == 2 and entries[0].meta["as_of"] == "2026-11-20"
    changes = entries[0].meta["changes"]
    assert changes and all("chuyển sang" in c for c in changes)
    text = _pdf_text(entries[0].pdf)
    assert "So với lần báo cáo trước" in text and changes[0][:30] in text.replace("\n", " ")
    assert entries[0].meta["record"]["headlines"]["members"] > 0


def test_scheduled_bad_input_is_a_message(data_root, tmp_path):
    r = _cli(data_root, tmp_path, "--as-of", "2031-01-01")
    assert r.returncode == 2 and "Ngày --as-of phải trong khoảng" in r.stderr and "Traceback" not in r.stderr
    r = _cli(data_root, tmp_path, "--orgs", "KHONGCO")
    assert r.returncode == 2 and "KHONGCO" in r.stderr


def test_unreachable_smtp_server_is_a_message(data_root, tmp_path):
    from browser import free_port
    r = _cli(data_root, tmp_path / "outbox", "--no-charts", "--mail-to", "a@example.vn",
             env={"DANGBO_SMTP_HOST": "127.0.0.1", "DANGBO_SMTP_PORT": str(free_port())})
    assert r.returncode == 2 and "chưa gửi được thư" in r.stderr and "Traceback" not in r.stderr
    assert len(outbox.entries(tmp_path / "outbox")) == 1                 # the briefing itself is kept


def test_email_reaches_a_real_smtp_server(data_root, tmp_path):
    from aiosmtpd.controller import Controller
    from browser import free_port

    class Inbox:
        messages: list = []

        async def handle_DATA(self, _server, _session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        r = _cli(data_root, tmp_path / "outbox", "--orgs", "HDND", "--no-charts", "--mail-to", "thuongvu@example.vn",
                 env={"DANGBO_SMTP_HOST": "127.0.0.1", "DANGBO_SMTP_PORT": str(controller.port),
                      "DANGBO_SMTP_FROM": "bao-cao@example.vn"})
    finally:
        controller.stop()
    assert r.returncode == 0, r.stderr
    assert len(inbox.messages) == 1 and inbox.messages[0].rcpt_tos == ["thuongvu@example.vn"]
    msg = email.message_from_bytes(inbox.messages[0].content)
    body = next(p for p in msg.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    pdf = next(p for p in msg.walk() if p.get_content_type() == "application/pdf")
    assert "Những vấn đề cần lưu ý" in body and "Chưa đạt" in body
    assert pdf.get_payload(decode=True).startswith(b"%PDF") and pdf.get_filename() == "bao-cao-nhanh.pdf"


# ---------------------------------------------------------------- on the pages

def test_one_click_on_the_overview_and_the_list_by_scope(data_root):
    at = signed_app("lanhdao")
    at.run()
    at.button(key="make-briefing").click()
    at.run(timeout=300)
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "⬇ Báo cáo nhanh (.docx)" in labels and "⬇ Báo cáo nhanh (PDF)" in labels
    at.switch_page("pages/bao_cao_nhanh.py")
    at.run()
    assert not at.exception and not any("Chưa có báo cáo" in m.value for m in at.markdown)
    hdnd = signed_app("hdnd")                   # the committee's briefing is outside a co-so account's scope
    hdnd.run()
    hdnd.switch_page("pages/bao_cao_nhanh.py")
    hdnd.run()
    assert not hdnd.exception
    assert any("Chưa có báo cáo nhanh nào trong phạm vi" in m.value for m in hdnd.markdown)
