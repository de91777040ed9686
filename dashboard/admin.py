"""The admin page (`/admin`): users and the audit trail, for the admin role only.

A plain server-rendered page with CSRF-protected forms: it changes accounts, not charts, so it
needs none of Dash. Every change is written to the audit trail.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, redirect, render_template_string, request
from flask_login import current_user

from dashboard.auth import csrf_ok, csrf_token, hash_password
from data_access import audit, users
from data_access.access import ADMINISTER_USERS, may
from data_access.codes import USER_ROLES

USER_CHANGE = "user_change"


def register(server: Flask) -> None:
    server.add_url_rule("/admin", "admin_page", admin_page)
    server.add_url_rule("/admin/users", "admin_users", change_users, methods=["POST"])


def _refused() -> Response | None:
    if not may(current_user.role, ADMINISTER_USERS):
        return Response("Only administrators may open this page.", status=403)
    return None


def admin_page() -> Response | str:
    if refusal := _refused():
        return refusal
    engine = current_app.extensions["c2l"].engine
    action = request.args.get("action") or None
    username = request.args.get("username") or None
    return render_template_string(
        PAGE,
        users=users.list_users(engine),
        events=audit.events(engine, limit=500, action=action, username=username),
        roles=USER_ROLES,
        csrf=csrf_token(),
        action=action or "",
        username=username or "",
        message=request.args.get("message", ""),
    )


def change_users() -> Response:
    if refusal := _refused():
        return refusal
    if not csrf_ok():
        return Response("The form has expired; reload the page.", status=400)
    engine = current_app.extensions["c2l"].engine
    name = request.form.get("username", "").strip()
    try:
        detail = _apply(engine, request.form.get("change", ""), name)
    except (users.UserError, ValueError) as error:
        return redirect(f"/admin?message={error}")
    audit.record(engine, USER_CHANGE, current_user.username, request.remote_addr or "", detail)
    return redirect(f"/admin?message={detail}")


def _apply(engine, change: str, name: str) -> str:
    form = request.form
    areas = tuple(area.strip() for area in form.get("areas", "").split(",") if area.strip())
    if change == "add":
        users.add_user(
            engine, name, hash_password(form.get("password", "")), form.get("role", ""), areas
        )
        return f"Added {name} as {form.get('role')}."
    if change == "set-role":
        users.change_user(engine, name, role=form.get("role", ""), areas=areas)
        return f"{name} is now {form.get('role')} ({', '.join(areas) or 'whole county'})."
    if change == "disable":
        users.change_user(engine, name, active=False)
        return f"Disabled {name}."
    raise ValueError(f"Unknown change {change!r}.")


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Administration – Caring2Learn monitoring</title>
<link rel="stylesheet" href="/assets/00_bootstrap.min.css">
<link rel="stylesheet" href="/assets/style.css">
</head><body><a class="skip-link" href="#main">Skip to main content</a>
<nav class="navbar navbar-dark" style="background:#12436D"><div class="container-fluid">
<a class="navbar-brand fw-bold" href="/">Caring2Learn monitoring</a></div></nav>
<main id="main" class="container-xl py-3"><h1 class="h2">Administration</h1>
{% if message %}<div class="alert alert-info" role="status">{{ message }}</div>{% endif %}
<h2 class="h4 mt-4">Users</h2>
<table class="table table-sm"><caption>Everyone who may sign in</caption><thead><tr>
<th scope="col">Username</th><th scope="col">Role</th><th scope="col">Areas</th>
<th scope="col">State</th></tr></thead><tbody>
{% for user in users %}<tr><td>{{ user.username }}</td><td>{{ user.role }}</td>
<td>{{ user.areas|join(', ') or 'whole county' }}</td>
<td>{{ 'active' if user.active else 'disabled' }}</td></tr>{% endfor %}</tbody></table>
<form method="post" action="/admin/users" class="row g-2 align-items-end border rounded p-3">
<input type="hidden" name="csrf" value="{{ csrf }}">
<div class="col-md-2"><label class="form-label fw-bold" for="change">Change</label>
<select class="form-select" id="change" name="change"><option value="add">Add a user</option>
<option value="set-role">Set role and areas</option>
<option value="disable">Disable</option></select></div>
<div class="col-md-2"><label class="form-label fw-bold" for="username">Username</label>
<input class="form-control" id="username" name="username" required></div>
<div class="col-md-2"><label class="form-label fw-bold" for="role">Role</label>
<select class="form-select" id="role" name="role">{% for role in roles %}
<option>{{ role }}</option>{% endfor %}</select></div>
<div class="col-md-2">
<label class="form-label fw-bold" for="areas">Areas (codes, comma-separated)</label>
<input class="form-control" id="areas" name="areas"></div>
<div class="col-md-2"><label class="form-label fw-bold" for="password">Password (new users)</label>
<input class="form-control" id="password" name="password" type="password"
autocomplete="new-password"></div>
<div class="col-md-2"><button class="btn btn-success" type="submit">Apply</button></div></form>
<h2 class="h4 mt-4">Audit trail</h2>
<form method="get" action="/admin" class="row g-2 align-items-end mb-2">
<div class="col-md-3"><label class="form-label fw-bold" for="filter-action">Action</label>
<input class="form-control" id="filter-action" name="action" value="{{ action }}"></div>
<div class="col-md-3"><label class="form-label fw-bold" for="filter-user">Username</label>
<input class="form-control" id="filter-user" name="username" value="{{ username }}"></div>
<div class="col-md-2">
<button class="btn btn-outline-primary" type="submit">Filter</button></div></form>
<table class="table table-sm table-striped"><caption>The latest 500 events</caption><thead><tr>
<th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">From</th>
<th scope="col">Action</th><th scope="col">What</th><th scope="col">Filters</th>
<th scope="col">Rows</th></tr></thead><tbody>
{% for event in events %}<tr><td>{{ event.occurred_at }}</td><td>{{ event.username }}</td>
<td>{{ event.address }}</td><td>{{ event.action }}</td><td>{{ event.detail }}</td>
<td>{{ event.filters }}</td><td>{{ event.rows if event.rows is not none else '' }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""
