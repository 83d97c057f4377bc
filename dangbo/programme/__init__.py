"""The congress's work as an action programme: items and their status (the periods' and
status rules are `dangbo.schedule`, below `sources`, so the demo generator can use them), the units' progress reports in the access store (`reports`) and the term's targets split
into unit quotas (`quotas`). No Streamlit here; docs/programme.md writes the rules down."""
