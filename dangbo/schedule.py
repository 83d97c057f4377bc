"""An action programme's items, their occurrences and their status on a day (docs/programme.md).

An item is done once (from its start to its deadline) or recurs, quarterly or yearly, from its start
to its last deadline: each quarter or year is an occurrence with its own deadline (the period's last
day, or the item's deadline in its last period) and its own reports. An occurrence's status on a day
`d`, from the reports dated on or before `d`:

- Hoàn thành đúng hạn / trễ hạn: its latest report says 100%, and the run of 100% reports it ends began
  on or before / after its deadline;
- Quá hạn: not done and its deadline has passed;
- Chưa đến hạn: it starts after `d`;
- Chậm: running, and its latest percent is more than BEHIND_POINTS below the share of its time gone,
  or nothing was reported for more than STALE_DAYS (counted from its start while it has no report);
- Đúng tiến độ: running otherwise.

An item's status is Quá hạn while any of its occurrences is; otherwise that of its current occurrence
(the one running on `d`, else the next to start, else the last). Pure functions over small frames.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

STALE_DAYS = 30          # a running occurrence with no report for longer is Chậm
BEHIND_POINTS = 25       # percentage points behind the time gone that make a running occurrence Chậm
DUE_SOON_DAYS = 30       # the "due within" list

ONCE, QUARTERLY, YEARLY = "once", "quarterly", "yearly"
RECURRENCES = (ONCE, QUARTERLY, YEARLY)

CHUA_DEN_HAN, DUNG_TIEN_DO, CHAM, QUA_HAN, XONG_DUNG_HAN, XONG_TRE_HAN = (
    "chua_den_han", "dung_tien_do", "cham", "qua_han", "hoan_thanh_dung_han", "hoan_thanh_tre_han")
# Worst first: the order of a summary, and which status an item shows when several apply.
STATUSES = (QUA_HAN, CHAM, DUNG_TIEN_DO, CHUA_DEN_HAN, XONG_TRE_HAN, XONG_DUNG_HAN)
DONE = (XONG_DUNG_HAN, XONG_TRE_HAN)
ON_TIME = (DUNG_TIEN_DO, CHUA_DEN_HAN, XONG_DUNG_HAN)      # what the scorecard counts as "on time"


@dataclass(frozen=True)
class Occurrence:
    item_id: str
    period: str            # "" for a one-off item, "2026-Q3" for a quarter, "2026" for a year
    starts_on: date
    due_on: date


def _quarter(d: date) -> tuple[date, date]:
    q0 = date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    nxt = date(q0.year + (q0.month == 10), (q0.month + 2) % 12 + 1, 1)
    return q0, nxt - timedelta(days=1)


def occurrences(item_id: str, recurrence: str, starts_on: date, due_on: date) -> list[Occurrence]:
    """The occurrences of an item, in order."""
    if recurrence == ONCE:
        return [Occurrence(item_id, "", starts_on, due_on)]
    out, d = [], starts_on
    while d <= due_on:
        if recurrence == QUARTERLY:
            first, last = _quarter(d)
            period = f"{d.year}-Q{(d.month - 1) // 3 + 1}"
        elif recurrence == YEARLY:
            first, last = date(d.year, 1, 1), date(d.year, 12, 31)
            period = str(d.year)
        else:
            raise ValueError(f"recurrence {recurrence!r}")
        out.append(Occurrence(item_id, period, max(first, starts_on), min(last, due_on)))
        d = last + timedelta(days=1)
    return out


@dataclass(frozen=True)
class Progress:
    percent: int               # the latest report's percent (0 without a report)
    reported_on: date | None   # the latest report's date
    done_on: date | None       # when the latest run of 100% reports began (None unless done)


def progress(reports: pd.DataFrame) -> Progress:
    """Where an occurrence stands from its reports (columns reported_on, percent, at), in any order."""
    if reports.empty:
        return Progress(0, None, None)
    r = reports.sort_values(["reported_on", "at"])
    pct = r.percent.astype(int).tolist()
    days = list(r.reported_on)
    if pct[-1] < 100:
        return Progress(pct[-1], days[-1], None)
    i = len(pct) - 1
    while i > 0 and pct[i - 1] >= 100:
        i -= 1
    return Progress(100, days[-1], days[i])


def expected_percent(occ: Occurrence, on: date) -> float:
    """The share of an occurrence's time gone on `on` (0 before it starts, 100 from its deadline)."""
    span = (occ.due_on - occ.starts_on).days
    if span <= 0:
        return 100.0 if on >= occ.due_on else 0.0
    return max(0.0, min(100.0, 100.0 * (on - occ.starts_on).days / span))


