-- Purpose: every item of the action programme with only what its status needs, for the committee's
--          totals by status that every account sees (counts only: a page shows no row of it).
-- params: $units   (the same answer for every unit filter: the committee's own list)
-- Columns: item_id, lead_id, recurrence, starts_on, due_on, is_demo
select i.item_id, i.lead_id, i.recurrence, cast(i.starts_on as date) as starts_on, cast(i.due_on as date) as due_on,
       i.is_demo,
from programme_items as i
where cardinality($units) >= 0
order by i.item_id
