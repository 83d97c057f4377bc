"""The action programme for a page: the report store, the items and quotas of the account's scope with
their status on today's date, the committee's totals (counts only), and the report and edit forms."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from .. import config, fmt
from ..access import accounts
from ..outputs.programme import period_words, programme_view
from ..programme import reports as _reports
from ..programme import tracking
from ..query.scope import Scope
from . import signin
from .data import cached, derived


@st.cache_resource(show_spinner=False)
def _report_store(path: str, url: str) -> _reports.ReportStore:
    return _reports.ReportStore(path, url or None)


def report_store() -> _reports.ReportStore:
    """The reports' store (beside the accounts): one per process and location; every call reads the
    database, so a report another replica kept is seen at once."""
    return _report_store(*accounts.location())


def today() -> date:
    """Deadlines pass on the calendar, whatever the data's date."""
    return date.today()


def stored_reports() -> pd.DataFrame:
    with signin.store_guard("reading the programme's reports"):
        return report_store().frame()


def followed(db, scope: Scope, on: date | None = None) -> tracking.Followed:
    """The scope's items with their status on `on`: the reports are read on every run (any unit may add
    one at any moment, on any replica) and are part of the key, so the status is computed once per
    snapshot, scope, day and set of reports for every session."""
    return derived(tracking.follow, db, scope, stored_reports(), on or today())


def view(ctx, on: date, visible: tuple[str, ...], stored: pd.DataFrame):
    """The page Nhiệm vụ nghị quyết's frames and status (outputs.programme.programme_view) with the reports
    `stored` read on this run, once per snapshot, scope, day, reports and filters' words for every session
    (whoever views it: its document gets the viewer when it is made, PageView.official_buttons)."""
    return derived(programme_view, ctx.db, ctx.scope, stored, on, visible, ctx.filter_words, ctx.as_of, ctx.oldest)


def committee_counts(db, scope: Scope, on: date | None = None, stored: pd.DataFrame | None = None) -> dict[str, int]:
    """Counts of the committee's items by status; `stored`: the reports already read on this run."""
    return derived(tracking.committee_counts, db, scope, stored_reports() if stored is None else stored,
                   on or today())


def quotas(db, scope: Scope, on: date | None = None) -> tracking.Quotas:
    visible = db.grant.confine(scope).orgs
    return derived(tracking.follow_quotas, db, scope, on or today(), visible)


def everything(db, as_of: date) -> Scope:
    """Every unit and organisation the account may see, over the current term to `as_of` (a page without
    the sidebar's filters)."""
    rows = cached(db, "grassroots_orgs_by_unit", Scope(config.PREDECESSOR_IDS, (), date(2020, 1, 1), date(2020, 1, 1)))
    return Scope(config.PREDECESSOR_IDS, tuple(sorted(set(rows.grassroots_id))), config.CURRENT_TERM.starts_on, as_of)


