"""Nhập dữ liệu (roles with the data capability): the template, a file checked whole, its problems
(with the bad cells marked in an XLSX), a preview of what would change, and publishing."""
import hashlib
from datetime import date
from functools import partial

import streamlit as st

from dangbo import config, store
from dangbo.access.roles import DATA
from dangbo.ingest import preview, publish, report, template
from dangbo.ingest.reader import FileRefused
from dangbo.ingest.validate import AsOfRefused, check, import_as_of
from dangbo.ui import XLSX_MIME, compare, import_catalog, shown_table, signin

signed = signin.require(DATA, "Văn phòng Đảng ủy (vai trò van-phong) và quản trị hệ thống")
st.title("Nhập dữ liệu")
st.caption("Tải mẫu, điền hồ sơ thật, tải tệp lên: tệp được kiểm tra toàn bộ trước khi có bất cứ thay đổi nào. "
           "Dữ liệu của các tổ chức cơ sở đảng có trong tệp thay cho dữ liệu cũ của chính các tổ chức đó.")
cat = import_catalog()
st.download_button("⬇ Tải mẫu nhập liệu (.xlsx)", partial(template.xlsx, cat), "mau-nhap-lieu.xlsx", XLSX_MIME,
                   key="import-template", on_click="ignore")
as_of = st.date_input("Số liệu đến ngày", value=date.today(), min_value=config.PREVIOUS_TERM.starts_on,
                      max_value=date.today(), format="DD/MM/YYYY", key="import-as-of",
                      help="Ngày mà hồ sơ trong tệp đúng đến (mặc định hôm nay). Hồ sơ ghi ngày sau ngày này bị từ "
                           "chối; số liệu của các tổ chức có trong tệp được tính đến ngày này.")
up = st.file_uploader("Tệp dữ liệu (.xlsx hoặc .csv)", key="import-file")
if up is not None:
    data = up.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    try:
        as_of = import_as_of(as_of)
        frames, problems = check(data, up.name, cat, as_of)
    except AsOfRefused as e:
        st.error(str(e))
        st.stop()
    except FileRefused as e:
        st.error(f"Không đọc được tệp: {e}")
        st.stop()
    if problems:
        st.error(f"Tệp có {len(problems)} lỗi; chưa có gì thay đổi. Sửa các ô được đánh dấu rồi tải lên lại.")
        st.dataframe([{"Sheet": p.sheet, "Dòng": p.row or "", "Cột": p.column, "Giá trị": p.value,
                       "Yêu cầu": p.expected} for p in problems], hide_index=True, width="stretch", key="import-problems")
        st.download_button("⬇ Tệp lỗi (ô sai tô đỏ, .xlsx)", partial(report.problems_xlsx, problems, data),
                           "loi-nhap-lieu.xlsx", XLSX_MIME, key="import-problems-xlsx", on_click="ignore")
        st.stop()
    staged = st.session_state.get("import-staged")
    if not staged or staged[0] != (digest, as_of):
        try:
            result = publish.stage(frames, file_name=up.name, sha256=digest, by=signed.account.username, as_of=as_of)
        except (publish.ImportBusy, store.SnapshotError) as e:
            st.error(str(e))
            st.stop()
        st.session_state["import-staged"] = staged = ((digest, as_of), result)
    _, result = staged
    st.success("Tệp hợp lệ: " + ", ".join(f"{preview.TABLE_WORDS[t]} {n} dòng" for t, n in result.rows.items())
               + f"; số liệu đến ngày {as_of:%d/%m/%Y}.")
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
    if st.button("Công bố dữ liệu này", type="primary", key="import-publish"):
        try:
            publish.publish_staged(result, by=signed.account.username, file_name=up.name)
        except (publish.ImportBusy, store.SnapshotError) as e:
            st.error(str(e))
            st.stop()
        audit = signin.audit()
        audit.append(signed.account.username, signed.account.role, "import", file=up.name, snapshot=result.snapshot_id,
                     coverage=result.coverage, rows=result.rows, as_of=as_of.isoformat())
        audit.append(signed.account.username, signed.account.role, "publish", snapshot=result.snapshot_id,
                     previous=result.base_id)
        st.session_state.pop("import-staged", None)
        st.success(f"Đã công bố bản dữ liệu {result.snapshot_id}.")
