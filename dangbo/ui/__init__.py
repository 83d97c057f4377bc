"""Streamlit glue shared by app.py and the pages: the cached database, cached named queries and
the messages a page shows when data cannot be read. Pages import this; nothing here draws charts.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from .. import config, fmt, store, vocab
from ..outputs import export, views
from ..query import filters
from ..query.runner import Confined, Database, QueryError
from ..query.scope import Scope
from ..store.dates import DataDates
from . import signin
from .registry import DASHBOARD, HOME, PAGES

DEMO_NOTICE = ("Dữ liệu mẫu (demo): hồ sơ đảng viên, ứng viên, xếp loại, kỷ luật, đơn thư và kiểm tra "
               "là dữ liệu giả lập, không phải của người thật; chỉ các số liệu ghi nguồn là số liệu công bố.")


@st.cache_resource(show_spinner=False, max_entries=4)
def _database(snapshot_id: str, root: str, fingerprint: tuple) -> Database:  # noqa: ARG001 - the cache key
    return Database(store.open_snapshot(snapshot_id, root=root))


def database() -> Database:
    """The published snapshot's database; re-verified whenever the pointer or a file changes."""
    root = config.data_dir()
    snap = store.open_snapshot(root=root)
    return _database(snap.id, str(root), snap.fingerprint())


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _run(snapshot_id: str, fingerprint: tuple, name: str, scope_key: tuple,  # noqa: ARG001 - the cache key
         _scope: Scope, params: tuple, _db: Confined) -> pd.DataFrame:
    # Keyed by snapshot, file fingerprint, query, scope key and parameters (underscored ones are not hashed).
    return _db.run(name, _scope, **dict(params))


def _cached(db: Confined, name: str, scope: Scope, **params) -> pd.DataFrame:
    scope = db.confine(name, scope)            # the account's grant first; the cache key is what runs
    return _run(db.snapshot.id, db.fingerprint, name, scope.key(), scope, tuple(sorted(params.items())), db)


def run(name: str, scope: Scope, **params) -> pd.DataFrame:
    """A named query's small result for the signed-in account, cached by snapshot, query, confined
    scope and parameters. Uses the database the sidebar opened for this script run."""
    return _cached(context().db, name, scope, **params)


@st.cache_data(show_spinner=False, max_entries=16)
def compare(before_id: str, after_id: str, root: str):
    """What changed between two snapshots (dangbo.ingest.preview); snapshots never change, so the
    ids (and the data folder) are the whole cache key and a rerun computes nothing again."""
    from ..ingest import preview
    return preview.preview(before_id, after_id, root=root)


@st.cache_resource(show_spinner=False, max_entries=4)     # read-only, and it looks members up in its database
def _catalog(snapshot_id: str, root: str, fingerprint: tuple):
    from ..ingest.spec import catalog
    return catalog(_database(snapshot_id, root, fingerprint))


def import_catalog():
    """The import code lists of the published snapshot, read once per snapshot, not once per rerun."""
    db = open_or_stop()
    return _catalog(db.snapshot.id, str(config.data_dir()), db.fingerprint)


DATA_ERRORS = (store.SnapshotError, QueryError)


def _show(error: Exception) -> None:
    st.error(f"Không thể hiển thị số liệu. {error}")     # values from outside are fmt.code spans


@contextmanager
def data_errors():
    """A snapshot or query problem while a page draws becomes a Vietnamese message, not a traceback."""
    try:
        yield
    except DATA_ERRORS as e:
        _show(e)


def open_or_stop() -> Database:
    """The database, or a Vietnamese error on the page and nothing more (never a traceback)."""
    try:
        return database()
    except DATA_ERRORS as e:
        _show(e)
        st.stop()


# ---------------------------------------------------------------- navigation

