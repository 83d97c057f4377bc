-- Purpose: the structure of members on the period's last day, one long table of
--          (dimension, category, predecessor unit, count): age band, gender, ethnicity, religion,
--          education, political-theory level, probationary or official. One pass (grouping sets). On a day
--          since the records' last event (the usual view: to date) it reads the pre-aggregate of
--          today's members by profile (member_profiles_now); on an earlier day, the member records.
-- params: $units, $orgs, $date_to
-- Columns: dimension (age, gender, ethnicity, religion, education, theory, membership), category,
--          sort_key, predecessor_id, members
with
settled as (
    select max(settled_on) as settled_on from member_profiles_now
),
profiles as (
    select predecessor_id, birth_year, gender, ethnicity, religion, education, theory_level, probationary, members,
    from member_profiles_now, settled
    where $date_to >= settled.settled_on
      and list_contains($units, predecessor_id)
      and list_contains($orgs, grassroots_id)
    union all
    select predecessor_id, birth_year, gender, ethnicity, religion, education, theory_level,
           official_on is null or official_on > $date_to as probationary, 1 as members,
    from members, settled
    where not coalesce($date_to >= settled.settled_on, false)
      and list_contains($units, predecessor_id)
      and list_contains($orgs, grassroots_id)
      and admitted_on <= $date_to
      and (left_on is null or left_on > $date_to)
),
active as (
    select
        predecessor_id, gender, ethnicity, religion, education, theory_level, members,
        case when probationary then 'Dự bị' else 'Chính thức' end as membership,
        case when year($date_to) - birth_year <= 30 then 'Đến 30'
             when year($date_to) - birth_year <= 40 then '31 - 40'
             when year($date_to) - birth_year <= 50 then '41 - 50'
             when year($date_to) - birth_year <= 60 then '51 - 60' else 'Trên 60' end as age_band,
    from profiles
),
grouped as (
    select predecessor_id, age_band, gender, ethnicity, religion, education, theory_level, membership,
           grouping(age_band, gender, ethnicity, religion, education, theory_level, membership) as g,
           cast(sum(members) as bigint) as members,
    from active
    group by grouping sets ((predecessor_id, age_band), (predecessor_id, gender), (predecessor_id, ethnicity),
                            (predecessor_id, religion), (predecessor_id, education),
                            (predecessor_id, theory_level), (predecessor_id, membership))
),
long as (
    select
        case when age_band is not null then 'age' when gender is not null then 'gender'
             when ethnicity is not null then 'ethnicity' when religion is not null then 'religion'
             when education is not null then 'education'
             when theory_level is not null then 'theory' else 'membership' end as dimension,
        coalesce(age_band, gender, ethnicity, religion, education, theory_level, membership) as category,
        predecessor_id, members,
    from grouped
)
select dimension, category,
       case category when 'Đến 30' then 1 when '31 - 40' then 2 when '41 - 50' then 3 when '51 - 60' then 4
                     when 'Trên 60' then 5 when 'Trung cấp' then 1 when 'Cao đẳng' then 2 when 'Đại học' then 3
                     when 'Thạc sĩ' then 4 when 'Tiến sĩ' then 5 when 'Sơ cấp' then 1 when 'Cao cấp' then 3
                     when 'Cử nhân' then 4 else 0 end
       + case when dimension = 'theory' and category = 'Trung cấp' then 1 else 0 end as sort_key,
       predecessor_id, members,
from long
order by dimension, sort_key, category, predecessor_id
