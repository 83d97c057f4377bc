"""A person's session spoken at the level of Streamlit's own protocol: one websocket to
`/_stcore/stream`, BackMsg protobufs sent (a rerun with the page, the URL's query and the widgets'
values, as the browser's frontend sends them), ForwardMsg protobufs read until the run is over.

For the load test: a hundred of these cost the load generator a fraction of a core, where a hundred
Chromium contexts on the same machine saturate it before the server does; what they measure is the
server's part of what a person waits for (from the click until the last element of the run has
arrived). Drawing in the browser comes on top; scripts/benchmark.py measures that part.
"""
from __future__ import annotations

import asyncio
import html
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

SIGNIN = "/_dangbo/dang-nhap"           # dangbo.web.signin.PATH (this client imports nothing of the app)
SESSION_COOKIE = "dangbo_session"       # dangbo.access.sessions.COOKIE
FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")


class ProtocolError(RuntimeError):
    """The server answered with a traceback, a compile error or not as a Streamlit server does."""


@dataclass
class Run:
    """What one script run sent: its elements in order, timings, size."""
    seconds: float = 0.0             # from the BackMsg until the run was over
    first_seconds: float | None = None   # until its first element (the page's first content)
    bytes: int = 0
    elements: list = field(default_factory=list)     # Element protos

    def kinds(self, kind: str) -> list:
        return [e for e in self.elements if e.WhichOneof("type") == kind]

    @property
    def title(self) -> str:
        return next((e.heading.body for e in self.kinds("heading") if e.heading.tag == "h1"), "")

    def texts(self) -> list[str]:
        return [e.markdown.body for e in self.kinds("markdown")] + [e.heading.body for e in self.kinds("heading")]

    def widget(self, kind: str, label: str):
        for e in self.kinds(kind):
            w = getattr(e, kind)
            if w.label == label:
                return w
        raise ProtocolError(f"no {kind} labelled {label!r} in this run")


class Session:
    """One browser tab's worth of Streamlit session, without the browser."""

    def __init__(self, url: str, timeout: float = 180.0):
        parts = urlsplit(url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.ws_url = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.timeout = timeout
        self.pages: dict[str, str] = {}      # page title -> page_script_hash (from the navigation message)
        self.page_hash = ""
        self.query = ""
        self.widgets: dict[str, WidgetState] = {}    # current values, resent with every rerun as the frontend does
        self.ws = None
        self.cookies: dict[str, str] = {}    # the replica's and, once signed in, the session's
        self.replica = ""                    # which replica answered, when a proxy says so

    async def __aenter__(self):
        # The page first, as a browser loads it: behind the replicas' proxy its response carries the
        # cookie that keeps this person on one replica, sent again with the websocket.
        import httpx
        async with httpx.AsyncClient(timeout=self.timeout) as http:
            page = await http.get(self.origin + "/")
            page.raise_for_status()
            self.cookies = dict(page.cookies.items())
        self.replica = page.headers.get("x-dangbo-upstream", "")
        await self._connect()
        return self

    async def _connect(self) -> None:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], origin=self.origin,
                                           additional_headers={"Cookie": cookie} if cookie else None,
                                           max_size=None, open_timeout=self.timeout, ping_interval=None)

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def rerun(self, *, page: str | None = None, triggers: tuple[str, ...] = ()) -> Run:
        """Ask for a run (of `page`, by title, or the current one) and read until it is over."""
        if page is not None:
            self.page_hash = self.pages[page]
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash
        cs.context_info.timezone = "Asia/Ho_Chi_Minh"
        cs.context_info.locale = "vi-VN"
        cs.context_info.url = self.origin + "/"
        for w in self.widgets.values():
            cs.widget_states.widgets.append(w)
        for wid in triggers:
            cs.widget_states.widgets.append(WidgetState(id=wid, trigger_value=True))
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run()
        while True:
            raw = await self._recv(t0)
            run.bytes += len(raw)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                run.elements.clear()             # a rerun asked for by the script itself (st.rerun) starts over
            elif kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in fm.navigation.app_pages if not p.is_hidden}
                self.page_hash = fm.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                if run.first_seconds is None:
                    run.first_seconds = time.perf_counter() - t0
                if el.WhichOneof("type") == "exception":
                    raise ProtocolError(f"traceback in the run: {el.exception.message[:200]}")
                run.elements.append(el)
            elif kind == "script_finished":
                if fm.script_finished == COMPILE_ERROR:
                    raise ProtocolError("the script did not compile")
                if fm.script_finished == FINISHED:
                    run.seconds = time.perf_counter() - t0
                    return run

    async def _recv(self, t0: float) -> bytes:
        left = self.timeout - (time.perf_counter() - t0)
        if left <= 0:
            raise TimeoutError(f"run not over within {self.timeout} s")
        raw = await asyncio.wait_for(self.ws.recv(), left)
        if isinstance(raw, str):
            raise ProtocolError("text frame from the server")
        return raw

    # ------------------------------------------------------------ what a person does

    def set_text(self, widget, value: str) -> None:
        self.widgets[widget.id] = WidgetState(id=widget.id, string_value=value)

    def set_multiselect(self, widget, labels: list[str]) -> None:
        missing = [x for x in labels if x not in widget.options]
        if missing:
            raise ProtocolError(f"{widget.label}: no option {missing}")
        ws = WidgetState(id=widget.id)
        ws.string_array_value.data.extend(labels)
        self.widgets[widget.id] = ws

    async def sign_in(self, user: str, password: str) -> Run:
        """Sign in as a browser does: the form of the server's sign-in endpoint (its CSRF cookie and
        token), one POST of the password, the session cookie; then the websocket again with that
        cookie (Streamlit reads cookies when it opens) and the first page's run."""
        import httpx
        async with httpx.AsyncClient(timeout=self.timeout, cookies=self.cookies) as http:
            form = await http.get(self.origin + SIGNIN)
            token = re.search(r'name="csrf" value="([^"]+)"', form.text)
            if form.status_code != 200 or token is None:
                raise ProtocolError(f"no sign-in form at {SIGNIN} (HTTP {form.status_code})")
            answer = await http.post(self.origin + SIGNIN, headers={"Origin": self.origin}, data={
                "csrf": token.group(1), "next": "/", "username": user, "password": password})
            if answer.status_code != 303 or SESSION_COOKIE not in answer.cookies:
                alert = re.search(r'role="alert">([^<]*)<', answer.text)
                raise ProtocolError(f"sign-in refused (HTTP {answer.status_code}): "
                                    f"{html.unescape(alert.group(1)) if alert else answer.text[:200]}")
            self.cookies[SESSION_COOKIE] = answer.cookies[SESSION_COOKIE]
        await self.ws.close()
        await self._connect()
        run = await self.rerun()
        if not self.pages:
            raise ProtocolError("no navigation message: not a Streamlit app served by st.navigation")
        return run
