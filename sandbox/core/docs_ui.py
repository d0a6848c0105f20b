"""`/<platform>/docs`: the platform's spec in Swagger UI, served offline by the sandbox.

    /docs                          the page (also `/docs/`)
    /docs/openapi.json             the spec it shows: the one `/openapi.json` serves
    /docs/swagger-ui/<asset>       Swagger UI's script, stylesheet and icons

Swagger UI comes from the `flask-swagger-ui` package, used only for the `dist/` folder it
ships (Swagger UI's own release files and licence, refreshed upstream every week): of the
packages carrying the assets, `swagger-ui-bundle` is stuck on Swagger UI 4.15 (2022), and
vendoring swagger-ui-dist would make this repository the one to keep it current. Its
blueprint (and flask-smorest's `OPENAPI_SWAGGER_UI_PATH`) take JSON settings only, while
prefilling the demo credentials needs a function (`onComplete`), so the page is ours.

`DocsPages` wraps the platform app outside the request journal (`ObservedApp`): opening
the docs adds nothing to the user's journal and no fault rule breaks them, while "Try it
out" requests go through the platform as any client's do. Its paths are matched before
Flask routes, so they are not in the platform's spec and no credentials are asked for; no
vendor has a path under `/docs` (tests/core/test_docs_ui.py checks every platform's).
"""

from __future__ import annotations

import html
import importlib.util
import json
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.utils import send_file
from werkzeug.wrappers import Response

if TYPE_CHECKING:
    from sandbox.core.platform import Platform

DOCS_PATH = "/docs"
SPEC_PATH = f"{DOCS_PATH}/openapi.json"
ASSETS_PATH = f"{DOCS_PATH}/swagger-ui/"
#: The files of Swagger UI's dist/ the page uses (nothing else there is served).
ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"})
#: Seconds a browser may reuse an asset without asking again (it asks with its ETag after).
ASSETS_MAX_AGE = 3600
READ_METHODS = frozenset({"GET", "HEAD"})

WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]
#: Runs a request through the platform app outside the journal: (method, path, JSON body)
#: to (status, parsed JSON body or None).
Call = Callable[[str, str, Any], tuple[int, Any]]


def _flowbot(credentials: Mapping[str, Any], call: Call) -> dict[str, Any]:
    # FlowBot's Bearer is a JWT the API issues for the client credentials (signing only,
    # nothing is stored); one valid for a day, on the sandbox clock.
    status, body = call(
        "POST",
        "/api/auth/api-token",
        {
            "clientId": credentials.get("client_id"),
            "apiKey": credentials.get("api_key"),
            "ttlSec": 86400,
        },
    )
    token = body.get("accessToken") if status == 200 and isinstance(body, dict) else None
    return {"BearerJWT": token} if isinstance(token, str) else {}


#: What each platform's page authorizes with, from its auth module's DEMO_CREDENTIALS: a
#: security scheme's name to its value (a string; [user, password] for HTTP basic). A
#: platform missing here gets a page without credentials. RapidPro also takes Basic, but
#: Swagger UI would send both alternatives at once, so only its Token is given.
PREFILL: dict[str, Callable[[Mapping[str, Any], Call], dict[str, Any]]] = {
    "rapidpro": lambda c, _: {"Token": f"Token {c['token']}"},
    "xerochat": lambda c, _: {"ApiKeyQuery": c["admin_key"]},
    "flochat": lambda c, _: {"API KEY": c["api_key"]},
    "flowxo": lambda c, _: {"BearerAuth": c["api_key"]},
    "flowbot": _flowbot,
}


