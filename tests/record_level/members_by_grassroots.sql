-- Purpose: members on the period's last day by grassroots organisation and predecessor unit.
-- params: $units, $orgs, $date_to
-- Columns: grassroots_id, name, predecessor_id, members
with
counts as (
    select m.grassroots_id, m.predecessor_id, count(*) as members,
    from members as m
    where list_contains($units, m.predecessor_id)
      and list_contains($orgs, m.grassroots_id)
      and m.admitted_on <= $date_to
      and (m.left_on is null or m.left_on > $date_to)
    group by all
)
select c.grassroots_id, g.name, c.predecessor_id, c.members,
from counts as c
join org_units as g on g.unit_id = c.grassroots_id
order by c.members desc, c.grassroots_id, c.predecessor_id
