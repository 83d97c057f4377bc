-- Purpose: Phụ lục 4, the 13 exemplary models and good practices of 2020-2025, of the chosen units.
-- params: $units
-- Columns: stt, owner, unit_label, model, result_text, figure_1, figure_1_unit, figure_1_text,
--          figure_2, figure_2_unit, figure_2_text, doc_id, source
select
    e.stt, e.owner, e.unit_label, e.model, e.result_text,
    e.figure_1, e.figure_1_unit, e.figure_1_text,
    e.figure_2, e.figure_2_unit, e.figure_2_text,
    e.doc_id, e.source,
from exemplary_models as e
where list_contains($units, e.owner)
order by e.stt
