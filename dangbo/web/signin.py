"""The sign-in endpoint of the server, beside Streamlit's own routes (mounted by dangbo.web.asgi.Guard).

    GET  /_dangbo/dang-nhap?next=/dang-vien?dv=CT   the form (a page of its own: no script, fast on a phone)
    POST /_dangbo/dang-nhap                          the password, once, with the form's CSRF token

A password never passes through Streamlit's widget state: it travels in one POST, is checked by the
account store (throttling as before), and on success the browser gets the session cookie
(`dangbo.access.sessions.COOKIE`: HttpOnly, SameSite=Lax, Path=/, Secure over TLS, an opaque token
whose hash is the session row's id) and is sent on to `next`. CSRF: the form's hidden token must equal
the `dangbo_csrf` cookie set with the form (double submit; SameSite=Strict, HttpOnly), and an Origin
header, when the browser sends one, must be this server's. A page asked for without a live session
is sent here first (`wants_signin`), so a shared link opens the form and then the linked page.
"""
from __future__ import annotations

import asyncio
import functools
import hmac
import html
import logging
import re
import secrets
import weakref
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME as OIDC_COOKIE

from ..access import database, sessions
from ..access.accounts import HASH_SLOTS, token_id
from ..access.sessions import MAX_NEXT, PATH, safe_next

CSRF_COOKIE = "dangbo_csrf"
MAX_BODY = 8 * 1024 + 3 * MAX_NEXT
# Streamlit's own paths that are not pages (its assets, websocket, uploads, media, identity provider).
NOT_PAGES = ("/_stcore", "/static", "/media", "/component", "/auth", "/oauth2callback", "/_dangbo", "/app/static",
             "/favicon", "/manifest")
log = logging.getLogger("dangbo.web.signin")

STORE_DOWN = sessions.STORE_DOWN
CSRF_FAILED = ("Biểu mẫu đăng nhập đã cũ hoặc không được gửi từ trang này (mã chống giả mạo không khớp). "
               "Trang đã được tải lại: vui lòng nhập lại tên đăng nhập và mật khẩu.")


