-- Purpose: the cells (chi bộ) of the organisations in scope: members and probationary members on the
--          period's last day, admissions and discipline decisions within the period, and the cell's
--          rating and its members rated for the last year rated up to the period's end.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: cell_id, cell_name, grassroots_id, grassroots_name, predecessor_id, members, probationary,
--          admissions, discipline_cases, rating_year, cell_rating, members_rated, is_demo
with
cells as (
    select c.unit_id as cell_id, c.name as cell_name, c.grassroots_id, g.name as grassroots_name, c.predecessor_id, c.is_demo,
    from org_units as c
    join org_units as g on g.unit_id = c.grassroots_id
    where c.level = 'cell'
      and list_contains($units, c.predecessor_id)
      and list_contains($orgs, c.grassroots_id)
),
m as (
    select cell_id,
           count(*) filter (where admitted_on <= $date_to and (left_on is null or left_on > $date_to)) as members,
           count(*) filter (where admitted_on <= $date_to and (left_on is null or left_on > $date_to)
                                  and (official_on is null or official_on > $date_to)) as probationary,
           count(*) filter (where admitted_on between $date_from and $date_to) as admissions,
    from members
    where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
    group by cell_id
),
d as (
    select cell_id, count(*) as discipline_cases,
    from discipline_cases
    where list_contains($units, predecessor_id) and list_contains($orgs, grassroots_id)
      and decided_on between $date_from and $date_to
    group by cell_id
),
last_year as (
    -- the last year rated by 31/12 within the period (a year is rated once it is over)
    select max(year) as y from org_ratings where level = 'cell' and make_date(year, 12, 31) <= $date_to
),
r as (
    select o.unit_id as cell_id, o.rating,
    from org_ratings as o, last_year
    where o.level = 'cell' and o.year = last_year.y
),
rated as (
    select m.cell_id, count(*) as members_rated,
    from member_ratings as mr
    join members as m using (member_no)
    cross join last_year
    where mr.year = last_year.y
      and list_contains($units, mr.predecessor_id) and list_contains($orgs, mr.grassroots_id)
    group by m.cell_id
)
select c.cell_id, c.cell_name, c.grassroots_id, c.grassroots_name, c.predecessor_id,
       coalesce(m.members, 0) as members, coalesce(m.probationary, 0) as probationary,
       coalesce(m.admissions, 0) as admissions, coalesce(d.discipline_cases, 0) as discipline_cases,
       cast((select y from last_year) as varchar) as rating_year, r.rating as cell_rating,   -- a year is a label
       coalesce(rated.members_rated, 0) as members_rated, c.is_demo,
from cells as c
left join m using (cell_id)
left join d using (cell_id)
left join r using (cell_id)
left join rated using (cell_id)
order by c.grassroots_name, c.cell_name, c.cell_id
