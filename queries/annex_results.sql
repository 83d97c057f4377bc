-- Purpose: the 2020-2025 annexes (Phụ lục 1-3): every target part of the chosen predecessor units
--          with its threshold and the result and assessment exactly as published.
-- Published at predecessor level only: grassroots organisations and dates do not narrow it.
-- params: $units
-- Columns: owner, item_id, indicator_id, stt, part, n_parts, wording, label, comparator, threshold,
--          unit, periodicity, value, value_qualifier, value_text, published_pct, result_text,
--          assessment_published, assessment_norm, qualitative_met, flags, doc_id, source
select
    i.owner,
    i.item_id,
    i.indicator_id,
    i.stt,
    i.part,
    i.n_parts,
    i.wording,
    i.label,
    i.comparator,
    i.threshold,
    i.unit,
    i.periodicity,
    v.value,
    v.value_qualifier,
    v.value_text,
    v.published_pct,
    v.result_text,
    v.assessment_published,
    v.assessment_norm,
    v.qualitative_met,
    v.flags,
    i.doc_id,
    i.source,
from indicators as i
left join indicator_values as v
    on v.indicator_id = i.indicator_id and v.period = i.term_id and v.source_kind = 'published'
where i.term_id = '2020-2025'
  and list_contains($units, i.owner)
order by i.owner, cast(i.stt as integer), i.part
