"""The HTTP side of the server, around Streamlit's own (used by serve.py through `st.App`).

- Only configured host names: the same rule as Streamlit's websocket check (`server.allowedHosts`,
  Streamlit's own `is_host_allowed`), applied to every HTTP request too, so a DNS-rebinding page
  gets neither the HTML nor the websocket.
- Never framed, never sniffed: X-Frame-Options, CSP frame-ancestors, nosniff and a referrer policy
  on every response, downloads included.
- `/_stcore/metrics` only from this machine and not through a proxy (no X-Forwarded-For).
- Sign-in: `/_dangbo/dang-nhap` is the sign-in endpoint (dangbo.web.signin); a browser asking for a page
  without a live session cookie is sent there first.
- At start: the access stores' tables are migrated (before any request, so no request runs DDL),
  half-written snapshot folders of killed writers are removed, and Streamlit is told that `pages/`
  is ours, not its automatic multipage folder (see `start`).
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager
from ipaddress import ip_address

from streamlit.web.server.starlette.starlette_websocket import is_host_allowed

from .. import store
from . import signin

SECURITY_HEADERS = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]
INTERNAL_PATHS = ("/_stcore/metrics",)


_header = signin.header


def _from_this_machine(scope) -> bool:
    client = scope.get("client") or ("", 0)
    try:
        local = ip_address(client[0]).is_loopback
    except ValueError:
        local = False
    return local and _header(scope, b"x-forwarded-for") is None


async def _refuse(scope, send, status: int, text: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """Pure ASGI middleware: host check, internal paths, security headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        if not is_host_allowed(_header(scope, b"host")):
            return await _refuse(scope, send, 400, "Tên máy chủ không được phép (Host không nằm trong danh sách).")
        if scope["path"].rstrip("/").endswith(INTERNAL_PATHS) and not _from_this_machine(scope):
            return await _refuse(scope, send, 404, "Không tìm thấy.")
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = dict(message, headers=[*message.get("headers", []),
                                                 *(h for h in SECURITY_HEADERS if h[0] not in names)])
            await send(message)

        if scope["path"] == signin.PATH:
            return await signin.endpoint(scope, receive, send_with_headers)
        if await signin.wants_signin(scope):
            return await signin.redirect_to_form(scope, send_with_headers)
        return await self.app(scope, receive, send_with_headers)


def start() -> None:
    """What the server does once before the first session."""
    from streamlit.runtime.pages_manager import PagesManager
    # app.py routes with st.navigation. Because a folder named pages/ sits beside it, Streamlit would
    # run the *first* session of a process in its legacy automatic-pages mode (st.navigation turns
    # that off only when it first runs): a page opened by its URL then shows "Page not found" and its
    # download buttons stay inert. Our pages/ folder is not that legacy folder; say so up front.
    PagesManager.uses_pages_directory = False
    _migrate_access()
    store.tidy()
    threading.Thread(target=_warm, name="dangbo-warm", daemon=True).start()


def _migrate_access() -> None:
    """The account and audit tables, once, under the migration lock (several replicas may start at the
    same moment). A database that cannot be reached now is logged; the sign-in page then says so."""
    from ..access import accounts, database
    try:
        applied = accounts.migrate()
    except database.store_errors():
        logging.getLogger("dangbo.web").exception("access stores not migrated at start")
        return
    if applied:
        logging.getLogger("dangbo.web").warning("access stores migrated to version %s", applied[-1])


def _warm() -> None:
    """Import what the first run needs while the first person is still at the sign-in form (about 2 s of
    imports they would otherwise wait for) and warm that first page (dangbo.ui.warm.first_page); then,
    DANGBO_WARM_SECONDS (30) later, the published snapshot's default views of every page, and within that
    time of each new publication, its default views (dangbo.ui.warm) before the first reader asks."""
    import importlib
    for name in ("dangbo.ui", "dangbo.ui.signin", "argon2", "dangbo.outputs.figures", "dangbo.outputs.export",
                 "dangbo.targets.tracking", "streamlit.elements.plotly_chart", "plotly.graph_objects"):
        try:
            importlib.import_module(name)
        except Exception:            # a broken import shows itself, with its message, on the first run
            return
    from .. import config
    from ..ui import warm
    if not config.env_number("DANGBO_WARM_SECONDS", 30, 0):
        return                       # 0: no warming (to measure without it)
    # The snapshot published at the start: at once only the first page after signing in, with every core
    # (nobody reads yet; warming all the default views at start competed with the first person's first
    # page: 3,21 s against 2,77 s, national scale); its other views one interval later, with one core.
    log = logging.getLogger("dangbo.web")
    warmed = None
    try:
        first, seconds = warm.first_page()
        log.info("first page of %s warmed in %.2f s", first, seconds)
    except Exception:                # noqa: BLE001 - nothing published yet, or a page's own run says what is wrong
        pass
    while True:
        time.sleep(config.env_number("DANGBO_WARM_SECONDS", 30, 1))
        current = _published()
        try:
            if current is not None and current != warmed:
                warmed, seconds = warm.default_views()
                log.info("default views of %s warmed in %.2f s", warmed, seconds)
        except Exception:            # noqa: BLE001 - a page's own run says what is wrong with the data
            log.exception("warming the default views failed; tried again at the next publication")
            warmed = current


def _published() -> str | None:
    """The published snapshot's id; None when nothing is published (yet) or the pointer cannot be read
    (the pages say so)."""
    try:
        return store.published_id()
    except store.SnapshotError:
        return None


@asynccontextmanager
async def lifespan(_app):
    start()
    yield
