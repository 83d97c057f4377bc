"""Bringing in real records: the templates (`spec`, `template`), reading an uploaded file safely
(`reader`), checking it whole before anything changes (`validate`, with pandera), and publishing
it into a new snapshot that replaces only the organisations it covers (`publish`)."""
