"""Target tracking for a scope: runs the target_values named query and evaluates (dangbo.targets.rules).

`run` is any callable with the signature of Database.run (the pages pass the cached ui.run), so the
same code serves the pages, the exports and the tests.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .. import config
from ..query.scope import Scope
from . import rules as targets

HDND = config.HDND


def evaluate(run: Callable, scope: Scope, as_of: date, snapshot_id: str, *,
             with_hdnd: bool = True) -> list[targets.TargetResult]:
    """The current term's targets for the scope's units and grassroots organisations (its period is
    replaced by the term up to `as_of`): the committee's, and (with_hdnd) the People's Council party
    committee's own, evaluated on its records only."""
    term = scope.within(config.CURRENT_TERM.starts_on, min(as_of, config.CURRENT_TERM.ends_on))
    frames = run("target_values", term)
    rows = run("targets", term, term=config.CURRENT_TERM.id)
    if not with_hdnd:
        return targets.evaluate(rows[rows.owner != HDND], frames, as_of, snapshot_id)
    hdnd = run("target_values", term.only_orgs((HDND,)))
    return targets.evaluate(rows, frames, as_of, snapshot_id, hdnd)


@dataclass(frozen=True)
class CountTarget:
    """A whole-term count target as a chart shows it: its threshold and the yearly average it asks."""
    stt: str
    threshold: float
    per_year: float
    words: str           # "Chỉ tiêu (5) nhiệm kỳ 2025 - 2030: kết nạp từ 30 đảng viên trở lên"


def admissions_target(run: Callable, scope: Scope) -> CountTarget:
    """The committee's admissions target of the current term (indicator with measure admissions_count)."""
    rows = run("targets", scope, term=config.CURRENT_TERM.id)
    r = rows[(rows.measure == "admissions_count") & (rows.owner == config.COMMITTEE)].iloc[0]
    years = (config.CURRENT_TERM.ends_on.year - config.CURRENT_TERM.starts_on.year)
    return CountTarget(r.stt, float(r.threshold), float(r.threshold) / years,
                       f"Chỉ tiêu ({r.stt}) {config.CURRENT_TERM.label.lower()}: {r.wording.rstrip('.')} "
                       f"(Báo cáo chính trị, {r.source})")


def by_owner(results: list[targets.TargetResult]) -> tuple[list, list]:
    """The committee's targets and the People's Council party committee's, apart."""
    return [t for t in results if t.owner == config.COMMITTEE], [t for t in results if t.owner == HDND]


PREVIOUS_TERM_ADMISSIONS = ("Chỉ tiêu kết nạp nhiệm kỳ 2020 - 2025 của các đảng bộ tiền thân tính cho toàn Khối "
                            "(Phụ lục 1 - 3), không so được với số kết nạp của các cơ sở nay thuộc Đảng bộ; xem trang "
                            "Kết quả nhiệm kỳ 2020 - 2025.")


def admissions_line(run: Callable, scope: Scope) -> tuple[CountTarget | None, str]:
    """The admissions target a chart of the scope's period can be drawn against (only a period within
    the current term: the previous term's targets were the predecessor committees' whole-bloc ones),
    and the sentence under the chart."""
    if scope.date_from < config.CURRENT_TERM.starts_on:
        return None, PREVIOUS_TERM_ADMISSIONS
    target = admissions_target(run, scope)
    return target, f"{target.words}."
