-- Purpose: who has no quality rating for $year although it was due: members who were members on
--          31/12/$year, cells and grassroots organisations (the latter from 2025, when they came to be).
--          The members of the last rated year, on a period reaching its 31/12 (the usual view), are read
--          from the pre-aggregate member_unrated_last_year; any other year from the records.
-- params: $units, $orgs, $date_to, $year
-- Columns: kind, unit_id, member_id, predecessor_id, grassroots_id, cell_id, is_demo
with
year_end as (select least(make_date(cast($year as integer), 12, 31), cast($date_to as date)) as d),
from_aggregate as (
    select coalesce(max(year) = $year and make_date(cast($year as integer), 12, 31) <= cast($date_to as date), false) as yes
    from member_ratings_by_org
),
rated_members as (select member_no from member_ratings, from_aggregate where year = $year and not from_aggregate.yes),
rated_units as (select unit_id from org_ratings where year = $year)
select 'member' as kind, u.cell_id as unit_id, u.member_id, u.predecessor_id, u.grassroots_id, u.cell_id, u.is_demo,
from member_unrated_last_year as u, from_aggregate
where from_aggregate.yes
  and list_contains($units, u.predecessor_id)
  and list_contains($orgs, u.grassroots_id)
union all
select 'member', m.cell_id, m.member_id, m.predecessor_id, m.grassroots_id, m.cell_id, m.is_demo,
from members as m, year_end as y, from_aggregate
where not from_aggregate.yes
  and list_contains($units, m.predecessor_id)
  and list_contains($orgs, m.grassroots_id)
  and m.admitted_on <= y.d
  and (m.left_on is null or m.left_on > y.d)
  and m.member_no not in (select member_no from rated_members)
union all
select 'cell', u.unit_id, null, u.predecessor_id, u.grassroots_id, u.unit_id, u.is_demo
from org_units as u
where u.level = 'cell'
  and list_contains($units, u.predecessor_id)
  and list_contains($orgs, u.grassroots_id)
  and u.unit_id not in (select unit_id from rated_units)
union all
select 'grassroots', g.unit_id, null,
       -- the organisation's first predecessor unit among those asked (an organisation spans several)
       (select min(c.predecessor_id) from org_units as c where c.level = 'cell' and c.grassroots_id = g.unit_id
                                                          and list_contains($units, c.predecessor_id)),
       g.unit_id, null, g.is_demo
from org_units as g
where g.level = 'grassroots'
  and cast($year as integer) >= 2025
  and list_contains($orgs, g.unit_id)
  and exists (select 1 from org_units as c where c.level = 'cell' and c.grassroots_id = g.unit_id
                                             and list_contains($units, c.predecessor_id))
  and g.unit_id not in (select unit_id from rated_units)
order by kind desc, grassroots_id, unit_id, member_id
