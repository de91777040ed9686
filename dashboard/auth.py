"""Logging in: flask-login, a login form with a CSRF token, and one guard in front of every route.

The `before_request` guard is the only gate: every route but the login form itself needs a
signed-in, active user — pages, Dash's `/_dash-*` endpoints, component assets and downloads.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, redirect, render_template_string, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from data_access import audit, users
from data_access.access import VIEW_UNSUPPRESSED, may
from data_access.users import UserRecord

PUBLIC_ENDPOINTS = frozenset({"auth_login"})
LOCKOUT_WINDOW = timedelta(minutes=15)
SEEN_RESOLUTION = 60
"""Seconds between refreshes of the session's last-seen time: rewriting the cookie on every
request lets parallel Dash requests overwrite each other's session (and its CSRF token)."""
FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
TOO_MANY = "Too many failed sign-ins. Wait 15 minutes, then try again, or ask an administrator."
API_PREFIXES = ("/_dash-", "/download", "/_reload-hash", "/_favicon")
MIN_PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class User(UserMixin):
    """The signed-in user, as the data layer's `UserSpec` expects."""

    user_id: int
    username: str
    role: str
    areas: tuple[str, ...]
    unsuppressed: bool = False

    def get_id(self) -> str:
        return str(self.user_id)

    @classmethod
    def from_record(cls, record: UserRecord, unsuppressed: bool = False) -> User:
        return cls(record.user_id, record.username, record.role, record.areas, unsuppressed)


def hash_password(password: str) -> str:
    """A salted scrypt hash (werkzeug's default: a slow, memory-hard function)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return generate_password_hash(password, method="scrypt")


def init_auth(server: Flask) -> None:
    manager = LoginManager()
    manager.init_app(server)
    manager.user_loader(_load_user)
    server.add_url_rule("/login", "auth_login", login_view, methods=["GET", "POST"])
    server.add_url_rule("/logout", "auth_logout", logout_view, methods=["POST"])
    server.add_url_rule("/suppression", "auth_suppression", suppression_view, methods=["POST"])
    server.before_request(require_login)


def _load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    record = users.find_by_id(current_app.extensions["c2l"].engine, int(user_id))
    if not (record and record.active):
        return None
    return User.from_record(record, bool(session.get("unsuppressed")))


def require_login() -> Response | None:
    """Refuse every request without a signed-in user: a 401 for APIs, the login page otherwise.

    A session idle for longer than the idle timeout is signed out first.
    """
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if current_user.is_authenticated and not _idle_too_long():
        if time.time() - session.get("seen", 0) > SEEN_RESOLUTION:
            session["seen"] = time.time()
        return None
    if request.path.startswith(API_PREFIXES) or request.method != "GET":
        return Response("Sign in to use the dashboard.", status=401, mimetype="text/plain")
    return redirect(f"/login?next={request.full_path.rstrip('?')}")


def _idle_too_long() -> bool:
    idle_seconds = current_app.extensions["c2l.settings"].idle_minutes * 60
    if time.time() - session.get("seen", 0) <= idle_seconds:
        return False
    logout_user()
    session.clear()
    return True


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _safe_next(target: str | None) -> str:
    """Only a path on this site, so the login form cannot send people elsewhere."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return "/"
    return target or "/"


def login_view() -> Response | str:
    if request.method == "GET":
        return render_template_string(LOGIN_PAGE, error=None, csrf=_csrf_token())
    if not csrf_ok():
        return Response("The form has expired; reload the page.", status=400)
    username = request.form.get("username", "").strip()[:80]
    engine = current_app.extensions["c2l"].engine
    if _too_many_failures(engine, username):
        error, status = TOO_MANY, 429
    else:
        user = _check_credentials(username, request.form.get("password", ""))
        if user:
            audit.record(engine, audit.LOGIN, username, _address())
            session.clear()
            login_user(user)
            session["seen"] = time.time()
            _csrf_token()
            return redirect(_safe_next(request.args.get("next")))
        audit.record(engine, audit.LOGIN_FAILED, username, _address())
        error, status = "That username and password do not match an active account.", 401
    page = render_template_string(LOGIN_PAGE, error=error, csrf=_csrf_token())
    return Response(page, status=status)


def _address() -> str:
    return request.remote_addr or "unknown"


def _too_many_failures(engine, username: str) -> bool:
    """Five failures for an account, or twenty from one address, in 15 minutes lock sign-in."""
    by_account = audit.recent_failures(engine, LOCKOUT_WINDOW, username=username)
    by_address = audit.recent_failures(engine, LOCKOUT_WINDOW, address=_address())
    return by_account >= FAILURES_PER_ACCOUNT or by_address >= FAILURES_PER_ADDRESS


def _check_credentials(username: str, password: str) -> User | None:
    record = users.find_by_name(current_app.extensions["c2l"].engine, username)
    if record and record.active and check_password_hash(record.password_hash, password):
        return User.from_record(record)
    return None


def suppression_view() -> Response:
    """An analyst turns small-number suppression off (or on again) for their own session."""
    if not csrf_ok():
        return Response("The form has expired; reload the page.", status=400)
    if not may(current_user.role, VIEW_UNSUPPRESSED):
        return Response("Only analysts may see unsuppressed figures.", status=403)
    turn_off = request.form.get("suppression") == "off"
    session["unsuppressed"] = turn_off
    action = audit.SUPPRESSION_OFF if turn_off else audit.SUPPRESSION_ON
    audit.record(current_app.extensions["c2l"].engine, action, current_user.username, _address())
    back = urlsplit(request.referrer or "/")
    return redirect(_safe_next(back.path + (f"?{back.query}" if back.query else "")))


def csrf_token() -> str:
    """The session's token for forms outside the login page (the navbar's)."""
    return _csrf_token()


def csrf_ok() -> bool:
    """The posted form carries this session's token (a session without one never passes)."""
    expected = session.get("csrf", "")
    return bool(expected) and hmac.compare_digest(request.form.get("csrf", ""), expected)


def logout_view() -> Response:
    logout_user()
    session.clear()
    return redirect("/login")


LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – Caring2Learn monitoring</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#0b0c0c;background:#f3f2f1}
header{background:#12436D;color:#fff;padding:1rem 2rem;font-size:1.25rem;font-weight:bold}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-top:5px solid #12436D}
label{display:block;font-weight:bold;margin:1rem 0 .25rem}
input{width:100%;padding:.5rem;font-size:1.1rem;border:2px solid #0b0c0c;box-sizing:border-box}
input:focus,button:focus{outline:3px solid #fd0;outline-offset:0}
button{margin-top:1.5rem;background:#00703c;color:#fff;border:0;padding:.6rem 1.2rem;
font-size:1.1rem;cursor:pointer}
.error{border-left:5px solid #d4351c;padding:.5rem 1rem;color:#d4351c;font-weight:bold}
</style></head>
<body><header>Caring2Learn monitoring</header>
<main id="main"><h1>Sign in</h1>
{% if error %}<p class="error" role="alert">{{ error }}</p>{% endif %}
<form method="post">
<input type="hidden" name="csrf" value="{{ csrf }}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form></main></body></html>"""
