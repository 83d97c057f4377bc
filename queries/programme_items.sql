-- Purpose: the action programme's items a scope sees: those led by a grassroots organisation of the
--          scope (with a cell in the chosen predecessor units) or supported by one, and the
--          committee's own items (lead DBCQD) when the scope is every organisation. With the task,
--          breakthrough, solution group or target each serves, and the lead unit's name.
-- params: $units, $orgs
-- Columns: item_id, parent_id, parent_kind, parent_title, title, lead_id, lead_name, support_ids, starts_on,
--          due_on, recurrence, product, indicator_id, is_demo
with
orgs_in_scope as (
    select distinct c.grassroots_id from org_units as c
    where c.level = 'cell' and list_contains($units, c.predecessor_id) and list_contains($orgs, c.grassroots_id)
),
whole as (
    -- every organisation in scope: the committee's own items belong to the view
    select count(*) = (select count(*) from org_units where level = 'grassroots') as yes from orgs_in_scope
),
parents as (
    select item_id as parent_id, kind as parent_kind, title as parent_title from resolution_items
    union all
    select distinct item_id, 'chi_tieu', first(label order by indicator_id) over (partition by item_id)
    from indicators where term_id = '2025-2030'
)
select
    i.item_id, i.parent_id, p.parent_kind, p.parent_title, i.title, i.lead_id,
    coalesce(u.name, i.lead_id) as lead_name, i.support_ids, cast(i.starts_on as date) as starts_on,
    cast(i.due_on as date) as due_on, i.recurrence, i.product, i.indicator_id, i.is_demo,
from programme_items as i
left join (select distinct * from parents) as p using (parent_id)
left join org_units as u on u.unit_id = i.lead_id
where i.lead_id in (select grassroots_id from orgs_in_scope)
   or list_has_any(string_split(replace(i.support_ids, ' ', ''), ','), (select list(grassroots_id) from orgs_in_scope))
   or (i.lead_id = 'DBCQD' and (select yes from whole))
order by i.item_id