def navigation(signed):
    """st.navigation over the pages of the registry the signed-in account's role may see (with
    nobody signed in: every page, hidden, so that the page asked for is kept through the sign-in).

    The home page is served at "/" (Streamlit ignores a default page's url_path); a hidden alias
    answers at its own URL and sends the reader, filters kept, to "/"."""
    sections, home = {}, None
    for spec in [p for p in PAGES if signed is None or signed.account.can(p.needs)]:
        # The home page's url_path is never a URL (a default page is served at "/"), but it names
        # the page internally; it must not be a file name of pages/, which Streamlit's legacy
        # multipage mode (still used by AppTest between runs) would resolve to the bare page file.
        page = st.Page(spec.file, title=spec.title, default=True, url_path="trang-chu") if spec is HOME else \
            st.Page(spec.file, title=spec.title, url_path=spec.url)
        home = home or page
        sections.setdefault(spec.section, []).append(page)
    sections[HOME.section].append(st.Page(
        lambda: st.switch_page(home, query_params=st.query_params.to_dict()), title=HOME.title,
        url_path=HOME.url, visibility="hidden"))
    return st.navigation(sections, position="sidebar" if signed else "hidden")


def uses_data(page) -> bool:
    """Whether a page shows figures (and so needs the snapshot and the filters)."""
    return page.title in {p.title for p in DASHBOARD}


# ---------------------------------------------------------------- filters in the sidebar

@dataclass
class Context:
    """What a page needs: the account, its confined database, the resolved scope, the words for it."""
    signed: signin.Signed
    db: Confined
    scope: Scope
    description: str
    as_of: date          # the day figures are counted to: the newest date of the organisations shown
    org_names: dict
    demo: bool          # what this view shows holds generated (demo) records
    notices: tuple[str, ...] = ()       # what was wrong with the URL, said once on the first page
    demo_note: str = DEMO_NOTICE        # what is demo: every record, some organisations, the reported values
    dates: DataDates | None = None      # the organisations' own dates (store.dates); oldest = "số liệu đến ngày"

    @property
    def oldest(self) -> date:
        return self.dates.oldest if self.dates else self.as_of


def _org_index(db: Confined) -> tuple[dict, dict]:
    all_units = Scope(config.PREDECESSOR_IDS, (), date(2020, 1, 1), date(2020, 1, 1))
    rows = _cached(db, "grassroots_orgs_by_unit", all_units)
    by_unit = {u: set(rows[rows.predecessor_id == u].grassroots_id) for u in config.PREDECESSOR_IDS}
    names = dict(zip(rows.grassroots_id, rows.name, strict=False))
    return by_unit, names


_CTX = "_ctx"


def sidebar(signed: signin.Signed) -> Context:
    """Render the filters (on every page, from app.py) over what the account may see, keep them in the
    widgets' state and the URL, and make this run's page context (`context()`)."""
    st.session_state.pop(_CTX, None)
    grant = signed.account.grant
    db = Confined(open_or_stop(), grant)
    every, names = _org_index(db)
    by_unit = {u: {o for o in every[u] if grant.allows_org(o)} for u in every if grant.allows_unit(u)}
    by_unit = {u: orgs for u, orgs in by_unit.items() if orgs}
    as_of = db.snapshot.dates(set().union(*by_unit.values())).newest     # the periods offered end here
    ss = st.session_state
    given = {k: st.query_params.get_all(k) for k in st.query_params}
    notices = []
    if "f_units" not in ss:
        state, notices = filters.from_query({k: v for k, v in given.items() if k != Q_AUTO}, by_unit, as_of)
        ss.f_units, ss.f_orgs, ss.f_period = list(state.units), list(state.orgs), state.period
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
        period = st.selectbox("Giai đoạn", list(periods), key="f_period", format_func=lambda k: periods[k].label)
        state = filters.FilterState(tuple(units), tuple(orgs), period)
        scope = filters.scope(state, by_unit, as_of)
        dates = db.snapshot.dates(scope.orgs)
        shown = fmt.day(dates.oldest) + (f" - {fmt.day(dates.newest)}" if dates.newest != dates.oldest else "")
        st.caption(f"Số liệu đến ngày {shown} · bản dữ liệu `{db.snapshot.id}`")
        auto = st.toggle("Tự cập nhật khi có dữ liệu mới", key="f_auto",
                         help=f"Cho màn hình trình chiếu: cứ {refresh_seconds()} giây xem có bản dữ liệu mới "
                              "không; chỉ vẽ lại trang khi có.")
        if auto:
            _watch(db.snapshot.id)
    _follow(db.snapshot, dates, names)
    wanted = filters.to_query(state) | ({Q_AUTO: "1"} if auto else {})
    if given != {k: [v] for k, v in wanted.items()}:
        st.query_params.from_dict(wanted)       # the URL says what is shown, each parameter once
    # Counted up to the newest date of the organisations shown: no record of one is dated after its own.
    scope = scope.within(scope.date_from, max(scope.date_from, min(scope.date_to, dates.newest)))
    demo, note = demo_note(db.snapshot, set(scope.orgs or set().union(*by_unit.values())), names)
    description = (f"{filters.describe(state, names, as_of, ends_on=scope.date_to)} · Người xem: "
                   f"{signed.account.username} ({signed.account.role_label})")
    ctx = Context(signed, db, scope, description, dates.newest, names, demo, tuple(notices), note, dates)
    ss[_CTX] = ctx
    return ctx


