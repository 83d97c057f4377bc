"""Where a snapshot's tables come from: the published documents as transcribed in data/sources
(`seed`) and the demo generator for member-level records (`demo`)."""
