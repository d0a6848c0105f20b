"""The 20 endpoints of XeroChat's REST API (`{base}/api/<method>`).

The vendor's CodeIgniter controller never checks the HTTP method: a GET endpoint reads
the query string and a POST endpoint the form body, whatever the request's method. The
documented method of each endpoint has a view here; every other method, and a URL with a
trailing slash, reaches the same code through `dispatch` (registered by the platform).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import request
from flask.views import MethodView
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest, NotFound

from sandbox.core.api import PlatformBlueprint
from sandbox.platforms.xerochat import schemas
from sandbox.platforms.xerochat.auth import api_key_check
from sandbox.platforms.xerochat.errors import (
    DISALLOWED_URI,
    PROVIDE_USER_ID,
    ErrorSchema,
    XeroChatError,
)

blp = PlatformBlueprint(
    "xerochat",
    __name__,
    description="XeroChat REST API: users, packages, Facebook subscribers and labels, "
    "contact groups, contacts and flow campaigns.",
)

#: name -> (view class, the method its vendor documents, whether an id follows the name).
ENDPOINTS: dict[str, tuple[type[MethodView], str, bool]] = {}
SOURCE = "docs/xerochat-fidelity.md"
# CodeIgniter's permitted_uri_chars ('a-z 0-9~%.:_+-', case-insensitive) per segment.
_URI_CHARS = r"a-zA-Z 0-9~%.:_+\-"
_PERMITTED = re.compile(rf"^[{_URI_CHARS}]*$")


def endpoint(name: str, method: str, *, path_id: bool = False) -> Callable[[Any], Any]:
    """Route the view at /api/<name> (or /api/<name>/<id>) and remember it for `dispatch`."""

    def decorator(view: type[MethodView]) -> type[MethodView]:
        ENDPOINTS[name] = (view, method, path_id)
        if path_id:
            return blp.route(f"/api/{name}/<id>", parameters=[path_id_parameter()])(view)
        return blp.route(f"/api/{name}")(view)

    return decorator


def path_id_parameter() -> dict[str, Any]:
    """The id segment, as CodeIgniter lets it through (anything else is its HTML 400)."""
    return {
        "in": "path",
        "name": "id",
        "required": True,
        "description": "The object's ID. CodeIgniter refuses a URI segment with other "
        "characters than letters, digits and ` ~%.:_+-`.",
        # Without '%': a literal one would reach the server as an escape sequence.
        "schema": {"type": "string", "minLength": 1, "pattern": r"^[a-zA-Z 0-9~.:_+\-]+$"},
    }


def answers(schema: Any, description: str = "The vendor always answers HTTP 200") -> Any:
    """Document the one answer, HTTP 200: the success body or the error / info envelope."""
    body = {"oneOf": [schema, ErrorSchema]}
    return blp.doc(
        responses={
            200: {"description": description, "content": {"application/json": {"schema": body}}}
        }
    )


def links(source: str, **targets: str) -> Any:
    """OpenAPI links from the id a creation answers with (`source` in its body) to the
    endpoints that take it, `Name="<method> <path> <where>"` with `where` as
    `query.<name>`, `path.id` or `form.<name>`: stateful tests (schemathesis) chain
    create -> use."""
    found = {}
    for name, target in targets.items():
        method, path, where = target.split(" ")
        pointer = path.replace("~", "~0").replace("/", "~1")
        link: dict[str, Any] = {"operationRef": f"#/paths/{pointer}/{method}"}
        value = f"$response.body#/{source}"
        if where.startswith("form."):
            link["requestBody"] = {where.removeprefix("form."): value}
        else:
            link["parameters"] = {where: value}
        found[name] = link
    return blp.doc(responses={200: {"links": found}})


def refused_uri() -> Any:
    """Document the one non-200 answer a documented URL can get: an id with characters
    CodeIgniter does not permit is refused with its HTML error page before routing."""
    return blp.doc(
        responses={
            400: {
                "description": "CodeIgniter's HTML error page: the id has characters "
                "CodeIgniter does not permit in a URI",
                "content": {"text/html": {"schema": {"type": "string"}}},
            }
        }
    )


def form_key() -> Any:
    """POST endpoints take the key in the form body: no security scheme applies."""
    return blp.doc(security=[])


def query_key() -> str | None:
    return request.args.get("api_key")


def posted() -> ImmutableMultiDict[str, str]:
    """PHP's $_POST: the form body of a POST request (of no other method)."""
    return request.form if request.method == "POST" else ImmutableMultiDict()


