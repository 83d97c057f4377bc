-- Purpose: members who violated (were disciplined) per calendar year inside the period, against the
--          members on that year's 31 December or on the period's last day if earlier (target NQ25-3c).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: year, violators, members
with
years as (
    select y as year, least(make_date(y, 12, 31), cast($date_to as date)) as on_date
    from range(year($date_from), year($date_to) + 1) as t(y)
),
scoped as (
    select * from members where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
)
select
    yr.year,
    (select count(distinct d.member_no) from discipline_cases as d
      where list_contains($units, d.predecessor_id) and list_contains($orgs, d.grassroots_id)
        and year(d.decided_on) = yr.year and d.decided_on between $date_from and $date_to) as violators,
    (select count(*) from scoped as m
      where m.admitted_on <= yr.on_date and (m.left_on is null or m.left_on > yr.on_date)) as members,
from years as yr
order by yr.year
