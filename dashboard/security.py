"""Response hardening: security headers on every response and no stack trace to the browser."""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        # Dash starts its renderer and clientside callbacks from inline scripts, and plotly.js
        # compiles functions at run time; nothing is loaded from another origin.
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype in ("text/csv", "application/json") or response.status_code >= 400:
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def plain_server_error(_error: Exception) -> Response:
    """The details stay in the server's log; the browser gets a plain sentence."""
    return Response(
        "Something went wrong on the server. It has been logged; please try again.",
        status=500,
        mimetype="text/plain",
    )


def harden(server: Flask) -> None:
    server.after_request(add_headers)
    server.register_error_handler(500, plain_server_error)
