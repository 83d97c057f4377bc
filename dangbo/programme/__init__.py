"""The congress's work as an action programme: items and their occurrences, the status rules
(`plan`), the units' progress reports in the access store (`reports`) and the term's targets split
into unit quotas (`quotas`). No Streamlit here; docs/programme.md writes the rules down."""
