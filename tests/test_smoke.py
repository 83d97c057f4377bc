"""Every page of the registry, opened by every role that may see it (AppTest): no exception, its own
title, and for a page a role may not open, never its content. The one smoke test over the registry."""
from __future__ import annotations

import pytest
from apptest import USERS, signed_app

from dangbo.access.roles import ROLES
from dangbo.ui.registry import HOME, PAGES

# one account of each role (tests/conftest.py makes them)
BY_ROLE = {role: next(u for u, (r, _, _) in USERS.items() if r == role) for role in ROLES}
CASES = [(role, spec) for role in ROLES for spec in PAGES]


@pytest.mark.parametrize(("role", "spec"), CASES, ids=[f"{r}-{s.url}" for r, s in CASES])
def test_every_page_for_every_role(data_root, role, spec):
    at = signed_app(BY_ROLE[role])
    at.run()
    assert not at.exception, at.exception
    if spec is not HOME:
        at.switch_page(spec.file)
        if spec.needs not in ROLES[role].can:            # out of the menu; by its URL it says why, nothing more
            at.run()
            assert not at.exception, at.exception
            assert [t.value for t in at.title] == ["Không có quyền mở trang này"]
            assert "chỉ dành cho" in at.error[0].value and not at.dataframe and not at.metric
            return
        at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == spec.title
