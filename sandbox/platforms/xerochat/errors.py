"""XeroChat's errors: HTTP 200 with `{"status": "error", "message": ...}` (platforms.md §B.2).

The vendor's CodeIgniter controller never sets a status code: business errors are
`{"status": "error", ...}` and no-op outcomes `{"status": "info", ...}`, both with HTTP 200.
Only a URL that maps to no controller method gets CodeIgniter's HTML 404 page, and a URL
with characters CodeIgniter does not permit its HTML 400 page.

Every message below is the vendor's, verbatim, typos included (docs/xerochat-fidelity.md).
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from sandbox.core.errors import VendorError

# -- the message catalogue -------------------------------------------------------------------

API_KEY_REQUIRED = "API Key is required"
API_KEY_INVALID = "Either API Key Invalid or Member Validity Expired"
PROVIDE_USER_OR_EMAIL = "Provide either user ID or Email to filter"
NO_MATCHING_USER = "No Matching User Found"
MANDATORY_FIELDS = "All mandatory field is not provided"
PACKAGE_NOT_FOUND = "Package ID not found"
EMAIL_EXISTS = "Email already exists"
PROVIDE_USER_ID = "Provide User ID with End Point URL"
USER_NOT_FOUND = "User not found with the ID: {}"
PROVIDE_SUBSCRIBER_ID = "Provide subscriber_id field"
NO_MATCHING_SUBSCRIBER = "No Matching Subscriber Found"
PROVIDE_PAGE_ID = "Provide page_id field"
NO_MATCHING_LABEL = "No Matching Label Found"
PROVIDE_LABEL_NAME = "Provide label_name field"
NO_ENABLED_BOT = "No Enabled Bot Found"
NO_LABEL = "No Label Found"
CONTACT_TYPE_ID_REQUIRED = "The contact type ID is required"
CONTACT_TYPE_ID_MISSING = "The contact type ID does not exist"
CONTACT_GROUP_UNAVAILABLE = "Unable to get contact group details"
CONTACT_TYPE_NAME_REQUIRED = "The contact type name is required"
INVALID_CONTACT_TYPE_ID = "Invalid contact type ID provided"
NAME_REQUIRED = "The name field is required"
NO_GROUP_PERMISSION = "You don NOT have permission to update contact group"
GROUP_UNCHANGED = "Make sure, you changed the contact group name"
CONTACT_TYPE_ID_FIELD_REQUIRED = "The contact_type_id field is required"
CONTACT_GROUP_DELETED = "The contact type ID ({}) has been deleted"
CONTACT_GROUP_NOT_DELETED = "Unable to delete the contact group"
CONTACT_ID_FIELD_REQUIRED = "The contact_id field is required"
CONTACT_ID_MISSING = "The contact ID does not exist"
CONTACT_UNAVAILABLE = "Unable to get contact data"
CONTACT_TYPE_ID_IS_REQUIRED = "The contact_type_id is required"
GROUP_NOT_ALLOWED = "You can NOT add the contact to the specified contact group"
EMAIL_OR_PHONE_REQUIRED = "The email or phone_number is required"
TRY_OTHER_EMAIL = "Please try with different email address"
TRY_OTHER_PHONE = "Please try with different phone_number"
CONTACT_ID_REQUIRED = "The contact ID is required"
NO_CONTACT_PERMISSION = "You do NOT have permission to update the contact"
CONTACT_FIELD_REQUIRED = (
    "You should at least provide value for first name or last name or email or phone number"
)
CONTACT_UNCHANGED = "Make sure you changed to update the contact"
CONTACT_DELETED = "The contact ID ({}) has been deleted"
CONTACT_NOT_DELETED = "Unable to delete the contact"
FLOW_CAMPAIGN_ID_REQUIRED = "The flow_campaign_id field is required"
FLOW_CAMPAIGN_MISSING = "The flow campaign ID does not exist"
SUBSCRIBER_ID_REQUIRED = "The subscriber_id field is required"
# CodeIgniter's database error for an UPDATE with nothing to set (the vendor shows it on an
# HTML error page with HTTP 500; the sandbox answers it in the API's own envelope).
NOTHING_TO_SET = 'You must use the "set" method to update an entry.'
# Facebook Graph API errors relayed by the label endpoints.
FB_INVALID_USER = "(#100) The user ID is not valid."
FB_DUPLICATE_LABEL = "(#100) A label with this name already exists."

# -- bodies --------------------------------------------------------------------------------

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
# CodeIgniter 3's error_general.php, the page show_error() renders.
CODEIGNITER_ERROR = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
\t<div id="container">
\t\t<h1>An Error Was Encountered</h1>
\t\t<p>{}</p>\t</div>
</body>
</html>"""


class ErrorSchema(Schema):
    """`{"status": "error" | "info", "message": ...}`: the message is a string, except the
    Facebook error object create_label relays."""

    status = fields.String(required=True, metadata={"enum": ["error", "info"]})
    message = fields.Raw(
        required=True,
        metadata={"anyOf": [{"type": "string"}, {"type": "object"}]},
    )


class XeroChatError(VendorError):
    """`{"status": "error", "message": <message>}`, HTTP 200, as the vendor answers."""

    code = 200
    status = "error"

    def __init__(self, message: Any, *, html: bool = False) -> None:
        super().__init__(message)
        #: Sent before the controller set its JSON header: PHP's default text/html.
        self.html = html


class XeroChatInfo(XeroChatError):
    """`{"status": "info", "message": ...}`: the vendor's answer for a no-op."""

    status = "info"


class ApiKeyRequired(XeroChatError):
    def __init__(self) -> None:
        super().__init__(API_KEY_REQUIRED)


class InvalidApiKey(XeroChatError):
    def __init__(self) -> None:
        super().__init__(API_KEY_INVALID)


#: The text of the 429 page (assumed, see `TooManyRequests`).
TOO_MANY_REQUESTS = "Too Many Requests"


class TooManyRequests(VendorError):
    """A request over a rate limit (assumed: XeroChat records no limit and CodeIgniter 3
    has no throttling of its own): `show_error("Too Many Requests", 429)`, CodeIgniter's
    HTML error page with status 429, and `Retry-After` so a client knows when to retry."""

    code = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(TOO_MANY_REQUESTS, headers={"Retry-After": str(retry_after)})


def too_many_requests(retry_after: int) -> TooManyRequests:
    """`Platform.too_many_requests` (assumed, see `TooManyRequests`)."""
    return TooManyRequests(retry_after)


def render(error: HTTPException) -> Response:
    if isinstance(error, TooManyRequests):
        return Response(CODEIGNITER_ERROR.format(error.body), status=429, mimetype="text/html")
    if isinstance(error, XeroChatError):
        response = jsonify({"status": error.status, "message": error.body})
        response.status_code = 200
        if error.html:
            response.mimetype = "text/html"
        return response
    if isinstance(error, NotFound):
        return Response(CODEIGNITER_404, status=404, mimetype="text/html")
    if isinstance(error, BadRequest):
        return Response(
            CODEIGNITER_ERROR.format(error.description), status=400, mimetype="text/html"
        )
    # A PHP fatal error would show CodeIgniter's generic error page (not recorded).
    return Response(
        CODEIGNITER_ERROR.format("An uncaught Exception was encountered"),
        status=error.code or 500,
        mimetype="text/html",
    )
