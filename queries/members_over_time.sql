-- Purpose: members on each 31 December inside the period and on its last day, by predecessor unit.
-- Counted from the pre-aggregate member_events_by_org (admissions, departures, becoming official,
-- leaving while probationary, per organisation and day): running sums of the events up to each day.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: on_date, predecessor_id, members, probationary
with
dates as (
    select cast(d as date) as on_date
    from generate_series(cast($date_from as date), cast($date_to as date), interval 1 day) as g(d)
    where (month(d) = 12 and day(d) = 31) or cast(d as date) = cast($date_to as date)
),
per_day as (
    -- +1 on admission, -1 on leaving; probationary: +1 on admission, -1 on becoming official or on
    -- leaving while still probationary
    select predecessor_id, day, sum(admitted - departed) as d_members,
           sum(admitted - became_official - departed_probationary) as d_probationary
    from member_events_by_org
    where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
      and day <= $date_to
    group by all
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
