-- Purpose: members on each 31 December inside the period and on its last day, by predecessor unit.
-- Counted as (admitted up to the day) minus (left up to the day): two small per-day aggregates and
-- running sums, one pass over members instead of a range join of every member with every day.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: on_date, predecessor_id, members, probationary
with
scoped as (
    select predecessor_id, admitted_on, official_on, left_on from members
    where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
      and admitted_on <= $date_to
),
dates as (
    select cast(d as date) as on_date
    from generate_series(cast($date_from as date), cast($date_to as date), interval 1 day) as g(d)
    where (month(d) = 12 and day(d) = 31) or cast(d as date) = cast($date_to as date)
),
events as (
    -- +1 on admission, -1 on leaving; +1 on admission and -1 on becoming official for probationary counts
    select predecessor_id, cast(admitted_on as date) as day, 1 as d_members, 1 as d_probationary from scoped
    union all
    select predecessor_id, cast(left_on as date), -1, 0 from scoped where left_on is not null and left_on <= $date_to
    union all
    select predecessor_id, cast(official_on as date), 0, -1 from scoped
    where official_on <= $date_to and (left_on is null or left_on > official_on)
    union all
    -- a member who left while still probationary stops counting as probationary on leaving
    select predecessor_id, cast(left_on as date), 0, -1 from scoped
    where left_on is not null and left_on <= $date_to and (official_on is null or official_on >= left_on)
),
per_day as (
    select predecessor_id, day, sum(d_members) as d_members, sum(d_probationary) as d_probationary
    from events group by all
),
running as (
    select predecessor_id, day,
           sum(d_members) over w as members,
           sum(d_probationary) over w as probationary,
           lead(day) over (partition by predecessor_id order by day) as next_day
    from per_day
    window w as (partition by predecessor_id order by day rows between unbounded preceding and current row)
)
-- a member who left on day d is no longer counted on d, and one admitted on d is: events on d count
select dt.on_date, r.predecessor_id, cast(r.members as bigint) as members,
       cast(r.probationary as bigint) as probationary,
from dates as dt
join running as r on r.day <= dt.on_date and (r.next_day is null or r.next_day > dt.on_date)
where r.members > 0
order by dt.on_date, r.predecessor_id
