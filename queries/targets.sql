-- Purpose: the targets of one term with every value recorded for them (published or reported).
-- Scope DBCQD (the committee) and HDND (People's Council party committee) are committee-level
-- targets; those owned by a predecessor unit are narrowed by $units.
-- params: $units, $term
-- Columns: indicator_id, item_id, part, owner, stt, wording, label, comparator, threshold,
--          threshold_rating, unit, periodicity, measure, n_parts, doc_id, source, period, value,
--          value_text, qualitative_met, source_kind, value_source, is_demo
select
    i.indicator_id, i.item_id, i.part, i.owner, i.stt, i.wording, i.label, i.comparator, i.threshold,
    i.threshold_rating, i.unit, i.periodicity, i.measure, i.n_parts, i.doc_id, i.source,
    v.period, v.value, v.value_text, v.qualitative_met, v.source_kind, v.source as value_source, v.is_demo,
from indicators as i
left join indicator_values as v on v.indicator_id = i.indicator_id
where i.term_id = $term
  and (list_contains($units, i.owner) or i.owner in ('DBCQD', 'HDND'))
order by i.owner, cast(i.stt as integer), i.part, v.period
