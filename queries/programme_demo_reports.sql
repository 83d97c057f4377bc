-- Purpose: the demo progress reports a demo snapshot carries (generated, labelled demo; real reports
--          live in the access store, dangbo.programme.reports). The caller keeps those of items it shows.
-- params: $units   (the same answer for every unit filter: the committee's own list)
-- Columns: report_id, item_id, period, reported_on, percent, note, doc_ref, evidence_name, evidence_size,
--          lead_id, username, role, at, is_demo
select r.report_id, r.item_id, r.period, cast(r.reported_on as date) as reported_on, r.percent, r.note, r.doc_ref,
       r.evidence_name, r.evidence_size, r.lead_id, r.username, r.role, r.at, r.is_demo,
from programme_demo_reports as r
where cardinality($units) >= 0
order by r.at, r.report_id
