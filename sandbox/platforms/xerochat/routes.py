"""The 20 endpoints of XeroChat's REST API (`{base}/api/<method>`), as one table.

Every endpoint has one shape: its key checked first (auth.py, where the endpoint reads
it), its input read from `$_GET` (GET endpoints) or `$_POST` (POST endpoints) by its
documented schema, one model method called with what it reads, and an HTTP 200 answer:
the result, or the error / info envelope. The vendor's CodeIgniter controller never
checks the HTTP method: the documented method of each endpoint has a Flask rule here
(the one the spec documents); every other method, and a URL with a trailing slash, reach
the same view through `dispatch` (registered by the platform), as CodeIgniter routes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema

from sandbox.core.operations import OperationBlueprint
from sandbox.core.stacks.codeigniter import Route
from sandbox.platforms.xerochat import schemas
from sandbox.platforms.xerochat.controller import CONTROLLER, STACK
from sandbox.platforms.xerochat.errors import PROVIDE_USER_ID, ErrorSchema, XeroChatError
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.contacts import Contacts
from sandbox.platforms.xerochat.models.facebook import Facebook
from sandbox.platforms.xerochat.models.flows import Flows
from sandbox.platforms.xerochat.models.users import Users

SOURCE = "docs/xerochat-fidelity.md"
ALWAYS_200 = "The vendor always answers HTTP 200"
RAW_ROW = "The raw row (no status), or the error envelope"
#: What an endpoint hands its model method besides its input's fields: the URI segment
#: after its name, or the whole input.
PATH_ID, WHOLE_INPUT = "<id>", "<input>"


class XeroChatBlueprint(OperationBlueprint):
    STACK = STACK
    ANSWER_DESCRIPTION = ALWAYS_200
    SOURCE_PREFIX = "seed 003 "
    # The one non-200 answer a documented URL can get: an id with characters CodeIgniter
    # does not permit is refused with its HTML error page before routing.
    ERRORS = {
        400: {
            "description": "CodeIgniter's HTML error page: the id has characters "
            "CodeIgniter does not permit in a URI",
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    }


blp = XeroChatBlueprint(
    "xerochat",
    __name__,
    description="XeroChat REST API: users, packages, Facebook subscribers and labels, "
    "contact groups, contacts and flow campaigns.",
)


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


def links(source: str, **targets: str) -> dict[str, Any]:
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
    return found


def user_id_first(id: str) -> None:
    """update_user checks its id before the key, so before the controller sets its JSON
    header (an HTML answer)."""
    if id == "":
        raise XeroChatError(PROVIDE_USER_ID, html=True)


@dataclass(frozen=True)
class Endpoint:
    """One controller method: `resource(backend).action(*reads)`, with `reads` naming
    the input's fields it is handed (or PATH_ID / WHOLE_INPUT)."""

    name: str
    method: str  # the documented one: "get" reads $_GET, "post" $_POST
    resource: type[Any]
    action: str
    reads: tuple[str, ...]
    schema: type[Schema] | None
    answer: Any  # the success body's schema, or the whole JSON Schema of the answer
    source: str  # the seed's name of it
    section: str  # in the fidelity notes
    summary: str
    admin: bool = False
    description: str = ALWAYS_200
    links: Mapping[str, Any] | None = None
    before_key: Callable[..., None] | None = None
    path_id: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path_id", PATH_ID in self.reads)