def posted_key() -> str | None:
    return posted().get("api_key")


# -- users and packages (admin only) ------------------------------------------------------


@endpoint("get_user_info", "get")
class GetUserInfo(MethodView):
    @blp.fidelity("documented", f"seed 003 Get User; {SOURCE} §2.1")
    @blp.parameters(schemas.GetUserInfoQuery, location="query")
    @answers(schemas.UserInfoAnswer)
    def get(self) -> Any:
        """(Admin) A user's information, by user_id or email."""
        api = api_key_check(query_key(), admin=True)
        return api.users.get_user_info(request.args.get("user_id"), request.args.get("email"))


@endpoint("create_system_user", "post")
class CreateSystemUser(MethodView):
    @blp.fidelity("documented", f"seed 003 Create User; {SOURCE} §2.2")
    @blp.parameters(schemas.CreateUserForm, location="form")
    @answers(schemas.CreatedUser)
    @form_key()
    def post(self) -> Any:
        """(Admin) Create a member user (its password is stored as MD5)."""
        api = api_key_check(posted_key(), admin=True)
        return api.users.create(posted())


@endpoint("update_user", "post", path_id=True)
class UpdateUser(MethodView):
    @blp.fidelity("documented", f"seed 003 Update User; {SOURCE} §2.3")
    @blp.parameters(schemas.UpdateUserForm, location="form")
    @answers(schemas.Success)
    @refused_uri()
    @form_key()
    def post(self, id: str = "") -> Any:
        """(Admin) Update a user; only the fields given (and not '0') change."""
        if id == "":
            # Checked before the key, so before the controller sets its JSON header.
            raise XeroChatError(PROVIDE_USER_ID, html=True)
        api = api_key_check(posted_key(), admin=True)
        return api.users.update(id, posted())


@endpoint("get_all_packages", "get")
class GetAllPackages(MethodView):
    @blp.fidelity("documented", f"seed 003 Get Packages; {SOURCE} §2.4")
    @answers(schemas.PackagesAnswer)
    def get(self) -> Any:
        """(Admin) Every package."""
        return api_key_check(query_key(), admin=True).users.packages()


# -- the Facebook side --------------------------------------------------------------------


@endpoint("subscriber_information", "get")
class SubscriberInformation(MethodView):
    @blp.fidelity("documented", f"seed 003 Get Subscriber; {SOURCE} §3.1")
    @blp.parameters(schemas.SubscriberQuery, location="query")
    @answers(schemas.SubscriberAnswer)
    def get(self) -> Any:
        """A Messenger subscriber's information, by PSID."""
        api = api_key_check(query_key(), admin=False)
        return api.facebook.subscriber_information(request.args.get("subscriber_id"))


@endpoint("get_all_labels", "get")
class GetAllLabels(MethodView):
    @blp.fidelity("documented", f"seed 003 Get Labels; {SOURCE} §3.2")
    @blp.parameters(schemas.PageQuery, location="query")
    @answers(schemas.LabelsAnswer)
    def get(self) -> Any:
        """The labels of a page whose bot is enabled."""
        api = api_key_check(query_key(), admin=False)
        return api.facebook.all_labels(request.args.get("page_id"))


@endpoint("create_label", "post")
class CreateLabel(MethodView):
    @blp.fidelity("documented", f"seed 003 Create Label; {SOURCE} §3.3")
    @blp.parameters(schemas.CreateLabelForm, location="form")
    @answers(schemas.CreatedLabel)
    @form_key()
    def post(self) -> Any:
        """Create a label on a page (through Facebook)."""
        api = api_key_check(posted_key(), admin=False)
        return api.facebook.create_label(posted().get("page_id"), posted().get("label_name"))


