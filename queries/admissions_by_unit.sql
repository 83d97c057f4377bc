-- Purpose: admissions (kết nạp) within the period by predecessor unit, with the breakdown the
--          statistical forms use: women, ethnic minorities, religious, Youth Union members.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: predecessor_id, admissions, women, ethnic_minority, religious, youth_union
select
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
group by m.predecessor_id
order by m.predecessor_id
