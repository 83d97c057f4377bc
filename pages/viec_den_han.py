"""Việc đến hạn: the office's periodic duties from the records, for the account's scope: probationary
members whose twelve months end within 30 or 60 days or have ended without a decision, candidates
waiting since their class, members and organisations without last year's rating, organisations whose
data is old; then each grassroots organisation's data health with its trend by import and, for those
who may see people, the records to fix. Every table exportable."""
import streamlit as st

from dangbo import fmt, ui, vocab
from dangbo.office import due
from dangbo.outputs import office as show
from dangbo.ui import office

ctx = ui.context()
page = ui.PageView("Việc đến hạn", ctx)
on = office.today()
lists = office.due_lists(ctx, on)
people = office.may_see_people(ctx.signed.account)
st.caption(f"Tính đến hôm nay {fmt.day(on)} trên hồ sơ đến ngày {fmt.day(ctx.oldest)}; bộ lọc giai đoạn không áp "
           "dụng (mỗi danh sách có mốc của nó)." + ("" if people else " Mã đảng viên, quần chúng được che: chỉ "
                                                    "Lãnh đạo, Ủy ban Kiểm tra và tổ chức cơ sở đảng (hồ sơ của mình) "
                                                    "xem được."))
for col, (code, n) in zip(st.columns(4) * 2, lists.counts().items(), strict=False):
    col.metric(vocab.DUE_TILES[code], fmt.number(n), help=vocab.DUE_LISTS[code])
page.rules("Cách lập các danh sách và điểm chất lượng dữ liệu", vocab.OFFICE_RULES)
for code in due.ORDER:
    page.table(f"vdh-{code}", vocab.DUE_LISTS[code], show.due_table(code, lists.lists[code], ctx.org_names, people))
st.header("Chất lượng dữ liệu của từng tổ chức cơ sở đảng")
health = office.health(ctx, on)
page.table("vdh-diem", "Điểm chất lượng dữ liệu", show.health_table(health, ctx.org_names))
page.table("vdh-xu-huong", "Điểm qua các lần nhập dữ liệu", show.trend_table(office.trend(ctx, on), ctx.org_names))
if people:
    page.table("vdh-ho-so", "Hồ sơ cần sửa (theo từng đảng viên)", show.records_table(office.records(ctx, on),
                                                                                     ctx.org_names))
page.finish()
