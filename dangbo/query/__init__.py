"""Asking the snapshot questions: the scope every question carries (`scope`), the runner that binds
a named query's declared parameters (`runner`), and the sidebar's filter state (`filters`)."""
