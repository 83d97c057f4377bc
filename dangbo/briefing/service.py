"""Making a briefing: build it, write its files, keep it in the outbox. The page button and the
scheduled command both call `make`."""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from .. import config, timeline
from ..programme.reports import ReportStore
from ..query.runner import Confined
from ..query.scope import Scope
from . import outbox
from .content import build, subject_words
from .report import files


def make(db: Confined, scope: Scope, as_of: date, *, created_by: str, description: str, root: Path | None = None,
         with_charts: bool = True):
    """Build, write and keep one briefing; return (entry, seconds)."""
    t0 = time.perf_counter()
    rows = db.run("grassroots_orgs_by_unit", Scope(config.PREDECESSOR_IDS, (), as_of, as_of))
    names = dict(zip(rows.grassroots_id, rows.name, strict=True))
    b = build(db.run, scope, as_of, db.snapshot, description=description,
              subject=subject_words(scope, tuple(sorted(set(rows.grassroots_id))), names),
              previous=outbox.previous(scope.units, scope.orgs, root, scope.cells), org_names=names,
              reports=ReportStore().frame(), visible=db.grant.confine(scope).orgs,
              events=timeline.visible(timeline.EventStore().events(), scope.units, scope.orgs,
                                      tuple(names), scope.date_from, scope.date_to))
    docx, pdf = files(b, with_charts=with_charts)
    return outbox.save(b, docx, pdf, created_by=created_by, root=root), time.perf_counter() - t0
