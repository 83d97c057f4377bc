"""The 2025-2030 targets split into quotas of the grassroots organisations (giao chỉ tiêu), and each
organisation's result against its quota (docs/programme.md).

Proposed by rule:
- a count over the term (admissions, NQ25-5): split in proportion to each organisation's members on
  the term's first day, by the largest remainder (so the quotas add up to the target exactly), with an
  organisation's own resolution target as its floor (the People's Council party committee's HD-5:
  at least 2); then over the calendar years in proportion to the term's days in each year (largest
  remainder again);
- a share each year (NQ25-3a, NQ25-3c): every organisation, every year, the committee's threshold.
The office adjusts any (target, organisation, year) quota with a reason (sheet "Giao chỉ tiêu"): the
adjustment replaces the proposal, and the history is the snapshots'. When a count target's quotas do
not add up to the target, the difference is said.
"""
from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from .. import config
from ..targets.rules import meets

COUNT, SHARE = "admissions_count", ("member_rating_good_share", "member_violation_share")
MET, ON_PACE, BEHIND, NOT_MET, NO_DATA = "dat", "dung_tien_do", "cham", "chua_dat", "chua_co_so_lieu"
QUOTA_STATUSES = (BEHIND, NOT_MET, ON_PACE, MET, NO_DATA)


def largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    """`total` split in proportion to `weights` into whole numbers that add up to `total` (Hamilton's
    method; ties go to the larger weight, then the key)."""
    s = sum(weights.values())
    if total <= 0 or s <= 0:
        return {k: 0 for k in weights}
    exact = {k: total * w / s for k, w in weights.items()}
    out = {k: math.floor(v) for k, v in exact.items()}
    left = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), -weights[k], k))[:left]:
        out[k] += 1
    return out


def term_years(term=config.CURRENT_TERM) -> dict[int, int]:
    """The calendar years of the term and the term's days in each."""
    out = {}
    for y in range(term.starts_on.year, term.ends_on.year + 1):
        first, last = max(date(y, 1, 1), term.starts_on), min(date(y, 12, 31), term.ends_on)
        out[y] = (last - first).days + 1
    return out


def propose(targets: pd.DataFrame, members: dict[str, int], floors: dict[str, int] | None = None) -> pd.DataFrame:
    """Proposed quotas: `targets` rows (indicator_id, measure, threshold) of the committee's quota
    targets, `members` of each grassroots organisation on the term's first day, `floors` an
    organisation's own count target. Columns: indicator_id, grassroots_id, year, proposed."""
    rows, years = [], term_years()
    for t in targets.itertuples(index=False):
        if t.measure == COUNT:
            split = largest_remainder(int(t.threshold), {o: float(n) for o, n in members.items()})
            for org, floor in (floors or {}).items():
                if org in split:
                    split[org] = max(split[org], int(floor))
            for org, n in split.items():
                for y, q in largest_remainder(n, {y: float(d) for y, d in years.items()}).items():
                    rows.append((t.indicator_id, org, y, float(q)))
        elif t.measure in SHARE:
            rows += [(t.indicator_id, org, y, float(t.threshold)) for org in members for y in years]
    return pd.DataFrame(rows, columns=["indicator_id", "grassroots_id", "year", "proposed"])


def assign(proposed: pd.DataFrame, adjustments: pd.DataFrame) -> pd.DataFrame:
    """The quotas in force: the proposal, replaced where the office adjusted it. Adds quota,
    adjusted (bool), reason, is_demo (of the adjustment)."""
    adj = adjustments[["indicator_id", "grassroots_id", "year", "quota", "reason", "is_demo"]].copy()
    adj["year"] = adj.year.astype(int)
    out = proposed.merge(adj, on=["indicator_id", "grassroots_id", "year"], how="left")
    out["adjusted"] = out.quota.notna()
    out["quota"] = out.quota.where(out.adjusted, out.proposed).astype(float)
    out["reason"] = out.reason.where(out.adjusted, "")
    out["is_demo"] = out.is_demo.where(out.adjusted, False).astype(bool)
    return out


