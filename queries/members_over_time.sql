-- Purpose: members on each 31 December inside the period and on its last day, by predecessor unit.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: on_date, predecessor_id, members, probationary
with
dates as (
    select cast(d as date) as on_date
    from generate_series(cast($date_from as date), cast($date_to as date), interval 1 day) as g(d)
    where (month(d) = 12 and day(d) = 31) or cast(d as date) = cast($date_to as date)
)
select
    dt.on_date,
    m.predecessor_id,
    count(*) as members,
    count(*) filter (where m.official_on > dt.on_date) as probationary,
from dates as dt
join members as m
    on m.admitted_on <= dt.on_date and (m.left_on is null or m.left_on > dt.on_date)
where list_contains($units, m.predecessor_id)
  and list_contains($orgs, m.grassroots_id)
group by all
order by dt.on_date, m.predecessor_id
