-- Purpose: complaint letters (đơn thư) received within the period, by predecessor unit, kind,
--          anonymous / impersonated, handling (footnote 3's words), handling group (section I.2.5's
--          words) and outcome.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: predecessor_id, kind, is_anonymous, is_impersonated, handling, handling_group, outcome, letters
select
    l.predecessor_id,
    l.kind,
    l.is_anonymous,
    l.is_impersonated,
    l.handling,
    l.handling_group,
    l.outcome,
    count(*) as letters,
from letters as l
where list_contains($units, l.predecessor_id)
  and list_contains($orgs, l.grassroots_id)
  and l.received_on between $date_from and $date_to
group by all
order by all