@endpoint("assign_label", "post")
class AssignLabel(MethodView):
    @blp.fidelity("documented", f"seed 003 Assign Label; {SOURCE} §3.4")
    @blp.parameters(schemas.AssignLabelForm, location="form")
    @answers(schemas.AssignedLabels)
    @form_key()
    def post(self) -> Any:
        """Put labels on a subscriber (through Facebook)."""
        api = api_key_check(posted_key(), admin=False)
        return api.facebook.assign_label(
            posted().get("subscriber_id"),
            posted().get("page_id"),
            posted().get("label_ids"),
        )


# -- contact groups ------------------------------------------------------------------------


@endpoint("get_contact_group", "get")
class GetContactGroup(MethodView):
    @blp.fidelity("documented", f"seed 003 Get Contact Group; {SOURCE} §4.1")
    @blp.parameters(schemas.ContactGroupQuery, location="query")
    @answers(schemas.ContactGroupRow, "The raw row (no status), or the error envelope")
    def get(self) -> Any:
        """A contact group, as its database row."""
        api = api_key_check(query_key(), admin=False)
        return api.contacts.get_group(request.args.get("contact_type_id"))


@endpoint("create_contact_group", "post")
class CreateContactGroup(MethodView):
    @blp.fidelity("documented", f"seed 003 Create Contact Group; {SOURCE} §4.2")
    @blp.parameters(schemas.ContactGroupNameForm, location="form")
    @answers(schemas.CreatedContactGroup)
    @links(
        "contact_type_id",
        GetContactGroup="get /api/get_contact_group query.contact_type_id",
        UpdateContactGroup="post /api/update_contact_group/{id} path.id",
        DeleteContactGroup="post /api/delete_contact_group form.contact_type_id",
        CreateContact="post /api/create_contact form.contact_type_id",
    )
    @form_key()
    def post(self) -> Any:
        """Create a contact group (names need not be unique)."""
        api = api_key_check(posted_key(), admin=False)
        return api.contacts.create_group(posted().get("name"))


@endpoint("update_contact_group", "post", path_id=True)
class UpdateContactGroup(MethodView):
    @blp.fidelity("documented", f"seed 003 Update Contact Group; {SOURCE} §4.3")
    @blp.parameters(schemas.ContactGroupNameForm, location="form")
    @answers(schemas.Success, "Success, or info when the name is unchanged, or an error")
    @refused_uri()
    @form_key()
    def post(self, id: str = "") -> Any:
        """Rename a contact group."""
        api = api_key_check(posted_key(), admin=False)
        return api.contacts.update_group(id, posted().get("name"))


@endpoint("delete_contact_group", "post")
class DeleteContactGroup(MethodView):
    @blp.fidelity("documented", f"seed 003 Delete Contact Group; {SOURCE} §4.4")
    @blp.parameters(schemas.DeleteContactGroupForm, location="form")
    @answers(schemas.SuccessMessage)
    @form_key()
    def post(self) -> Any:
        """Delete a contact group (its contacts stay)."""
        api = api_key_check(posted_key(), admin=False)
        return api.contacts.delete_group(posted().get("contact_type_id"))


# -- contacts ---------------------------------------------------------------------------------


@endpoint("get_contact", "get")
class GetContact(MethodView):
    @blp.fidelity("documented", f"seed 003 Get Contact; {SOURCE} §5.1")
    @blp.parameters(schemas.ContactQuery, location="query")
    @answers(schemas.ContactRow, "The raw row (no status), or the error envelope")
    def get(self) -> Any:
        """A contact, as its database row."""
        api = api_key_check(query_key(), admin=False)
        return api.contacts.get_contact(request.args.get("contact_id"))


@endpoint("create_contact", "post")
class CreateContact(MethodView):
    @blp.fidelity("documented", f"seed 003 Create Contact; {SOURCE} §5.2")
    @blp.parameters(schemas.CreateContactForm, location="form")
    @answers(schemas.CreatedContact)
    @links(
        "new_contact_id",
        GetContact="get /api/get_contact query.contact_id",
        UpdateContact="post /api/update_contact/{id} path.id",
        DeleteContact="post /api/delete_contact form.contact_id",
    )
    @form_key()
    def post(self) -> Any:
        """Create a contact in a contact group (email and phone unique installation-wide)."""
        api = api_key_check(posted_key(), admin=False)
        return api.contacts.create_contact(posted())


