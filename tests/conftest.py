"""Shared fixtures: one seed snapshot (scale 1) built into a temporary data folder per test session."""
from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from apptest import USERS

from dangbo import build, config, store
from dangbo.access.accounts import AccountStore
from dangbo.query import runner as db
from dangbo.query.scope import Scope

# Known passwords of the test accounts (browser tests type them into the sign-in form).
PASSWORDS = {"lanhdao": "lanh-dao-kiem-thu-1", "quantri-test": "quan-tri-kiem-thu-1", "hdnd": "co-so-hdnd-kiem-thu",
             "soctrang": "soc-trang-kiem-thu-1", "ubkt": "ubkt-kiem-thu-123", "vanphong": "van-phong-kiem-thu-1"}

ALL_UNITS = config.PREDECESSOR_IDS


@pytest.fixture(scope="session")
def data_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data")
    os.environ["DANGBO_DATA_DIR"] = str(root)
    # The seed snapshot's as-of date is fixed (20/11/2026): tests that do not test staleness must not
    # depend on today's date (test_snapshots.py sets its own threshold).
    os.environ["DANGBO_STALE_DAYS"] = "36500"
    build.build(scale=1.0, root=root)
    accounts = AccountStore()
    for username, password in PASSWORDS.items():
        role, units, orgs = USERS[username]
        accounts.add(username, role, units=units, orgs=orgs, password=password)
    return root


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright, one per test module."""
    from browser import launch
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def snapshot(data_root) -> store.Snapshot:
    return store.open_snapshot(root=data_root)


@pytest.fixture(scope="session")
def database(snapshot) -> db.Database:
    return db.Database(snapshot)


@pytest.fixture(scope="session")
def all_orgs(database) -> tuple[str, ...]:
    return tuple(database.cursor().execute("select unit_id from org_units where level = 'grassroots' order by 1").df().unit_id)


def scope_for(orgs, units=ALL_UNITS, term: str = "2020-2025") -> Scope:
    t = config.TERM_BY_ID[term]
    return Scope(tuple(units), tuple(orgs), t.starts_on, t.ends_on)


@pytest.fixture(scope="session")
def term1(all_orgs) -> Scope:
    return scope_for(all_orgs)


@pytest.fixture()
def scratch_root(tmp_path, data_root) -> Path:
    """A private copy of the data folder that a test may damage."""
    dest = tmp_path / "data"
    shutil.copytree(data_root, dest)
    return dest


TODAY = date(2026, 11, 20)

# The slow lane: tests that start a server, Chromium, LibreOffice, PostgreSQL or nginx, or loop over
# processes. `bash scripts/test.sh -m "not slow"` runs the rest (unit, SQL and AppTest) for the daily
# loop; CI runs everything.
SLOW_MODULES = {"test_browser", "test_web", "test_access_browser", "test_import_browser", "test_replicas",
                "test_loadtest", "test_official", "test_briefing", "test_store_hostile", "test_snapshots",
                "test_pages_every_filter", "test_store_fuzz"}
SLOW_TESTS = {"test_kill_9_at_random_moments_of_import_and_publish", "test_two_imports_started_together",
              "test_cli_check_and_template", "test_import_changes_only_the_covered_organisations",
              "test_the_command_line_takes_the_date_and_the_history_lists_it", "test_accounts_cli",
              "test_a_parquet_list_is_published_through_the_chunked_path",
              "test_a_long_csv_is_refused_on_the_page_and_checked_in_chunks_by_the_command_line"}


def pytest_collection_modifyitems(items):
    for item in items:
        if (item.module.__name__ in SLOW_MODULES or item.originalname in SLOW_TESTS
                or {"chromium", "server", "oidc_app"} & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.slow)
