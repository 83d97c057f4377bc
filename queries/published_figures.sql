-- Purpose: figures the report publishes outside the annexes (structure, admissions, discipline,
--          letters, training, solidarity houses, ...) for one topic, with their source.
-- Rows owned by DBCQD are committee-wide totals and are returned whatever the unit filter.
-- params: $units, $topic
-- Columns: figure_id, owner, metric, category, value, unit, qualifier, value_text, doc_id, source, note
select
    f.figure_id,
    f.owner,
    f.metric,
    f.category,
    f.value,
    f.unit,
    f.qualifier,
    f.value_text,
    f.doc_id,
    f.source,
    f.note,
from published_figures as f
where f.topic = $topic
  and (list_contains($units, f.owner) or f.owner in ('DBCQD', 'HDND'))
order by f.figure_id
