-- Purpose: the congress's work as published: the committee's six key tasks, three breakthroughs and
--          four groups of solutions, and the People's Council party committee's breakthrough tasks
--          and tasks and solutions, in the documents' order. Everyone's to read (document text).
-- params: $units
-- Columns: item_id, doc_id, owner, kind, ord, section, label, grp, title, text, source
select
    r.item_id, r.doc_id, r.owner, r.kind, r.ord, r.section, r.label, r.grp, r.title, r.text, r.source,
from resolution_items as r
where cardinality($units) >= 0          -- the same for every unit filter: the committee's and HĐND's own texts
order by r.owner, case r.kind when 'nhiem_vu' then 1 when 'dot_pha' then 2 else 3 end, r.grp, r.ord
