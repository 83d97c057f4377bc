-- Purpose: members of every grassroots organisation on a day (the term's eve): what the proposed
--          admissions quotas are split by. An aggregate of every organisation, no record.
-- params: $units, $day   (every organisation whatever the unit filter: the proposal splits the whole target)
-- Columns: grassroots_id, name, members
select g.unit_id as grassroots_id, g.name,
       coalesce(cast(sum(e.admitted - e.departed) filter (where e.day <= $day) as bigint), 0) as members,
from org_units as g
left join member_events_by_org as e on e.grassroots_id = g.unit_id
where g.level = 'grassroots' and cardinality($units) >= 0
group by all
order by g.unit_id
