-- Purpose: this period against the same period one year earlier (Kỳ này / Cùng kỳ năm trước):
--          admissions, discipline cases, letters, members at the end.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: measure (admissions, members_at_end, disciplined, letters), this_period, last_year
with
bounds as (
    select cast($date_from as date) as f, cast($date_to as date) as t,
           cast(cast($date_from as date) - interval 1 year as date) as f0,
           cast(cast($date_to as date) - interval 1 year as date) as t0
),
-- membership from the pre-aggregate member_events_by_org (admissions and departures per organisation and day)
m as (select day, admitted, departed from member_events_by_org
      where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)),
d as (select * from discipline_cases where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)),
l as (select * from letters where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id))
select 'admissions' as measure,
       (select cast(coalesce(sum(admitted), 0) as bigint) from m, bounds where day between f and t) as this_period,
       (select cast(coalesce(sum(admitted), 0) as bigint) from m, bounds where day between f0 and t0) as last_year
union all
select 'members_at_end',
       (select cast(coalesce(sum(admitted - departed), 0) as bigint) from m, bounds where day <= t),
       (select cast(coalesce(sum(admitted - departed), 0) as bigint) from m, bounds where day <= t0)
union all
select 'disciplined',
       (select count(*) from d, bounds where decided_on between f and t),
       (select count(*) from d, bounds where decided_on between f0 and t0)
union all
select 'letters',
       (select count(*) from l, bounds where received_on between f and t),
       (select count(*) from l, bounds where received_on between f0 and t0)
