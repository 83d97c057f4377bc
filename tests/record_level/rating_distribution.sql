-- Purpose: members' annual ratings for the rating years that fall inside the period, with each
--   row's share of that year's rated members in the chosen scope (so unit rows add up to the
--   year's share of a rating).
-- params: $units, $orgs, $date_from, $date_to
-- Columns: year, rating, predecessor_id, members, share_pct (percent, 2 decimals)
with rated as (
    select r.year, r.rating, r.predecessor_id, count(*) as members,
    from member_ratings as r
    where list_contains($units, r.predecessor_id)
      and list_contains($orgs, r.grassroots_id)
      and r.year between year($date_from) and year($date_to)
    group by all
)
select year, rating, predecessor_id, members,
       round(members * 100.0 / sum(members) over (partition by year), 2) as share_pct,
from rated
order by year, rating, predecessor_id
