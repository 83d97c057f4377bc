-- Purpose: members on the period's last day by grassroots organisation and predecessor unit.
-- params: $units, $orgs, $date_to
-- Columns: grassroots_id, name, predecessor_id, members
with
counts as (
    -- the pre-aggregate member_events_by_org: members on $date_to are the events up to that day
    select e.grassroots_id, e.predecessor_id, cast(sum(e.admitted - e.departed) as bigint) as members,
    from member_events_by_org as e
    where list_contains($units, e.predecessor_id)
      and list_contains($orgs, e.grassroots_id)
      and e.day <= $date_to
    group by all
    having sum(e.admitted - e.departed) > 0
)
select c.grassroots_id, g.name, c.predecessor_id, c.members,
from counts as c
join org_units as g on g.unit_id = c.grassroots_id
order by c.members desc, c.grassroots_id, c.predecessor_id
