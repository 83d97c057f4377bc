-- Purpose: the admission pipeline on the period's last day (candidates by their stage then) and
--          the flows within the period (identified, class completed, admitted, stopped).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: measure, stage, predecessor_id, candidates
with
scoped as (
    select * from candidates as c
    where list_contains($units, c.predecessor_id) and list_contains($orgs, c.grassroots_id)
)
select 'Đang trong diện xem xét' as measure,
       case when class_completed_on is null or class_completed_on > $date_to then 'Quần chúng ưu tú'
            else 'Đã học lớp nhận thức về Đảng' end as stage,
       predecessor_id, count(*) as candidates,
from scoped
where identified_on <= $date_to and (stage_on > $date_to or stage not in ('Đã kết nạp', 'Dừng xem xét'))
group by all
union all
select 'Trong kỳ', 'Được giới thiệu (quần chúng ưu tú)', predecessor_id, count(*) from scoped
where identified_on between $date_from and $date_to group by all
union all
select 'Trong kỳ', 'Hoàn thành lớp nhận thức về Đảng', predecessor_id, count(*) from scoped
where class_completed_on between $date_from and $date_to group by all
union all
select 'Trong kỳ', 'Được kết nạp', predecessor_id, count(*) from scoped
where stage = 'Đã kết nạp' and stage_on between $date_from and $date_to group by all
union all
select 'Trong kỳ', 'Dừng xem xét', predecessor_id, count(*) from scoped
where stage = 'Dừng xem xét' and stage_on between $date_from and $date_to group by all
order by measure, stage, predecessor_id
