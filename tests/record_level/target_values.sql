-- Purpose: every record-based count the 2025-2030 targets need, per year inside the period, in one
--          long table (one query per scope instead of five):
--            member_good / member_pass  members rated "Hoàn thành tốt" or better / "Hoàn thành" or better, of rated
--            org_good (key = level)     grassroots organisations or cells rated "Hoàn thành tốt" or better, of rated
--            violation                  distinct members disciplined in the year, of members on 31/12 (or $date_to)
--            admissions                 admissions in the year (denominator null)
--            inspection (key = body)    distinct grassroots organisations inspected or supervised, of those in scope
--          Grassroots organisations count when they have a cell in the chosen units.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: measure, year, key, numerator, denominator
with
years as (
    select y as year, least(make_date(y, 12, 31), cast($date_to as date)) as on_date
    from range(year($date_from), year($date_to) + 1) as t(y)
),
orgs_in_scope as (
    select distinct c.grassroots_id from org_units as c
    where c.level = 'cell' and list_contains($units, c.predecessor_id) and list_contains($orgs, c.grassroots_id)
),
ratings as (
    select r.year,
           count(*) as rated,
           count(*) filter (where r.rating in ('Hoàn thành xuất sắc nhiệm vụ', 'Hoàn thành tốt nhiệm vụ')) as good,
           count(*) filter (where r.rating <> 'Không hoàn thành nhiệm vụ') as passed,
    from member_ratings as r
    where list_contains($units, r.predecessor_id) and list_contains($orgs, r.grassroots_id)
      and r.year between year($date_from) and year($date_to)
    group by r.year
),
org_ratings_scoped as (
    select o.year, o.level,
           count(*) as rated,
           count(*) filter (where o.rating in ('Hoàn thành xuất sắc nhiệm vụ', 'Hoàn thành tốt nhiệm vụ')) as good,
    from org_ratings as o
    where list_contains($orgs, o.grassroots_id)
      and (list_contains($units, o.predecessor_id)
           or (o.level = 'grassroots' and o.grassroots_id in (select grassroots_id from orgs_in_scope)))
      and o.year between year($date_from) and year($date_to)
    group by all
),
members_scoped as (
    select admitted_on, left_on from members
    where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
),
violators as (
    select year(d.decided_on) as year, count(distinct d.member_no) as n
    from discipline_cases as d
    where list_contains($units, d.predecessor_id) and list_contains($orgs, d.grassroots_id)
      and d.decided_on between $date_from and $date_to
    group by all
),
admissions as (
    select year(m.admitted_on) as year, count(*) as n
    from members as m
    where list_contains($units, m.predecessor_id) and list_contains($orgs, m.grassroots_id)
      and m.admitted_on between $date_from and $date_to
    group by all
),
inspected as (
    select i.year, i.body, count(distinct i.grassroots_id) as n
    from inspections as i
    where i.started_on between $date_from and $date_to
      and i.grassroots_id in (select grassroots_id from orgs_in_scope)
    group by all
)
select 'member_good' as measure, year, null as key, good as numerator, rated as denominator from ratings
union all select 'member_pass', year, null, passed, rated from ratings
union all select 'org_good', year, level, good, rated from org_ratings_scoped
union all
select 'violation', yr.year, null, coalesce(v.n, 0),
       (select count(*) from members_scoped as m
         where m.admitted_on <= yr.on_date and (m.left_on is null or m.left_on > yr.on_date))
from years as yr left join violators as v using (year)
union all select 'admissions', year, null, n, null from admissions
union all
select 'inspection', yr.year, b.body, coalesce(i.n, 0), (select count(*) from orgs_in_scope)
from years as yr
cross join (select unnest(['Đảng ủy', 'Ủy ban Kiểm tra']) as body) as b
left join inspected as i on i.year = yr.year and i.body = b.body
order by measure, year, key