def header(scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k == name:
            return v.decode("latin-1")
    return None


def cookies(scope) -> dict[str, str]:
    """The request's cookies, read leniently: a cookie another application on the same host set with
    characters the standard library's strict parser refuses must not hide ours (SimpleCookie stops at
    the first such cookie). The first of a repeated name wins, as browsers send the most specific first."""
    out: dict[str, str] = {}
    for part in (header(scope, b"cookie") or "").split(";"):
        name, eq, value = part.strip().partition("=")
        if eq and name and name not in out:
            out[name] = value.strip().strip('"')
    return out


def _tls(scope) -> bool:
    return scope.get("scheme") == "https" or (header(scope, b"x-forwarded-proto") or "").lower() == "https"


def set_cookie(name: str, value: str, *, max_age: int, tls: bool, path: str = "/", same_site: str = "Lax") -> bytes:
    parts = [f"{name}={value}", f"Path={path}", f"Max-Age={max_age}", "HttpOnly", f"SameSite={same_site}"]
    if tls:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")


def _same_origin(origin: str | None, host: str) -> bool:
    """A browser's Origin (sent with every cross-site POST) names this server: its host and port, or
    its host when a proxy passed the Host header without the port (nginx's `$host`)."""
    if origin is None:
        return True
    try:
        o = urlsplit(origin)
    except ValueError:
        return False
    if o.netloc.lower() == host.lower():
        return True
    return ":" not in host.rsplit("]", 1)[-1] and (o.hostname or "") == host.lower().strip("[]")


def _is_page(scope) -> bool:
    """A browser asking for one of the dashboard's pages (Streamlit answers every such path with its HTML)."""
    return (scope["type"] == "http" and scope["method"] in ("GET", "HEAD")
            and not scope["path"].startswith(NOT_PAGES) and "text/html" in (header(scope, b"accept") or ""))


def _live(token: str | None) -> bool:
    if not token:
        return False
    if sessions.store().touch_session(token_id(token), sessions.idle_seconds()) is not None:
        return False
    found = sessions.of_cookie(token)
    return bool(found and not found[1].disabled)


async def wants_signin(scope) -> bool:
    """A page asked for by a browser that carries no live session (and no identity of the organisation's
    provider, which Streamlit checks itself): it is sent to the form first."""
    if not _is_page(scope):
        return False
    jar = cookies(scope)
    if any(k.startswith(OIDC_COOKIE) for k in jar):
        return False
    try:
        return not await run_in_threadpool(_live, jar.get(sessions.COOKIE))
    except Exception:      # noqa: BLE001 - the page's own run checks the session again and says what is wrong
        log.exception("session check failed; the page is served and checks the session itself")
        return False


async def redirect_to_form(scope, send) -> None:
    target = scope["path"] + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
    await _send(send, 303, b"", [(b"location", f"{PATH}?{urlencode({'next': target})}".encode("latin-1")),
                                 (b"cache-control", b"no-store")])


async def _send(send, status: int, body: bytes, headers: list) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


async def _body(receive) -> bytes | None:
    """The request's body, or None past MAX_BODY."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def endpoint(scope, receive, send) -> None:
    """GET: the form. POST: sign in. Anything else: 405."""
    if scope["method"] in ("GET", "HEAD"):
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        return await _form(scope, send, safe_next((query.get("next") or ["/"])[0]), None, 200)
    if scope["method"] != "POST":
        return await _send(send, 405, b"", [(b"allow", b"GET, POST")])
    raw = await _body(receive)
    form = {k: v[0] for k, v in parse_qs((raw or b"").decode("utf-8", "replace"), keep_blank_values=True).items()}
    target = safe_next(form.get("next"))
    if raw is None:
        return await _form(scope, send, target, "Yêu cầu đăng nhập quá lớn.", 413)
    jar = cookies(scope)
    origin = header(scope, b"origin")
    host = header(scope, b"host") or ""
    same_origin = _same_origin(origin, host)
    token_ok = bool(jar.get(CSRF_COOKIE)) and hmac.compare_digest(jar.get(CSRF_COOKIE, ""), form.get("csrf", ""))
    username, password = form.get("username", ""), form.get("password", "")
    if not (same_origin and token_ok):
        await run_in_threadpool(_refused_csrf, username, origin)
        return await _form(scope, send, target, CSRF_FAILED, 403)
    try:
        async with _signing_in():       # the ones waiting for a core hold no thread of the server's pool
            outcome = await run_in_threadpool(_sign_in, username, password)
    except database.store_errors():
        log.exception("account or audit store failed while signing in")
        return await _form(scope, send, target, STORE_DOWN, 503)
    token, message = outcome
    if token is None:
        return await _form(scope, send, target, message, 401, username=username)
    await _send(send, 303, b"", [
        (b"location", target.encode("latin-1", "replace")), (b"cache-control", b"no-store"),
        (b"set-cookie", set_cookie(sessions.COOKIE, token, max_age=int(sessions.lifetime_seconds()), tls=_tls(scope))),
        (b"set-cookie", set_cookie(CSRF_COOKIE, "", max_age=0, tls=_tls(scope), path=PATH, same_site="Strict"))])


_SLOTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()      # event loop -> its semaphore


def _signing_in() -> asyncio.Semaphore:
    """Sign-ins checked at once (each hashes a password): as many as the store hashes at once, so a crowd
    signing in together leaves the thread pool to the page requests' session checks."""
    return _SLOTS.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(HASH_SLOTS))


def _sign_in(username: str, password: str) -> tuple[str | None, str]:
    """(the cookie's token, "") or (None, why not); throttling and the audit entries as before."""
    result = sessions.store().sign_in(username, password)
    if result.account is None:
        action = "signin_throttled" if result.wait_s else "signin_failed"
        sessions.audit().append((username or "").strip().lower() or None, None, action, method="password",
                                wait_s=result.wait_s)
        return None, result.message
    return sessions.begin(result.account, "password", cookie=True), ""


def _refused_csrf(username: str, origin: str | None) -> None:
    try:
        sessions.audit().append((username or "").strip().lower()[:40] or None, None, "signin_refused",
                                method="password", reason="csrf", origin=(origin or "")[:200])
    except database.store_errors():
        log.exception("audit store failed while refusing a sign-in without its CSRF token")


