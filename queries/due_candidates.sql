-- Purpose: candidates still under consideration who finished the class on the Party (a decision
--          pending since), for the due list of those waiting too long (dangbo.office.due).
-- params: $units, $orgs, $date_to
-- Columns: candidate_id, predecessor_id, grassroots_id, cell_id, class_completed_on, stage, stage_on, is_demo
select c.candidate_id, c.predecessor_id, c.grassroots_id, c.cell_id,
       cast(c.class_completed_on as date) as class_completed_on, c.stage, cast(c.stage_on as date) as stage_on,
       c.is_demo,
from candidates as c
where list_contains($units, c.predecessor_id)
  and list_contains($orgs, c.grassroots_id)
  and c.class_completed_on is not null
  and c.class_completed_on <= $date_to
  and c.stage not in ('Đã kết nạp', 'Dừng xem xét')
order by c.class_completed_on, c.candidate_id
