-- Purpose: discipline cases decided within the period, by predecessor unit, form and year.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: predecessor_id, form, year, cases
select
    d.predecessor_id,
    d.form,
    year(d.decided_on) as year,
    count(*) as cases,
from discipline_cases as d
where list_contains($units, d.predecessor_id)
  and list_contains($orgs, d.grassroots_id)
  and d.decided_on between $date_from and $date_to
group by all
order by d.predecessor_id, d.form, year
