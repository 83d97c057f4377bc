"""Sending a briefing by e-mail, when an SMTP server is configured:
DANGBO_SMTP_HOST (and DANGBO_SMTP_PORT, default 25; DANGBO_SMTP_FROM; DANGBO_SMTP_TO, comma-separated;
DANGBO_SMTP_USER and DANGBO_SMTP_PASSWORD for servers that ask; DANGBO_SMTP_STARTTLS=1)."""
from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage

from .outbox import Entry


def configured() -> bool:
    return bool(os.environ.get("DANGBO_SMTP_HOST"))


def message(entry: Entry, to: list[str], sender: str) -> EmailMessage:
    meta = entry.meta
    msg = EmailMessage()
    msg["Subject"] = f"Báo cáo nhanh tính đến ngày {meta['as_of'][8:10]}/{meta['as_of'][5:7]}/{meta['as_of'][:4]}"
    msg["From"], msg["To"] = sender, ", ".join(to)
    lines = [f"Báo cáo nhanh ({meta['subject']}), tính đến ngày {meta['as_of']}.", "", "Những vấn đề cần lưu ý:"]
    lines += [f"- {a}" for a in meta["alerts"]] or ["- Không có chỉ tiêu nào chưa đạt hoặc chưa đạt tiến độ."]
    lines += [f"- {a}" for a in meta.get("programme_alerts", [])]
    lines += [f"- {meta['due_line']}"] if meta.get("due_line") else []
    if meta["changes"]:
        lines += ["", "Thay đổi so với lần báo cáo trước:"] + [f"- {c}" for c in meta["changes"]]
    lines += ["", f"Phạm vi: {meta['description']}", "Toàn văn: tệp PDF đính kèm."]
    msg.set_content("\n".join(lines))
    msg.add_attachment(entry.pdf.read_bytes(), maintype="application", subtype="pdf", filename=entry.pdf.name)
    return msg


def send(entry: Entry, to: list[str] | None = None) -> list[str]:
    """Send the briefing; return the recipients."""
    to = to or [a.strip() for a in os.environ.get("DANGBO_SMTP_TO", "").split(",") if a.strip()]
    if not to:
        raise ValueError("Chưa có địa chỉ nhận (DANGBO_SMTP_TO hoặc --mail-to).")
    host, port = os.environ["DANGBO_SMTP_HOST"], int(os.environ.get("DANGBO_SMTP_PORT", "25"))
    sender = os.environ.get("DANGBO_SMTP_FROM", "bao-cao@localhost")
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        if os.environ.get("DANGBO_SMTP_STARTTLS") == "1":
            smtp.starttls()
        if os.environ.get("DANGBO_SMTP_USER"):
            smtp.login(os.environ["DANGBO_SMTP_USER"], os.environ.get("DANGBO_SMTP_PASSWORD", ""))
        smtp.send_message(message(entry, to, sender))
    return to
