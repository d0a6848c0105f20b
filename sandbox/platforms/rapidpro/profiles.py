"""The two RapidPro flavours the sandbox emulates, and every recorded way they differ.

- `weni`: Weni Flows (github weni-ai/flows, temba 7.1.27 + Weni patches, DRF 3.15), the
  platform of the seed document. The default.
- `upstream`: nyaruka/rapidpro v9.2.5 (rapidpro-api-v2.md §0), whose 409 says "...reached
  limit of N." (later versions drop the number). A few later details are also emulated
  and listed in the README's fidelity notes (the `notes` key, `?uuid=` validation).

Sources: ../shared/reference/rapidpro.md (§ numbers below) and the source reading in
docs/rapidpro-fidelity.md. A workspace picks its profile in its fixtures
(`rapidpro: {profile: upstream}`); `flow-sandbox serve --rapidpro-profile` sets the
default.
"""

from __future__ import annotations

from dataclasses import dataclass

WENI = "weni"
UPSTREAM = "upstream"
PROFILE_NAMES = (WENI, UPSTREAM)

# URN schemes each flavour accepts (§2.3).
_UPSTREAM_SCHEMES = frozenset(
    [
        "tel",
        "mailto",
        "bsuid",
        "ext",
        "facebook",
        "fcm",
        "freshchat",
        "instagram",
        "jiochat",
        "line",
        "rocketchat",
        "slack",
        "telegram",
        "twitterid",
        "twitter",
        "viber",
        "vk",
        "webchat",
        "wechat",
        "whatsapp",
        "discord",
    ]
)
_WENI_SCHEMES = frozenset(
    [
        "tel",
        "facebook",
        "instagram",
        "twitter",
        "twitterid",
        "viber",
        "line",
        "telegram",
        "mailto",
        "ext",
        "jiochat",
        "wechat",
        "fcm",
        "whatsapp",
        "freshchat",
        "vk",
        "rocketchat",
        "discord",
        "weniwebchat",
        "slack",
        "teams",
    ]
)


@dataclass(frozen=True)
class Profile:
    name: str
    #: Keys of a contact, in the order the vendor's serializer emits them (§2.1).
    contact_keys: tuple[str, ...]
    urn_schemes: frozenset[str]
    #: Bare phone numbers in `urns` and `?urn=` get this scheme (None: they are invalid).
    default_phone_scheme: str | None
    #: tel: numbers must have 8-15 digits (Weni's validate_contact_phone).
    checks_phone_digits: bool
    #: URL parameters that select a contact for POST/DELETE, as the vendor lists them.
    contact_lookups: tuple[str, ...]
    #: Message for more than 100 urns / groups / fields.
    too_many_items: str
    inactive_contact: str
    smart_group: str
    #: 404 bodies: Weni rewrites every 404 to "Not found." (§5).
    not_found_contact: str
    not_found_field: str
    not_found_group: str
    invalid_cursor: str
    #: Upstream (v9.2.5): 409 with "...reached limit of N."; Weni: 400 non_field_errors.
    limit_conflict: bool
    #: Weni: the org-limit check on groups also runs on renames.
    group_limit_on_update: bool
    #: The Basic auth user part: Weni compares the username; upstream's username is the
    #: login e-mail at v9.2.5, so it compares the email (rapidpro-api-v2.md §0).
    basic_user_key: str
    #: Upstream answers 405 before authenticating; Weni authenticates first (§5).
    method_check_before_auth: bool
    #: Upstream validates `?uuid=` filters (§2.2).
    validates_uuid_filter: bool
    #: DRF UNICODE_JSON: Weni sets it False, so non-ASCII is escaped.
    escape_non_ascii: bool
    max_name_length: int  # contacts

    @property
    def is_weni(self) -> bool:
        return self.name == WENI


PROFILES: dict[str, Profile] = {
    WENI: Profile(
        name=WENI,
        contact_keys=(
            "uuid",
            "name",
            "language",
            "urns",
            "groups",
            "fields",
            "blocked",
            "stopped",
            "created_on",
            "modified_on",
            "last_seen_on",
        ),
        urn_schemes=_WENI_SCHEMES,
        default_phone_scheme="whatsapp",
        checks_phone_digits=True,
        contact_lookups=("name", "urn", "uuid"),
        too_many_items="This field can only contain up to 100 items.",
        inactive_contact="Inactive contacts can't be modified.",
        smart_group="Contact group must not be dynamic: {}",
        not_found_contact="Not found.",
        not_found_field="Not found.",
        not_found_group="Not found.",
        invalid_cursor="Not found.",
        limit_conflict=False,
        group_limit_on_update=True,
        basic_user_key="username",
        method_check_before_auth=False,
        validates_uuid_filter=False,
        escape_non_ascii=True,
        max_name_length=100,
    ),
    UPSTREAM: Profile(
        name=UPSTREAM,
        contact_keys=(
            "uuid",
            "name",
            "status",
            "language",
            "urns",
            "groups",
            "notes",
            "fields",
            "flow",
            "created_on",
            "modified_on",
            "last_seen_on",
            "blocked",
            "stopped",
        ),
        urn_schemes=_UPSTREAM_SCHEMES,
        default_phone_scheme=None,
        checks_phone_digits=False,
        contact_lookups=("urn", "uuid"),
        too_many_items="Ensure this field has no more than 100 elements.",
        inactive_contact="Deleted contacts can't be modified.",
        smart_group="Contact group must not be query based: {}",
        not_found_contact="No Contact matches the given query.",
        not_found_field="No ContactField matches the given query.",
        not_found_group="No ContactGroup matches the given query.",
        invalid_cursor="Invalid cursor",
        limit_conflict=True,
        group_limit_on_update=False,
        basic_user_key="email",
        method_check_before_auth=True,
        validates_uuid_filter=True,
        escape_non_ascii=False,
        max_name_length=64,
    ),
}

#: Workspace limits (ORG_LIMIT_DEFAULTS); the same number in both flavours.
FIELDS_LIMIT = 250
GROUPS_LIMIT = 250
PAGE_SIZE = 250
MAX_ITEMS = 100