def balance(assigned: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """For each count target: its threshold, the quotas' total and the difference (total − target)."""
    rows = []
    for t in targets[targets.measure == COUNT].itertuples(index=False):
        total = float(assigned.loc[assigned.indicator_id == t.indicator_id, "quota"].sum())
        rows.append((t.indicator_id, float(t.threshold), total, total - float(t.threshold)))
    return pd.DataFrame(rows, columns=["indicator_id", "threshold", "assigned", "difference"])


def elapsed_share(year: int, on: date, term=config.CURRENT_TERM) -> float:
    """The share of the term's days of `year` gone by the end of `on` (0 before, 1 after)."""
    first, last = max(date(year, 1, 1), term.starts_on), min(date(year, 12, 31), term.ends_on)
    if on < first:
        return 0.0
    if on >= last:
        return 1.0
    return ((on - first).days + 1) / ((last - first).days + 1)


def standing(assigned: pd.DataFrame, targets: pd.DataFrame, measured: pd.DataFrame, on: date) -> pd.DataFrame:
    """Each organisation's result against its quota on `on`, one row per (target, organisation):
    count targets: quota for the term, quota due so far (years gone, the current year pro rata),
    admissions so far; MET once the term's quota is reached, ON_PACE at or above the quota due so
    far (rounded down), else BEHIND. Share targets: the latest year with a value, its quota and value;
    MET or NOT_MET by the target's comparator. `measured`: quota_results (measure, grassroots_id, year,
    numerator, denominator)."""
    out = []
    comp = dict(zip(targets.indicator_id, targets.comparator, strict=True))
    meas = dict(zip(targets.indicator_id, targets.measure, strict=True))
    for (ind, org), g in assigned.groupby(["indicator_id", "grassroots_id"], sort=True):
        mine = measured[measured.grassroots_id == org]
        if meas[ind] == COUNT:
            term_quota = float(g.quota.sum())
            due = sum(q * elapsed_share(int(y), on) for y, q in zip(g.year, g.quota, strict=True))
            got = float(mine.loc[mine.measure == "admissions", "numerator"].sum())
            status = MET if got >= term_quota else ON_PACE if got >= math.floor(due + 1e-9) else BEHIND
            out.append((ind, org, None, term_quota, round(due, 2), got, status, bool(g.adjusted.any()),
                        bool(g.is_demo.any())))
        else:
            key = "member_good" if meas[ind] == "member_rating_good_share" else "violation"
            vals = mine[(mine.measure == key) & (mine.denominator > 0) & (mine.year <= on.year)]
            if key == "member_good":
                vals = vals[vals.year < on.year] if (vals.year < on.year).any() else vals
            if vals.empty:
                q = g[g.year == min(on.year, int(g.year.max()))].quota
                out.append((ind, org, None, float(q.iloc[0]) if len(q) else None, None, None, NO_DATA,
                            bool(g.adjusted.any()), bool(g.is_demo.any())))
                continue
            last = vals.sort_values("year").iloc[-1]
            year = int(last.year)
            q = g[g.year == year].quota
            quota = float(q.iloc[0]) if len(q) else float(g.quota.iloc[0])
            pct = 100.0 * float(last.numerator) / float(last.denominator)
            status = MET if meets(round(pct, 2), comp[ind], quota) else NOT_MET
            out.append((ind, org, year, quota, None, round(pct, 2), status, bool(g.adjusted.any()),
                        bool(g.is_demo.any())))
    return pd.DataFrame(out, columns=["indicator_id", "grassroots_id", "year", "quota", "due_so_far", "result",
                                      "status", "adjusted", "is_demo"])


def behind(stand: pd.DataFrame) -> pd.DataFrame:
    """The organisations behind their quotas (count targets behind pace, share targets not met)."""
    return stand[stand.status.isin((BEHIND, NOT_MET))]


def term_start_members_day() -> date:
    """The day before the term: members counted at its start are those on this day's evening."""
    return config.CURRENT_TERM.starts_on - timedelta(days=1)
