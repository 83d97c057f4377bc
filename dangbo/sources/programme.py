"""The action programme's published tables (dangbo.programme): the items, the office's quota
adjustments and the demo reports, with their columns; the demo content comes from
data/sources/demo_programme.yaml (every row is_demo) with reports drawn from each item's profile
relative to the snapshot's date, so the demo shows every status."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import yaml

from .. import config

ITEM_COLUMNS = ["item_id", "parent_id", "title", "lead_id", "support_ids", "starts_on", "due_on", "recurrence",
                "product", "indicator_id", "is_demo"]
QUOTA_COLUMNS = ["indicator_id", "grassroots_id", "year", "quota", "reason", "is_demo"]
REPORT_COLUMNS = ["report_id", "item_id", "period", "reported_on", "percent", "note", "doc_ref", "evidence_name",
                  "evidence_size", "lead_id", "username", "role", "at", "is_demo"]
PROFILES = ("on_time", "late", "behind", "overdue", "silent")


def _spec(src: Path) -> dict:
    return yaml.safe_load((src / "demo_programme.yaml").read_text(encoding="utf-8"))


def _day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def demo_items(src: Path = config.SOURCES_DIR) -> pd.DataFrame:
    rows = [{"item_id": it["id"], "parent_id": it["parent"], "title": it["title"], "lead_id": it["lead"],
             "support_ids": it.get("support") or "", "starts_on": _day(it["start"]), "due_on": _day(it["due"]),
             "recurrence": it["recurrence"], "product": it["product"], "indicator_id": it.get("indicator") or None,
             "is_demo": True} for it in _spec(src)["items"]]
    df = pd.DataFrame(rows, columns=ITEM_COLUMNS)
    bad = df[~df.recurrence.isin(config.RECURRENCE_WORDS) | (df.due_on < df.starts_on) | df.item_id.duplicated()]
    if len(bad) or not set(it.get("profile") for it in _spec(src)["items"]) <= set(PROFILES):
        raise ValueError(f"demo_programme.yaml: kiểm tra lại các dòng {', '.join(bad.item_id)} (định kỳ, thời hạn, "
                         "mã trùng, profile).")
    return df


def demo_quotas(src: Path = config.SOURCES_DIR) -> pd.DataFrame:
    rows = [{"indicator_id": q["indicator"], "grassroots_id": q["org"], "year": int(q["year"]),
             "quota": float(q["quota"]), "reason": q["reason"], "is_demo": True} for q in _spec(src)["quotas"]]
    return pd.DataFrame(rows, columns=QUOTA_COLUMNS).astype({"year": "int32"})


def demo_reports(as_of: date, src: Path = config.SOURCES_DIR) -> pd.DataFrame:
    """The demo reports of the demo items as of `as_of`, drawn by each item's profile (the file's header)."""
    from ..schedule import expected_percent, occurrences  # the periods' rule is the programme's own
    rows = []
    for it in _spec(src)["items"]:
        lead, profile = it["lead"], it["profile"]
        occs = [o for o in occurrences(it["id"], it["recurrence"], _day(it["start"]), _day(it["due"]))
                if o.starts_on <= as_of]
        past = [o for o in occs if o.due_on < as_of]
        for i, o in enumerate(occs):
            def report(on: date, pct: int, o=o, item_id=it["id"], lead=lead) -> None:
                if o.starts_on <= on <= as_of:
                    rows.append(_report(item_id, o.period, on, pct, lead, len(rows)))
            if profile == "silent":
                continue
            if o in past:
                if profile == "overdue" and i == len(past) - 1:
                    report(o.starts_on + (o.due_on - o.starts_on) / 2, 60)
                elif profile == "late":
                    report(o.starts_on + (o.due_on - o.starts_on) / 2, 50)
                    report(o.due_on + timedelta(days=12), 100)
                else:
                    report(o.starts_on + (o.due_on - o.starts_on) / 2, 50)
                    report(o.due_on - timedelta(days=3), 100)
            elif profile == "behind":
                report(o.starts_on + timedelta(days=5), 10)
            else:
                on = as_of - timedelta(days=7)
                report(on, int(expected_percent(o, on) // 10 * 10))
    return pd.DataFrame(rows, columns=REPORT_COLUMNS).astype({"percent": "int32", "at": "float64"})


def _report(item_id: str, period: str, on: date, pct: int, lead: str, n: int) -> dict:
    office = lead == config.COMMITTEE
    return {"report_id": f"demo-{n:04d}", "item_id": item_id, "period": period, "reported_on": on, "percent": pct,
            "note": "Báo cáo mẫu (demo).", "doc_ref": f"Báo cáo số {n + 1:02d}-BC (demo)" if pct == 100 else None,
            "evidence_name": None, "evidence_size": None, "lead_id": lead,
            "username": "demo-van-phong" if office else f"demo-{lead.lower()}",
            "role": "van-phong" if office else "co-so",
            "at": float(datetime.combine(on, datetime.min.time()).timestamp()), "is_demo": True}


def tables(as_of: date, with_demo: bool = True, src: Path = config.SOURCES_DIR) -> dict[str, pd.DataFrame]:
    """The programme's tables of a snapshot: the demo programme, or (with_demo=False) empty, typed tables."""
    items, quotas, reports = demo_items(src), demo_quotas(src), demo_reports(as_of, src)
    if not with_demo:
        items, quotas, reports = items.head(0), quotas.head(0), reports.head(0)
    return {"programme_items": items, "target_quotas": quotas, "programme_demo_reports": reports}

