"""Filter state: predecessor units, grassroots organisations, period. Pure functions, no Streamlit.

The state round-trips through the URL query string (`dv`, `tc`, `ky`) so a link reproduces a view;
unknown values in a hand-edited URL fall back to defaults and yield a Vietnamese notice.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from .. import config, fmt
from ..store.dates import DataDates
from .scope import Grant, Scope

Q_UNITS, Q_ORGS, Q_PERIOD, Q_CELLS = "dv", "tc", "ky", "cb"
DEFAULT_PERIOD = config.CURRENT_TERM.id      # the term the product follows; a URL (ky=...) says otherwise


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    starts_on: date
    ends_on: date

    @property
    def text(self) -> str:
        return f"{self.label} ({fmt.day(self.starts_on)} - {fmt.day(self.ends_on)})"


def periods(as_of: date) -> dict[str, Period]:
    """The periods a user can pick, ending no later than the snapshot's as_of date."""
    t1, t2 = config.PREVIOUS_TERM, config.CURRENT_TERM
    out = {
        t1.id: Period(t1.id, t1.label, t1.starts_on, t1.ends_on),
        t2.id: Period(t2.id, t2.label + " (đến nay)", t2.starts_on, min(t2.ends_on, as_of)),
        "toan-bo": Period("toan-bo", "Từ 2020 đến nay", t1.starts_on, as_of),
    }
    for year in range(as_of.year, t1.starts_on.year - 1, -1):
        start, end = max(date(year, 1, 1), t1.starts_on), min(date(year, 12, 31), as_of)
        label = f"Năm {year}" + (" (đến nay)" if end < date(year, 12, 31) else "")
        out[str(year)] = Period(str(year), label, start, end)
    return out


@dataclass(frozen=True)
class FilterState:
    units: tuple[str, ...] = ()      # empty = all predecessor units
    orgs: tuple[str, ...] = ()       # empty = all grassroots organisations of the chosen units
    period: str = DEFAULT_PERIOD
    cells: tuple[str, ...] = ()      # empty = every cell (chi bộ) of the chosen organisations


def values(raw) -> list[str]:
    """Every value of a parameter, repeated (`?dv=ST&dv=HG`) or comma-joined (`?dv=ST,HG`); also
    the comma lists of the command lines and the administration forms."""
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def codes(text) -> tuple[str, ...] | None:
    """A comma list typed by a person as codes; None when empty (meaning: all)."""
    return tuple(values(text)) or None


def _listed(items) -> str:
    return fmt.code(", ".join(items), 80)


def from_query(qp: Mapping, orgs_by_unit: Mapping[str, set[str]], as_of: date,
               org_of_cell: Mapping[str, str] | None = None) -> tuple[FilterState, list[str]]:
    """Parse URL parameters (each a value or a list of values); anything unknown, and any extra value
    of a one-value parameter, is dropped with a notice saying what, where and what is used instead.
    Values from the URL appear in notices only through `fmt.code`, so Markdown shows them literally.
    `org_of_cell`: the organisation of each cell the account may see; a cell asked for brings its
    organisation into the filter."""
    notices = []
    units, bad, outside = [], [], []
    for u in dict.fromkeys(values(qp.get(Q_UNITS))):
        (units if u in orgs_by_unit else outside if u in config.PREDECESSOR_BY_ID else bad).append(u)
    if bad:
        notices.append(f"Bỏ qua giá trị không hợp lệ của bộ lọc đảng bộ tiền thân (tham số '{Q_UNITS}'): "
                       f"{_listed(bad)}. Giá trị hợp lệ: {', '.join(orgs_by_unit)}.")
    if outside:
        notices.append(f"Đảng bộ tiền thân {_listed(outside)} (tham số '{Q_UNITS}') nằm ngoài phạm vi được xem của "
                       "tài khoản; chỉ hiển thị phần trong phạm vi.")
    allowed = set().union(*(orgs_by_unit.get(u, set()) for u in (units or orgs_by_unit)))
    orgs, bad = [], []
    for o in dict.fromkeys(values(qp.get(Q_ORGS))):
        (orgs if o in allowed else bad).append(o)
    if bad:
        notices.append(f"Bỏ qua tổ chức cơ sở đảng không có trong đơn vị đã chọn hoặc nằm ngoài phạm vi được xem "
                       f"của tài khoản (tham số '{Q_ORGS}'): {_listed(bad)}.")
    period, offered = DEFAULT_PERIOD, periods(as_of)
    raw = values(qp.get(Q_PERIOD))
    if raw:
        valid = [v for v in raw if v in offered]
        period = valid[0] if valid else DEFAULT_PERIOD
        if len(raw) > 1:
            notices.append(f"Tham số '{Q_PERIOD}' (giai đoạn) chỉ nhận một giá trị nhưng có {len(raw)}: {_listed(raw)}; "
                           f"dùng {offered[period].label}.")
        elif not valid:
            notices.append(f"Giai đoạn {fmt.code(raw[0], 40)} (tham số '{Q_PERIOD}') không hợp lệ; "
                           f"dùng mặc định {offered[DEFAULT_PERIOD].label}.")
    cells, bad = [], []
    for c in dict.fromkeys(values(qp.get(Q_CELLS))):
        org = (org_of_cell or {}).get(c)
        (cells if org in allowed and (not orgs or org in orgs) else bad).append(c)
    if bad:
        notices.append(f"Bỏ qua chi bộ không thuộc tổ chức cơ sở đảng đã chọn hoặc nằm ngoài phạm vi được xem của "
                       f"tài khoản (tham số '{Q_CELLS}'): {_listed(bad)}.")
    if cells and not orgs:
        orgs = list(dict.fromkeys(org_of_cell[c] for c in cells))
    return FilterState(tuple(units), tuple(orgs), period, tuple(cells)), notices