@cache
def assets_dir() -> Path:
    """Swagger UI's dist/ folder in the installed flask-swagger-ui (found without
    importing it: its module imports Flask's blueprint machinery and reads metadata)."""
    spec = importlib.util.find_spec("flask_swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("flask-swagger-ui is not installed (pip install flow-sandbox)")
    return Path(next(iter(spec.submodule_search_locations))) / "dist"


@cache
def swagger_ui_version() -> str:
    return (assets_dir() / "VERSION").read_text(encoding="utf-8").strip().lstrip("v")


class DocsPages:
    """The WSGI wrapper of one platform app serving its docs (set as `app.wsgi_app`, last).

    Any other path, and any method but GET and HEAD, goes on to the platform as before.
    """

    def __init__(self, app: Flask, platform: Platform, *, at_root: bool) -> None:
        self._app = app
        self._inner: WSGIApp = app.wsgi_app
        self._platform = platform
        #: Served alone at the root (`serve --platform`): no index of platforms at `/`.
        self._at_root = at_root

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(DOCS_PATH) or environ.get("REQUEST_METHOD") not in READ_METHODS:
            return self._inner(environ, start_response)
        if path in (DOCS_PATH, f"{DOCS_PATH}/"):
            response = self._page(environ)
        elif path == SPEC_PATH:
            return self._unobserved({**environ, "PATH_INFO": "/openapi.json"}, start_response)
        elif path.startswith(ASSETS_PATH) and path[len(ASSETS_PATH) :] in ASSETS:
            response = send_file(
                assets_dir() / path[len(ASSETS_PATH) :],
                environ,
                max_age=ASSETS_MAX_AGE,
                mimetype="text/plain" if path.endswith("LICENSE") else None,
            )
        else:
            return self._inner(environ, start_response)  # the vendor's 404
        return response(environ, start_response)

    def _unobserved(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The platform's Flask pipeline itself, without the journal that `app.wsgi_app`
        (this wrapper's inner app) puts around it."""
        return type(self._app).wsgi_app(self._app, environ, start_response)

    def _call(self, environ: dict[str, Any]) -> Call:
        def call(method: str, path: str, body: Any) -> tuple[int, Any]:
            builder = EnvironBuilder(
                path=path,
                base_url=f"{environ.get('wsgi.url_scheme', 'http')}://"
                f"{environ.get('HTTP_HOST', 'localhost')}{environ.get('SCRIPT_NAME', '')}",
                method=method,
                json=body,
            )
            chunks, status, _ = run_wsgi_app(self._unobserved, builder.get_environ())
            data = b"".join(chunks)
            try:
                return int(status[:3]), json.loads(data)
            except ValueError:
                return int(status[:3]), None

        return call

    def _page(self, environ: dict[str, Any]) -> Response:
        root = environ.get("SCRIPT_NAME", "")
        platform = self._platform
        fill = PREFILL.get(platform.name)
        credentials = fill(platform.auth.DEMO_CREDENTIALS, self._call(environ)) if fill else {}
        # The sandbox's own root: the mount point less `/<platform>`.
        home = root if self._at_root else root[: -len(platform.name) - 1]
        page = render_page(platform, root, credentials, home=None if self._at_root else home)
        response = Response(page, mimetype="text/html")
        # The page holds a token minted on the sandbox clock: never reused from a cache.
        response.headers["Cache-Control"] = "no-store"
        return response


def swagger_config(root: str) -> dict[str, Any]:
    """Swagger UI's settings (everything but `onComplete`, which the page adds)."""
    return {
        "url": f"{root}{SPEC_PATH}",
        "dom_id": "#swagger-ui",
        "deepLinking": True,
        # x-fidelity and x-fidelity-source under each operation.
        "showExtensions": True,
        # The name the request journal and fault rules know an operation by.
        "displayOperationId": True,
        "docExpansion": "list",
        "defaultModelsExpandDepth": 0,
        "tryItOutEnabled": True,
    }


def _script_json(value: Any) -> str:
    """JSON to put inside a <script>: `</script>` in a string cannot end the element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def render_page(
    platform: Platform, root: str, credentials: Mapping[str, Any], *, home: str | None
) -> str:
    """The page of `platform` mounted at `root`; `home` is the sandbox's root, or None
    when the platform is served alone (its control API is then at `/_sandbox/` too)."""
    assets = f"{root}{ASSETS_PATH}"
    base = root if home is None else home
    links = [] if home is None else [f'<a href="{html.escape(home)}/">All platforms</a>']
    links.append(f'<a href="{html.escape(base)}/_sandbox/">Control API</a>')
    title = html.escape(f"{platform.vendor} API (flow-sandbox)")
    filled = ", ".join(sorted(credentials)) or "none"
    return PAGE.format(
        title=title,
        vendor=html.escape(platform.vendor),
        assets=html.escape(assets),
        version=html.escape(swagger_ui_version()),
        filled=html.escape(filled),
        links=" &middot; ".join(links),
        config=_script_json(swagger_config(root)),
        credentials=_script_json(dict(credentials)),
    )


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" type="image/png" href="{assets}favicon-32x32.png">
<link rel="stylesheet" href="{assets}swagger-ui.css">
<style>
  body {{ margin: 0; font-family: sans-serif; }}
  #sandbox-bar {{ padding: 8px 20px; background: #1b1b1b; color: #fff; font-size: 14px; }}
  #sandbox-bar a {{ color: #9cf; }}
  .summary-path-and-fidelity {{ display: flex; align-items: center; }}
  .fidelity {{ margin: 0 10px; padding: 1px 6px; border: 1px solid #555; border-radius: 4px;
    font-size: 12px; font-family: monospace; color: #333; background: #fff; }}
  .fidelity-documented {{ border-color: #2e7d32; color: #2e7d32; }}
  .fidelity-observed {{ border-color: #1565c0; color: #1565c0; }}
  .fidelity-assumed {{ border-color: #b26a00; color: #8a5300; border-style: dashed; }}
</style>
</head>
<body>
<nav id="sandbox-bar">
  <strong>{vendor}</strong> in flow-sandbox: "Try it out" calls this sandbox, as the
  default workspace (demo credentials authorized: <span id="prefilled">{filled}</span>).
  {links} &middot; <a href="{assets}LICENSE">Swagger UI {version}</a>
</nav>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script>
  var config = {config};
  var credentials = {credentials};
  // Each operation's x-fidelity as a badge on its summary line, its source as the tooltip
  // (showExtensions lists both again in the expanded operation).
  function FidelityBadges(system) {{
    var h = system.React.createElement;
    return {{ wrapComponents: {{ OperationSummaryPath: function (Original) {{
      return function (props) {{
        // From the spec as served: the operation in the props is only whole once expanded.
        var op = system.specSelectors.specJson().getIn(
          ["paths", props.operationProps.get("path"), props.operationProps.get("method")]);
        var level = op && op.get("x-fidelity");
        var badge = level ? h("span", {{
          className: "fidelity fidelity-" + level,
          title: "x-fidelity-source: " + (op.get("x-fidelity-source") || "")
        }}, level) : null;
        return h("span", {{ className: "summary-path-and-fidelity" }}, h(Original, props), badge);
      }};
    }} }} }};
  }}
  config.plugins = [FidelityBadges];
  config.onComplete = function () {{
    Object.keys(credentials).forEach(function (scheme) {{
      var value = credentials[scheme];
      if (Array.isArray(value)) {{
        window.ui.preauthorizeBasic(scheme, value[0], value[1]);
      }} else {{
        window.ui.preauthorizeApiKey(scheme, value);
      }}
    }});
    document.body.setAttribute("data-docs-ready", "true");
  }};
  window.ui = SwaggerUIBundle(config);
</script>
</body>
</html>
"""
