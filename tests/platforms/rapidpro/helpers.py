"""Plain helpers the RapidPro tests share: ids, seed data, expected representations, `Org`,
`OrgModels`.

Expected values here are spelled out literally (from ../shared/reference/rapidpro.md and
docs/rapidpro-fidelity.md), never read from the sandbox's own code, so that the tests that
use them can fail. The fixtures that build an `Org` are in conftest.py next to this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werkzeug.test import TestResponse

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.rapidpro.models import Contacts, Fields, Groups, RapidPro

if TYPE_CHECKING:
    from tests.conftest import RapidProClient

# -- ids and credentials the fixtures of several modules use -----------------------------------

REPORTERS = "5a4d3e8f-3c51-4c8e-9c1b-2f8a4f0c7d11"
FARMERS = "0b7e2f7a-8a39-4d4b-a6a2-1f3c7c2d9e22"
TICKETS = "9c0f1b8e-7d2a-4b6c-8e3f-5a4b3c2d1e33"
ANA = "d1c2b3a4-0000-4000-8000-000000000001"
BOB = "d1c2b3a4-0000-4000-8000-000000000002"
GONE = "d1c2b3a4-0000-4000-8000-000000000003"
FLOW = "f1f1f1f1-1111-4111-8111-111111111111"
CAMPAIGN = "c1c1c1c1-1111-4111-8111-111111111111"
#: A well-formed uuid that no fixture uses.
UNKNOWN_UUID = "ad6acad9-959b-4d70-b144-5de2891e4d00"
#: The "Open Tickets" system group every new upstream org lists (NY test_groups, v9.2.5),
#: in the workspaces named `upstream` and `up`: its UUID follows from the workspace name.
OPEN_TICKETS_IN = {
    "upstream": "aab91853-aad1-498f-8fc3-26f9efd2dde7",
    "up": "d09d7b78-53bb-4b57-8b2d-7e6e7abcabc4",
}
#: A token the fixtures give a second workspace (not the demo one).
UP_TOKEN = "0123456789abcdef0123456789abcdef01234567"

# -- the frozen clock (tests/conftest.py FROZEN_AT) --------------------------------------------

#: FROZEN_AT as the API shows it.
SHOWN_NOW = "2026-03-01T12:00:00Z"
#: FROZEN_AT as the store (and an export) holds it: six fraction digits.
STORED_NOW = "2026-03-01T12:00:00.000000Z"

# -- seed data ---------------------------------------------------------------------------------

#: Three contact fields, one of each common value type.
STANDARD_FIELDS = [
    {"label": "Nickname", "value_type": "text"},
    {"label": "Age", "value_type": "numeric"},
    {"label": "Joined", "value_type": "datetime"},
]


def stored_group(uuid: str, name: str) -> dict[str, Any]:
    """A group as the store holds (and export writes) it when a fixture or the API gave only
    its uuid and name, on the frozen clock: every default spelled out."""
    return {
        "uuid": uuid,
        "name": name,
        "query": None,
        "status": "ready",
        "system": False,
        "triggers": [],
        "flows": [],
        "campaigns": [],
        "created_on": STORED_NOW,
    }


def many_fields(count: int) -> list[dict[str, str]]:
    """`count` text fields labelled "Field 000", "Field 001", ..."""
    return [{"label": f"Field {i:03d}", "value_type": "text"} for i in range(count)]


def many_groups(count: int) -> list[dict[str, str]]:
    """`count` groups named "Group 000", "Group 001", ..."""
    return [{"name": f"Group {i:03d}"} for i in range(count)]


def load_rapidpro(sandbox: Sandbox, section: Any, workspace: str = "default") -> dict[str, int]:
    """Load `section` as a workspace's `rapidpro:` fixture section (replacing the org's
    data); what the load counted."""
    summary = sandbox.load_fixtures({"workspaces": {workspace: {"rapidpro": section}}})
    return summary[workspace]["rapidpro"]


@dataclass
class OrgModels:
    """A workspace's RapidPro org as the models see it (no HTTP): the backend and the
    resources built on it, as a view builds them."""

    backend: RapidPro
    contacts: Contacts
    fields: Fields
    groups: Groups


def rapidpro_model(sandbox: Sandbox, workspace: str = "default") -> OrgModels:
    """A workspace's org, its resources built on a new backend."""
    found = sandbox.workspaces.get(workspace)
    assert found is not None, workspace
    backend = RapidPro(sandbox.context(found))
    contacts = Contacts(backend)
    return OrgModels(backend, contacts, contacts.fields, contacts.groups)


