"""The office's edits in the app (an item of the action programme added, changed or removed; a quota
adjusted with its reason) go the way of an import: the edit is written as the template's sheet (a
CSV file in memory), checked by the same rules with the same messages, published as a new snapshot and
audited, so the history of the programme and the quotas is the snapshots' history. No Streamlit here."""
from __future__ import annotations

import csv
import hashlib
import io
from datetime import date

import pandas as pd

from .. import config
from . import publish as _publish
from .spec import SHEET_BY_KIND
from .workflow import Upload, check_upload, record_import


def sheet_csv(kind: str, rows: list[dict]) -> bytes:
    """A template sheet as CSV: its headers, then one line a row of values (dates as dd/mm/yyyy)."""
    sheet = SHEET_BY_KIND[kind]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([c.header for c in sheet.columns])
    for r in rows:
        w.writerow([_cell(r.get(c.code)) for c in sheet.columns])
    return out.getvalue().encode("utf-8")


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    if isinstance(v, pd.Timestamp):
        v = v.date()
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float):
        return f"{v:g}".replace(".", ",")
    return str(v)


def programme_rows(items: pd.DataFrame) -> list[dict]:
    """The real items of a programme (programme_items rows) as the sheet's values; demo items are left
    out: the first real item replaces the demo programme."""
    real = items[~items.is_demo.astype(bool)] if len(items) else items
    return [{"item_id": r.item_id, "parent_id": r.parent_id, "title": r.title, "lead_id": r.lead_id,
             "support_ids": r.support_ids or "", "starts_on": r.starts_on, "due_on": r.due_on,
             "recurrence": config.RECURRENCE_WORDS[r.recurrence], "product": r.product,
             "indicator_id": r.indicator_id if isinstance(r.indicator_id, str) else ""}
            for r in real.itertuples(index=False)]


def _apply(kind: str, rows: list[dict], name: str, cat, *, by: str, role: str, audit, today: date | None,
           root=None) -> tuple[Upload, _publish.Result | None]:
    data = sheet_csv(kind, rows)
    upload = check_upload(data, name, cat, today=today)
    if upload.problems:
        return upload, None
    result = _publish.publish(upload.frames, file_name=name, sha256=hashlib.sha256(data).hexdigest(), by=by,
                              as_of=upload.as_of, root=root)
    record_import(audit, by, role, result, name, upload.as_of)
    return upload, result


def save_item(items: pd.DataFrame, row: dict, cat, *, by: str, role: str, audit, today: date | None = None,
              remove: bool = False, root=None) -> tuple[Upload, _publish.Result | None]:
    """The programme with `row` (the sheet's codes and values) added or replacing the item of its id,
    or (remove) without it; checked and published. Returns the checked upload (its problems, if any)
    and the import's result (None when refused)."""
    rows = [r for r in programme_rows(items) if r["item_id"] != row["item_id"]]
    if not remove:
        rows.append(row)
    if not rows:
        raise ValueError("Chương trình không thể trống: hãy nhập một chương trình mới thay vì xóa công việc cuối cùng.")
    name = f"{'xoa' if remove else 'sua'}-chuong-trinh-{row['item_id']}.csv"
    return _apply("chuong_trinh", rows, name, cat, by=by, role=role, audit=audit, today=today, root=root)


def adjust_quota(row: dict, cat, *, by: str, role: str, audit, today: date | None = None,
                 root=None) -> tuple[Upload, _publish.Result | None]:
    """One quota (indicator_id, grassroots_id, year, quota, reason) set by the office, checked and published."""
    name = f"giao-chi-tieu-{row['indicator_id']}-{row['grassroots_id']}-{row['year']}.csv"
    return _apply("giao_chi_tieu", [row], name, cat, by=by, role=role, audit=audit, today=today, root=root)
