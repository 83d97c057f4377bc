-- Purpose: discipline cases within the period per 1.000 members (members on the period's last day),
--          by predecessor unit.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: predecessor_id, cases, members_at_end, per_1000
with
members_end as (
    select predecessor_id, count(*) as members from members
    where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
      and admitted_on <= $date_to and (left_on is null or left_on > $date_to)
    group by all
),
cases as (
    select predecessor_id, count(*) as cases from discipline_cases
    where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
      and decided_on between $date_from and $date_to
    group by all
)
select me.predecessor_id, coalesce(c.cases, 0) as cases, me.members as members_at_end,
       round(coalesce(c.cases, 0) * 1000.0 / me.members, 2) as per_1000,
from members_end as me
left join cases as c using (predecessor_id)
order by me.predecessor_id
