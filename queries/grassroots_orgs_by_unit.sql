-- Purpose: which grassroots organisations have cells in which predecessor unit (one row a pair);
--          the filter offers only the organisations of the chosen units.
-- params: $units
-- Columns: predecessor_id, grassroots_id, name, cells
select
    c.predecessor_id,
    g.unit_id as grassroots_id,
    g.name,
    count(*) as cells,
from org_units as c
join org_units as g on g.level = 'grassroots' and g.unit_id = c.grassroots_id
where c.level = 'cell'
  and list_contains($units, c.predecessor_id)
group by all
order by c.predecessor_id, g.name
