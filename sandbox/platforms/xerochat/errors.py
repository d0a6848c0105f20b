"""XeroChat's errors: HTTP 200 with `{"status": "error", "message": ...}` (platforms.md §B.2).

The vendor's CodeIgniter controller never sets a status code; only a URL that maps to no
controller method gets CodeIgniter's HTML 404 page.
"""

from __future__ import annotations

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, NotFound

from sandbox.core.errors import VendorError

# CodeIgniter 3's stock application/views/errors/html/error_404.php, reduced to its text.
CODEIGNITER_404 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>404 Page Not Found</title>
</head>
<body>
\t<div id="container">
\t\t<h1>404 Page Not Found</h1>
\t\t<p>The page you requested was not found.</p>\t</div>
</body>
</html>"""


class ErrorSchema(Schema):
    status = fields.String(required=True, metadata={"enum": ["error", "info"]})
    message = fields.String(required=True)


class XeroChatError(VendorError):
    """`{"status": "error", "message": <message>}` with HTTP 200, as the vendor answers."""

    code = 200

    def __init__(self, message: str) -> None:
        super().__init__(message)


class ApiKeyRequired(XeroChatError):
    def __init__(self) -> None:
        super().__init__("API Key is required")


class InvalidApiKey(XeroChatError):
    def __init__(self) -> None:
        super().__init__("Either API Key Invalid or Member Validity Expired")


def render(error: HTTPException) -> Response:
    if isinstance(error, XeroChatError):
        response = jsonify({"status": "error", "message": error.body})
        response.status_code = 200
        return response
    if isinstance(error, NotFound):
        return Response(CODEIGNITER_404, status=404, mimetype="text/html")
    # A PHP fatal error: CodeIgniter's generic error page (assumed; not recorded).
    return Response(
        "<h1>A PHP Error was encountered</h1>", status=error.code or 500, mimetype="text/html"
    )