Q_AUTO = "tudong"      # URL parameter: 1 = follow new snapshots without a click (wall displays)


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


RECORD_TABLES = ("members", "candidates", "member_ratings", "org_ratings", "discipline_cases", "letters",
                 "inspections")


def demo_note(snapshot, orgs: set[str], names: dict) -> tuple[bool, str]:
    """Whether what a view shows (the organisations `orgs`) holds demo data, and the notice saying
    which: every record, the organisations still demo, or only the reported target values."""
    values_demo = "indicator_values" in snapshot.tables and snapshot.is_demo("indicator_values")
    demo_orgs: set[str] | None = set()
    for table in RECORD_TABLES:
        if table in snapshot.tables and snapshot.is_demo(table):
            units = snapshot.demo_units(table)
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


def _named(orgs: dict[str, date], names: dict, limit: int = 8) -> str:
    items = [f"{names.get(o, o)} (đến {fmt.day(d)})" for o, d in orgs.items()]
    return "; ".join(items[:limit]) + (f" và {len(items) - limit} tổ chức khác" if len(items) > limit else "")


def _follow(snapshot, dates: DataDates, names: dict) -> None:
    """A session open when a new snapshot is published says so on its next run; old data is flagged,
    by organisation."""
    seen = st.session_state.get("_seen_snapshot")
    if seen and seen != snapshot.id:
        switch = next((h for h in reversed(store.history()) if h["snapshot"] == snapshot.id), None)
        when = fmt.moment(switch["time"]) + " (UTC)" if switch else "vừa rồi"
        st.info(f"Dữ liệu đã cập nhật lúc {when}: đang hiển thị bản dữ liệu {snapshot.id}.")
    st.session_state["_seen_snapshot"] = snapshot.id
    age = (date.today() - dates.oldest).days
    if age > stale_days():
        old = {o: d for o, d in dates.by_org.items() if (date.today() - d).days > stale_days()}
        which = f" Các tổ chức có số liệu cũ: {_named(old, names)}." if len(dates.by_org) > 1 else ""
        st.warning(f"Số liệu đã cũ: đến ngày {fmt.day(dates.oldest)}, cách đây {age} ngày (quá {stale_days()} ngày)."
                   + which)
    behind = dates.behind(config.lag_days())
    if behind:
        st.info(f"Số liệu của {len(behind)} tổ chức cơ sở đảng cũ hơn ngày mới nhất ({fmt.day(dates.newest)}) quá "
                f"{config.lag_days()} ngày: {_named(behind, names)}. Số liệu chung chỉ đúng đến ngày "
                f"{fmt.day(dates.oldest)} với các tổ chức này.")


def context() -> Context:
    """This run's page context, made by `sidebar()` before the page runs."""
    return st.session_state[_CTX]


# ---------------------------------------------------------------- page scaffolding and exports

