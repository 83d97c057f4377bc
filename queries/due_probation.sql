-- Purpose: probationary members on $date_to (admitted, not yet official, not gone): whose twelve
--          months of probation end soon or have ended without a decision (dangbo.office.due).
-- params: $units, $orgs, $date_to
-- Columns: member_id, predecessor_id, grassroots_id, cell_id, admitted_on, is_demo
select m.member_id, m.predecessor_id, m.grassroots_id, m.cell_id, cast(m.admitted_on as date) as admitted_on,
       m.is_demo,
from members as m
where list_contains($units, m.predecessor_id)
  and list_contains($orgs, m.grassroots_id)
  and m.admitted_on <= $date_to
  and (m.official_on is null or m.official_on > $date_to)
  and (m.left_on is null or m.left_on > $date_to)
order by m.admitted_on, m.member_id
