"""What keeps the control API from being an open door to whoever reaches the port.

The control API hands out every workspace's credentials and wipes the state, so every
request passes, in this order:

1. **Host** (without a control token): a page on another site can make a browser talk to
   the sandbox by DNS rebinding, its own name resolving to 127.0.0.1; the request then
   carries that name as its Host. Rebinding needs a name, so IP addresses, `localhost`
   (and `*.localhost`, which browsers never resolve through DNS) and the names given to
   `--allowed-host` are answered; other names are refused. With a token, the token
   protects, and any name is answered (a proxy's, a compose service's).
2. **The control token** (`--control-token`), as `Authorization: Bearer <token>` or
   `X-Sandbox-Token`, on every call but health (container health checks) and the spec
   (the same as specs/sandbox-control.openapi.json in the repository).
3. **Origin** on writes: a browser says which page sent a request; a write from a page of
   another origin (or an opaque `null` one) is refused, so a site the user visits cannot
   reset the sandbox with a form or a `fetch`.
4. **The body's type** on writes: JSON (fixtures: JSON or YAML). A body sent as a form or
   as text (curl's `-d` without `-H`, an HTML form) used to be read as no body at all,
   and `POST /reset` then reset everything; these are the only types a browser sends to
   another site without asking first (CORS), so refusing them stops cross-site writes
   too. No body at all is still allowed: `POST /reset` without one resets everything,
   as documented.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Collection
from urllib.parse import urlsplit

from flask import Flask, Request, request
from flask_smorest import abort

from sandbox.config import SandboxConfig

#: Readable by anyone who reaches the port: nothing in them is secret.
#: `control_index` is `/_sandbox/` (sandbox/core/landing.py): paths and platform names only.
OPEN_ENDPOINTS = frozenset({"control.Health", "api-docs.openapi_json", "control_index"})
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
JSON = "application/json"
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})
#: Endpoints that read more than JSON, and how their error names it.
OTHER_BODIES = {"control.Fixtures": (YAML_TYPES, "JSON or YAML", f"{JSON} or application/yaml")}
REALM = 'Bearer realm="flow-sandbox control"'
DEFAULT_PORTS = {"http": 80, "https": 443}


def guard_requests(app: Flask, config: SandboxConfig) -> None:
    """Check every request of the control app `app` as the module docstring says."""
    token = (config.control_token or "").encode("utf-8")
    allowed = frozenset(name.lower() for name in config.allowed_hosts)

    @app.before_request
    def guard() -> None:
        current = request._get_current_object()  # type: ignore[attr-defined]
        if token:
            if current.endpoint not in OPEN_ENDPOINTS:
                _check_token(current, token)
        elif current.endpoint not in OPEN_ENDPOINTS:
            # Health and the spec hold nothing a rebinding page could want, and a CI
            # service container is probed by its compose name (http://sandbox:8000).
            _check_host(current, allowed)
        if current.method not in READ_ONLY_METHODS:
            _check_origin(current)
            _check_body_type(current)


def _check_token(current: Request, token: bytes) -> None:
    given = _given_tokens(current)
    if not given:
        abort(
            401,
            message="the control API needs the server's control token: send Authorization: "
            "Bearer <token> (or X-Sandbox-Token: <token>)",
            headers={"WWW-Authenticate": REALM},
        )
    # compare_digest on each, so the time taken tells nothing about the token.
    if not any([hmac.compare_digest(_raw(value), token) for value in given]):
        abort(
            401,
            message="the control token is not the server's",
            headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'},
        )


def _raw(value: str) -> bytes:
    """A header's bytes as sent: WSGI hands headers over decoded as latin-1, so a UTF-8
    token typed in a shell arrives as its bytes one character each."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:  # not from a WSGI server (a str built in a test)
        return value.encode("utf-8")


def _given_tokens(current: Request) -> list[str]:
    given = []
    scheme, _, value = current.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        given.append(value.strip())
    header = current.headers.get("X-Sandbox-Token", "").strip()
    if header:
        given.append(header)
    # A header that names another scheme is a wrong token, not a missing one.
    if not given and current.headers.get("Authorization"):
        given.append(current.headers["Authorization"])
    return given


def _check_host(current: Request, allowed: Collection[str]) -> None:
    host = current.host
    name = _host_name(host)
    if name is None or _is_local(name) or name in allowed:
        return
    abort(
        403,
        message=f"Host {host} is refused without a control token (a guard against DNS "
        f"rebinding): use localhost or an IP address, add --allowed-host {name}, or set "
        "--control-token",
    )


def _host_name(host: str) -> str | None:
    """The name in a Host header (`[::1]:8000` -> `::1`), lower case; None when empty."""
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:  # a malformed IPv6 literal: not a name DNS could rebind
        return None
    return name or None


def _is_local(name: str) -> bool:
    """An IP address, or a name that never goes through DNS."""
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _check_origin(current: Request) -> None:
    origin = current.headers.get("Origin")
    if origin is None or _same_origin(origin, current.host):
        return
    abort(
        403,
        message=f"cross-site write refused: the request comes from a page at {origin}, "
        "not from this server",
    )


def _same_origin(origin: str, host: str) -> bool:
    """Whether a page at `origin` is this server, reached as `host`.

    The scheme is not compared: behind a proxy that ends TLS the request arrives as http
    from an https page. A port in Host must match the origin's (given or default).
    """
    try:
        page = urlsplit(origin)
        page_port = page.port or DEFAULT_PORTS.get(page.scheme)
        server = urlsplit(f"//{host}")
        server_port = server.port
    except ValueError:
        return False
    if not page.hostname or page.hostname != server.hostname:
        return False
    return server_port is None or page_port == server_port


def _check_body_type(current: Request) -> None:
    mimetype = current.mimetype
    if mimetype == JSON or (mimetype.startswith("application/") and mimetype.endswith("+json")):
        return
    extra, what, types = OTHER_BODIES.get(current.endpoint or "", (frozenset(), "JSON", JSON))
    if mimetype in extra:
        return
    if not mimetype:
        if not current.get_data(cache=True):
            return  # no body: the documented defaults (POST /reset resets everything)
        sent = "this body has no Content-Type"
    else:
        sent = f"this body is {mimetype}"
    abort(
        415,
        message=f"{current.method} {current.script_root}{current.path} takes {what} "
        f"(Content-Type: {types}); {sent}",
    )