class PageView:
    """A page: header with active filters, charts and tables with their exports, and a page PDF."""

    def __init__(self, title: str, ctx: Context, *, uses_demo: bool = True):
        uses_demo = uses_demo and ctx.demo      # a snapshot of real records shows no demo notice
        self.ctx, self.title, self.uses_demo = ctx, title, uses_demo
        self.doc = export.PageDoc(title, self.stamp(title))
        self._audit_view()
        st.title(title)
        later = f"; một số tổ chức đến ngày {fmt.day(ctx.as_of)}" if ctx.as_of != ctx.oldest else ""
        st.caption(f"**Đang xem:** {ctx.description} · số liệu đến ngày {fmt.day(ctx.oldest)} "
                   f"({fmt.age(ctx.oldest)}{later})")
        for n in ctx.notices:
            st.warning(n)
        if uses_demo:
            st.info(ctx.demo_note, icon="ℹ️")
        self._pdf_slot = st.container()

    def _audit_view(self) -> None:
        """A page view, with its filters, goes to the audit log once (not on every rerun)."""
        seen = (self.title, self.ctx.description, self.ctx.signed.sid)
        if st.session_state.get("_last_view") != seen:
            acc = self.ctx.signed.account
            with signin.store_guard("auditing a page view"):
                signin.audit().append(acc.username, acc.role, "view", page=self.title, filters=self.ctx.description,
                                      snapshot=self.ctx.db.snapshot.id)
            st.session_state["_last_view"] = seen

    def _logged(self, make, kind: str, file_name: str, rows: int | None = None):
        """The export callable, recording the download in the audit log when it runs (on click)."""
        acc, description = self.ctx.signed.account, self.ctx.description

        def run():
            data = make()
            signin.audit().append(acc.username, acc.role, "export", kind=kind, file=file_name, page=self.title,
                                  filters=description, rows=rows)
            return data
        return run

    def stamp(self, title: str, demo: bool = True) -> export.Stamp:
        return export.Stamp(title, self.ctx.description, self.ctx.oldest.isoformat(), demo and self.uses_demo,
                            self.ctx.as_of.isoformat() if self.ctx.as_of != self.ctx.oldest else None)

    def _heading(self, title: str, small: bool, data: pd.DataFrame) -> bool:
        """The block's title; False (and the sentence every empty result gets) when there is no data."""
        if small:
            st.markdown(f"**{title}**")
        else:
            st.subheader(title)
        if data.empty:
            st.write("Không có dữ liệu cho lựa chọn này.")
            return False
        return True

    def chart(self, key: str, title: str, fig, data: pd.DataFrame, columns: list[str] | None = None, *,
              demo: bool = True, source: str | None = None, small: bool = False) -> None:
        """A chart with its title, source line and export buttons (PNG, SVG, CSV, XLSX); `columns`
        (codes, labelled by vocab.LABELS) are the ones the data exports carry."""
        if not self._heading(title, small, data):
            return
        data = views.labelled(data, columns)
        stamp = self.stamp(title, demo)
        st.plotly_chart(fig, key=key, width="stretch", config={
            "displaylogo": False, "locale": "vi",
            "toImageButtonOptions": {"format": "png", "filename": key, "width": 1100, "height": 560, "scale": 2}})
        if source:
            st.caption(source)
        row = st.container(horizontal=True, gap="small")
        row.download_button("⬇ PNG", self._logged(partial(export.image, fig, stamp, "png"), "png", f"{key}.png",
                                                  len(data)), f"{key}.png", "image/png", key=f"{key}-png",
                            on_click="ignore")
        row.download_button("⬇ SVG", self._logged(partial(export.image, fig, stamp, "svg"), "svg", f"{key}.svg",
                                                  len(data)), f"{key}.svg", "image/svg+xml", key=f"{key}-svg",
                            on_click="ignore")
        self._data_buttons(row, key, title, data, stamp)
        self.doc.blocks.append(export.Block("chart", title, figure=fig))

    def table(self, key: str, title: str, data: pd.DataFrame, columns: list[str] | None = None, *,
              demo: bool = True, source: str | None = None, wrap: bool = False, folded: bool = False) -> None:
        """A table with its exports. `columns` as for `chart`; `wrap` shows long texts in full (a
        static table) instead of a grid; `folded` puts a grid, without exports, in a closed expander."""
        data = views.labelled(data, columns)
        head, note = shown_rows(data)
        if folded:
            with st.expander(title, expanded=False):
                st.dataframe(shown_table(head), hide_index=True, width="stretch", key=key)
                if note:
                    st.caption(note)
            return
        if not self._heading(title, False, data):
            return
        shown = shown_table(head)
        if wrap:
            st.table(shown.set_index(shown.columns[0]))
        else:
            st.dataframe(shown, key=key, hide_index=True, width="stretch")
        if note:
            st.caption(note)
        if source:
            st.caption(source)
        self._data_buttons(st.container(horizontal=True, gap="small"), key, title, data, self.stamp(title, demo))
        self.doc.blocks.append(export.Block("table", title, table=head, note=note))

    @staticmethod
    def status_counts(counts: dict[str, int], words: dict[str, str] | None = None) -> None:
        """How many targets stand at each status, one metric each, with its traffic light."""
        for col, (status, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
            col.metric(f"{vocab.LIGHT[status]} {(words or {}).get(status, status)}", n)

    def _data_buttons(self, row, key: str, title: str, data: pd.DataFrame, stamp: export.Stamp) -> None:
        row.download_button("⬇ CSV", self._logged(partial(export.csv, data), "csv", f"{key}.csv", len(data)),
                            f"{key}.csv", "text/csv", key=f"{key}-csv", on_click="ignore")
        row.download_button("⬇ XLSX", self._logged(partial(export.xlsx, {title: data}, stamp), "xlsx",
                                                   f"{key}.xlsx", len(data)),
                            f"{key}.xlsx", XLSX_MIME, key=f"{key}-xlsx", on_click="ignore")

    def official_buttons(self, key: str, doc, filename: str, docx_label: str, pdf_label: str) -> None:
        """Word and PDF of an official annex document (dangbo.outputs.official), generated on click."""
        from ..outputs import official
        row = st.container(horizontal=True, gap="small")
        row.download_button(docx_label, self._logged(partial(official.docx, doc), "docx", f"{filename}.docx",
                                                     len(doc.rows)), f"{filename}.docx", DOCX_MIME,
                            key=f"{key}-docx", on_click="ignore")
        row.download_button(pdf_label, self._logged(partial(official.pdf, doc), "pdf", f"{filename}.pdf",
                                                    len(doc.rows)), f"{filename}.pdf", "application/pdf",
                            key=f"{key}-pdf", on_click="ignore")

    def finish(self) -> None:
        """The page PDF button, placed at the top of the page once every block is known."""
        with self._pdf_slot:
            st.download_button("⬇ Tải PDF cả trang", self._logged(partial(export.pdf, self.doc), "pdf",
                                                                 f"{self.doc.title}.pdf"),
                               f"{self.doc.title}.pdf".replace(" ", "_"), "application/pdf",
                               key="page-pdf", on_click="ignore", type="primary")


MAX_SHOWN_ROWS = 1000


def shown_rows(data: pd.DataFrame, limit: int = MAX_SHOWN_ROWS) -> tuple[pd.DataFrame, str | None]:
    """The rows a page (and its PDF) shows of a table, and the sentence saying so when they are not
    all: a list of every case of a national-scale period is tens of thousands of rows, megabytes sent
    to every viewer for a grid nobody scrolls through. The CSV and XLSX files carry every row."""
    if len(data) <= limit:
        return data, None
    return data.head(limit), (f"Hiển thị {fmt.number(limit)} dòng đầu trong {fmt.number(len(data))} dòng; "
                              f"tệp CSV và XLSX có đủ {fmt.number(len(data))} dòng.")


def shown_table(data: pd.DataFrame) -> pd.DataFrame:
    """A table as a page shows it: numbers in the Vietnamese format, missing values as empty cells
    (never "None" or "nan")."""
    shown = data.copy()
    for c in shown.columns:
        col = shown[c]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            shown[c] = col.map(lambda x: "" if fmt.missing(x) else fmt.smart(x))
        else:
            shown[c] = col.astype(object).where(col.notna(), "")
    return shown


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
