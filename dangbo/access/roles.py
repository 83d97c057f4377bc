"""Roles: what a person may do. Which units and organisations they may see is the account's grant."""
from __future__ import annotations

from dataclasses import dataclass

VIEW, CASES, DATA, ADMIN, REPORT = "view", "cases", "data", "admin", "report"
# REPORT: report progress on programme items (which items: dangbo.programme.reports.may_report)


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    can: frozenset[str]
    needs_orgs: bool = False        # the grant must name grassroots organisations


ROLES = {r.code: r for r in (
    Role("lanh-dao", "Lãnh đạo (Ban Thường vụ)", frozenset({VIEW, CASES})),
    Role("ubkt", "Ủy ban Kiểm tra", frozenset({VIEW, CASES})),
    Role("co-so", "Tổ chức cơ sở đảng", frozenset({VIEW, REPORT}), needs_orgs=True),
    Role("van-phong", "Văn phòng Đảng ủy", frozenset({VIEW, DATA, REPORT})),
    Role("quan-tri", "Quản trị hệ thống", frozenset({VIEW, ADMIN, DATA, REPORT})),
)}
