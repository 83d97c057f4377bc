"""The action programme and the quotas for a scope, as pages, exports and the briefing show them.

`run` is any callable with the signature of Database.run (the pages pass the cached ui.run, already
confined to the account's grant); `stored` is the access store's reports (dangbo.programme.reports).
No Streamlit here."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .. import config
from .. import schedule as plan
from ..query.scope import Scope
from . import quotas


@dataclass(frozen=True)
class Followed:
    items: pd.DataFrame          # programme_items rows with status, percent, period, next_due, reported_on, ...
    occurrences: pd.DataFrame    # every occurrence with its status
    reports: pd.DataFrame        # the reports of these items (demo and stored), oldest first
    on: date

    @property
    def demo(self) -> bool:
        return bool(self.items.is_demo.any()) if len(self.items) else False

    def late(self) -> pd.DataFrame:
        return _with_items(plan.overdue(self.occurrences), self.items)

    def due_soon(self, days: int = plan.DUE_SOON_DAYS) -> pd.DataFrame:
        return _with_items(plan.due_within(self.occurrences, self.on, days), self.items)


def _with_items(occ: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    cols = ["item_id", "title", "lead_id", "lead_name", "is_demo"]
    return occ.merge(items[[c for c in cols if c in items.columns]], on="item_id", how="left")


def reports_of(items: pd.DataFrame, demo_reports: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """The reports of `items`: a demo item's demo reports and every item's stored reports."""
    demo_ids = set(items.item_id[items.is_demo]) if len(items) else set()
    demo = demo_reports[demo_reports.item_id.isin(demo_ids)].assign(is_demo=True)
    real = stored[stored.item_id.isin(set(items.item_id))].assign(is_demo=False)
    frames = [f for f in (demo, real) if len(f)]
    if not frames:
        return real
    out = pd.concat(frames, ignore_index=True)
    out["reported_on"] = pd.to_datetime(out.reported_on).dt.date
    return out.sort_values(["at", "report_id"]).reset_index(drop=True)


def follow(run: Callable, scope: Scope, stored: pd.DataFrame, on: date) -> Followed:
    """The items the scope sees with their status on `on`."""
    items = run("programme_items", scope)
    reps = reports_of(items, run("programme_demo_reports", scope), stored)
    with_status, occ = plan.evaluate(items, reps, on)
    return Followed(with_status, occ, reps, on)


def committee_counts(run: Callable, scope: Scope, stored: pd.DataFrame, on: date) -> dict[str, int]:
    """How many of the committee's items stand at each status (counts only: what every account sees)."""
    items = run("programme_all_items", scope)
    reps = reports_of(items, run("programme_demo_reports", scope), stored)
    return plan.counts(plan.evaluate(items, reps, on)[0])


# ------------------------------------------------------------------ quotas


@dataclass(frozen=True)
class Quotas:
    targets: pd.DataFrame        # the committee's quota targets (indicator_id, label, measure, comparator, threshold, unit)
    assigned: pd.DataFrame       # every (target, organisation, year): proposed, quota, adjusted, reason
    balance: pd.DataFrame        # count targets: threshold, assigned total, difference
    standing: pd.DataFrame       # (target, organisation) result against the quota, with status
    names: dict[str, str]        # grassroots organisation -> name
    demo: bool                   # an adjustment or a result shown is demo

    def behind(self) -> pd.DataFrame:
        return quotas.behind(self.standing)


def quota_targets(run: Callable, scope: Scope) -> pd.DataFrame:
    rows = run("targets", scope, term=config.CURRENT_TERM.id)
    rows = rows[(rows.owner == config.COMMITTEE) & rows.measure.isin(config.QUOTA_MEASURES)]
    return rows[["indicator_id", "stt", "label", "measure", "comparator", "threshold", "unit"]].drop_duplicates(
        "indicator_id").reset_index(drop=True)


def own_floors(run: Callable, scope: Scope) -> dict[str, int]:
    """An organisation's own admissions target (the People's Council party committee's HD-5)."""
    rows = run("targets", scope, term=config.CURRENT_TERM.id)
    own = rows[(rows.owner == config.HDND) & (rows.measure == quotas.COUNT)].drop_duplicates("indicator_id")
    return {config.HDND: int(own.threshold.iloc[0])} if len(own) else {}


def follow_quotas(run: Callable, scope: Scope, on: date, visible: tuple[str, ...]) -> Quotas:
    """The quotas of every organisation (the proposal needs them all), their balance against the targets,
    and the standing of the organisations in `visible` (the scope's, confined to the account's grant)."""
    targets = quota_targets(run, scope)
    weights = run("quota_weights", scope, day=quotas.term_start_members_day())
    members = dict(zip(weights.grassroots_id, weights.members, strict=True))
    proposed = quotas.propose(targets, members, own_floors(run, scope))
    assigned = quotas.assign(proposed, run("target_quotas", scope))
    term = scope.within(config.CURRENT_TERM.starts_on, min(on, config.CURRENT_TERM.ends_on))
    measured = run("quota_results", term)
    mine = assigned[assigned.grassroots_id.isin(visible)]
    standing = quotas.standing(mine, targets, measured, on)
    names = dict(zip(weights.grassroots_id, weights.name, strict=True))
    demo = bool(mine.is_demo.any()) or bool(standing.is_demo.any())
    return Quotas(targets, assigned, quotas.balance(assigned, targets), standing, names, demo)


def scorecard(followed: Followed, q: Quotas, orgs: tuple[str, ...]) -> pd.DataFrame:
    """One row a grassroots organisation: items it leads, on time, late; last report; quotas met of all."""
    items = followed.items
    rows = []
    for org in orgs:
        mine = items[items.lead_id == org] if len(items) else items
        st = q.standing[q.standing.grassroots_id == org]
        reps = followed.reports[followed.reports.lead_id == org] if len(followed.reports) else followed.reports
        rows.append({"grassroots_id": org, "name": q.names.get(org, org), "items": len(mine),
                     "on_time": int(mine.status.isin(plan.ON_TIME).sum()) if len(mine) else 0,
                     "late": int((mine.status == plan.QUA_HAN).sum()) if len(mine) else 0,
                     "slow": int((mine.status == plan.CHAM).sum()) if len(mine) else 0,
                     "last_report": max(reps.reported_on) if len(reps) else None,
                     "quotas_met": int(st.status.isin((quotas.MET, quotas.ON_PACE)).sum()),
                     "quotas": int((st.status != quotas.NO_DATA).sum())})
    return pd.DataFrame(rows, columns=["grassroots_id", "name", "items", "on_time", "late", "slow", "last_report",
                                       "quotas_met", "quotas"])
