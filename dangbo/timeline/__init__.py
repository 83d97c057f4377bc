"""Dated events on the charts over time: the store and rules (events), their place on an axis (marks)."""
from .events import PUBLISHED, Event, EventError, EventStore, may_edit, visible
from .marks import positions

__all__ = ["PUBLISHED", "Event", "EventError", "EventStore", "may_edit", "positions", "visible"]
