-- Purpose: the office's adjustments of the proposed grassroots quotas (sheet "Giao chỉ tiêu"), with the
--          committee's quota targets they belong to.
-- params: $units   (the same answer for every unit filter: the committee's own list)
-- Columns: indicator_id, grassroots_id, year, quota, reason, is_demo
select q.indicator_id, q.grassroots_id, cast(q.year as integer) as year, cast(q.quota as double) as quota,
       q.reason, q.is_demo,
from target_quotas as q
where cardinality($units) >= 0
order by q.indicator_id, q.grassroots_id, q.year
