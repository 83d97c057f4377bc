"""The date a snapshot's records are true to (số liệu đến ngày), per grassroots organisation.

A build (demo or real) writes every record as of one day. An import says the day its records are
true to (`--as-of`, the page's date; by default the day of the import) and the manifest keeps it
per organisation and table, with the import that set it, in `records_as_of`:

    {"default": "2026-11-20",                       # organisations no import has reported for
     "orgs": {"HDND": {"members": {"as_of": "2026-12-02", "file": "...", "sha256": "...",
                                    "by": "vanphong", "at": "2026-12-02T09:14:03+00:00"}}}}

An organisation's date is that of its latest import (the tables a file leaves out are taken as
unchanged up to that day), or the default. A scope's date is the oldest of its organisations'
(what every page says: "số liệu đến ngày"), and its newest is the day its records reach: figures are
counted up to the newest, which for every organisation equals counting as of its own date, since no
record of an organisation is dated after its date (an import refuses one). The manifest's own `as_of`
(and the id's date) is the newest date of the snapshot. A snapshot written before dates per
organisation were kept has no `records_as_of`: its `as_of` is every organisation's date.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

RECORDS_AS_OF = "records_as_of"


@dataclass(frozen=True)
class DataDates:
    """The dates of a scope's organisations."""
    oldest: date
    newest: date
    by_org: dict[str, date]           # each organisation of the scope -> its date

    def behind(self, days: int) -> dict[str, date]:
        """Organisations whose data is older than the scope's newest by more than `days` days."""
        return {o: d for o, d in sorted(self.by_org.items(), key=lambda kv: (kv[1], kv[0]))
                if (self.newest - d).days > days}


def default_of(manifest: dict) -> date:
    entry = manifest.get(RECORDS_AS_OF)
    return date.fromisoformat(entry["default"] if entry else manifest["as_of"])


def org_dates(manifest: dict) -> dict[str, date]:
    """The organisations that have a date of their own (from an import), with it."""
    orgs = (manifest.get(RECORDS_AS_OF) or {}).get("orgs", {})
    return {o: max(date.fromisoformat(t["as_of"]) for t in tables.values()) for o, tables in orgs.items() if tables}


def of_scope(manifest: dict, orgs: Iterable[str]) -> DataDates:
    """The dates of the organisations `orgs` (all with the default when none is given)."""
    default, own = default_of(manifest), org_dates(manifest)
    by_org = {o: own.get(o, default) for o in orgs}
    values = list(by_org.values()) or [default]
    return DataDates(min(values), max(values), by_org)


def newest(manifest: dict) -> date:
    return max([default_of(manifest), *org_dates(manifest).values()])


def after_import(base: dict, coverage: dict[str, list[str]], as_of: date, stamp: dict) -> dict:
    """The `records_as_of` of a snapshot made by an import over `base` (a manifest): each organisation
    and table it covers gets `as_of` and the import's `stamp` (file, sha256, by, at); the rest is kept."""
    old = base.get(RECORDS_AS_OF) or {"default": base["as_of"], "orgs": {}}
    orgs = {o: dict(tables) for o, tables in old.get("orgs", {}).items()}
    for table, covered in coverage.items():
        for org in covered:
            orgs.setdefault(org, {})[table] = {"as_of": as_of.isoformat(), **stamp}
    return {"default": old["default"], "orgs": {o: orgs[o] for o in sorted(orgs)}}
