-- Purpose: one row a discipline case decided within the period (case-level detail, shown only to
--          roles that may see it: lanh-dao, ubkt). Members appear by their demo member id only.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: case_id, decided_on, predecessor_id, grassroots_id, member_id, member_status, form,
--          violation, deciding_body
select
    d.case_id, d.decided_on, d.predecessor_id, d.grassroots_id, d.member_id, d.member_status, d.form,
    d.violation, d.deciding_body,
from discipline_cases as d
where list_contains($units, d.predecessor_id)
  and list_contains($orgs, d.grassroots_id)
  and d.decided_on between $date_from and $date_to
order by d.decided_on desc, d.case_id   -- newest first: a long list is shown by its first rows
