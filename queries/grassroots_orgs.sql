-- Purpose: the grassroots organisations (tổ chức cơ sở đảng) that have cells in the chosen
--          predecessor units, with how many of their cells come from each unit; feeds the filter.
-- params: $units
-- Columns: grassroots_id, name, kind, is_demo, cells, predecessors
select
    g.unit_id as grassroots_id,
    g.name,
    g.kind,
    g.is_demo,
    count(c.unit_id) as cells,
    string_agg(distinct c.predecessor_id, ',' order by c.predecessor_id) as predecessors,
from org_units as g
join org_units as c on c.level = 'cell' and c.grassroots_id = g.unit_id
where g.level = 'grassroots'
  and list_contains($units, c.predecessor_id)
group by all
order by g.kind, g.name
