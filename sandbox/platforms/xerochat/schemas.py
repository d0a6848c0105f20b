"""XeroChat's parameters and answers.

The vendor validates nothing by type: every parameter is read as a string (or is missing),
and the checks and their messages live in the models. The parameter schemas read the
input (CodeIgniter's `$_GET` / `$_POST`, sandbox.core.stacks.codeigniter) and refuse
nothing; every answer is HTTP 200, the success body or the error envelope
(`errors.ErrorSchema`), which the spec states as `oneOf`.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from sandbox.core.stacks import codeigniter
from sandbox.platforms.xerochat.models.common import SUBSCRIBER_COLUMNS, VARCHAR_WIDTHS


class Params(codeigniter.Input):
    """Parameters as the vendor reads them ($_GET / $_POST): whatever is there, as text.
    A missing required parameter is the endpoint's business (with its own message), never
    a validation error."""


def _text(
    description: str,
    *,
    required: bool = False,
    example: str | None = None,
    column: str | None = None,
) -> codeigniter.Text:
    """A parameter; `column` names the VARCHAR column it is stored in, whose width MySQL
    cuts it to (the vendor's non-strict mode: no error, so no maxLength either)."""
    if column is not None:
        width = VARCHAR_WIDTHS[column]
        description += f" Stored in a varchar({width}): MySQL keeps the first {width} characters."
    metadata: dict[str, Any] = {"description": description}
    if example is not None:
        metadata["example"] = example
    return codeigniter.Text(required=required, metadata=metadata)


API_KEY_HELP = "Your API key, `<user_id>-<secret>` (POST endpoints read it from the form body)."


class KeyOnly(Params):
    api_key = _text(API_KEY_HELP, required=True)


# -- parameters ------------------------------------------------------------------------------


class GetUserInfoQuery(Params):
    user_id = _text("The ID of the user.", example="2")
    email = _text("The email address of the user (instead of user_id).")


class CreateUserForm(KeyOnly):
    name = _text("Name of the user.", required=True)
    email = _text("Email of the user.", required=True)
    password = _text("Password of the user (stored as its MD5).", required=True)
    package_id = _text("Package ID of the system.", required=True, example="1")
    expired_date = _text("Expiry date, YYYY-MM-DD.", required=True, example="2027-01-31")
    mobile = _text("(optional) Mobile number of the user.")
    address = _text("(optional) Address of the user.")


class UpdateUserForm(KeyOnly):
    name = _text("(optional) The user's name.")
    mobile = _text("(optional) The user's mobile number.")
    address = _text("(optional) The user's address.")
    status = _text("(optional) 1 active, 0 inactive (a '0' is ignored, as the vendor does).")
    package_id = _text("(optional) The package ID.")
    expired_date = _text("(optional) The expiry date, YYYY-MM-DD.")


class SubscriberQuery(Params):
    subscriber_id = _text("The subscriber's Messenger PSID.", example="2499454673490220")


class PageQuery(Params):
    page_id = _text("The Facebook page ID.", example="109876543210987")


class CreateLabelForm(KeyOnly):
    label_name = _text("Name of the label.", required=True)
    page_id = _text("The Facebook page ID.", required=True)


class AssignLabelForm(KeyOnly):
    subscriber_id = _text("The subscriber's PSID.", required=True)
    page_id = _text("The Facebook page ID.", required=True)
    label_ids = _text("Facebook label IDs, comma-separated.", required=True)


class ContactGroupQuery(Params):
    contact_type_id = _text("The contact group's ID.", example="1")


class ContactGroupNameForm(KeyOnly):
    name = _text("The contact group's name.", required=True, column="type")


class DeleteContactGroupForm(KeyOnly):
    contact_type_id = _text("The contact group's ID.", required=True)


class ContactQuery(Params):
    contact_id = _text("The contact's ID.", example="1")


class CreateContactForm(KeyOnly):
    contact_type_id = _text("The ID of the contact group to add it to.", required=True)
    first_name = _text("First name.", column="first_name")
    last_name = _text("Last name.", column="last_name")
    email = _text("Email address (email or phone_number is required).", column="email")
    phone_number = _text("Phone number (email or phone_number is required).", column="phone_number")


class UpdateContactForm(KeyOnly):
    first_name = _text("First name.", column="first_name")
    last_name = _text("Last name.", column="last_name")
    email = _text("Email address.", column="email")
    phone_number = _text("Phone number.", column="phone_number")


class DeleteContactForm(KeyOnly):
    contact_id = _text("The contact's ID.", required=True)


class FlowQuery(Params):
    flow_campaign_id = _text("The flow campaign's ID.", example="1")


class SubscriberFlowQuery(FlowQuery):
    subscriber_id = _text("The subscriber's PSID.")


# -- answers -----------------------------------------------------------------------------------


def _string(nullable: bool = False) -> fields.String:
    return fields.String(required=True, allow_none=nullable)


class Success(Schema):
    status = fields.String(required=True, metadata={"enum": ["success"]})


class SuccessMessage(Success):
    message = _string()


class UserInfo(Schema):
    id = _string()
    name = _string()
    email = _string()
    mobile = _string()
    address = _string()
    user_type = _string()
    status = _string()
    add_date = _string()
    last_login_at = _string()
    expired_date = _string()
    package_id = _string()
    last_login_ip = _string()


class UserInfoAnswer(Success):
    user_info = fields.Nested(UserInfo, required=True)


class CreatedUser(Success):
    id = fields.Integer(required=True)


class Package(Schema):
    id = _string()
    package_name = _string()
    module_ids = _string()
    price = _string()
    validity = _string()
    deleted = _string()
    visible = _string()
    highlight = _string()


class PackagesAnswer(Success):
    packages = fields.List(fields.Nested(Package), required=True)


# get_subscriber_info answers the subscriber's columns; only the id is never null.
SubscriberInfo = Schema.from_dict(
    {column: _string(nullable=column != "subscriber_id") for column in SUBSCRIBER_COLUMNS},
    name="SubscriberInfo",
)


class SubscriberAnswer(Success):
    subscriber_info = fields.Nested(SubscriberInfo, required=True)


class LabelInfo(Schema):
    label_id = _string()
    label_name = _string()


class LabelsAnswer(Success):
    label_info = fields.List(fields.Nested(LabelInfo), required=True)


class CreatedLabel(Success):
    label_id = _string()


class AssignedLabels(Success):
    success = fields.Boolean(metadata={"description": "Facebook's answer to the last label."})


class RawRow(Schema):
    """The raw database row of an object a user owns, without a status."""

    id = _string()
    user_id = _string()


class ContactGroupRow(RawRow):
    type = _string()
    created_at = _string()
    deleted = _string()


class CreatedContactGroup(Success):
    contact_type_id = fields.Integer(required=True)


class ContactRow(RawRow):
    contact_type_id = _string(nullable=True)
    first_name = _string()
    last_name = _string()
    phone_number = _string(nullable=True)
    email = _string(nullable=True)
    notes = _string()
    unsubscribed = _string()
    deleted = _string()


class CreatedContact(Success):
    new_contact_id = fields.Integer(required=True)


class FlowCampaign(Schema):
    id = _string()
    flow_name = _string()


class FlowCampaignInfo(Schema):
    id = _string(nullable=True)
    flow_name = _string(nullable=True)
    questions = fields.List(fields.String(allow_none=True), required=True)


class Answer(Schema):
    question_id = _string()
    question = _string(nullable=True)
    answer = _string(nullable=True)


class SubscriberFlowInfo(Schema):
    id = _string(nullable=True)
    flow_name = _string(nullable=True)
    data = fields.List(fields.Nested(Answer), required=True)


# One answer in get_all_subscriber_flow_info: keyed `id` in the vendor's code (its docs say
# `question_id`). Spelled out as JSON Schema: it sits inside a map of PSIDs.
ANSWER_BY_ID = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "question": {"type": "string", "nullable": True},
        "answer": {"type": "string", "nullable": True},
    },
    "required": ["id", "question", "answer"],
}


class AllSubscribersFlowInfo(Schema):
    id = _string(nullable=True)
    flow_name = _string(nullable=True)
    data = fields.Raw(
        required=True,
        metadata={
            "description": "PSID -> that subscriber's answers; an empty list when none.",
            "anyOf": [
                {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": ANSWER_BY_ID},
                },
                {"type": "array", "maxItems": 0},
            ],
        },
    )