def serve(endpoint: Endpoint) -> Callable[..., Any]:
    """Route, document and serve one endpoint; remember it for `dispatch`."""

    def view(backend: XeroChat, data: dict[str, Any], **path: str) -> Any:
        given = {**data, PATH_ID: path.get("id", ""), WHOLE_INPUT: data}
        resource = endpoint.resource(backend)
        return getattr(resource, endpoint.action)(*(given.get(name) for name in endpoint.reads))

    view.__name__ = endpoint.name
    view.__doc__ = endpoint.summary
    answer = endpoint.answer
    if not isinstance(answer, Mapping):
        answer = {"oneOf": [answer, ErrorSchema]}
    post = endpoint.method == "post"
    documented = blp.operation(
        answer=answer,
        description=endpoint.description,
        source=f"{endpoint.source}; {SOURCE} {endpoint.section}",
        query=None if post else endpoint.schema,
        body=endpoint.schema if post else None,
        body_location="form",
        errors=(400,) if endpoint.path_id else (),
        links=endpoint.links,
    )(view)
    if post:
        documented = blp.doc(security=[])(documented)  # the key is a form field
    if endpoint.path_id:
        rule = blp.route(
            f"/api/{endpoint.name}/<id>", methods=["POST"], parameters=[path_id_parameter()]
        )
    else:
        rule = blp.route(f"/api/{endpoint.name}", methods=[endpoint.method.upper()])
    served: Callable[..., Any] = rule(documented)
    notes = {"admin": endpoint.admin, "before_key": endpoint.before_key}
    CONTROLLER.add(endpoint.name, Route(served, endpoint.method, endpoint.path_id, notes))
    return served


def dispatch(rest: str) -> Any:
    """/api/<method>[/<id>]... with any HTTP method, as CodeIgniter routes it."""
    return CONTROLLER.dispatch(rest)


