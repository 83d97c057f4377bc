"""The scope of a question: predecessor units, grassroots organisations and a period. Every named
query receives one; what a person may see is narrowed here, in one place."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

SCOPE_PARAMS = ("units", "orgs", "date_from", "date_to")


@dataclass(frozen=True)
class Scope:
    """What a user looks at: predecessor units, grassroots organisations and a period (inclusive).

    Every query receives it, so narrowing what a person may see happens in one place (`only_units`, `only_orgs`).
    """
    units: tuple[str, ...]
    orgs: tuple[str, ...]
    date_from: date
    date_to: date
    cells: tuple[str, ...] = ()     # chi bộ of those organisations; empty = every cell (dangbo.query.runner)

    def params(self) -> dict:
        return {"units": list(self.units), "orgs": list(self.orgs),
                "date_from": self.date_from, "date_to": self.date_to}

    def within(self, date_from: date, date_to: date) -> Scope:
        """The same units and organisations over another period."""
        return replace(self, date_from=date_from, date_to=date_to)

    def only_units(self, units: tuple[str, ...]) -> Scope:
        """The same organisations and period, limited to those of `units` the scope has."""
        return replace(self, units=tuple(u for u in self.units if u in units))

    def only_orgs(self, orgs: tuple[str, ...]) -> Scope:
        """The same units and period, limited to those of `orgs` the scope has."""
        return replace(self, orgs=tuple(o for o in self.orgs if o in orgs))

    def key(self) -> tuple:
        return (self.units, self.orgs, self.date_from, self.date_to, self.cells)

    @property
    def within_a_year(self) -> bool:
        """A period of at most a year, which the same period a year earlier can be set against."""
        return (self.date_to - self.date_from).days <= 366


@dataclass(frozen=True)
class Grant:
    """What an account may see: predecessor units and grassroots organisations (None = all of them).
    `confine` is the one place a question's scope is narrowed to it."""
    units: tuple[str, ...] | None = None
    orgs: tuple[str, ...] | None = None

    def confine(self, scope: Scope) -> Scope:
        """The scope within the grant: a filter can only narrow what the grant allows."""
        units = scope.units if self.units is None else tuple(u for u in scope.units if u in self.units)
        orgs = scope.orgs if self.orgs is None else tuple(o for o in scope.orgs if o in self.orgs)
        return replace(scope, units=units, orgs=orgs)

    def allows_unit(self, unit: str) -> bool:
        return self.units is None or unit in self.units

    def allows_org(self, org: str) -> bool:
        return self.orgs is None or org in self.orgs

    def key(self) -> tuple:
        return (self.units, self.orgs)


EVERYTHING = Grant()
