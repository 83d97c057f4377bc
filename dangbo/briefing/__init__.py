"""Briefings ("Báo cáo nhanh"): the whole dashboard for one scope and date as a short report in
the committee's document style (`content` says what, `report` writes .docx and PDF), kept in an
outbox with its history (`outbox`) and sent by e-mail when an SMTP server is configured (`mail`).
Run on a schedule with `python -m dangbo.briefing`."""