def to_query(state: FilterState) -> dict[str, str]:
    """The canonical URL parameters of a state: each parameter once, lists comma-joined."""
    q = {}
    if state.units:
        q[Q_UNITS] = ",".join(state.units)
    if state.orgs:
        q[Q_ORGS] = ",".join(state.orgs)
    if state.period != DEFAULT_PERIOD:
        q[Q_PERIOD] = state.period
    if state.cells:
        q[Q_CELLS] = ",".join(state.cells)
    return q


def scope(state: FilterState, orgs_by_unit: Mapping[str, set[str]], as_of: date) -> Scope:
    """The query scope: empty selections mean everything within the chosen (or, with none chosen,
    the visible) units; `orgs_by_unit` holds only what the account may see."""
    units = state.units or tuple(orgs_by_unit)
    orgs = state.orgs or tuple(sorted(set().union(*(orgs_by_unit.get(u, set()) for u in units))))
    p = periods(as_of)[state.period]
    return Scope(tuple(units), tuple(orgs), p.starts_on, p.ends_on, tuple(state.cells))


def scope_and_dates(state: FilterState, orgs_by_unit: Mapping[str, set[str]], as_of: date,
                    dates_of: Callable[[tuple[str, ...]], DataDates]) -> tuple[Scope, DataDates]:
    """The query scope of a selection and its organisations' dates (`dates_of`: a snapshot's `dates`).
    The period ends no later than the newest of those dates: records are counted up to it, which is
    each organisation's own date since none has records after it (dangbo.store.dates)."""
    chosen = scope(state, orgs_by_unit, as_of)
    dates = dates_of(chosen.orgs)
    return chosen.within(chosen.date_from, max(chosen.date_from, min(chosen.date_to, dates.newest))), dates


def describe(state: FilterState, org_names: Mapping[str, str], as_of: date, ends_on: date | None = None,
             grant: Grant | None = None, cell_names: Mapping[str, str] | None = None) -> str:
    """The active filters in words, for every page and every export (`ends_on`: where the period is
    cut short because the chosen organisations' data ends earlier). Nothing chosen means everything the
    account's `grant` allows, said as such ("… (phạm vi tài khoản)"), not "tất cả"."""
    own = " (phạm vi tài khoản)"
    units = ", ".join(config.PREDECESSOR_BY_ID[u].short for u in state.units) if state.units else \
        (", ".join(config.PREDECESSOR_BY_ID[u].short for u in grant.units) + own if grant and grant.units else "tất cả")
    orgs = "; ".join(org_names.get(o, o) for o in state.orgs) if state.orgs else \
        ("; ".join(org_names.get(o, o) for o in grant.orgs) + own if grant and grant.orgs else "tất cả")
    p = periods(as_of)[state.period]
    if ends_on and ends_on < p.ends_on:
        p = Period(p.key, p.label, p.starts_on, ends_on)
    cells = f" · Chi bộ: {'; '.join((cell_names or {}).get(c, c) for c in state.cells)}" if state.cells else ""
    return f"Đảng bộ tiền thân: {units} · Tổ chức cơ sở đảng: {orgs}{cells} · Giai đoạn: {p.text}"


def drilled(state: FilterState, *, unit: str | None = None, org: str | None = None,
            cell: str | None = None) -> FilterState:
    """The state after a click on a predecessor unit's, a grassroots organisation's or a cell's bar: the
    unit alone (organisations outside it dropped), the organisation alone (units kept), or the cell alone
    (its organisation kept); period kept."""
    if cell:
        return FilterState(state.units, state.orgs, state.period, (cell,))
    if org:
        return FilterState(state.units, (org,), state.period)
    if unit:
        return FilterState((unit,), (), state.period)
    return state


ROOT_WORDS = "Toàn Đảng bộ"


def crumbs(state: FilterState, org_names: Mapping[str, str],
           cell_names: Mapping[str, str] | None = None) -> list[tuple[str, FilterState]]:
    """The way back from a state, as a breadcrumb: Toàn Đảng bộ › units › organisations › cells, each
    level with the state it stands for (the last is the state itself)."""
    out = [(ROOT_WORDS, FilterState((), (), state.period))]
    if state.units:
        out.append((", ".join(config.PREDECESSOR_BY_ID[u].short for u in state.units if u in
                              config.PREDECESSOR_BY_ID), FilterState(state.units, (), state.period)))
    if state.orgs:
        out.append((", ".join(org_names.get(o, o) for o in state.orgs), replace(state, cells=())))
    if state.cells:
        out.append((", ".join((cell_names or {}).get(c, c) for c in state.cells), state))
    return out
