-- Purpose: the admission pipeline on the period's last day (candidates by their stage then) and
--          the flows within the period (identified, class completed, admitted, stopped).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: measure (stock: on the last day; flow: within the period), stage (stock: candidate,
--          class_done; flow: identified, class_completed, admitted, stopped), predecessor_id, candidates
with
scoped as (
    select * from candidates as c
    where list_contains($units, c.predecessor_id) and list_contains($orgs, c.grassroots_id)
)
select 'stock' as measure,
       case when class_completed_on is null or class_completed_on > $date_to then 'candidate'
            else 'class_done' end as stage,
       predecessor_id, count(*) as candidates,
from scoped
where identified_on <= $date_to and (stage_on > $date_to or stage not in ('Đã kết nạp', 'Dừng xem xét'))
group by all
union all
select 'flow', 'identified', predecessor_id, count(*) from scoped
where identified_on between $date_from and $date_to group by all
union all
select 'flow', 'class_completed', predecessor_id, count(*) from scoped
where class_completed_on between $date_from and $date_to group by all
union all
select 'flow', 'admitted', predecessor_id, count(*) from scoped
where stage = 'Đã kết nạp' and stage_on between $date_from and $date_to group by all
union all
select 'flow', 'stopped', predecessor_id, count(*) from scoped
where stage = 'Dừng xem xét' and stage_on between $date_from and $date_to group by all
order by measure, stage, predecessor_id
