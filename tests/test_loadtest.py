"""The load test's client and checks against a real server: several people at once on Streamlit's own
protocol (scripts/wsclient.py), each signing in, moving between pages and changing the filter, and
each seeing only its own account and scope. Nothing here measures time."""
from __future__ import annotations

import argparse
import asyncio

from browser import app_server
from conftest import PASSWORDS
from loadtest import STEPS, _check, level
from streamlit.proto.Element_pb2 import Element
from wsclient import Run

QUICK = argparse.Namespace(client="ws", timeout=120.0, rounds=1, think=0.05)


def test_concurrent_sessions_each_see_their_own_account_and_scope(data_root, tmp_path):
    accounts = [("lanhdao", PASSWORDS["lanhdao"]), ("soctrang", PASSWORDS["soctrang"])]
    with app_server(data_root, tmp_path / "app.log") as url:
        r = asyncio.run(level(url, 6, accounts, QUICK, []))
        wrong = asyncio.run(level(url, 1, [("lanhdao", "not-the-password")], QUICK, []))
    assert r["errors"] == [] and r["leaks"] == []
    assert len(r["signin"]) == 6 and len(r["times"]) == 6 * len(STEPS)
    # the whole committee's leader is offered the three predecessor units, the Sóc Trăng leader one
    assert r["offered"] == {"lanhdao": ("Cần Thơ", "Hậu Giang", "Sóc Trăng"), "soctrang": ("Sóc Trăng",)}
    assert r["bytes"] > 0
    # a refused sign-in is an error of that session (it stays on the sign-in page), not a pass
    assert len(wrong["errors"]) == 1 and "Sai tên đăng nhập hoặc mật khẩu" in wrong["errors"][0] and wrong["times"] == []


def _run(title: str, caption: str) -> Run:
    h, c = Element(), Element()
    h.heading.tag, h.heading.body = "h1", title
    c.markdown.body = caption
    return Run(elements=[h, c])


def test_a_page_naming_another_account_is_counted_as_a_leak():
    out = {"leaks": []}
    _check(_run("Tổng quan", "**Đang xem:** … · Người xem: lanhdao (Lãnh đạo (Ban Thường vụ))"), "Tổng quan",
           "lanhdao", out)
    assert out["leaks"] == []
    _check(_run("Tổng quan", "**Đang xem:** … · Người xem: soctrang (Lãnh đạo (Ban Thường vụ))"), "Tổng quan",
           "lanhdao", out)
    assert len(out["leaks"]) == 1 and "soctrang" in out["leaks"][0]
