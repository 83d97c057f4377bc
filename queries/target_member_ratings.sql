-- Purpose: members' annual ratings counted for target evaluation: per rating year inside the period,
--          how many members were rated, rated "Hoàn thành tốt nhiệm vụ" or better, and rated
--          "Hoàn thành nhiệm vụ" or better (targets NQ25-3a, HD-4b).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: year, rated, good, passed
select
    r.year,
    count(*) as rated,
    count(*) filter (where r.rating in ('Hoàn thành xuất sắc nhiệm vụ', 'Hoàn thành tốt nhiệm vụ')) as good,
    count(*) filter (where r.rating <> 'Không hoàn thành nhiệm vụ') as passed,
from member_ratings as r
where list_contains($units, r.predecessor_id)
  and list_contains($orgs, r.grassroots_id)
  and r.year between year($date_from) and year($date_to)
group by r.year
order by r.year
