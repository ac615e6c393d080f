"""The security headers of every response: pages load only this server's own scripts, styles and images, and
no other site may frame them (a view may set a stricter or looser policy of its own)."""
from __future__ import annotations

# Pages load only the server's own scripts, styles and images, and no other site may frame them.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