def status(occ: Occurrence, prog: Progress, on: date) -> str:
    """An occurrence's status on `on` (the module's rules); `prog` from reports dated on or before `on`."""
    if prog.done_on is not None:
        return XONG_DUNG_HAN if prog.done_on <= occ.due_on else XONG_TRE_HAN
    if on > occ.due_on:
        return QUA_HAN
    if on < occ.starts_on:
        return CHUA_DEN_HAN
    last = prog.reported_on or occ.starts_on
    if (on - last).days > STALE_DAYS or prog.percent < expected_percent(occ, on) - BEHIND_POINTS:
        return CHAM
    return DUNG_TIEN_DO


def item_status(rows: list[tuple[Occurrence, str]], on: date) -> tuple[Occurrence, str]:
    """An item's current occurrence and status: Quá hạn while any occurrence is, else the current one's."""
    late = [(o, s) for o, s in rows if s == QUA_HAN]
    if late:
        return late[0]
    running = [(o, s) for o, s in rows if o.starts_on <= on <= o.due_on]
    later = [(o, s) for o, s in rows if o.starts_on > on]
    return (running or later or rows[-1:])[0]


OCCURRENCE_COLUMNS = ["item_id", "period", "starts_on", "due_on", "percent", "expected_pct", "reported_on",
                      "done_on", "status"]
REPORT_COLUMNS = ["item_id", "period", "reported_on", "percent", "at"]


def evaluate(items: pd.DataFrame, reports: pd.DataFrame, on: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every item's status on `on` and every occurrence's, from the items (item_id, recurrence,
    starts_on, due_on, ...) and the reports (REPORT_COLUMNS; those dated after `on` are left out).
    Returns (items with period, status, percent, next_due, reported_on, late, done, occurrences columns
    added; occurrences)."""
    reports = reports[REPORT_COLUMNS] if not reports.empty else pd.DataFrame(columns=REPORT_COLUMNS)
    reports = reports[pd.to_datetime(reports.reported_on).dt.date <= on] if len(reports) else reports
    by_occ = {k: g for k, g in reports.assign(reported_on=pd.to_datetime(reports.reported_on).dt.date)
              .groupby(["item_id", "period"])} if len(reports) else {}
    occ_rows, item_rows = [], []
    for it in items.itertuples(index=False):
        rows = []
        for occ in occurrences(it.item_id, it.recurrence, as_day(it.starts_on), as_day(it.due_on)):
            prog = progress(by_occ.get((occ.item_id, occ.period), reports.head(0)))
            st = status(occ, prog, on)
            rows.append((occ, st))
            occ_rows.append((occ.item_id, occ.period, occ.starts_on, occ.due_on, prog.percent,
                             round(expected_percent(occ, on), 1), prog.reported_on, prog.done_on, st))
        current, st = item_status(rows, on)
        pending = [o.due_on for o, s in rows if s not in DONE]
        reported = [r[6] for r in occ_rows[-len(rows):] if r[6] is not None]
        item_rows.append({"item_id": it.item_id, "period": current.period, "status": st,
                          "percent": next(r[4] for r in occ_rows[-len(rows):] if r[1] == current.period),
                          "next_due": min(pending) if pending else None,
                          "reported_on": max(reported) if reported else None,
                          "late": sum(s == QUA_HAN for _, s in rows), "done": sum(s in DONE for _, s in rows),
                          "occurrences": len(rows)})
    occ = pd.DataFrame(occ_rows, columns=OCCURRENCE_COLUMNS)
    extra = pd.DataFrame(item_rows, columns=["item_id", "period", "status", "percent", "next_due", "reported_on",
                                             "late", "done", "occurrences"])
    return items.merge(extra, on="item_id", how="left"), occ


def as_day(x) -> date:
    return x if isinstance(x, date) and not isinstance(x, pd.Timestamp) else pd.Timestamp(x).date()


def due_within(occ: pd.DataFrame, on: date, days: int = DUE_SOON_DAYS) -> pd.DataFrame:
    """Occurrences not done whose deadline falls within `days` from `on` (inclusive), soonest first."""
    end = on + timedelta(days=days)
    mask = ~occ.status.isin(DONE) & (occ.due_on >= on) & (occ.due_on <= end)
    return occ[mask].sort_values(["due_on", "item_id"])


def overdue(occ: pd.DataFrame) -> pd.DataFrame:
    """Occurrences past their deadline and not done, the oldest deadline first."""
    return occ[occ.status == QUA_HAN].sort_values(["due_on", "item_id"])


def counts(items: pd.DataFrame) -> dict[str, int]:
    """How many items stand at each status, worst first (every status, zero included)."""
    got = items.status.value_counts().to_dict() if len(items) else {}
    return {s: int(got.get(s, 0)) for s in STATUSES}
