-- Purpose: one row a complaint letter received within the period (case-level detail, shown only to
--          roles that may see it: lanh-dao, ubkt).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: letter_id, received_on, predecessor_id, grassroots_id, kind, is_anonymous,
--          is_impersonated, handling, outcome
select
    l.letter_id, l.received_on, l.predecessor_id, l.grassroots_id, l.kind, l.is_anonymous,
    l.is_impersonated, l.handling, l.outcome,
from letters as l
where list_contains($units, l.predecessor_id)
  and list_contains($orgs, l.grassroots_id)
  and l.received_on between $date_from and $date_to
order by l.received_on desc, l.letter_id   -- newest first: a long list is shown by its first rows
