"""What a person finds at `/` and `/_sandbox/`: JSON for curl and scripts, a page with
links for a browser (`Accept: text/html` preferred, as browsers send it).

`/_sandbox/` lists the control API's operations as the app routes them (with the summary
the spec gives them), every platform's base URL, spec and docs, and the inspector's
address once an app serves it (issue 16: `/_sandbox/ui/`).
"""

from __future__ import annotations

import html
import inspect
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask, Request, Response, jsonify, request

from sandbox import __version__
from sandbox.core.docs_ui import DOCS_PATH

if TYPE_CHECKING:
    from sandbox.core.platform import Platform

#: The control app's endpoint of `/_sandbox/` (open like health and the spec: it holds
#: nothing secret, and a browser sends no control token).
INDEX_ENDPOINT = "control_index"
#: Where the inspector is to be served, under the control API.
UI_PATH = "/ui/"
JSON = "application/json"
HTML = "text/html"


def wants_html(current: Request) -> bool:
    """A browser's Accept (text/html first) rather than curl's `*/*` or none at all."""
    return current.accept_mimetypes.best_match([JSON, HTML]) == HTML


def html_response(body: str) -> Response:
    response = Response(body, mimetype=HTML)
    response.vary.add("Accept")
    return response


def json_response(body: Any) -> Response:
    response = jsonify(body)
    response.vary.add("Accept")
    return response


def platform_links(
    platforms: Mapping[str, Platform], root: str, only: str | None
) -> dict[str, dict[str, Any]]:
    """Each served platform's base URL, spec and docs under `root` (the sandbox's mount
    point); `only`: the platform `serve --platform` serves at the root."""
    links = {}
    for name, platform in platforms.items():
        if only not in (None, name):
            continue
        base = root if only is not None else f"{root}/{name}"
        links[name] = {
            "vendor": platform.vendor,
            "base_path": base or "/",
            "spec": f"{base}/openapi.json",
            "docs": f"{base}{DOCS_PATH}",
        }
    return links


def has_ui(control: Flask) -> bool:
    return any(rule.rule.startswith(UI_PATH.rstrip("/")) for rule in control.url_map.iter_rules())


def control_operations(control: Flask, prefix: str) -> list[dict[str, str]]:
    """Every documented operation of the control app, in the order its routes were added."""
    operations = []
    for rule in control.url_map.iter_rules():
        view = control.view_functions.get(rule.endpoint)
        view_class = getattr(view, "view_class", None)
        if view_class is None:
            continue  # the spec and this index: flask-smorest's and ours, not operations
        for method in sorted(rule.methods or (), key=_METHOD_ORDER.get):
            handler = getattr(view_class, method.lower(), None)
            if handler is None or method in ("HEAD", "OPTIONS"):
                continue
            # The spec's summary (the docstring's first paragraph), on one line.
            first = inspect.cleandoc(handler.__doc__ or "").split("\n\n", 1)[0]
            path = _PARAMETER.sub(r"{\1}", rule.rule)  # as the spec writes it
            operations.append(
                {"method": method, "path": f"{prefix}{path}", "summary": " ".join(first.split())}
            )
    return operations


#: A Flask route parameter, `<name>` or `<converter:name>`.
_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^:<>]+)>")
_METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4, "HEAD": 5, "OPTIONS": 6}


def register_control_index(app: Flask, platforms: Mapping[str, Platform], only: str | None) -> None:
    """`GET /_sandbox/` on the control app `app` (mounted at /_sandbox)."""

    def index() -> Response:
        prefix = request.script_root  # /_sandbox, behind any mount point of the sandbox
        root = prefix[: -len("/_sandbox")] if prefix.endswith("/_sandbox") else ""
        body = {
            "service": "flow-sandbox control API",
            "version": __version__,
            "spec": f"{prefix}/openapi.json",
            "ui": f"{prefix}{UI_PATH}" if has_ui(app) else None,
            "platforms": platform_links(platforms, root, only),
            "operations": control_operations(app, prefix),
        }
        if wants_html(request):
            return html_response(render_control_index(body, root, only))
        return json_response(body)

    app.add_url_rule("/", INDEX_ENDPOINT, index, methods=["GET"])


# -- pages ---------------------------------------------------------------------------------------

STYLE = """
  body { font-family: sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em;
    line-height: 1.5; color: #1b1b1b; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #ccc; }
  code { background: #f3f3f3; padding: 0 3px; }
  a { color: #0645ad; }
"""


def _page(title: str, sections: Iterable[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n" + "\n".join(sections) + "\n</body>\n</html>\n"
    )


def _link(href: str, text: str | None = None) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text if text is not None else href)}</a>'


def _platform_table(links: Mapping[str, Mapping[str, Any]]) -> str:
    rows = [
        "<tr>"
        f"<td>{html.escape(item['vendor'])}</td>"
        f"<td><code>{html.escape(item['base_path'])}</code></td>"
        f"<td>{_link(item['docs'], 'API docs')}</td>"
        f"<td>{_link(item['spec'], 'openapi.json')}</td>"
        "</tr>"
        for item in links.values()
    ]
    return (
        '<table id="platforms">\n<tr><th>Platform</th><th>Base URL</th><th>Try it</th>'
        "<th>Spec</th></tr>\n" + "\n".join(rows) + "\n</table>"
    )


def _ui_line(ui: str | None, prefix: str) -> str:
    if ui is not None:
        return f'<p id="inspector">Inspector: {_link(ui)}</p>'
    return (
        f'<p id="inspector">Inspector: <code>{html.escape(prefix + UI_PATH)}</code> '
        "(not in this version yet).</p>"
    )


def render_landing(platforms: Mapping[str, Mapping[str, Any]], control: str, ui: str | None) -> str:
    """`/` for a browser: every platform, its docs and spec, and the control API."""
    return _page(
        f"flow-sandbox {__version__}",
        [
            "<p>Local sandboxes of chatbot platform APIs. Each platform answers under its base "
            "URL as the vendor does; its API docs call this sandbox, with the default "
            "workspace's demo credentials filled in.</p>",
            _platform_table(platforms),
            "<h2>Control API</h2>",
            f"<p>Reset, fixtures, export, clock and workspaces: {_link(control + '/')} "
            f"(spec: {_link(control + '/openapi.json')}).</p>",
            _ui_line(ui, control),
        ],
    )


def render_control_index(body: Mapping[str, Any], root: str, only: str | None) -> str:
    """`/_sandbox/` for a browser: its operations, and the platforms' docs."""
    rows = [
        f"<tr><td><code>{html.escape(op['method'])}</code></td>"
        f"<td><code>{html.escape(op['path'])}</code></td>"
        f"<td>{html.escape(op['summary'])}</td></tr>"
        for op in body["operations"]
    ]
    prefix = body["spec"][: -len("/openapi.json")]
    home = [] if only is not None else [f"<p>{_link(f'{root}/', 'All platforms')}</p>"]
    return _page(
        body["service"],
        [
            *home,
            f"<p>Spec: {_link(body['spec'])}</p>",
            _ui_line(body["ui"], prefix),
            '<table id="operations">\n<tr><th>Method</th><th>Path</th><th>What it does</th></tr>\n'
            + "\n".join(rows)
            + "\n</table>",
            "<h2>Platforms</h2>",
            _platform_table(body["platforms"]),
        ],
    )
