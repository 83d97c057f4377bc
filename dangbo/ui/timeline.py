"""Events on the charts over time: which a view shows (for PageView.chart), and the office's page to
add and remove them (pages/su_kien.py)."""
from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from .. import config, fmt, timeline
from ..access import accounts, database
from . import signin
from .context import Context

log = logging.getLogger("dangbo.ui.timeline")
SCOPE_ALL = "__all__"


@st.cache_resource(show_spinner=False)
def _event_store(path: str, url: str) -> timeline.EventStore:
    return timeline.EventStore(path, url or None)


def event_store() -> timeline.EventStore:
    """One store a process and location (beside the accounts); every call reads the database, so an
    event another replica added is drawn at once."""
    return _event_store(*accounts.location())


def every_event() -> list[timeline.Event]:
    """The published events and the office's; only the published ones (and a line in the server's log)
    when the store cannot be read: a chart is never held up by its marks."""
    try:
        return event_store().events()
    except database.store_errors():
        log.exception("events could not be read; charts show the published ones")
        return list(timeline.PUBLISHED)


def for_view(ctx: Context) -> list[timeline.Event]:
    """The events this view shows (timeline.visible), within its period."""
    return timeline.visible(every_event(), ctx.scope.units, ctx.scope.orgs, tuple(ctx.org_names),
                            ctx.scope.date_from, ctx.scope.date_to)


def scope_words(e_unit: str | None, e_org: str | None, org_names: dict) -> str:
    if e_org:
        return org_names.get(e_org, e_org)
    if e_unit:
        return config.PREDECESSOR_BY_ID[e_unit].short
    return "Toàn Đảng bộ"


def table(org_names: dict) -> pd.DataFrame:
    """Every event, removed ones too, for the office's page and its exports."""
    rows = [{"Ngày": fmt.day(e.on_date), "Sự kiện": e.text, "Phạm vi": scope_words(e.unit_id, e.grassroots_id, org_names),
             "Nguồn": e.source, "Thêm bởi": "(văn bản đã công bố)", "Thêm lúc": "", "Đã bỏ": "", "_id": e.event_id,
             "_on": e.on_date} for e in timeline.PUBLISHED]
    for r in event_store().history().itertuples(index=False):
        rows.append({"Ngày": fmt.day(r.on_date), "Sự kiện": r.text,
                     "Phạm vi": scope_words(r.unit_id, r.grassroots_id, org_names), "Nguồn": "Văn phòng Đảng ủy",
                     "Thêm bởi": r.username, "Thêm lúc": fmt.epoch(r.at),
                     "Đã bỏ": "" if pd.isna(r.removed_at) else f"{fmt.epoch(r.removed_at)} bởi {r.removed_by}",
                     "_id": r.event_id, "_on": r.on_date})
    return pd.DataFrame(rows).sort_values(["_on", "_id"]).reset_index(drop=True)


def add_form(signed: signin.Signed, org_names: dict) -> None:
    with st.form("event-add", clear_on_submit=True):
        st.markdown("**Thêm sự kiện**")
        c = st.columns([1, 2, 1])
        on = c[0].date_input("Ngày", value=None, min_value=timeline.events.EARLIEST, max_value=timeline.events.LATEST,
                             format="DD/MM/YYYY", key="event-date")
        text = c[1].text_input(f"Nội dung (tối đa {timeline.events.MAX_TEXT} ký tự)", key="event-text",
                               max_chars=timeline.events.MAX_TEXT)
        scopes = [SCOPE_ALL, *config.PREDECESSOR_IDS, *sorted(org_names, key=lambda o: org_names[o])]
        where = c[2].selectbox("Phạm vi", scopes, key="event-scope", format_func=lambda s: (
            "Toàn Đảng bộ" if s == SCOPE_ALL else config.PREDECESSOR_BY_ID[s].short if s in config.PREDECESSOR_IDS
            else org_names[s]))
        if st.form_submit_button("Thêm", type="primary"):
            try:
                if on is None:
                    raise timeline.EventError("Chọn ngày của sự kiện.")
                e = event_store().add(signed.account, on, text,
                                      unit_id=where if where in config.PREDECESSOR_IDS else None,
                                      grassroots_id=where if where in org_names else None, known_orgs=tuple(org_names))
                signin.audit().append(signed.account.username, signed.account.role, "event_added", event=e.event_id,
                                      on_date=on.isoformat(), text=e.text, unit=e.unit_id, org=e.grassroots_id)
                st.success(f"Đã thêm sự kiện “{e.text}” ngày {fmt.day(on)}: từ nay hiện trên các biểu đồ theo thời "
                           "gian có ngày này.")
            except timeline.EventError as err:
                st.error(str(err))


def remove_form(signed: signin.Signed, org_names: dict) -> None:
    """The office's added events still shown, one to remove (the published ones cannot be)."""
    live = [e for e in event_store().events() if e not in timeline.PUBLISHED]
    if not live:
        return
    with st.form("event-remove"):
        st.markdown("**Bỏ một sự kiện** (dòng vẫn được giữ trong lịch sử, ghi ai bỏ và lúc nào)")
        labels = {e.event_id: f"{fmt.day(e.on_date)} · {e.text} · {scope_words(e.unit_id, e.grassroots_id, org_names)}"
                  for e in live}
        chosen = st.selectbox("Sự kiện", list(labels), format_func=labels.get, key="event-remove-id")
        if st.form_submit_button("Bỏ sự kiện"):
            try:
                event_store().remove(signed.account, chosen)
                signin.audit().append(signed.account.username, signed.account.role, "event_removed", event=chosen)
                st.success(f"Đã bỏ sự kiện {labels[chosen]}.")
            except timeline.EventError as err:
                st.error(str(err))



