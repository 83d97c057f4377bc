"""The filters in the sidebar, on every page: predecessor units, grassroots organisations and period,
over what the account may see, kept in the widgets' state and in the URL; and this run's page context."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

import streamlit as st

from .. import config, fmt, store
from ..query import filters
from ..query.runner import Confined
from ..query.scope import Scope
from . import notices
from .context import Context, Notice, set_context
from .data import cached, open_or_stop
from .signin import Signed

Q_AUTO = "tudong"      # URL parameter: 1 = follow new snapshots without a click (wall displays)


def org_index(db: Confined) -> tuple[dict, dict]:
    """The grassroots organisations of each predecessor unit, and every organisation's name."""
    all_units = Scope(config.PREDECESSOR_IDS, (), date(2020, 1, 1), date(2020, 1, 1))
    rows = cached(db, "grassroots_orgs_by_unit", all_units)
    by_unit = {u: set(rows[rows.predecessor_id == u].grassroots_id) for u in config.PREDECESSOR_IDS}
    names = dict(zip(rows.grassroots_id, rows.name, strict=False))
    return by_unit, names


def visible(db: Confined) -> tuple[dict, dict, date]:
    """What `db`'s account may choose: the organisations of each predecessor unit within its grant, every
    organisation's name, and the newest date of those organisations (the periods offered end there)."""
    grant = db.grant
    every, names = org_index(db)
    by_unit = {u: {o for o in every[u] if grant.allows_org(o)} for u in every if grant.allows_unit(u)}
    by_unit = {u: orgs for u, orgs in by_unit.items() if orgs}
    return by_unit, names, db.snapshot.dates(set().union(*by_unit.values())).newest


@dataclass(frozen=True)
class CellIndex:
    """The cells an account may see: each one's organisation and name, and each organisation's cells
    (in the query's order). Read-only mappings: one index serves every session of a snapshot and grant."""
    org_of_cell: Mapping[str, str]
    names: Mapping[str, str]
    by_org: Mapping[str, tuple[str, ...]]


@st.cache_resource(show_spinner=False, max_entries=32)
def _cell_index(snapshot_id: str, version: str, scope_key: tuple, _db: Confined,  # noqa: ARG001 - the key
                _scope: Scope) -> CellIndex:
    rows = cached(_db, "cells_by_org", _scope)
    ids, orgs = rows.cell_id.tolist(), rows.grassroots_id.tolist()
    by_org: dict[str, list[str]] = {}
    for c, o in zip(ids, orgs, strict=True):
        by_org.setdefault(o, []).append(c)
    return CellIndex(MappingProxyType(dict(zip(ids, orgs, strict=True))),
                     MappingProxyType(dict(zip(ids, rows.name.tolist(), strict=True))),
                     MappingProxyType({o: tuple(cs) for o, cs in by_org.items()}))


def cell_index(db: Confined, by_unit: dict) -> CellIndex:
    """The cells of the organisations `by_unit` offers; built once per snapshot and scope, not on every
    run (a national snapshot has hundreds of thousands of cells: 0,5 s a run to rebuild)."""
    scope = db.confine("cells_by_org", Scope(tuple(by_unit), tuple(sorted(set().union(*by_unit.values()))),
                                             date(2020, 1, 1), date(2020, 1, 1)))
    return _cell_index(db.snapshot.id, db.version, scope.key(), db, scope)


def cell_options() -> int:
    """How many cells the "Chi bộ" filter lists at most (DANGBO_CELL_OPTIONS, 1.000): real organisations
    have a few dozen; a national-scale one has tens of thousands, megabytes with every run."""
    return int(config.env_number("DANGBO_CELL_OPTIONS", 1000, 1))


def refresh_seconds() -> int:
    try:
        return max(5, int(os.environ.get("DANGBO_REFRESH_SECONDS", "30")))
    except ValueError:
        return 30


@st.fragment(run_every=refresh_seconds())
def _watch(shown: str) -> None:
    """Reads the pointer (a few bytes) every interval; reruns the page only when it names another snapshot."""
    try:
        current = store.published_id()
    except store.SnapshotError:
        return                  # the next full run says what is wrong
    if current != shown:
        st.rerun()


