-- Purpose: the cells (chi bộ) of the organisations in scope, for the sidebar's cell filter.
-- params: $units, $orgs
-- Columns: cell_id, name, grassroots_id, predecessor_id
select unit_id as cell_id, name, grassroots_id, predecessor_id,
from org_units
where level = 'cell'
  and list_contains($units, predecessor_id)
  and list_contains($orgs, grassroots_id)
order by grassroots_id, name, unit_id
