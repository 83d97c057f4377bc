"""The briefing on the pages: the overview's one-click button, and the list of past briefings the
account may see."""
from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from .. import fmt
from ..briefing import outbox
from ..briefing.service import make
from . import signin
from .context import Context
from .page import DOCX_MIME, download

LAST = "_briefing"


def button(ctx: Context) -> None:
    """One click: the briefing of what the page shows (scope, as-of date), kept in the outbox."""
    if st.button("Lập báo cáo nhanh (Word và PDF)", key="make-briefing"):
        acc = ctx.signed.account
        with st.spinner("Đang lập báo cáo nhanh..."):
            entry, seconds = make(ctx.db, ctx.scope, ctx.as_of, created_by=acc.username,
                                  description=ctx.description)
        signin.audit().append(acc.username, acc.role, "export", kind="briefing", file=entry.pdf.name,
                              filters=ctx.description, seconds=round(seconds, 1))
        st.session_state[LAST] = str(entry.path)
    path = st.session_state.get(LAST)
    if path:
        entry = next((e for e in outbox.entries() if str(e.path) == path), None)
        if entry:
            downloads(ctx, entry, "last")


def downloads(ctx: Context, entry: outbox.Entry, key: str) -> None:
    """The briefing's two files, read on click (not on every rerun of a page that lists many), each
    download audited through the one logged path."""
    row = st.container(horizontal=True, gap="small")
    common = {"signed": ctx.signed, "page": "Báo cáo nhanh", "filters": entry.meta.get("description", ""),
              "kind": "briefing"}
    download(row, "⬇ Báo cáo nhanh (.docx)", partial(Path.read_bytes, entry.docx), "bao-cao-nhanh.docx", DOCX_MIME,
             key=f"bcn-{key}-docx", **common)
    download(row, "⬇ Báo cáo nhanh (PDF)", partial(Path.read_bytes, entry.pdf), "bao-cao-nhanh.pdf",
             "application/pdf", key=f"bcn-{key}-pdf", **common)


def listing(ctx: Context, limit: int = 30) -> None:
    """The past briefings whose scope lies within the account's grant, newest first."""
    visible = [e for e in outbox.entries() if e.visible_to(ctx.signed.account.grant)][:limit]
    if not visible:
        st.write("Chưa có báo cáo nhanh nào trong phạm vi được xem.")
        return
    for i, e in enumerate(visible):
        m = e.meta
        with st.container(border=True):
            st.markdown(f"**Tính đến ngày {fmt.day(m['as_of'])}** · {m['subject']} · lập lúc "
                        f"{fmt.moment(m['created_at'])} (UTC) bởi {m['created_by']}")
            st.caption(f"{len(m['alerts']) + len(m.get('programme_alerts', []))} vấn đề cần lưu ý; "
                       f"{len(m['changes'])} chỉ tiêu, công việc đổi trạng thái so với "
                       f"lần trước · bản dữ liệu {m['snapshot']}")
            downloads(ctx, e, str(i))
