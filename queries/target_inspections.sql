-- Purpose: per year inside the period and per inspecting body (the committee, its inspection
--          commission), how many distinct grassroots organisations of the scope were inspected or
--          supervised, out of how many there are (target NQ25-7).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: year, body, covered, organisations
with
orgs_in_scope as (
    select distinct c.grassroots_id from org_units as c
    where c.level = 'cell' and list_contains($units, c.predecessor_id) and list_contains($orgs, c.grassroots_id)
),
bodies as (select unnest(['Đảng ủy', 'Ủy ban Kiểm tra']) as body),
years as (select y as year from range(year($date_from), year($date_to) + 1) as t(y))
select
    yr.year,
    b.body,
    (select count(distinct i.grassroots_id) from inspections as i
      where i.body = b.body and i.year = yr.year and i.started_on between $date_from and $date_to
        and i.grassroots_id in (select grassroots_id from orgs_in_scope)) as covered,
    (select count(*) from orgs_in_scope) as organisations,
from years as yr, bodies as b
order by yr.year, b.body
