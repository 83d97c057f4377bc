-- Purpose: what each grassroots organisation achieved, per year of the period, against the quotas of the
--          targets measured from records:
--            admissions   admitted in the year (denominator null)
--            member_good  members rated "Hoàn thành tốt" or better, of those rated
--            violation    distinct members disciplined in the year, of members on 31/12 (or $date_to)
-- params: $units, $orgs, $date_from, $date_to
-- Columns: measure, grassroots_id, year, numerator, denominator
with
years as (
    select y as year, least(make_date(y, 12, 31), cast($date_to as date)) as on_date
    from range(year($date_from), year($date_to) + 1) as t(y)
),
events as (
    select grassroots_id, day, admitted, departed from member_events_by_org
    where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
),
orgs as (select distinct grassroots_id from events),
members_at as (
    select o.grassroots_id, yr.year, cast(coalesce(sum(e.admitted - e.departed), 0) as bigint) as n
    from orgs as o cross join years as yr
    left join events as e on e.grassroots_id = o.grassroots_id and e.day <= yr.on_date
    group by all
),
admissions as (
    select grassroots_id, year(day) as year, cast(sum(admitted) as bigint) as n
    from events where admitted > 0 and day between $date_from and $date_to
    group by all
),
ratings as (
    select r.grassroots_id, r.year, sum(r.members) as rated,
           coalesce(sum(r.members) filter (where r.rating in ('Hoàn thành xuất sắc nhiệm vụ', 'Hoàn thành tốt nhiệm vụ')), 0) as good,
    from member_ratings_by_org as r
    where list_contains($units, r.predecessor_id) and list_contains($orgs, r.grassroots_id)
      and r.year between year($date_from) and year($date_to)
    group by all
),
violators as (
    select d.grassroots_id, year(d.decided_on) as year, count(distinct d.member_no) as n
    from discipline_cases as d
    where list_contains($units, d.predecessor_id) and list_contains($orgs, d.grassroots_id)
      and d.decided_on between $date_from and $date_to
    group by all
)
select 'admissions' as measure, grassroots_id, year, n as numerator, null as denominator from admissions
union all select 'member_good', grassroots_id, year, good, rated from ratings
union all
select 'violation', m.grassroots_id, m.year, coalesce(v.n, 0), m.n
from members_at as m left join violators as v using (grassroots_id, year)
order by measure, grassroots_id, year
