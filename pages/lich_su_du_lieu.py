"""Lịch sử dữ liệu (roles with the data capability): every snapshot with when, by whom and from what;
two compared; an earlier one published again with a reason (rollback)."""
import pandas as pd
import streamlit as st

from dangbo import config, fmt, store
from dangbo.access.roles import DATA
from dangbo.ingest import workflow
from dangbo.ui import compare, shown_table, signin

signed = signin.require(DATA, "Văn phòng Đảng ủy (vai trò van-phong) và quản trị hệ thống")
st.title("Lịch sử dữ liệu")
st.caption("Mỗi lần nhập hay công bố tạo một bản dữ liệu mới, không sửa bản cũ. Quy tắc giữ lại: bản đang công bố, "
           "bản công bố trước đó và 10 bản mới nhất (python -m dangbo.snapshots prune).")
snaps = workflow.history()
st.dataframe(shown_table(pd.DataFrame([{
    "Bản dữ liệu": s["id"], "Đang công bố": "✓" if s["published"] else "",
    "Tạo lúc (UTC)": fmt.moment(s["created_at"]), "Số liệu đến (mới nhất)": fmt.day(s["as_of"]),
    "Ngày số liệu của lần nhập": fmt.day(s["import_as_of"]), "Nguồn": s["source"],
    "Công bố lần đầu": (fmt.moment(s["first_published"]["time"]) + " bởi " + (s["first_published"]["by"] or "?"))
    if s["first_published"] else "",
    "Đảng viên (dòng)": s["members"]} for s in snaps])), hide_index=True, width="stretch", key="history-table")
ids = [s["id"] for s in snaps]
current = next((s["id"] for s in snaps if s["published"]), None)
if len(ids) >= 2:
    st.subheader("So sánh hai bản")
    c = st.columns(2)
    a = c[0].selectbox("Bản trước", ids, index=1, key="history-a")
    b = c[1].selectbox("Bản sau", ids, index=0, key="history-b")
    if a != b:
        rows, heads, _ = compare(a, b, str(config.data_dir())).labelled("Bản trước", "Bản sau")
        st.dataframe(shown_table(rows), hide_index=True, key="history-rows")
        st.dataframe(shown_table(heads), hide_index=True, key="history-headlines")
    st.subheader("Công bố lại một bản trước (quay lại)")
    with st.form("rollback"):
        target = st.selectbox("Bản dữ liệu", [i for i in ids if i != current], key="rollback-id")
        reason = st.text_input("Lý do (bắt buộc)", key="rollback-reason")
        if st.form_submit_button("Công bố lại bản này", type="primary", key="rollback-submit"):
            try:
                workflow.republish(target, by=signed.account.username, role=signed.account.role, reason=reason,
                                   audit=signin.audit())
            except (workflow.ReasonMissing, store.SnapshotError) as e:
                st.error(str(e))
            else:
                st.success(f"Đã công bố lại {target}.")
