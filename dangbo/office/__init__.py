"""The office's periodic work from the records: due lists of the member lifecycle (`due`) and each
organisation's data health (`health`). No Streamlit here; docs/office.md writes the rules down."""
