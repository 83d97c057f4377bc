"""What leaves the query layer for a person: figures, frames shaped for them (`views`), exports
(PNG/SVG/CSV/XLSX/page PDF) and official documents (.docx/.pdf)."""
