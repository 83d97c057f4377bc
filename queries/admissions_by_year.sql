-- Purpose: admissions per calendar year and predecessor unit within the period, with the
--          statistical forms' breakdown (women, ethnic minorities, religious, Youth Union).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: year, predecessor_id, admissions, women, ethnic_minority, religious, youth_union
select
    year(m.admitted_on) as year,
    m.predecessor_id,
    count(*) as admissions,
    count(*) filter (where m.gender = 'Nữ') as women,
    count(*) filter (where m.ethnicity <> 'Kinh') as ethnic_minority,
    count(*) filter (where m.religion <> 'Không') as religious,
    count(*) filter (where m.youth_union_at_admission) as youth_union,
from members as m
where list_contains($units, m.predecessor_id)
  and list_contains($orgs, m.grassroots_id)
  and m.admitted_on between $date_from and $date_to
group by all
order by year, m.predecessor_id
