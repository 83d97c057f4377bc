"""AppTest with a signed-in account, for the tests and the benchmark.

The account is made in the current data folder's account store if it is missing (with a random
password nobody knows) and a real session is started in that store, as a sign-in would; the
session object is then placed in the AppTest's session state, where a browser cannot put anything.
"""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dangbo.access.accounts import AccountStore, one_time_password
from dangbo.ui.signin import SESSION, Signed

APP = str(Path(__file__).resolve().parent.parent / "app.py")
USERS = {"lanhdao": ("lanh-dao", None, None), "ubkt": ("ubkt", None, None), "quantri-test": ("quan-tri", None, None),
         "vanphong": ("van-phong", None, None), "soctrang": ("lanh-dao", ("ST",), None),
         "hdnd": ("co-so", None, ("HDND",))}


def signed(username: str = "lanhdao", store: AccountStore | None = None) -> Signed:
    store = store or AccountStore()
    account = store.get(username)
    if account is None:
        role, units, orgs = USERS[username]
        account = store.add(username, role, units=units, orgs=orgs, password=one_time_password())
    return Signed(account, store.start_session(username, "password"), "password")


def signed_app(username: str | None = "lanhdao", timeout: float = 120, **query) -> AppTest:
    """The app for `username` (None: nobody signed in), with `query` as URL parameters; not yet run."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    if username:
        at.session_state[SESSION] = signed(username)
    return at
