-- Purpose: members' annual ratings for the rating years that fall inside the period.
-- params: $units, $orgs, $date_from, $date_to
-- Columns: year, rating, predecessor_id, members
select r.year, r.rating, r.predecessor_id, count(*) as members,
from member_ratings as r
where list_contains($units, r.predecessor_id)
  and list_contains($orgs, r.grassroots_id)
  and r.year between year($date_from) and year($date_to)
group by all
order by r.year, r.rating, r.predecessor_id
