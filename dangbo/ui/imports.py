"""The page Nhập dữ liệu's parts: a checked upload (its problems as a table and as the marked
workbook), the staged import kept for this session, the preview, and publishing. The work itself is
dangbo.ingest.workflow's."""
from __future__ import annotations

import hashlib
from functools import partial

import streamlit as st

from .. import config, store
from ..ingest import preview, report, worker, workflow
from ..ingest.publish import ImportBusy, Result
from ..ingest.reader import FileRefused
from ..ingest.validate import AsOfRefused
from . import signin
from .data import compare
from .page import XLSX_MIME, download, shown_table

STAGED = "import-staged"
PAGE = "Nhập dữ liệu"


CHECKED = "import-checked"


def checked(data: bytes, name: str, as_of) -> workflow.Upload:
    """The upload checked whole, in a worker process within the check's limits of time and memory
    (dangbo.ingest.worker), once per file, name, date and published snapshot in this session (a rerun
    does not check it again); a file or a date that cannot be read, or a check stopped at a limit, is a
    message and the run stops."""
    key = (hashlib.sha256(data).hexdigest(), name, as_of, store.published_id())
    kept = st.session_state.get(CHECKED)
    if kept and kept[0] == key:
        return kept[1]
    try:
        with st.spinner("Đang kiểm tra tệp..."):
            upload = worker.check(data, name, as_of, root=config.data_dir())
    except (AsOfRefused, FileRefused, worker.CheckStopped) as e:
        st.error(f"Không đọc được tệp: {e}" if isinstance(e, FileRefused) else str(e))
        st.stop()
    st.session_state[CHECKED] = (key, upload)
    return upload


def problems(upload: workflow.Upload, data: bytes, signed: signin.Signed) -> None:
    st.error(f"Tệp có {len(upload.problems)} lỗi; chưa có gì thay đổi. Sửa các ô được đánh dấu rồi tải lên lại.")
    st.dataframe([{"Sheet": p.sheet, "Dòng": p.row or "", "Cột": p.column, "Giá trị": p.value,
                   "Yêu cầu": p.expected} for p in upload.problems], hide_index=True, width="stretch",
                 key="import-problems")
    download(st, "⬇ Tệp lỗi (ô sai tô đỏ, .xlsx)", partial(report.problems_xlsx, upload.problems, data),
             "loi-nhap-lieu.xlsx", XLSX_MIME, key="import-problems-xlsx", signed=signed, page=PAGE,
             filters=upload.name, rows=len(upload.problems))


def staged(upload: workflow.Upload, signed: signin.Signed) -> Result:
    """The snapshot this upload would publish, staged once per file and date in this session."""
    kept = st.session_state.get(STAGED)
    if not kept or kept[0] != upload.key:
        try:
            result = workflow.stage(upload, by=signed.account.username)
        except (ImportBusy, store.SnapshotError) as e:
            st.error(str(e))
            st.stop()
        st.session_state[STAGED] = kept = (upload.key, result)
    return kept[1]


def show_preview(upload: workflow.Upload, result: Result) -> None:
    st.success("Tệp hợp lệ: " + ", ".join(f"{preview.TABLE_WORDS[t]} {n} dòng" for t, n in result.rows.items())
               + f"; số liệu đến ngày {upload.as_of:%d/%m/%Y}.")
    st.markdown("**Phần dữ liệu được thay:**\n" + "\n".join(f"- {line}" for line in result.lines()))
    if result.unchanged:
        st.info("Dữ liệu đã công bố có đúng nội dung này; không có gì để công bố.")
        st.stop()
    st.subheader("Xem trước thay đổi")
    rows, heads, statuses = compare(result.base_id, result.snapshot_id, str(config.data_dir())).labelled()
    st.dataframe(shown_table(rows), hide_index=True, key="import-rows")
    st.dataframe(shown_table(heads), hide_index=True, key="import-headlines")
    if len(statuses):
        st.dataframe(statuses, hide_index=True, key="import-statuses")
    else:
        st.caption("Không chỉ tiêu nào đổi trạng thái.")


def publish(result: Result, upload: workflow.Upload, signed: signin.Signed) -> None:
    try:
        workflow.publish_staged(result, upload, by=signed.account.username, role=signed.account.role,
                                audit=signin.audit())
    except (ImportBusy, store.SnapshotError) as e:
        st.error(str(e))
        st.stop()
    st.session_state.pop(STAGED, None)
    st.success(f"Đã công bố bản dữ liệu {result.snapshot_id}.")