def _oidc_button() -> str:
    """The organisation's identity provider, when one is configured (Streamlit's own login route)."""
    try:
        import streamlit as st
        if "auth" not in st.secrets:
            return ""
        from streamlit.user_info import generate_login_redirect_url
        url = generate_login_redirect_url("oidc")
    except Exception:      # noqa: BLE001 - no secrets file, or no provider: local accounts only
        return ""
    path, _, query = url.partition("?")
    fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v[0])}">'
                     for k, v in parse_qs(query).items())
    return (f'<hr><form method="get" action="{html.escape(path)}">{fields}'
            '<button type="submit" class="secondary">Đăng nhập bằng tài khoản của cơ quan</button></form>')


async def _form(scope, send, target: str, error: str | None, status: int, username: str = "") -> None:
    csrf = secrets.token_urlsafe(32)
    tls = _tls(scope)
    alert = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    body = PAGE.format(alert=alert, csrf=csrf, next=html.escape(target), username=html.escape(username[:40]),
                       action=PATH, oidc=_oidc_button(), prefetch=_prefetch()).encode("utf-8")
    headers = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-store"),
               (b"set-cookie", set_cookie(CSRF_COOKIE, csrf, max_age=3600, tls=tls, path=PATH, same_site="Strict"))]
    jar = cookies(scope)
    if jar.get(sessions.COOKIE):        # a cookie that brought the browser here is dead: drop it
        headers.append((b"set-cookie", set_cookie(sessions.COOKIE, "", max_age=0, tls=tls)))
    await _send(send, status, body if scope["method"] != "HEAD" else b"", headers)


@functools.cache
def _prefetch() -> str:
    """Streamlit's own scripts and style sheet, fetched while the person types: the browser keeps them
    (Streamlit serves them immutable), so the page after signing in does not wait for them. Read from
    Streamlit's index.html; nothing when it cannot be read."""
    try:
        import streamlit
        from streamlit import config as st_config
        index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
        base = "/" + (st_config.get_option("server.baseUrlPath") or "").strip("/")
    except Exception:      # noqa: BLE001 - a hint to the browser, never a reason to fail the form
        return ""
    assets = dict.fromkeys(re.findall(r'(?:src|href)="\./(static/[^"]+\.(?:js|css))"', index))
    return "\n".join(f'<link rel="prefetch" href="{html.escape(base.rstrip("/") + "/" + a)}" '
                     f'as="{"style" if a.endswith(".css") else "script"}" crossorigin>' for a in assets)


PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập · Bảng điều hành Đảng bộ các cơ quan Đảng thành phố Cần Thơ</title>
{prefetch}
<style>
 body {{ font-family: "Source Sans Pro", "Segoe UI", Roboto, Arial, sans-serif; margin: 0; background: #f6f6f4;
        color: #262730; }}
 main {{ max-width: 26rem; margin: 8vh auto; background: #fff; padding: 2rem 1.5rem; border-radius: .5rem;
        box-shadow: 0 1px 4px rgba(0,0,0,.12); }}
 h1 {{ font-size: 1.8rem; margin: 0 0 .25rem; }}
 p.sub {{ color: #666; margin: 0 0 1.5rem; font-size: .95rem; }}
 label {{ display: block; font-size: .95rem; margin: 1rem 0 .35rem; }}
 input[type=text], input[type=password] {{ width: 100%; box-sizing: border-box; font-size: 1rem; padding: .6rem .7rem;
        border: 1px solid #ccc; border-radius: .4rem; }}
 button {{ margin-top: 1.4rem; width: 100%; font-size: 1rem; padding: .7rem; border: 0; border-radius: .4rem;
        background: #b3261e; color: #fff; cursor: pointer; }}
 button.secondary {{ background: #fff; color: #262730; border: 1px solid #ccc; }}
 .error {{ background: #fdecea; color: #7d1a12; padding: .75rem; border-radius: .4rem; }}
 hr {{ border: 0; border-top: 1px solid #eee; margin: 1.5rem 0 0; }}
</style></head>
<body><main>
<h1>Đăng nhập</h1>
<p class="sub">Bảng điều hành Đảng bộ các cơ quan Đảng thành phố Cần Thơ</p>
{alert}
<form id="dang-nhap" method="post" action="{action}">
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<label for="username">Tên đăng nhập</label>
<input type="text" id="username" name="username" value="{username}" autocomplete="username" autocapitalize="none"
 spellcheck="false" maxlength="40" required autofocus>
<label for="password">Mật khẩu</label>
<input type="password" id="password" name="password" autocomplete="current-password" maxlength="200" required>
<button type="submit">Đăng nhập</button>
</form>
{oidc}
</main></body></html>
"""
