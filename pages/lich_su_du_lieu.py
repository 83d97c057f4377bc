"""Lịch sử dữ liệu (roles with the data capability): every snapshot with when, by whom and from what;
two compared; an earlier one published again with a reason (rollback)."""
import pandas as pd
import streamlit as st

from dangbo import config, fmt, store
from dangbo.access.roles import DATA
from dangbo.ui import compare, shown_table, signin

signed = signin.require(DATA, "Văn phòng Đảng ủy (vai trò van-phong) và quản trị hệ thống")
st.title("Lịch sử dữ liệu")
st.caption("Mỗi lần nhập hay công bố tạo một bản dữ liệu mới, không sửa bản cũ. Quy tắc giữ lại: bản đang công bố, "
           "bản công bố trước đó và 10 bản mới nhất (python -m dangbo.snapshots prune).")
try:
    current = store.published_id()
except store.SnapshotError:
    current = None
switches = {}
for h in store.history():
    switches.setdefault(h["snapshot"], h)


def _source(s: store.Snapshot) -> str:
    made = s.manifest["made_from"]
    if "import" in made:
        return f"nhập tệp {made['import']['file']} ({made['import']['by']})"
    return "dữ liệu mẫu (demo)" if made.get("demo_records", True) and "generator" in made else "tạo từ nguồn công bố"


snaps = store.snapshots()
table = [{"Bản dữ liệu": s.id, "Đang công bố": "✓" if s.id == current else "",
          "Tạo lúc (UTC)": fmt.moment(s.manifest["created_at"]), "Số liệu đến (mới nhất)": fmt.day(s.as_of),
          "Ngày số liệu của lần nhập": fmt.day(s.manifest["made_from"].get("import", {}).get("as_of")),
          "Nguồn": _source(s), "Công bố lần đầu": (fmt.moment(switches[s.id]["time"]) + " bởi "
                                                   + (switches[s.id]["by"] or "?")) if s.id in switches else "",
          "Đảng viên (dòng)": s.tables["members"]["rows"] if "members" in s.tables else 0} for s in snaps]
st.dataframe(shown_table(pd.DataFrame(table)), hide_index=True, width="stretch",
             key="history-table")
ids = [s.id for s in snaps]
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
            if not reason.strip():
                st.error("Cần ghi lý do quay lại.")
            else:
                try:
                    store.publish(target, by=signed.account.username, reason=reason.strip())
                except store.SnapshotError as e:
                    st.error(str(e))
                else:
                    signin.audit().append(signed.account.username, signed.account.role, "rollback",
                                          snapshot=target, previous=current, reason=reason.strip())
                    st.success(f"Đã công bố lại {target}.")
