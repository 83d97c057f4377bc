-- Purpose: the members on the period's last day of the organisations in scope, one row each, for the
--          roles that may see personal details (the page masks the list for the others); $limit rows
--          from row $offset (a national organisation has hundreds of thousands: a page shows 50). The
--          whole list's length is the members of cells_summary (counting it here would read every row).
-- params: $units, $orgs, $date_to, $limit, $offset
-- Columns: member_id, cell_name, grassroots_id, grassroots_name, predecessor_id, gender, birth_year, admitted_on,
--          official_on, standing, is_demo
select m.member_id, c.name as cell_name, m.grassroots_id, g.name as grassroots_name, m.predecessor_id, m.gender,
       cast(m.birth_year as varchar) as birth_year,
       m.admitted_on, m.official_on,
       case when m.official_on is null or m.official_on > $date_to then 'Dự bị' else 'Chính thức' end as standing,
       m.is_demo,
from members as m
join org_units as c on c.unit_id = m.cell_id
join org_units as g on g.unit_id = m.grassroots_id
where list_contains($units, m.predecessor_id)
  and list_contains($orgs, m.grassroots_id)
  and m.admitted_on <= $date_to
  and (m.left_on is null or m.left_on > $date_to)
order by g.name, c.name, m.member_id
limit $limit offset $offset