# -- expected representations ------------------------------------------------------------------

#: rapidpro.md §2.1: a contact's keys in the order each flavour's serializer emits them.
WENI_CONTACT_KEYS = (
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
)
UPSTREAM_CONTACT_KEYS = (
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
)
#: The upstream answer when an org is at its 250 fields or 250 groups.
UPSTREAM_LIMIT = {"detail": "Cannot create object because workspace has reached limit of 250."}


def contact_keys(profile: str) -> tuple[str, ...]:
    """The keys of a contact in `profile`, in the vendor's order."""
    return WENI_CONTACT_KEYS if profile == "weni" else UPSTREAM_CONTACT_KEYS


def contact_shape(profile: str, uuid: str, **values: Any) -> dict[str, Any]:
    """A whole active contact as `profile` shows it; by default a new, empty one made at
    SHOWN_NOW, with `values` replacing any of its attributes."""
    full: dict[str, Any] = {
        "uuid": uuid,
        "name": None,
        "status": "active",
        "language": None,
        "urns": [],
        "groups": [],
        "notes": [],
        "fields": {},
        "flow": None,
        "created_on": SHOWN_NOW,
        "modified_on": SHOWN_NOW,
        "last_seen_on": None,
        "blocked": False,
        "stopped": False,
    }
    assert set(values) <= set(full), set(values) - set(full)
    full.update(values)
    return {key: full[key] for key in contact_keys(profile)}


def deleted_contact_shape(profile: str, uuid: str, **dates: Any) -> dict[str, Any]:
    """A deleted contact as `profile` lists it under ?deleted=true (rapidpro.md §2.1;
    fidelity §8): everything but its uuid and dates is emptied."""
    return contact_shape(
        profile,
        uuid,
        name=None,
        status=None,
        language=None,
        urns=[],
        groups=[],
        notes=[],
        fields={},
        flow=None,
        blocked=None,
        stopped=None,
        **dates,
    )


# -- HTTP ---------------------------------------------------------------------------------------


def body(response: TestResponse) -> Any:
    """The response's JSON body (None if it has none)."""
    return response.get_json()


@dataclass
class Org:
    """One workspace's RapidPro org in one profile, reached over HTTP with its token.

    The `weni`, `up` and `org` fixtures (conftest.py) build it; a module that needs more
    helpers subclasses it and overrides the `org_type` fixture.
    """

    profile: str
    api: RapidProClient
    sandbox: Sandbox
    workspace: str

    @property
    def weni(self) -> bool:
        """Whether this org has the `weni` profile (else `upstream`)."""
        return self.profile == "weni"

    def seed(self, **section: Any) -> None:
        """Replace the org's data with a fixture section (the profile is kept)."""
        load_rapidpro(self.sandbox, {"profile": self.profile, **section}, self.workspace)

    def send(
        self,
        method: str,
        endpoint: str,
        data: str | bytes | dict[str, Any] | None = None,
        content_type: str | None = "application/json",
        **params: str,
    ) -> TestResponse:
        """A request with a raw body (the helpers of RapidProClient always send JSON)."""
        return self.api.client.open(
            self.api.url(endpoint),
            method=method,
            query_string=params,
            data=data,
            content_type=content_type,
            headers=self.api.headers(),
        )

    def contact(self, uuid: str, **values: Any) -> dict[str, Any]:
        """A whole active contact as this org's profile shows it (see contact_shape)."""
        return contact_shape(self.profile, uuid, **values)

    def deleted(self, uuid: str, **dates: Any) -> dict[str, Any]:
        """A deleted contact as this org's profile shows it (see deleted_contact_shape)."""
        return deleted_contact_shape(self.profile, uuid, **dates)


def by_profile(org: Org, weni: Any, upstream: Any) -> Any:
    """`weni` in a weni org, else `upstream`."""
    return weni if org.weni else upstream
