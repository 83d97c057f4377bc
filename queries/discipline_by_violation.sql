-- Purpose: discipline cases within the period by violation category, form and predecessor unit,
--          with the members' status (official / probationary) at the decision.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: violation, form, member_status, predecessor_id, cases
select d.violation, d.form, d.member_status, d.predecessor_id, count(*) as cases,
from discipline_cases as d
where list_contains($units, d.predecessor_id)
  and list_contains($orgs, d.grassroots_id)
  and d.decided_on between $date_from and $date_to
group by all
order by cases desc, d.violation, d.form, d.member_status, d.predecessor_id   -- a total order: ties are many
