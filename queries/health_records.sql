-- Purpose: the member records behind an organisation's data-health figures (data_health.sql), one row
--          a record and problem, so the organisation can fix them in its next import.
-- params: $units, $orgs, $date_to
-- Columns: grassroots_id, cell_id, member_id, problem, is_demo
with
active as (
    select m.* from members as m
    where list_contains($units, m.predecessor_id)
      and list_contains($orgs, m.grassroots_id)
      and m.admitted_on <= $date_to
      and (m.left_on is null or m.left_on > $date_to)
),
flags as (
    select a.grassroots_id, a.cell_id, a.member_id, a.is_demo,
           (a.gender is null or a.birth_year is null or a.ethnicity is null or a.religion is null
            or a.education is null or a.theory_level is null or a.cell_id is null) as missing,
           (year(a.admitted_on) - a.birth_year < 18 or a.official_on <= a.admitted_on) as failing,
           count(*) over (partition by a.cell_id, a.birth_year, a.gender, a.admitted_on) > 1 as duplicate,
           (a.official_on is null or a.official_on > $date_to)
               and a.admitted_on + interval 12 month < cast($date_to as date) as overdue,
           a.admitted_on <= make_date(year($date_to) - 1, 12, 31)
               and a.member_no not in (select member_no from member_ratings where year = year($date_to) - 1)
               as unrated,
    from active as a
)
select grassroots_id, cell_id, member_id, problem, is_demo
from flags
unpivot (flagged for problem in (missing, failing, duplicate, overdue, unrated))
where flagged
order by grassroots_id, cell_id, member_id, problem