@endpoint("update_contact", "post", path_id=True)
class UpdateContact(MethodView):
    @blp.fidelity("documented", f"seed 003 Update Contact; {SOURCE} §5.3")
    @blp.parameters(schemas.UpdateContactForm, location="form")
    @answers(schemas.Success, "Success, or info when nothing changed, or an error")
    @refused_uri()
    @form_key()
    def post(self, id: str = "") -> Any:
        """Update a contact's names, email or phone number."""
        api = api_key_check(posted_key(), admin=False)
        return api.contacts.update_contact(id, posted())


@endpoint("delete_contact", "post")
class DeleteContact(MethodView):
    @blp.fidelity("documented", f"seed 003 Delete Contact; {SOURCE} §5.4")
    @blp.parameters(schemas.DeleteContactForm, location="form")
    @answers(schemas.SuccessMessage)
    @form_key()
    def post(self) -> Any:
        """Delete a contact."""
        api = api_key_check(posted_key(), admin=False)
        return api.contacts.delete_contact(posted().get("contact_id"))


# -- flow campaigns ---------------------------------------------------------------------------


@endpoint("get_flow_campaigns", "get")
class GetFlowCampaigns(MethodView):
    @blp.fidelity("documented", f"seed 003 Get Flow Campaigns; {SOURCE} §6.1")
    @blp.doc(
        responses={
            200: {
                "description": "A bare array (no status), or the error envelope",
                "content": {
                    "application/json": {
                        "schema": {
                            "oneOf": [
                                {"type": "array", "items": schemas.FlowCampaign},
                                ErrorSchema,
                            ]
                        }
                    }
                },
            }
        }
    )
    def get(self) -> Any:
        """The user's flow campaigns."""
        return api_key_check(query_key(), admin=False).flows.campaigns()


@endpoint("get_flow_campaign_info", "get")
class GetFlowCampaignInfo(MethodView):
    @blp.fidelity("documented", f"seed 003 Get Flow Campaign Info; {SOURCE} §6.2")
    @blp.parameters(schemas.FlowQuery, location="query")
    @answers(schemas.FlowCampaignInfo)
    def get(self) -> Any:
        """A flow campaign and its questions."""
        api = api_key_check(query_key(), admin=False)
        return api.flows.info(request.args.get("flow_campaign_id"))


@endpoint("get_single_subscriber_flow_info", "get")
class GetSingleSubscriberFlowInfo(MethodView):
    @blp.fidelity("documented", f"seed 003 Get Single Subscriber Flow Info; {SOURCE} §6.3")
    @blp.parameters(schemas.SubscriberFlowQuery, location="query")
    @answers(schemas.SubscriberFlowInfo)
    def get(self) -> Any:
        """One subscriber's answers to a flow campaign."""
        api = api_key_check(query_key(), admin=False)
        return api.flows.single_subscriber(
            request.args.get("subscriber_id"), request.args.get("flow_campaign_id")
        )


@endpoint("get_all_subscriber_flow_info", "get")
class GetAllSubscriberFlowInfo(MethodView):
    @blp.fidelity("documented", f"seed 003 Get All Subscriber Flow Info; {SOURCE} §6.4")
    @blp.parameters(schemas.FlowQuery, location="query")
    @answers(schemas.AllSubscribersFlowInfo)
    def get(self) -> Any:
        """Every subscriber's answers to a flow campaign, by PSID."""
        api = api_key_check(query_key(), admin=False)
        return api.flows.all_subscribers(request.args.get("flow_campaign_id"))


# -- any other method, trailing slashes --------------------------------------------------------


def check_uri() -> None:
    """CodeIgniter refuses a URI with a character outside permitted_uri_chars before it
    routes it: for every method and URL, the documented ones with an id included."""
    if not all(_PERMITTED.match(segment) for segment in request.path.split("/")):
        raise BadRequest(DISALLOWED_URI)


def dispatch(rest: str) -> Any:
    """/api/<method>[/<id>]... with any HTTP method, as CodeIgniter routes it."""
    segments = rest.split("/")
    found = ENDPOINTS.get(segments[0].lower())  # PHP's method names ignore case
    if found is None:
        raise NotFound()
    view, method, path_id = found
    handler = getattr(view(), method)
    if path_id:
        return handler(id=segments[1] if len(segments) > 1 else "")
    return handler()
