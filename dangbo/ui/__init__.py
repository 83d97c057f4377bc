"""Streamlit glue shared by app.py and the pages, in rooms named for their jobs:

- `data`: the cached database and named queries, and the messages when data cannot be read;
- `context`: what a page needs from the run (account, scope, words, dates, notices);
- `sidebar`: the filters, kept in the widgets and the URL, which make the context;
- `notices`: demo, new data, old data, organisations that lag;
- `page`: page scaffolding, charts and tables with their exports, the one logged download path;
- `navigation`, `registry`: the pages; `signin`, `admin`, `briefings`, `imports`: their own pages' parts.

This face only names what app.py and the pages use.
"""
from ..outputs.sharing import shared as figure
from .context import DEMO_NOTICE, Context, context
from .data import compare, data_errors, derived, import_catalog, open_or_stop, run
from .navigation import navigation, phone_layout, uses_data
from .notices import demo_note
from .page import DOCX_MIME, MAX_SHOWN_ROWS, XLSX_MIME, PageView, download, shown_rows, shown_table
from .sidebar import sidebar

__all__ = ["DEMO_NOTICE", "DOCX_MIME", "MAX_SHOWN_ROWS", "XLSX_MIME", "Context", "PageView", "compare", "context",
           "data_errors", "demo_note", "derived", "figure", "download", "import_catalog", "navigation", "open_or_stop", "phone_layout", "run",
           "shown_rows", "shown_table", "sidebar", "uses_data"]