E = Endpoint
FLOW_CAMPAIGNS = {
    "oneOf": [{"type": "array", "items": schemas.FlowCampaign}, ErrorSchema],
}
ENDPOINT_TABLE = (
    # -- users and packages (admin only)
    E("get_user_info", "get", Users, "get_user_info", ("user_id", "email"),
      schemas.GetUserInfoQuery, schemas.UserInfoAnswer, "Get User", "§2.1",
      "(Admin) A user's information, by user_id or email.", admin=True),
    E("create_system_user", "post", Users, "create", (WHOLE_INPUT,),
      schemas.CreateUserForm, schemas.CreatedUser, "Create User", "§2.2",
      "(Admin) Create a member user (its password is stored as MD5).", admin=True),
    E("update_user", "post", Users, "update", (PATH_ID, WHOLE_INPUT),
      schemas.UpdateUserForm, schemas.Success, "Update User", "§2.3",
      "(Admin) Update a user; only the fields given (and not '0') change.", admin=True,
      before_key=user_id_first),
    E("get_all_packages", "get", Users, "packages", (),
      None, schemas.PackagesAnswer, "Get Packages", "§2.4",
      "(Admin) Every package.", admin=True),
    # -- the Facebook side
    E("subscriber_information", "get", Facebook, "subscriber_information", ("subscriber_id",),
      schemas.SubscriberQuery, schemas.SubscriberAnswer, "Get Subscriber", "§3.1",
      "A Messenger subscriber's information, by PSID."),
    E("get_all_labels", "get", Facebook, "all_labels", ("page_id",),
      schemas.PageQuery, schemas.LabelsAnswer, "Get Labels", "§3.2",
      "The labels of a page whose bot is enabled."),
    E("create_label", "post", Facebook, "create_label", ("page_id", "label_name"),
      schemas.CreateLabelForm, schemas.CreatedLabel, "Create Label", "§3.3",
      "Create a label on a page (through Facebook)."),
    E("assign_label", "post", Facebook, "assign_label", ("subscriber_id", "page_id", "label_ids"),
      schemas.AssignLabelForm, schemas.AssignedLabels, "Assign Label", "§3.4",
      "Put labels on a subscriber (through Facebook)."),
    # -- contact groups
    E("get_contact_group", "get", Contacts, "get_group", ("contact_type_id",),
      schemas.ContactGroupQuery, schemas.ContactGroupRow, "Get Contact Group", "§4.1",
      "A contact group, as its database row.", description=RAW_ROW),
    E("create_contact_group", "post", Contacts, "create_group", ("name",),
      schemas.ContactGroupNameForm, schemas.CreatedContactGroup, "Create Contact Group", "§4.2",
      "Create a contact group (names need not be unique).",
      links=links(
          "contact_type_id",
          GetContactGroup="get /api/get_contact_group query.contact_type_id",
          UpdateContactGroup="post /api/update_contact_group/{id} path.id",
          DeleteContactGroup="post /api/delete_contact_group form.contact_type_id",
          CreateContact="post /api/create_contact form.contact_type_id",
      )),
    E("update_contact_group", "post", Contacts, "update_group", (PATH_ID, "name"),
      schemas.ContactGroupNameForm, schemas.Success, "Update Contact Group", "§4.3",
      "Rename a contact group.",
      description="Success, or info when the name is unchanged, or an error"),
    E("delete_contact_group", "post", Contacts, "delete_group", ("contact_type_id",),
      schemas.DeleteContactGroupForm, schemas.SuccessMessage, "Delete Contact Group", "§4.4",
      "Delete a contact group (its contacts stay)."),
    # -- contacts
    E("get_contact", "get", Contacts, "get_contact", ("contact_id",),
      schemas.ContactQuery, schemas.ContactRow, "Get Contact", "§5.1",
      "A contact, as its database row.", description=RAW_ROW),
    E("create_contact", "post", Contacts, "create_contact", (WHOLE_INPUT,),
      schemas.CreateContactForm, schemas.CreatedContact, "Create Contact", "§5.2",
      "Create a contact in a contact group (email and phone unique installation-wide).",
      links=links(
          "new_contact_id",
          GetContact="get /api/get_contact query.contact_id",
          UpdateContact="post /api/update_contact/{id} path.id",
          DeleteContact="post /api/delete_contact form.contact_id",
      )),
    E("update_contact", "post", Contacts, "update_contact", (PATH_ID, WHOLE_INPUT),
      schemas.UpdateContactForm, schemas.Success, "Update Contact", "§5.3",
      "Update a contact's names, email or phone number.",
      description="Success, or info when nothing changed, or an error"),
    E("delete_contact", "post", Contacts, "delete_contact", ("contact_id",),
      schemas.DeleteContactForm, schemas.SuccessMessage, "Delete Contact", "§5.4",
      "Delete a contact."),
    # -- flow campaigns
    E("get_flow_campaigns", "get", Flows, "campaigns", (),
      None, FLOW_CAMPAIGNS, "Get Flow Campaigns", "§6.1",
      "The user's flow campaigns.",
      description="A bare array (no status), or the error envelope"),
    E("get_flow_campaign_info", "get", Flows, "info", ("flow_campaign_id",),
      schemas.FlowQuery, schemas.FlowCampaignInfo, "Get Flow Campaign Info", "§6.2",
      "A flow campaign and its questions."),
    E("get_single_subscriber_flow_info", "get", Flows, "single_subscriber",
      ("subscriber_id", "flow_campaign_id"),
      schemas.SubscriberFlowQuery, schemas.SubscriberFlowInfo,
      "Get Single Subscriber Flow Info", "§6.3",
      "One subscriber's answers to a flow campaign."),
    E("get_all_subscriber_flow_info", "get", Flows, "all_subscribers", ("flow_campaign_id",),
      schemas.FlowQuery, schemas.AllSubscribersFlowInfo,
      "Get All Subscriber Flow Info", "§6.4",
      "Every subscriber's answers to a flow campaign, by PSID."),
)  # fmt: skip

for _endpoint in ENDPOINT_TABLE:
    serve(_endpoint)

#: name -> (view, its documented method, whether an id follows the name), as the tests
#: and tools that list the endpoints read them.
ENDPOINTS = {
    name: (route.view, route.method, route.path_id) for name, route in CONTROLLER.routes.items()
}


#: What the platform mounts (`platform_package` reads it by this name).
BLUEPRINTS = (blp,)
