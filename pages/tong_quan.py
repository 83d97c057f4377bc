"""Tổng quan: the committee at a glance, from the published snapshot."""
import streamlit as st

from dangbo import config, fmt, ui
from dangbo.db import Scope

db = ui.open_or_stop()
snap = db.snapshot
st.title(config.COMMITTEE_NAME)
st.caption(f"Số liệu đến ngày {fmt.day(snap.as_of)} · bản dữ liệu {snap.id}")
st.info(ui.DEMO_NOTICE, icon="ℹ️")
term = config.TERM_BY_ID["2020-2025"]
orgs = tuple(ui.run("grassroots_orgs", Scope(config.PREDECESSOR_IDS, (), term.starts_on, term.ends_on)).grassroots_id)
s = ui.run("snapshot_summary", Scope(config.PREDECESSOR_IDS, orgs, term.starts_on, term.ends_on)).iloc[0]
cols = st.columns(4)
cols[0].metric("Tổ chức cơ sở đảng", fmt.number(s.grassroots))
cols[1].metric("Chi bộ", fmt.number(s.cells))
cols[2].metric("Đảng viên (30/6/2025, demo)", fmt.number(s.members))
cols[3].metric("Kết nạp 2020 - 2025", fmt.number(s.admissions))
