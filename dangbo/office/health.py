"""Each grassroots organisation's data health (docs/office.md): of its members on the day, those whose
record has a field the statistical forms need missing, fails a rule between fields, looks like a
duplicate of another, shows a probation past twelve months without a decision, or lacks last year's
rating; the date its records were last brought up to date; one score. Pure functions; no Streamlit."""
from __future__ import annotations

from datetime import date

import pandas as pd

PROBLEMS = ("missing", "failing", "duplicate", "overdue", "unrated")
OLD_DATA_PENALTY = 10          # points off the score when the organisation's data is older than the limit


def score(members: int, with_problem: int, age_days: int, old_days: int) -> float:
    """100 × the share of members whose record has no problem, less OLD_DATA_PENALTY points when the
    organisation's data is older than `old_days`; 0 to 100, one decimal. No member: 100 (nothing to fix)
    less the penalty."""
    share = 100.0 if members <= 0 else 100.0 * (members - with_problem) / members
    return round(max(0.0, share - (OLD_DATA_PENALTY if age_days > old_days else 0)), 1)


def table(records: pd.DataFrame, members: dict[str, int], dates: dict[str, date], on: date,
          old_days: int) -> pd.DataFrame:
    """One row a grassroots organisation of `members`: members, each problem's count, members with any
    problem, the data's date and age, and the score. `records`: health_records rows."""
    rows = []
    for org in sorted(members):
        mine = records[records.grassroots_id == org]
        counts = mine.groupby("problem").member_id.nunique().to_dict() if len(mine) else {}
        bad = int(mine.member_id.nunique()) if len(mine) else 0
        as_of = dates.get(org)
        age = (on - as_of).days if as_of else 0
        rows.append({"grassroots_id": org, "members": int(members[org]),
                     **{p: int(counts.get(p, 0)) for p in PROBLEMS}, "with_problem": bad,
                     "as_of": as_of, "age_days": age, "score": score(int(members[org]), bad, age, old_days)})
    return pd.DataFrame(rows, columns=["grassroots_id", "members", *PROBLEMS, "with_problem", "as_of", "age_days",
                                       "score"])


def compute(run, scope, as_of: date, by_org: dict[str, date], on: date) -> pd.DataFrame:
    """The data health of `scope`'s organisations (the account's grant applied by `run`) from their
    records on `as_of`, judged on `on`."""
    from .due import old_data_days
    states = scope.within(date(2020, 1, 1), as_of)
    members = run("members_by_grassroots", states).groupby("grassroots_id").members.sum().to_dict()
    return table(run("health_records", states), {o: int(n) for o, n in members.items()}, by_org, on,
                 old_data_days())
