"""Bringing in real records: the templates (`spec`, `template`), reading an uploaded file safely
(`reader`) and checking it whole before anything changes (`validate`, with pandera). Publishing an
import into a new snapshot is the next step of the live-data work (not built yet)."""
