"""The office's due lists and data health as tables: codes to words, dates in the Vietnamese format,
member and candidate codes masked for roles that may not see people (a small view-model a page draws)."""
from __future__ import annotations

import pandas as pd

from .. import fmt, vocab
from ..office import due

MASK = "••••••"


def _day(x) -> str:
    return "" if x is None or fmt.missing(x) else fmt.day(pd.Timestamp(x).date())


def _person(code, people: bool, demo: bool) -> str:
    if not people:
        return MASK
    return code if not demo or "demo" in str(code).lower() else f"{code} (demo)"


def due_table(code: str, rows: pd.DataFrame, names: dict, people: bool) -> pd.DataFrame:
    """One due list as shown: the person (or unit), where, and the date and days that put it on the list."""
    org = rows.grassroots_id.map(lambda o: names.get(o, o)) if len(rows) else pd.Series(dtype=object)
    if code in (due.PROBATION_OVERDUE, due.PROBATION_30, due.PROBATION_60):
        days_col = "days_over" if code == due.PROBATION_OVERDUE else "days_left"
        return pd.DataFrame({"member_id": [_person(m, people, d) for m, d in zip(rows.member_id, rows.is_demo,
                                                                                   strict=True)],
                             "name": org, "cell_id": rows.cell_id, "admitted_on": rows.admitted_on.map(_day),
                             "due_on": rows.due_on.map(_day),
                             days_col: rows.days.abs() if len(rows) else pd.Series(dtype=int)},
                            columns=["member_id", "name", "cell_id", "admitted_on", "due_on", days_col])
    if code == due.CANDIDATE_WAITING:
        return pd.DataFrame({"candidate_id": [_person(c, people, d) for c, d in zip(rows.candidate_id, rows.is_demo,
                                                                                      strict=True)],
                             "name": org, "cell_id": rows.cell_id,
                             "class_completed_on": rows.class_completed_on.map(_day), "stage": rows.stage,
                             "waited_days": rows.waited_days},
                            columns=["candidate_id", "name", "cell_id", "class_completed_on", "stage", "waited_days"])
    if code == due.MEMBER_UNRATED:
        return pd.DataFrame({"member_id": [_person(m, people, d) for m, d in zip(rows.member_id, rows.is_demo,
                                                                                   strict=True)],
                             "name": org, "cell_id": rows.cell_id}, columns=["member_id", "name", "cell_id"])
    if code == due.ORG_UNRATED:
        return pd.DataFrame({"unit_kind": rows.kind.map(vocab.UNIT_KINDS), "unit_id": rows.unit_id, "name": org},
                            columns=["unit_kind", "unit_id", "name"])
    return pd.DataFrame({"name": org, "as_of": rows.as_of.map(_day), "age_days": rows.age_days},
                        columns=["name", "as_of", "age_days"])


def health_table(health: pd.DataFrame, names: dict) -> pd.DataFrame:
    """Every organisation's data health, the lowest score first."""
    h = health.sort_values(["score", "grassroots_id"])
    return pd.DataFrame({"name": h.grassroots_id.map(lambda o: names.get(o, o)), "score": h.score,
                         "members": h.members, "with_problem": h.with_problem, "missing": h.missing,
                         "failing": h.failing, "duplicate": h.duplicate, "overdue": h.overdue,
                         "unrated": h.unrated, "as_of": h.as_of.map(_day), "age_days": h.age_days})


def trend_table(trend: pd.DataFrame, names: dict) -> pd.DataFrame:
    """Scores by organisation (rows) and snapshot (columns, oldest first, named by their date and id)."""
    if trend.empty:
        return trend
    heads = {r.snapshot: f"{fmt.moment(r.created_at)} · {r.snapshot[-10:]}"
             for r in trend.drop_duplicates("snapshot").itertuples(index=False)}
    wide = trend.pivot_table(index="grassroots_id", columns="snapshot", values="score", aggfunc="first")
    order = trend.drop_duplicates("snapshot").sort_values("created_at").snapshot.tolist()
    wide = wide[order].rename(columns=heads)
    wide.insert(0, "name", [names.get(o, o) for o in wide.index])
    return wide.reset_index(drop=True)


def records_table(records: pd.DataFrame, names: dict) -> pd.DataFrame:
    """The records to fix, one row a record and problem."""
    return pd.DataFrame({"name": records.grassroots_id.map(lambda o: names.get(o, o)), "cell_id": records.cell_id,
                         "member_id": [f"{m} (demo)" if d and "demo" not in str(m).lower() else m
                                       for m, d in zip(records.member_id, records.is_demo, strict=True)],
                         "problem": records.problem.map(vocab.PROBLEM_WORDS)},
                        columns=["name", "cell_id", "member_id", "problem"])
