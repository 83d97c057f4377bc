"""The units' progress reports on their programme items, kept where accounts are (the local SQLite
store, or PostgreSQL shared by every replica: `dangbo.access.database`), so a report is visible to
every replica the moment it is acknowledged and survives a kill -9 right after (the commit is
fsync'd: SQLite synchronous=full, PostgreSQL's own commit). Reports are never changed or removed: a
correction is a later report, so the history of who said what, when, stays whole.

Who may report (`may_report`): a grassroots organisation's account (co-so) on the items its
organisation leads; the committee's office (van-phong, quan-tri) on the items the committee itself
leads (lead unit DBCQD). Nobody else, and never on another unit's items.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .. import config, fmt
from .. import schedule as plan
from ..access import accounts as _accounts
from ..access import database, schema
from ..access.roles import DATA

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".jpg", ".jpeg", ".png")
MAX_NOTE = 2000
MAX_DOC_REF = 200
COLUMNS = ["report_id", "item_id", "period", "reported_on", "percent", "note", "doc_ref", "evidence_name",
           "evidence_size", "lead_id", "username", "role", "at"]


class ReportError(ValueError):
    """A report that cannot be kept; the message is Vietnamese and says what is wrong."""


def may_report(account, lead_id: str) -> bool:
    """Whether `account` may report on an item led by `lead_id` (the module's rule)."""
    if account is None or account.disabled:
        return False
    if account.role == "co-so":
        return bool(account.orgs) and lead_id in account.orgs and lead_id != config.COMMITTEE
    return account.can(DATA) and lead_id == config.COMMITTEE


def reportable(account, items: pd.DataFrame) -> pd.DataFrame:
    """The items `account` may report on."""
    return items[[may_report(account, lead) for lead in items.lead_id]] if len(items) else items


@dataclass(frozen=True)
class Evidence:
    name: str
    data: bytes


class ReportStore:
    def __init__(self, path: Path | str | None = None, url: str | None = None):
        """The store beside the accounts: SQLite at `path` (default: the accounts' file) or PostgreSQL
        at `url` (default: $DANGBO_DATABASE_URL when no path is given)."""
        self.url = url or (database.url() if path is None else None)
        self.path = None if self.url else Path(path or _accounts.default_path())
        schema.ensure(path=self.path, url=self.url)

    def _db(self, serialised: bool = False):
        return database.store_transaction(self.path, self.url, serialised=serialised)

    def add(self, account, item: dict, *, period: str, reported_on: date, percent: int, note: str = "",
            doc_ref: str = "", evidence: Evidence | None = None, today: date | None = None) -> dict:
        """Keep one report on an occurrence of `item` (a programme row: item_id, lead_id, recurrence,
        starts_on, due_on) by `account`; returns it once committed. Raises ReportError."""
        today = today or date.today()
        if not may_report(account, item["lead_id"]):
            raise ReportError(f"Tài khoản {account.username if account else ''} không báo cáo được nhiệm vụ "
                              f"{item['item_id']}: chỉ đơn vị chủ trì ({item['lead_id']}) báo cáo tiến độ nhiệm vụ "
                              "của mình.")
        occ = {o.period: o for o in plan.occurrences(item["item_id"], item["recurrence"], plan.as_day(item["starts_on"]),
                                                     plan.as_day(item["due_on"]))}
        if period not in occ:
            raise ReportError(f"Kỳ {fmt.code(period)} không phải một kỳ của nhiệm vụ {item['item_id']}.")
        if not isinstance(reported_on, date) or reported_on > today:
            raise ReportError(f"Ngày báo cáo phải là một ngày không sau hôm nay ({fmt.day(today)}).")
        if reported_on < occ[period].starts_on:
            raise ReportError(f"Ngày báo cáo {fmt.day(reported_on)} ở trước ngày bắt đầu của kỳ "
                              f"({fmt.day(occ[period].starts_on)}).")
        if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
            raise ReportError("Tiến độ là một số nguyên từ 0 đến 100 (%).")
        note, doc_ref = (note or "").strip(), (doc_ref or "").strip()
        if len(note) > MAX_NOTE:
            raise ReportError(f"Ghi chú dài {fmt.number(len(note))} ký tự; tối đa {fmt.number(MAX_NOTE)}.")
        if len(doc_ref) > MAX_DOC_REF:
            raise ReportError(f"Số, ngày văn bản dài quá {MAX_DOC_REF} ký tự.")
        if evidence is not None:
            ext = Path(evidence.name).suffix.lower()
            if ext not in EVIDENCE_TYPES:
                raise ReportError(f"Tệp minh chứng {fmt.code(evidence.name)} không thuộc loại nhận được "
                                  f"({', '.join(EVIDENCE_TYPES)}).")
            if len(evidence.data) > MAX_EVIDENCE_BYTES:
                raise ReportError(f"Tệp minh chứng {fmt.code(evidence.name)} nặng {fmt.smart(len(evidence.data) / 2**20)} MB; "
                                  f"tối đa {MAX_EVIDENCE_BYTES // 2**20} MB.")
            if not evidence.data:
                raise ReportError(f"Tệp minh chứng {fmt.code(evidence.name)} rỗng.")
        if percent == 100 and evidence is None and not doc_ref:
            raise ReportError("Báo cáo hoàn thành (100%) cần minh chứng: một tệp, hoặc số và ngày văn bản.")
        row = {"report_id": secrets.token_hex(8), "item_id": item["item_id"], "period": period,
               "reported_on": reported_on.isoformat(), "percent": percent, "note": note, "doc_ref": doc_ref or None,
               "evidence_name": fmt.clip(evidence.name, 200) if evidence else None,
               "evidence_size": len(evidence.data) if evidence else None, "lead_id": item["lead_id"],
               "username": account.username, "role": account.role, "at": time.time()}
        with self._db() as db:
            db.execute("insert into programme_reports (id, item_id, period, reported_on, percent, note, doc_ref, "
                       "evidence_name, evidence_sha256, evidence_size, evidence, lead_id, username, role, at) "
                       "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (row["report_id"], row["item_id"], period, row["reported_on"], percent, note, row["doc_ref"],
                        row["evidence_name"], hashlib.sha256(evidence.data).hexdigest() if evidence else None,
                        row["evidence_size"], evidence.data if evidence else None, row["lead_id"], account.username,
                        account.role, row["at"]))
        return row

    def frame(self, leads: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Every report (without the evidence files), oldest first; `leads` keeps those of items led by
        these units (None: all)."""
        with self._db() as db:
            rows = db.execute("select id, item_id, period, reported_on, percent, note, doc_ref, evidence_name, "
                              "evidence_size, lead_id, username, role, at from programme_reports "
                              "order by at, id").fetchall()
        df = pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)
        if leads is not None:
            df = df[df.lead_id.isin(leads)]
        df["reported_on"] = pd.to_datetime(df.reported_on).dt.date
        return df.reset_index(drop=True)

    def evidence(self, report_id: str) -> Evidence | None:
        with self._db() as db:
            row = db.execute("select evidence_name, evidence from programme_reports where id = ?",
                             (report_id,)).fetchone()
        return Evidence(row[0], bytes(row[1])) if row and row[1] is not None else None
