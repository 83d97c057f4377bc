"""The notices a page shows under its title: what is demo, that the data changed since the last
click, that it is old, and which organisations lag behind the others."""
from __future__ import annotations

import os
from datetime import date

import streamlit as st

from .. import config, fmt, store
from ..store.dates import DataDates
from .context import DEMO_NOTICE, Notice

RECORD_TABLES = ("members", "candidates", "member_ratings", "org_ratings", "discipline_cases", "letters",
                 "inspections")


def demo_note(snapshot, orgs: set[str], names: dict) -> tuple[bool, str]:
    """Whether what a view shows (the organisations `orgs`) holds demo data, and the notice saying
    which: every record, the organisations still demo, or only the reported target values."""
    values_demo = "indicator_values" in snapshot.tables and snapshot.is_demo("indicator_values")
    demo_orgs: set[str] | None = set()
    for table in RECORD_TABLES:
        if table in snapshot.tables and snapshot.is_demo(table):
            units = snapshot.demo_orgs(table)
            if units is None:                  # not recorded by organisation: the whole table counts
                demo_orgs = None
                break
            demo_orgs |= set(units)
    if demo_orgs is None or (orgs and demo_orgs >= orgs):
        return True, DEMO_NOTICE
    values = " Giá trị báo cáo của các chỉ tiêu 2025 - 2030 vẫn là số liệu mẫu." if values_demo else ""
    still = sorted(names.get(o, o) for o in demo_orgs & orgs)
    if still:
        return True, ("Còn dữ liệu mẫu (demo), không phải của người thật, ở: " + ", ".join(still[:8]) +
                      (f" và {len(still) - 8} tổ chức khác" if len(still) > 8 else "") +
                      ". Các tổ chức cơ sở đảng khác đã nhập hồ sơ thật." + values)
    if values_demo:
        return True, ("Hồ sơ của các tổ chức đang xem là hồ sơ thật đã nhập; giá trị báo cáo của các chỉ tiêu "
                      "2025 - 2030 vẫn là số liệu mẫu (demo).")
    return False, DEMO_NOTICE


def stale_days() -> int:
    try:
        return int(os.environ.get("DANGBO_STALE_DAYS", "45"))
    except ValueError:
        return 45


def by_date(orgs: dict[str, date], names: dict, limit: int = 8) -> str:
    """Organisations grouped by their date: "đến 20/11/2026: A; B; … và 4 tổ chức khác"."""
    groups: dict[date, list[str]] = {}
    for o, d in orgs.items():
        groups.setdefault(d, []).append(names.get(o, o))
    out = []
    for d in sorted(groups):
        items = sorted(groups[d])
        more = f" và {len(items) - limit} tổ chức khác" if len(items) > limit else ""
        out.append(f"đến {fmt.day(d)}: " + "; ".join(items[:limit]) + more)
    return " · ".join(out)


def freshness(snapshot, dates: DataDates, names: dict) -> list[Notice]:
    """A session open when a new snapshot is published says so on its next run; old data is flagged,
    by organisation; organisations behind the newest shown by more than config.lag_days() are named."""
    out = []
    seen = st.session_state.get("_seen_snapshot")
    if seen and seen != snapshot.id:
        switch = next((h for h in reversed(store.history()) if h["snapshot"] == snapshot.id), None)
        when = fmt.moment(switch["time"]) + " (UTC)" if switch else "vừa rồi"
        out.append(Notice("info", f"Dữ liệu đã cập nhật lúc {when}: đang hiển thị bản dữ liệu {snapshot.id}."))
    st.session_state["_seen_snapshot"] = snapshot.id
    age = (date.today() - dates.oldest).days
    if age > stale_days():
        old = {o: d for o, d in dates.by_org.items() if (date.today() - d).days > stale_days()}
        which = f" Các tổ chức có số liệu cũ, {by_date(old, names)}." if len(dates.by_org) > 1 else ""
        out.append(Notice("warning", f"Số liệu đã cũ: đến ngày {fmt.day(dates.oldest)}, cách đây {age} ngày (quá "
                                     f"{stale_days()} ngày).{which}"))
    behind = dates.behind(config.lag_days())
    if behind:
        out.append(Notice("info", f"Số liệu của {len(behind)} tổ chức cơ sở đảng cũ hơn ngày mới nhất "
                                  f"({fmt.day(dates.newest)}) quá {config.lag_days()} ngày, {by_date(behind, names)}."))
    return out
