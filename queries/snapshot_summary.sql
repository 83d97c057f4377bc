-- Purpose: the headline figures of the scope: organisations, cells and members on $date_to,
--          admissions, discipline cases and letters within [$date_from, $date_to].
-- Params: see the line below. units: predecessor ids; orgs: grassroots ids; dates inclusive.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: grassroots, partials, cells, members, probationary, admissions, discipline_cases, letters
with
cells_in_scope as (
    select unit_id, parent_id, grassroots_id
    from org_units
    where level = 'cell'
      and list_contains($units, predecessor_id)
      and list_contains($orgs, grassroots_id)
),
events as (
    -- the pre-aggregate member_events_by_org: members on $date_to are the events up to that day
    select
        coalesce(sum(admitted - departed), 0) as members,
        coalesce(sum(admitted - became_official - departed_probationary), 0) as probationary,
        coalesce(sum(admitted) filter (where day >= $date_from), 0) as admissions,
    from member_events_by_org
    where list_contains($units, predecessor_id)
      and list_contains($orgs, grassroots_id)
      and day <= $date_to
)
select
    (select count(distinct grassroots_id) from cells_in_scope) as grassroots,
    (select count(*) from org_units as o
      where o.level = 'partial' and list_contains($units, o.predecessor_id)
        and list_contains($orgs, o.grassroots_id)) as partials,
    (select count(*) from cells_in_scope) as cells,
    (select cast(members as bigint) from events) as members,
    (select cast(probationary as bigint) from events) as probationary,
    (select cast(admissions as bigint) from events) as admissions,
    (select count(*) from discipline_cases as d
      where list_contains($units, d.predecessor_id) and list_contains($orgs, d.grassroots_id)
        and d.decided_on between $date_from and $date_to) as discipline_cases,
    (select count(*) from letters as l
      where list_contains($units, l.predecessor_id) and list_contains($orgs, l.grassroots_id)
        and l.received_on between $date_from and $date_to) as letters
