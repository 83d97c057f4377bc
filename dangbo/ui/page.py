"""Page scaffolding: the header (title, filters, dates, notices), charts and tables with their
exports, the page PDF; and the one logged path every download goes through."""
from __future__ import annotations

import dataclasses
import functools
from functools import partial

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from .. import config, fmt, vocab, worker
from ..outputs import export, figures, sharing, views
from ..query import filters
from . import signin, timeline
from .context import Context
from .data import run
from .sidebar import choose

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_SHOWN_ROWS = 1000
LIST_EXPORT_ROWS = 100_000      # rows of a list's CSV or XLSX made on click (`PageView.listing`)
WORKER_ROWS = 5_000             # an XLSX of more rows is made in a worker process (`xlsx`)


def logged(make, *, signed: signin.Signed, kind: str, file_name: str, page: str, filters: str,
           rows: int | None = None):
    """The export callable for a download button: it makes the file when clicked and records the
    download in the audit log (who, what, which page and filters, how many rows). Every download of
    the app goes through here, the audit log's own included."""
    acc = signed.account

    def run():
        data = make()
        signin.audit().append(acc.username, acc.role, "export", kind=kind, file=file_name, page=page,
                              filters=filters, rows=rows)
        return data
    return run


def download(container, label: str, make, file_name: str, mime: str, *, key: str, signed: signin.Signed,
             page: str, filters: str, rows: int | None = None, kind: str | None = None, **kw) -> None:
    """A download button whose file is made on click through `logged`."""
    container.download_button(label, logged(make, signed=signed, kind=kind or file_name.rsplit(".", 1)[-1],
                                            file_name=file_name, page=page, filters=filters, rows=rows),
                              file_name, mime, key=key, on_click="ignore", **kw)


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
        self._breadcrumb()
        for n in ctx.notices:
            (st.warning if n.kind == "warning" else st.info)(n.text)
        if uses_demo:
            st.info(ctx.demo_note, icon="ℹ️")
        self._pdf_slot = st.container()

    @functools.cached_property
    def events(self) -> list:
        """The dated events this view shows on its charts over time (dangbo.ui.timeline)."""
        return timeline.for_view(self.ctx)

    def _breadcrumb(self) -> None:
        """The way back up from a narrowed view: Toàn Đảng bộ › units › organisations, each a link."""
        state = self.ctx.state
        if state is None or not (state.units or state.orgs):
            return
        row = st.container(horizontal=True, gap="small", key="breadcrumb", vertical_alignment="center")
        levels = filters.crumbs(state, self.ctx.org_names, self.ctx.cell_names)
        for i, (words, target) in enumerate(levels):
            if i:
                row.markdown("›")
            if i == len(levels) - 1:
                row.markdown(f"**{words}**")
            else:
                row.button(words, key=f"crumb-{i}", type="tertiary", on_click=choose, args=(target,))

    def _drill(self, key: str, fig, drill: str, cells: dict) -> None:
        """A click on a bar of a unit (drill="unit": the trace's name) or an organisation (drill="org": the
        category of a horizontal bar) narrows the filters to it, as if chosen in the sidebar."""
        event = st.session_state.get(key)
        points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else \
            (event.selection.points if event else [])
        if not points or self.ctx.state is None:
            return
        p = points[0]
        if drill == "cell":
            cell = cells.get(p.get("y")) or cells.get(p.get("x"))
            if cell:
                choose(filters.drilled(self.ctx.state, cell=cell))
        elif drill == "org":
            by_name = {n: o for o, n in self.ctx.org_names.items()}
            org = by_name.get(p.get("y") if p.get("y") in by_name else p.get("x"))
            if org:
                choose(filters.drilled(self.ctx.state, org=org))
        else:
            short = fig.data[p.get("curve_number", 0)].name
            unit = next((u.id for u in config.PREDECESSORS if u.short == short), None)
            if unit:
                choose(filters.drilled(self.ctx.state, unit=unit))

    def _audit_view(self) -> None:
        """A page view, with its filters, goes to the audit log once (not on every rerun)."""
        seen = (self.title, self.ctx.description, self.ctx.signed.sid)
        if st.session_state.get("_last_view") != seen:
            acc = self.ctx.signed.account
            with signin.store_guard("auditing a page view"):
                signin.audit().append(acc.username, acc.role, "view", page=self.title, filters=self.ctx.description,
                                      snapshot=self.ctx.db.snapshot.id)
            st.session_state["_last_view"] = seen

    def _download(self, container, label: str, make, file_name: str, mime: str, key: str,
                  rows: int | None = None, **kw) -> None:
        download(container, label, make, file_name, mime, key=key, signed=self.ctx.signed, page=self.title,
                 filters=self.ctx.description, rows=rows, **kw)

    def stamp(self, title: str, demo: bool = True) -> export.Stamp:
        return export.Stamp(title, self.ctx.description, self.ctx.oldest.isoformat(), demo and self.uses_demo,
                            self.ctx.as_of.isoformat() if self.ctx.as_of != self.ctx.oldest else None)

    def _heading(self, title: str, small: bool, empty: bool) -> bool:
        """The block's title; False (and the sentence every empty result gets) when there is no data."""
        if small:
            st.markdown(f"**{title}**")
        else:
            st.subheader(title)
        if empty:
            st.write("Không có dữ liệu cho lựa chọn này.")
            return False
        return True

    def chart(self, key: str, title: str, fig: sharing.SharedFigure, data: pd.DataFrame,
              columns: list[str] | None = None, *,
              demo: bool = True, source: str | None = None, small: bool = False, drill: str | None = None,
              over: str | None = None, cells: dict | None = None, shown: bool = True) -> None:
        """A chart with its title, source line and export buttons (PNG, SVG, CSV, XLSX); `columns`
        (codes, labelled by vocab.LABELS) are the ones the data exports carry. `drill` ("unit" or "org"):
        a click on a bar narrows the filters to that predecessor unit or grassroots organisation. `over`
        ("year" or "day"): a chart over time, on which the view's events are marked (and in its exports).
        `drill="cell"` with `cells` (a bar's label -> the cell's id): a click narrows the view to that cell.
        `fig` is shared by every session (`ui.figure`); this run draws and exports a figure of its own.
        `shown=False` (a tab not selected): nothing is drawn, the chart is in the page PDF all the same."""
        if over:
            fig = sharing.shared(figures.mark_events, fig, tuple(self.events), over)
        if not shown:
            if not data.empty:
                self.doc.blocks.append(export.Block("chart", title, figure=fig.figure()))
            return
        if not self._heading(title, small, data.empty):
            return
        fig = fig.figure()
        stamp = self.stamp(title, demo)
        select = {"on_select": partial(self._drill, key, fig, drill, cells or {}), "selection_mode": "points"} \
            if drill else {}
        st.plotly_chart(fig, key=key, width="stretch", config={
            "displaylogo": False, "locale": "vi",
            "toImageButtonOptions": {"format": "png", "filename": key, "width": 1100, "height": 560, "scale": 2}},
            **select)
        if drill:
            st.caption("Bấm vào một cột để xem riêng " + {"unit": "đảng bộ tiền thân đó.", "org": "tổ chức cơ sở đảng đó.",
                                                           "cell": "chi bộ đó."}[drill])
        if source:
            st.caption(source)
        row = st.container(horizontal=True, gap="small")
        self._download(row, "⬇ PNG", partial(export.image, fig, stamp, "png"), f"{key}.png", "image/png",
                       f"{key}-png", len(data))
        self._download(row, "⬇ SVG", partial(export.image, fig, stamp, "svg"), f"{key}.svg", "image/svg+xml",
                       f"{key}-svg", len(data))
        self._data_buttons(row, key, title, partial(views.labelled, data, columns), stamp, rows=len(data))
        self.doc.blocks.append(export.Block("chart", title, figure=fig))

    def table(self, key: str, title: str, data: pd.DataFrame, columns: list[str] | None = None, *,
              demo: bool = True, source: str | None = None, wrap: bool = False, folded: bool = False,
              paged: int | None = None) -> None:
        """A table with its exports. `columns` as for `chart`; `wrap` shows long texts in full (a
        static table) instead of a grid; `folded` puts a grid, without exports, in a closed expander;
        `paged`: the grid shows this many rows at a time, with a page number (a long list is not sent
        whole with every run; its CSV and XLSX still carry every row)."""
        long = bool(paged) and not folded and len(data) > paged
        t = None if long else prepared(data, columns)      # a long list is cut to its page below, every run
        every = views.labelled(data, columns) if long else t.data
        if folded:
            with st.expander(title, expanded=False):
                st.dataframe(t.grid, hide_index=True, width="stretch", key=key)
                if t.note:
                    st.caption(t.note)
            return
        if not self._heading(title, False, every.empty):
            return
        with st.container(key=f"table-{key}"):          # the table's block, addressable (a grid has no class)
            if long:
                part, note = page_of(every, paged, f"{key}-trang")
                grid = shown_table(part)
                text = grid.set_index(grid.columns[0]) if wrap else None
                head = shown_rows(every)[0]
            else:
                grid, text, note, head = t.grid, t.text, t.note, t.head
            if wrap:
                st.table(text)
            else:
                st.dataframe(grid, key=key, hide_index=True, width="stretch")
            if note:
                st.caption(note)
            if source:
                st.caption(source)
            self._data_buttons(st.container(horizontal=True, gap="small"), key, title, every.copy,
                               self.stamp(title, demo), rows=len(every))
        self.doc.blocks.append(export.Block("table", title, table=head.copy(), note=note))

    def listing(self, key: str, title: str, fetch, total: int, columns: list[str], *, size: int = 50,
                demo: bool = True, source: str | None = None) -> None:
        """A list too long to hold in a run (a national organisation's members): `fetch(limit, offset, run)`
        reads `limit` of its `total` rows from row `offset` with `run` (a named query's runner): the cached
        `ui.run` for the page shown; for the CSV and XLSX, made when clicked outside the script's thread,
        the account's database itself (no Streamlit call), every row up to LIST_EXPORT_ROWS (above it the
        page says so)."""
        if not self._heading(title, False, total == 0):
            return
        with st.container(key=f"table-{key}"):
            pages = -(-total // size)
            n = page_number(pages, f"{key}-trang")
            part = views.labelled(fetch(size, (n - 1) * size, run), columns)
            st.dataframe(shown_table(part), key=key, hide_index=True, width="stretch")
            note = rows_words((n - 1) * size, len(part), total, n, pages, total <= LIST_EXPORT_ROWS)
            st.caption(note)
            if source:
                st.caption(source)
            if total <= LIST_EXPORT_ROWS:
                self._data_buttons(st.container(horizontal=True, gap="small"), key, title,
                                   partial(_every_row, partial(fetch, run=self.ctx.db.run), total, columns),
                                   self.stamp(title, demo), rows=total)
            else:
                st.caption(f"Danh sách có {fmt.number(total)} dòng, quá giới hạn {fmt.number(LIST_EXPORT_ROWS)} dòng "
                           "của một tệp CSV hay XLSX: chọn chi bộ (hoặc ít tổ chức cơ sở đảng hơn) để xuất danh sách.")
        self.doc.blocks.append(export.Block("table", title, table=part, note=note))

    def rules(self, title: str, paragraphs: tuple[str, ...]) -> None:
        """Rules a reader needs to read the page: in a closed expander here, in full in the page PDF."""
        with st.expander(title, expanded=False):
            for para in paragraphs:
                st.markdown(para)
        self.doc.blocks.append(export.Block("text", title, note="\n".join(paragraphs)))

    @staticmethod
    def status_counts(counts: dict[str, int], words: dict[str, str] | None = None,
                      lights: dict[str, str] | None = None) -> None:
        """How many targets (or items) stand at each status, one metric each, with its traffic light."""
        for col, (status, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
            col.metric(f"{(lights or vocab.LIGHT)[status]} {(words or {}).get(status, status)}", n)

    def _data_buttons(self, row, key: str, title: str, data, stamp: export.Stamp, rows: int | None = None) -> None:
        """CSV and XLSX of `data`: a frame, or a callable giving it when the button is clicked."""
        frame = data if callable(data) else (lambda: data)
        rows = len(data) if rows is None else rows
        self._download(row, "⬇ CSV", lambda: export.csv(frame()), f"{key}.csv", "text/csv", f"{key}-csv", rows)
        self._download(row, "⬇ XLSX", lambda: xlsx(title, frame(), stamp), f"{key}.xlsx", XLSX_MIME,
                       f"{key}-xlsx", rows)

    def official_buttons(self, key: str, doc, filename: str, docx_label: str, pdf_label: str) -> None:
        """Word and PDF of an official annex document (dangbo.outputs.official), generated on click. The
        document says what is shown and who is viewing (this run's description): a document prepared once
        for every account (ui.derived) carries only the filters' words."""
        from ..outputs import official
        doc = dataclasses.replace(doc, filters=self.ctx.description)
        row = st.container(horizontal=True, gap="small")
        self._download(row, docx_label, partial(official.docx, doc), f"{filename}.docx", DOCX_MIME, f"{key}-docx",
                       len(doc.rows))
        self._download(row, pdf_label, partial(official.pdf, doc), f"{filename}.pdf", "application/pdf",
                       f"{key}-pdf", len(doc.rows))

    def finish(self) -> None:
        """The page PDF button, placed at the top of the page once every block is known."""
        self._download(self._pdf_slot, "⬇ Tải PDF cả trang", partial(export.pdf, self.doc),
                       f"{self.doc.title}.pdf".replace(" ", "_"), "application/pdf", "page-pdf", type="primary")


def xlsx(title: str, frame: pd.DataFrame, stamp: export.Stamp) -> bytes:
    """A table's XLSX. A long one is written in a worker process (dangbo.worker): openpyxl takes 16 s of the
    interpreter for 100.000 rows, which every other session of the server would wait for. Past the worker's
    limits (DANGBO_EXPORT_SECONDS, DANGBO_EXPORT_MEMORY_MB) the file says so in Vietnamese."""
    if len(frame) <= WORKER_ROWS:
        return export.xlsx({title: frame}, stamp)
    seconds = config.env_number("DANGBO_EXPORT_SECONDS", 300, 1, float)
    memory = config.env_number("DANGBO_EXPORT_MEMORY_MB", 3072, 256)
    try:
        return worker.run("dangbo.outputs.export:xlsx", {title: frame}, stamp, seconds=seconds, memory_mb=memory)
    except worker.Stopped as e:
        why = {"time": f"quá {seconds:g} giây (DANGBO_EXPORT_SECONDS)",
               "memory": f"vượt giới hạn bộ nhớ {memory} MB (DANGBO_EXPORT_MEMORY_MB)"}.get(e.reason, "tiến trình dừng")
        words = (f"Không tạo được tệp XLSX {fmt.number(len(frame))} dòng: {why}. Hãy tải tệp CSV (có đủ các dòng) "
                 "hoặc thu hẹp bộ lọc.")
        return export.xlsx({title: pd.DataFrame({"Thông báo": [words]})}, stamp)


def shown_rows(data: pd.DataFrame, limit: int = MAX_SHOWN_ROWS) -> tuple[pd.DataFrame, str | None]:
    """The rows a page (and its PDF) shows of a table, and the sentence saying so when they are not
    all: a list of every case of a national-scale period is tens of thousands of rows, megabytes sent
    to every viewer for a grid nobody scrolls through. The CSV and XLSX files carry every row."""
    if len(data) <= limit:
        return data, None
    return data.head(limit), (f"Hiển thị {fmt.number(limit)} dòng đầu trong {fmt.number(len(data))} dòng; "
                              f"tệp CSV và XLSX có đủ {fmt.number(len(data))} dòng.")


def page_number(pages: int, key: str) -> int:
    """The page chosen in a page-number box (key); a number past the end (the list got shorter with a
    filter) becomes the last page."""
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = pages
    return int(st.number_input(f"Trang (1 - {fmt.number(pages)})", min_value=1, max_value=pages, step=1, key=key))


def rows_words(first: int, shown: int, total: int, n: int, pages: int, exported: bool = True) -> str:
    """Which rows of a list a page shows (and that its files carry them all, when they do)."""
    return (f"Dòng {fmt.number(first + 1)} - {fmt.number(first + shown)} trong {fmt.number(total)} dòng (trang "
            f"{fmt.number(n)}/{fmt.number(pages)})" + (f"; tệp CSV và XLSX có đủ {fmt.number(total)} dòng."
                                                        if exported else "."))


def page_of(data: pd.DataFrame, size: int, key: str) -> tuple[pd.DataFrame, str]:
    """The rows of the page chosen in a page-number box (key), and the sentence saying which rows they are."""
    pages = -(-len(data) // size)
    n = page_number(pages, key)
    part = data.iloc[(n - 1) * size:n * size]
    return part, rows_words((n - 1) * size, len(part), len(data), n, pages)


def _every_row(fetch, total: int, columns: list[str]) -> pd.DataFrame:
    return views.labelled(fetch(limit=total, offset=0), columns)


@dataclasses.dataclass(frozen=True)
class Shown:
    """A table as the pages show it, shared by every session that shows the same content
    (sharing.TABLES): its frames are read, never changed (files and the page PDF get copies)."""
    data: pd.DataFrame      # labelled, every row: what its CSV and XLSX carry
    head: pd.DataFrame      # the rows shown (`shown_rows`)
    note: str | None        # the sentence saying they are not all
    grid: pa.Table          # the rows shown as a grid shows them (`shown_table`), as Streamlit sends them
    text: pd.DataFrame      # the same as a static table, indexed by its first column


def prepared(data: pd.DataFrame, columns: list[str] | None = None) -> Shown:
    """`data` labelled, cut to the rows shown and formatted: once per content for the whole process (a
    table of a view another leader has seen costs a content key, not the formatting of every cell)."""
    def build() -> Shown:
        labelled = views.labelled(data, columns)
        head, note = shown_rows(labelled)
        shown = shown_table(head)
        text = shown.set_index(shown.columns[0]) if len(shown.columns) else shown
        return Shown(labelled, head, note, dataframe_util.convert_pandas_df_to_arrow_table(shown), text)
    if len(data) > sharing.MAX_SHARED_ROWS:
        return build()
    try:
        key = sharing.content_key("table", data, columns)
    except sharing.Uncacheable:          # a cell holding something without a lossless form: not shared
        return build()
    return sharing.TABLES.get(key, build)


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
