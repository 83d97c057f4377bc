"""Target tracking for a scope: runs the target_values named query and evaluates (dangbo.targets).

`run` is any callable with the signature of Database.run (the pages pass the cached ui.run), so the
same code serves the pages, the exports and the tests.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd

from . import config, targets
from .db import Scope

HDND = "HDND"


def _frames(run: Callable, scope: Scope) -> pd.DataFrame:
    return run("target_values", scope)


def term_scope(units, orgs, as_of: date) -> Scope:
    term = config.TERM_BY_ID["2025-2030"]
    return Scope(tuple(units), tuple(orgs), term.starts_on, min(as_of, term.ends_on))


def evaluate_scope(run: Callable, units, orgs, as_of: date, snapshot_id: str, *,
                   with_hdnd: bool = True) -> list[targets.TargetResult]:
    """The 2025-2030 targets for the units and grassroots organisations chosen: the committee's, and
    (with_hdnd) the People's Council party committee's own, evaluated on its records only."""
    scope = term_scope(units, orgs, as_of)
    frames = _frames(run, scope)
    rows = run("targets", scope, term="2025-2030")
    if not with_hdnd:
        return targets.evaluate(rows[rows.scope != "HDND"], frames, as_of, snapshot_id)
    hdnd = _frames(run, term_scope(units, tuple(o for o in orgs if o == HDND), as_of))
    return targets.evaluate(rows, frames, as_of, snapshot_id, hdnd)