def report_form(signed: signin.Signed, items: pd.DataFrame) -> None:
    """The form a lead unit reports with: its item, the period, the date, the percent, a note and the
    evidence (a file within the limit, or a document's number and date)."""
    mine = _reports.reportable(signed.account, items)
    if mine.empty:
        st.info("Tài khoản này chưa chủ trì công việc nào của chương trình hành động.")
        return
    labels = {r.item_id: f"{r.item_id} · {fmt.clip(r.title, 90)}" + (" (demo)" if r.is_demo else "")
              for r in mine.itertuples(index=False)}
    item_id = st.selectbox("Công việc", list(labels), format_func=labels.get, key="rp-item")
    item = mine[mine.item_id == item_id].iloc[0].to_dict()
    from .. import schedule as plan
    occ = plan.occurrences(item_id, item["recurrence"], plan.as_day(item["starts_on"]), plan.as_day(item["due_on"]))
    started = [o for o in occ if o.starts_on <= today()] or occ[:1]
    current = next((o.period for o in started if o.starts_on <= today() <= o.due_on), started[-1].period)
    periods = [o.period for o in started]
    with st.form("rp-form", clear_on_submit=True, border=True):
        period = st.selectbox("Kỳ báo cáo", periods, index=periods.index(current), format_func=period_words,
                              key="rp-period")
        on = st.date_input("Ngày báo cáo", value=today(), max_value=today(), format="DD/MM/YYYY", key="rp-date")
        pct = st.slider("Tiến độ (%)", 0, 100, int(item.get("percent") or 0), step=5, key="rp-pct")
        note = st.text_area("Kết quả, khó khăn (ghi chú)", max_chars=_reports.MAX_NOTE, key="rp-note")
        doc_ref = st.text_input("Số, ngày văn bản minh chứng", max_chars=_reports.MAX_DOC_REF, key="rp-doc",
                                placeholder="Ví dụ: Báo cáo số 15-BC/ĐU ngày 20/11/2026")
        up = st.file_uploader(f"Tệp minh chứng (tối đa {_reports.MAX_EVIDENCE_BYTES // 2**20} MB: "
                              f"{', '.join(_reports.EVIDENCE_TYPES)})", key="rp-file",
                              type=[t.lstrip(".") for t in _reports.EVIDENCE_TYPES],
                              max_upload_size=_reports.MAX_EVIDENCE_BYTES // 2**20)
        sent = st.form_submit_button("Gửi báo cáo", type="primary")
    if not sent:
        return
    evidence = _reports.Evidence(up.name, up.getvalue()) if up is not None else None
    acc = signed.account
    try:
        with signin.store_guard("keeping a progress report"):
            row = report_store().add(acc, item, period=period, reported_on=on, percent=int(pct), note=note,
                                     doc_ref=doc_ref, evidence=evidence, today=today())
            signin.audit().append(acc.username, acc.role, "report", item=item_id, period=period, percent=int(pct),
                                  report=row["report_id"], evidence=row["evidence_name"] or row["doc_ref"])
    except _reports.ReportError as e:
        st.error(str(e))
        return
    st.success(f"Đã ghi báo cáo {item_id} ({period_words(period)}: {pct}%) lúc "
               f"{fmt.moment(pd.Timestamp.fromtimestamp(row['at'], tz='UTC').isoformat())}.")


def evidence_download(signed: signin.Signed, reports: pd.DataFrame, page: str, filters: str) -> None:
    """A report's evidence file, chosen from the reports shown (those of items the account sees)."""
    from .page import download
    files = reports[reports.evidence_name.notna() & ~reports.is_demo.astype(bool)] if len(reports) else reports
    if files.empty:
        return
    labels = {r.report_id: f"{r.item_id} · {period_words(r.period)} · {fmt.day(r.reported_on)} · {r.evidence_name}"
              for r in files.iloc[::-1].itertuples(index=False)}
    rid = st.selectbox("Tệp minh chứng của báo cáo", list(labels), format_func=labels.get, key=f"{page}-evidence")
    name = files.loc[files.report_id == rid, "evidence_name"].iloc[0]

    def make() -> bytes:
        ev = report_store().evidence(rid)
        return ev.data if ev else b""
    download(st, "⬇ Tải tệp minh chứng", make, name, "application/octet-stream", key=f"{page}-evidence-dl",
             signed=signed, page=page, filters=filters, rows=1, kind="evidence")


def _published(doing: str, edit):
    """An office edit (dangbo.ingest.edits) run and published: its import result, or None after the page
    said why not (another import under way, a snapshot problem, or the checks' problems by column)."""
    from ..ingest.publish import ImportBusy
    from ..store import SnapshotError
    try:
        with signin.store_guard(doing):
            upload, result = edit()
    except (ImportBusy, SnapshotError, ValueError) as e:
        st.error(str(e))
        return None
    if result is None:
        st.error("Chưa lưu: " + "; ".join(f"{p.column}: {p.value} — {p.expected}" if p.value else
                                         f"{p.column}: {p.expected}" for p in upload.problems))
    return result


def item_form(signed: signin.Signed, items: pd.DataFrame, cat, names: dict[str, str], parents: dict[str, str]) -> None:
    """The office adds, changes or removes an item of the programme (published as an import). `names`:
    unit code -> name; `parents`: task, breakthrough, solution or target code -> its title."""
    from ..ingest import edits
    real = items[~items.is_demo.astype(bool)] if len(items) else items
    if len(items) and real.empty:
        st.info("Chương trình hiện là dữ liệu mẫu (demo): công việc đầu tiên được lưu sẽ thay toàn bộ chương trình "
                "mẫu (các báo cáo mẫu không còn hiển thị).")
    choice = st.selectbox("Công việc", ["(thêm mới)", *real.item_id], key="ed-item")
    cur = real[real.item_id == choice].iloc[0].to_dict() if choice != "(thêm mới)" else {}
    units, codes = list(cat.lists["programme_units"]), list(cat.lists["programme_parents"])
    unit_words = lambda u: f"{names.get(u, u)} ({u})"  # noqa: E731
    inds = ["", *cat.lists["current_indicators"]]
    rec = list(config.RECURRENCE_WORDS)
    with st.form("ed-form", border=True):
        item_id = st.text_input("Mã công việc", value=cur.get("item_id", ""), disabled=bool(cur), key="ed-id")
        parent = st.selectbox("Thuộc", codes, index=codes.index(cur["parent_id"]) if cur.get("parent_id") in codes
                              else 0, key="ed-parent", format_func=lambda c: f"{c} · {fmt.clip(parents.get(c, ''), 90)}")
        title = st.text_area("Nội dung công việc", value=cur.get("title", ""), max_chars=500, key="ed-title")
        lead = st.selectbox("Đơn vị chủ trì", units, index=units.index(cur["lead_id"]) if cur.get("lead_id") in units
                            else 0, key="ed-lead", format_func=unit_words)
        support = st.multiselect("Đơn vị phối hợp", units, default=[u for u in (cur.get("support_ids") or "").split(", ")
                                                                      if u in units], key="ed-support",
                                 format_func=unit_words, placeholder="Không có")
        c = st.columns(2)
        start = c[0].date_input("Ngày bắt đầu", value=plan_day(cur.get("starts_on")) or today(), format="DD/MM/YYYY",
                                min_value=config.MERGED_ON, max_value=config.CURRENT_TERM.ends_on, key="ed-start")
        due = c[1].date_input("Thời hạn", value=plan_day(cur.get("due_on")) or today(), format="DD/MM/YYYY",
                              min_value=config.MERGED_ON, max_value=config.CURRENT_TERM.ends_on, key="ed-due")
        recurrence = st.selectbox("Định kỳ", rec, index=rec.index(cur.get("recurrence", "once")),
                                  format_func=config.RECURRENCE_WORDS.get, key="ed-rec")
        product = st.selectbox("Sản phẩm", config.PROGRAMME_PRODUCTS, index=config.PROGRAMME_PRODUCTS.index(
            cur["product"]) if cur.get("product") in config.PROGRAMME_PRODUCTS else 0, key="ed-product")
        ind = cur.get("indicator_id") if isinstance(cur.get("indicator_id"), str) else ""
        indicator = st.selectbox("Chỉ tiêu phục vụ", inds, index=inds.index(ind) if ind in inds else 0,
                                 format_func=lambda i: i or "(không)", key="ed-indicator")
        remove = st.checkbox("Xóa công việc này khỏi chương trình", key="ed-remove", disabled=not cur)
        sent = st.form_submit_button("Lưu và công bố", type="primary")
    if not sent:
        return
    row = {"item_id": (cur.get("item_id") or item_id).strip(), "parent_id": parent, "title": title.strip(),
           "lead_id": lead, "support_ids": ", ".join(support), "starts_on": start, "due_on": due,
           "recurrence": config.RECURRENCE_WORDS[recurrence], "product": product, "indicator_id": indicator}
    if not row["item_id"]:
        st.error("Cần ghi mã công việc.")
        return
    acc = signed.account
    result = _published("auditing a programme edit", lambda: edits.save_item(
        items, row, cat, by=acc.username, role=acc.role, audit=signin.audit(), remove=remove))
    if result is None:
        return
    st.success(f"Đã {'xóa' if remove else 'lưu'} công việc {row['item_id']}; bản dữ liệu {result.snapshot_id} đã được "
               "công bố (xem trang Lịch sử dữ liệu).")


def quota_form(signed: signin.Signed, q: tracking.Quotas, cat) -> None:
    """The office sets one organisation's quota for a target and a year, with the reason."""
    from ..ingest import edits
    inds = list(cat.lists["quota_indicators"])
    if not inds:
        return
    labels = dict(zip(q.targets.indicator_id, q.targets.label, strict=True))
    c = st.columns(3)
    ind = c[0].selectbox("Chỉ tiêu", inds, format_func=lambda i: f"{i} · {labels.get(i, '')}", key="qa-ind")
    orgs = list(cat.lists["grassroots"])
    org = c[1].selectbox("Tổ chức cơ sở đảng", orgs, format_func=lambda o: q.names.get(o, o), key="qa-org")
    years = list(range(config.CURRENT_TERM.starts_on.year, config.CURRENT_TERM.ends_on.year + 1))
    year = c[2].selectbox("Năm", years, index=years.index(min(max(today().year, years[0]), years[-1])), key="qa-year")
    now = q.assigned[(q.assigned.indicator_id == ind) & (q.assigned.grassroots_id == org) & (q.assigned.year == year)]
    if len(now):
        r = now.iloc[0]
        st.caption(f"Đề xuất theo quy tắc: {fmt.smart(r.proposed)}; đang giao: {fmt.smart(r.quota)}"
                   + (f" (đã điều chỉnh: {r.reason})" if r.adjusted else "") + ".")
    with st.form("qa-form", border=True):
        value = st.number_input("Chỉ tiêu giao", min_value=0.0, max_value=10_000.0,
                                value=float(now.quota.iloc[0]) if len(now) else 0.0, step=1.0, key="qa-value")
        reason = st.text_input("Lý do điều chỉnh (bắt buộc)", max_chars=300, key="qa-reason")
        sent = st.form_submit_button("Lưu và công bố", type="primary")
    if not sent:
        return
    acc = signed.account
    result = _published("auditing a quota adjustment", lambda: edits.adjust_quota(
        {"indicator_id": ind, "grassroots_id": org, "year": year, "quota": value, "reason": reason.strip()}, cat,
        by=acc.username, role=acc.role, audit=signin.audit()))
    if result is None:
        return
    st.success(f"Đã giao {ind} cho {q.names.get(org, org)} năm {year}: {fmt.smart(value)}; bản dữ liệu "
               f"{result.snapshot_id} đã được công bố.")


def plan_day(x) -> date | None:
    from .. import schedule as plan
    return None if x is None or fmt.missing(x) else plan.as_day(x)


def unit_names(q: tracking.Quotas) -> dict[str, str]:
    """Lead and supporting units' names: the grassroots organisations', and the committee's office."""
    return {config.COMMITTEE: "Cơ quan Đảng ủy các cơ quan Đảng thành phố", **q.names}


def parent_titles(db, scope: Scope) -> dict[str, str]:
    """What an item may carry out: the tasks, breakthroughs and solutions, and the 2025-2030 targets."""
    tasks = cached(db, "resolution_items", scope)
    targets = cached(db, "targets", scope, term=config.CURRENT_TERM.id).drop_duplicates("item_id")
    return {**dict(zip(tasks.item_id, tasks.title, strict=True)),
            **{i: f"Chỉ tiêu: {w}" for i, w in zip(targets.item_id, targets.wording, strict=True)}}
