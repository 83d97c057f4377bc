-- Purpose: the structure of members on the period's last day, one long table of
--          (dimension, category, predecessor unit, count): age band, gender, ethnicity, religion,
--          education, political-theory level, probationary or official.
-- params: $units, $orgs, $date_to
-- Columns: dimension, category, sort_key, predecessor_id, members
with
active as (
    select
        m.*,
        year($date_to) - m.birth_year as age,
    from members as m
    where list_contains($units, m.predecessor_id)
      and list_contains($orgs, m.grassroots_id)
      and m.admitted_on <= $date_to
      and (m.left_on is null or m.left_on > $date_to)
),
long as (
    select 'Độ tuổi' as dimension,
           case when age <= 30 then 'Đến 30' when age <= 40 then '31 - 40' when age <= 50 then '41 - 50'
                when age <= 60 then '51 - 60' else 'Trên 60' end as category,
           case when age <= 30 then 1 when age <= 40 then 2 when age <= 50 then 3 when age <= 60 then 4 else 5 end as sort_key,
           predecessor_id from active
    union all select 'Giới tính', gender, 0, predecessor_id from active
    union all select 'Dân tộc', ethnicity, 0, predecessor_id from active
    union all select 'Tôn giáo', religion, 0, predecessor_id from active
    union all select 'Trình độ chuyên môn', education,
           case education when 'Trung cấp' then 1 when 'Cao đẳng' then 2 when 'Đại học' then 3 when 'Thạc sĩ' then 4 else 5 end,
           predecessor_id from active
    union all select 'Lý luận chính trị', theory_level,
           case theory_level when 'Sơ cấp' then 1 when 'Trung cấp' then 2 when 'Cao cấp' then 3 else 4 end,
           predecessor_id from active
    union all select 'Đảng viên', case when official_on > $date_to then 'Dự bị' else 'Chính thức' end, 0,
           predecessor_id from active
)
select dimension, category, sort_key, predecessor_id, count(*) as members,
from long
group by all
order by dimension, sort_key, category, predecessor_id
