"""The office's due lists from the records (docs/office.md): probationary members whose twelve months
end soon or have ended without a decision, candidates who finished the class long ago without a
decision, members and organisations without last year's rating, organisations whose data is old. Pure
functions over the named queries' frames; the day is the calendar's (a deadline passes whatever the
data's date). No Streamlit here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .. import config

PROBATION_MONTHS = 12           # Điều lệ Đảng: twelve months of probation from the admission
SOON_DAYS = (30, 60)            # the "ends within" windows


def class_wait_months() -> int:
    """Months after the class on the Party before a candidate without a decision is listed
    ($DANGBO_CLASS_WAIT_MONTHS, default 6)."""
    return config.env_number("DANGBO_CLASS_WAIT_MONTHS", 6, 1)


def old_data_days() -> int:
    """Days after which an organisation's data counts as not updated ($DANGBO_OLD_DATA_DAYS, default 90)."""
    return config.env_number("DANGBO_OLD_DATA_DAYS", 90, 1)


def add_months(d: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day): `shifted` for one day."""
    return shifted(pd.Series([d]), months).dt.date.iloc[0]


def _days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(pd.Series(values, copy=False)).astype("datetime64[s]").dt.normalize()


def shifted(values: pd.Series, months: int) -> pd.Series:
    """The same day `months` later for every day of a column at once (pandas' month offset takes the
    month's last day when it has no such day); a national list is hundreds of thousands of rows."""
    return _days(values) + pd.DateOffset(months=months)


# The lists, by code: what a page, an export, the overview and the briefing call them.
PROBATION_OVERDUE, PROBATION_30, PROBATION_60 = "du_bi_qua_han", "du_bi_30", "du_bi_60"
CANDIDATE_WAITING, MEMBER_UNRATED, ORG_UNRATED, ORG_OLD_DATA = "qc_cho", "dv_chua_xep_loai", "tc_chua_xep_loai", "tc_so_lieu_cu"
ORDER = (PROBATION_OVERDUE, PROBATION_30, PROBATION_60, CANDIDATE_WAITING, MEMBER_UNRATED, ORG_UNRATED, ORG_OLD_DATA)


@dataclass(frozen=True)
class DueLists:
    on: date
    rated_year: int
    lists: dict[str, pd.DataFrame]        # code -> rows (member, candidate or organisation level)

    def counts(self) -> dict[str, int]:
        return {k: len(self.lists[k]) for k in ORDER}


def probation(members: pd.DataFrame, on: date) -> dict[str, pd.DataFrame]:
    """Probationary members (due_probation rows: member_id, admitted_on, ...) by when their twelve months
    end: already ended without a decision (the day after the end is overdue), within 30 days, within 31-60."""
    if members.empty:
        empty = members.assign(due_on=pd.Series(dtype=object), days=pd.Series(dtype=int))
        return {PROBATION_OVERDUE: empty, PROBATION_30: empty, PROBATION_60: empty}
    due = shifted(members.admitted_on, PROBATION_MONTHS)
    df = members.assign(due_on=due.dt.date, days=(due - pd.Timestamp(on)).dt.days).sort_values(["due_on", "member_id"])
    return {PROBATION_OVERDUE: df[df.days < 0], PROBATION_30: df[(df.days >= 0) & (df.days <= SOON_DAYS[0])],
            PROBATION_60: df[(df.days > SOON_DAYS[0]) & (df.days <= SOON_DAYS[1])]}


def waiting_candidates(candidates: pd.DataFrame, on: date, months: int | None = None) -> pd.DataFrame:
    """Candidates still open whose class ended more than `months` ago (on the day exactly `months` after,
    not yet)."""
    months = months or class_wait_months()
    if candidates.empty:
        return candidates.assign(waited_days=pd.Series(dtype=int))
    df = candidates[(shifted(candidates.class_completed_on, months) < pd.Timestamp(on)).to_numpy()]
    return df.assign(waited_days=(pd.Timestamp(on) - _days(df.class_completed_on)).dt.days
                     ).sort_values(["class_completed_on", "candidate_id"])


def last_rated_year(on: date) -> int:
    """The last year whose ratings are due: ratings follow the year's end (the previous year)."""
    return on.year - 1


def old_data(by_org: dict[str, date], on: date, days: int | None = None) -> pd.DataFrame:
    """Organisations whose records were last brought up to date more than `days` ago."""
    days = days or old_data_days()
    rows = [(o, d, (on - d).days) for o, d in by_org.items() if (on - d).days > days]
    return pd.DataFrame(sorted(rows, key=lambda r: (r[1], r[0])), columns=["grassroots_id", "as_of", "age_days"])


def compute(run, scope, as_of: date, on: date, by_org: dict[str, date]) -> DueLists:
    """Every due list for `scope` (its organisations and units; the account's grant applied by `run`):
    the records' states on `as_of` (the data's date), the deadlines against `on` (today)."""
    states = scope.within(date(2020, 1, 1), as_of)
    year = last_rated_year(on)
    unrated = run("due_unrated", states, year=year)
    lists = {**probation(run("due_probation", states), on),
             CANDIDATE_WAITING: waiting_candidates(run("due_candidates", states), on),
             MEMBER_UNRATED: unrated[unrated.kind == "member"],
             ORG_UNRATED: unrated[unrated.kind != "member"],
             ORG_OLD_DATA: old_data({o: d for o, d in by_org.items() if o in scope.orgs}, on)}
    return DueLists(on, year, lists)