def sidebar(signed: Signed) -> Context:
    """Render the filters (on every page, from app.py) over what the account may see, keep them in the
    widgets' state and the URL, and make this run's page context (`context()`)."""
    set_context(None)
    grant = signed.account.grant
    db = Confined(open_or_stop(), grant)
    by_unit, names, as_of = visible(db)
    ss = st.session_state
    given = {k: st.query_params.get_all(k) for k in st.query_params}
    url_notices = []
    cells_index = cell_index(db, by_unit)
    org_of_cell, cell_names = cells_index.org_of_cell, cells_index.names
    if "f_units" not in ss:
        state, url_notices = filters.from_query({k: v for k, v in given.items() if k != Q_AUTO}, by_unit, as_of,
                                                org_of_cell)
        ss.f_units, ss.f_orgs, ss.f_period = list(state.units), list(state.orgs), state.period
        ss.f_cells = list(state.cells)
        ss.f_auto = given.get(Q_AUTO, [""])[-1] == "1"
    ss.f_units = [u for u in ss.get("f_units", []) if u in by_unit]      # the grant may have changed
    periods = filters.periods(as_of)
    if ss.get("f_period") not in periods:
        ss.f_period = filters.DEFAULT_PERIOD
    with st.sidebar:
        st.markdown("**Bộ lọc**")
        units = st.multiselect("Đảng bộ tiền thân", list(by_unit), key="f_units",
                               format_func=lambda u: config.PREDECESSOR_BY_ID[u].short, placeholder="Tất cả")
        allowed = sorted(set().union(*(by_unit[u] for u in (units or by_unit))),
                         key=lambda o: names.get(o, o))
        ss.f_orgs = [o for o in ss.get("f_orgs", []) if o in allowed]
        orgs = st.multiselect("Tổ chức cơ sở đảng", allowed, key="f_orgs", format_func=lambda o: names.get(o, o),
                              placeholder="Tất cả")
        # the cells of the organisations chosen (or of the account's, when it has a few): below them
        within = set(orgs or (allowed if signed.account.grant.orgs else ()))
        offered = [c for o, cs in cells_index.by_org.items() if o in within for c in cs]
        ss.f_cells = [c for c in ss.get("f_cells", []) if org_of_cell.get(c) in within]
        limit = cell_options()
        many = len(offered) > limit                    # not sent whole with every run: the chosen ones only
        cells = st.multiselect("Chi bộ", ss.f_cells if many else offered, key="f_cells",
                               format_func=lambda c: cell_names.get(c, c),
                               placeholder=(f"{fmt.number(len(offered))} chi bộ (xem ghi chú)" if many else
                                            "Tất cả" if offered else "Chọn tổ chức cơ sở đảng trước"),
                               disabled=not offered)
        if many:
            st.caption(f"Các tổ chức đã chọn có {fmt.number(len(offered))} chi bộ, quá {fmt.number(limit)} "
                       "để liệt kê ở đây: chọn chi bộ bằng cách bấm vào cột của nó ở biểu đồ “Đảng viên theo chi bộ” "
                       "(trang Đảng viên), hoặc chọn ít tổ chức hơn.")
        period = st.selectbox("Giai đoạn", list(periods), key="f_period", format_func=lambda k: periods[k].label)
        state = filters.FilterState(tuple(units), tuple(orgs), period, tuple(cells))
        scope, dates = filters.scope_and_dates(state, by_unit, as_of, db.snapshot.dates)
        shown = fmt.day(dates.oldest) + (f" - {fmt.day(dates.newest)}" if dates.newest != dates.oldest else "")
        st.caption(f"Số liệu đến ngày {shown} · bản dữ liệu `{db.snapshot.id}`")
        auto = st.toggle("Tự cập nhật khi có dữ liệu mới", key="f_auto",
                         help=f"Cho màn hình trình chiếu: cứ {refresh_seconds()} giây xem có bản dữ liệu mới "
                              "không; chỉ vẽ lại trang khi có.")
        if auto:
            _watch(db.snapshot.id)
    wanted = filters.to_query(state) | ({Q_AUTO: "1"} if auto else {})
    if given != {k: [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)       # the URL says what is shown, each parameter once
    demo, note = notices.demo_note(db.snapshot, set(scope.orgs or set().union(*by_unit.values())), names)
    words = filters.describe(state, names, as_of, ends_on=scope.date_to, grant=grant, cell_names=cell_names)
    shown_notices = (*(Notice("warning", n) for n in url_notices), *notices.freshness(db.snapshot, dates, names),
                     *([Notice("info", CELL_NOTE)] if state.cells else []))
    ctx = Context(signed, db, scope, words, dates.newest, names, demo, shown_notices, note, dates, state,
                  cell_names)
    set_context(ctx)
    return ctx


CELL_NOTE = ("Đang xem theo chi bộ: đảng viên, quần chúng, xếp loại và kỷ luật tính theo chi bộ đã chọn; đơn thư và "
             "kiểm tra, giám sát ghi theo tổ chức cơ sở đảng (không ghi chi bộ) nên là số liệu của cả tổ chức.")


def choose(state: filters.FilterState) -> None:
    """Set the filters to `state` (a breadcrumb's or a chart's click): run as a widget callback, before the
    next run draws the sidebar, so the widgets, the URL and the page follow as if chosen there."""
    st.session_state.f_units, st.session_state.f_orgs = list(state.units), list(state.orgs)
    st.session_state.f_period, st.session_state.f_cells = state.period, list(state.cells)
