"""What a page needs from the run: the account, its confined database, the resolved scope, the words
for it, the data's dates and the notices to show. The sidebar makes it; pages read it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from ..query.filters import FilterState
from ..query.runner import Confined
from ..query.scope import Scope
from ..store.dates import DataDates
from .signin import Signed

DEMO_NOTICE = ("Dữ liệu mẫu (demo): hồ sơ đảng viên, ứng viên, xếp loại, kỷ luật, đơn thư và kiểm tra "
               "là dữ liệu giả lập, không phải của người thật; chỉ các số liệu ghi nguồn là số liệu công bố.")
_CTX = "_ctx"


@dataclass(frozen=True)
class Notice:
    kind: str            # "info" or "warning"
    text: str


@dataclass
class Context:
    """What a page needs: the account, its confined database, the resolved scope, the words for it."""
    signed: Signed
    db: Confined
    scope: Scope
    filter_words: str    # what is shown, without the viewer (the key of views shared by every account)
    as_of: date          # the day figures are counted to: the newest date of the organisations shown
    org_names: dict
    demo: bool          # what this view shows holds generated (demo) records
    notices: tuple[Notice, ...] = ()    # the URL's problems, new data, old data: shown under the page title
    demo_note: str = DEMO_NOTICE        # what is demo: every record, some organisations, the reported values
    dates: DataDates | None = None      # the organisations' own dates (store.dates); oldest = "số liệu đến ngày"
    state: FilterState | None = None    # the sidebar's choice (for the breadcrumb and a chart's drill-down)
    cell_names: dict = field(default_factory=dict)     # the cells the account may see: id -> name

    @property
    def description(self) -> str:
        """What is shown and who is viewing: the words under a page's title, on its exports and in the audit."""
        if self.signed is None:              # a view computed for no account (dangbo.ui.warm)
            return self.filter_words
        return f"{self.filter_words} · Người xem: {self.signed.account.username} ({self.signed.account.role_label})"

    @property
    def oldest(self) -> date:
        return self.dates.oldest if self.dates else self.as_of


def set_context(ctx: Context | None) -> None:
    if ctx is None:
        st.session_state.pop(_CTX, None)
    else:
        st.session_state[_CTX] = ctx


def context() -> Context:
    """This run's page context, made by `sidebar()` before the page runs."""
    return st.session_state[_CTX]
