-- Purpose: organisations' annual ratings for target evaluation, per year and level (grassroots
--          organisations for NQ25-3b; cells for HD-4a): how many were rated and how many "Hoàn thành
--          tốt nhiệm vụ" or better. Grassroots organisations are counted when they have a cell in the
--          chosen units.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: year, level, rated, good
select
    o.year,
    o.level,
    count(*) as rated,
    count(*) filter (where o.rating in ('Hoàn thành xuất sắc nhiệm vụ', 'Hoàn thành tốt nhiệm vụ')) as good,
from org_ratings as o
where list_contains($orgs, o.grassroots_id)
  and (list_contains($units, o.predecessor_id)
       or (o.level = 'grassroots' and o.grassroots_id in (
            select c.grassroots_id from org_units as c
            where c.level = 'cell' and list_contains($units, c.predecessor_id))))
  and o.year between year($date_from) and year($date_to)
group by all
order by o.year, o.level
