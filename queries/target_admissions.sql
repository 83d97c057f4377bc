-- Purpose: admissions per calendar year inside the period (whole-term targets NQ25-5 and HD-5).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: year, admissions
select year(m.admitted_on) as year, count(*) as admissions,
from members as m
where list_contains($units, m.predecessor_id)
  and list_contains($orgs, m.grassroots_id)
  and m.admitted_on between $date_from and $date_to
group by all
order by year
