-- Purpose: each member record of an organisation with a problem the statistical forms care about, on
--          $date_to (docs/office.md), one row a record and problem, so the organisation can fix them
--          in its next import: a field missing, a rule between fields failing, a possible duplicate
--          (another member with the same cell, birth year, gender and admission day), a probation past
--          twelve months, no rating for last year although a member on its 31/12.
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
twins as (
    -- grouped, not windowed: a group by over millions of rows costs two thirds of a window
    select cell_id, birth_year, gender, admitted_on from active group by all having count(*) > 1
),
rated as (select member_no from member_ratings where year = year($date_to) - 1),
flags as (
    select a.grassroots_id, a.cell_id, a.member_id, a.is_demo,
           (a.gender is null or a.birth_year is null or a.ethnicity is null or a.religion is null
            or a.education is null or a.theory_level is null or a.cell_id is null) as missing,
           coalesce(year(a.admitted_on) - a.birth_year < 18 or a.official_on <= a.admitted_on, false) as failing,
           t.cell_id is not null as duplicate,
           (a.official_on is null or a.official_on > $date_to)
               and a.admitted_on + interval 12 month < cast($date_to as date) as overdue,
           a.admitted_on <= make_date(year($date_to) - 1, 12, 31) and r.member_no is null as unrated,
    from active as a
    left join twins as t
        on t.cell_id = a.cell_id and t.birth_year = a.birth_year and t.gender = a.gender
       and t.admitted_on = a.admitted_on
    left join rated as r on r.member_no = a.member_no
)
select grassroots_id, cell_id, member_id, problem, is_demo
from flags
unpivot (flagged for problem in (missing, failing, duplicate, overdue, unrated))
where flagged
order by grassroots_id, cell_id, member_id, problem
