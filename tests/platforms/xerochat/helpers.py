"""Plain helpers the XeroChat tests share: keys, the seed installation, answers, the client.

Expected values are spelled out literally (from ../shared/reference/platforms.md §B and
docs/xerochat-fidelity.md), never read from the sandbox's own code, so that the tests
that use them can fail. The fixtures that build clients are in conftest.py next to this file.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from werkzeug.test import Client, TestResponse

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.xerochat.models.api import XeroChat
from tests.platforms.xerochat.fresh_install import key_user

# -- keys and ids --------------------------------------------------------------------------

#: The default workspace's demo keys: user 1 (Admin) and user 2 (Member).
ADMIN_KEY = "1-XcAdmin1732147200DemoKey"
MEMBER_KEY = "2-XcMembr1732147200DemoKey"
#: Well-formed keys that no workspace has.
UNKNOWN_KEY = "2-AbCdEfG1732147200HiJkLmN"

#: Facebook page ids: the member's page with its bot on, the member's page with it off, and
#: a page of another member (user 4, who has no API key).
PAGE = "109876543210987"
OFF_PAGE = "223344556677889"
OTTO_PAGE = "334455667788990"
#: Facebook label ids (label table rows 1-5).
VIP = "3698521470123456"
LEADS = "3698521470123457"
OUTLET = "3698521470123458"
OTTO_LABEL = "3698521470123459"
OLD_LABEL = "3698521470123460"
#: Messenger PSIDs: two subscribers of PAGE and one of OTTO_PAGE (user 4's).
CARLA = "2499454673490220"
DIEGO = "2499454673490221"
ERIK = "2499454673490222"

# -- the frozen clock (tests/conftest.py FROZEN_AT, 2026-03-01 12:00 UTC) ---------------------

#: `date("Y-m-d H:i:s")` at FROZEN_AT in the seed installation's America/Sao_Paulo (UTC-3).
SAO_PAULO_NOW = "2026-03-01 09:00:00"
#: The same moment in Europe/Dublin (GMT in March), XeroChat's fallback timezone.
DUBLIN_NOW = "2026-03-01 12:00:00"
ZERO_DATE = "0000-00-00 00:00:00"
#: md5("") (fidelity §2.2: what a user created without a password gets).
MD5_EMPTY = "d41d8cd98f00b204e9800998ecf8427e"

# -- the seed installation ----------------------------------------------------------------

USERS: list[dict[str, Any]] = [
    {
        "id": 1,
        "name": "Marina Admin",
        "email": "admin@lojadaana.com.br",
        "user_type": "Admin",
        "mobile": "5511988887777",
        "package_id": 2,
        "expired_date": "2027-12-31",
        "add_date": "2024-03-10 09:12:44",
    },
    {
        "id": 2,
        "name": "Ana Souza",
        "email": "ana@lojadaana.com.br",
        "user_type": "Member",
        "mobile": "5511977776666",
        "address": "Rua das Flores 21",
        "package_id": 2,
        "expired_date": "2027-06-30",
        "add_date": "2024-03-10 09:20:03",
        "last_login_at": "2026-02-27 18:02:11",
        "last_login_ip": "189.40.12.7",
        "password": "plain",
    },
    {
        "id": 3,
        "name": "Bruno Lima",
        "email": "bruno@example.com",
        "status": "0",
        "package_id": 1,
        "expired_date": "2025-01-31",
        "add_date": "2024-11-02 14:00:00",
    },
    {
        "id": 4,
        "name": "Otto Costa",
        "email": "otto@example.com",
        "package_id": 1,
        "add_date": "2025-01-01 10:00:00",
    },
    {
        "id": 5,
        "name": "Gina Old",
        "email": "gina@example.com",
        "deleted": "1",
        "add_date": "2023-05-05 05:05:05",
    },
]
PACKAGES: list[dict[str, Any]] = [
    {
        "id": 2,
        "package_name": "Everything",
        "module_ids": "251,80,202",
        "price": "112.35",
        "validity": "365",
        "highlight": "1",
    },
    {"id": 1, "package_name": "Trial", "module_ids": "251,80", "validity": "7", "visible": "0"},
    {"id": 3, "package_name": "Retired", "deleted": "1"},
]
PAGES: list[dict[str, Any]] = [
    {"id": 1, "page_id": PAGE, "page_name": "Loja da Ana", "bot_enabled": True},
    {"id": 2, "page_id": OFF_PAGE, "page_name": "Ana Outlet", "bot_enabled": False},
    {"id": 3, "page_id": OTTO_PAGE, "page_name": "Otto Store", "user_id": 4},
]
LABELS: list[dict[str, Any]] = [
    {"id": 1, "label_id": VIP, "name": "VIP", "page": PAGE},
    {"id": 2, "label_id": LEADS, "name": "Leads", "page": PAGE},
    {"id": 3, "label_id": OUTLET, "name": "Outlet", "page": OFF_PAGE},
    {"id": 4, "label_id": OTTO_LABEL, "name": "Otto VIP", "page": OTTO_PAGE, "user_id": 4},
    {"id": 5, "label_id": OLD_LABEL, "name": "Old", "page": PAGE, "deleted": "1"},
]
SUBSCRIBERS: list[dict[str, Any]] = [
    {
        "subscriber_id": CARLA,
        "page": PAGE,
        "first_name": "Carla",
        "last_name": "Mendes",
        "gender": "female",
        "locale": "pt_BR",
        "timezone": "-3",
        "email": "carla.mendes@example.com",
        "phone_number": "+5511912345678",
        "birthdate": "1990-04-12",
        "labels": [VIP],
        "subscribed_at": "2025-10-01 10:15:00",
        "last_subscriber_interaction_time": "2026-02-26 21:40:12",
    },
    {
        "subscriber_id": DIEGO,
        "page": PAGE,
        "first_name": "Diego",
        "last_name": "Rocha",
        "subscribed_at": "2026-01-12 08:00:00",
    },
    {"subscriber_id": ERIK, "page": OTTO_PAGE, "first_name": "Erik", "user_id": 4},
]
CONTACT_GROUPS: list[dict[str, Any]] = [
    {"id": 1, "name": "Clientes", "created_at": "2025-05-02 11:00:00"},
    {"id": 2, "name": "Newsletter", "created_at": "2025-05-02 11:01:00"},
    {"id": 3, "name": "Antigos", "created_at": "2025-05-03 08:00:00", "deleted": "1"},
    {"id": 4, "name": "Otto's", "created_at": "2025-06-01 08:00:00", "user_id": 4},
]
CONTACTS: list[dict[str, Any]] = [
    {
        "id": 1,
        "contact_type_id": "1",
        "first_name": "Carla",
        "last_name": "Mendes",
        "email": "carla.mendes@example.com",
        "phone_number": "+5511912345678",
    },
    {
        "id": 2,
        "contact_type_id": "2",
        "first_name": "Eduardo",
        "last_name": "Pires",
        "email": "eduardo@example.com",
        "notes": "Prefers e-mail",
    },
    {
        "id": 3,
        "contact_type_id": "1",
        "first_name": "Fabio",
        "email": "fabio@example.com",
        "phone_number": "+5511900000003",
        "deleted": "1",
    },
    {
        "id": 4,
        "user_id": 4,
        "contact_type_id": "4",
        "first_name": "Hugo",
        "email": "hugo@example.com",
        "phone_number": "+5511900000004",
    },
]
FLOW_CAMPAIGNS: list[dict[str, Any]] = [
    {
        "id": 1,
        "flow_name": "Cadastro de leads",
        "questions": [
            {"id": 45, "question": "Qual é o seu e-mail?"},
            {"id": 46, "question": "Qual produto te interessa?"},
        ],
        "answers": {
            CARLA: ["carla.mendes@example.com", "Sapatos"],
            DIEGO: {45: "diego@example.com"},
        },
    },
    {"id": 2, "flow_name": "Pesquisa"},
    {
        "id": 3,
        "flow_name": "Antiga",
        "deleted": "1",
        "questions": [{"id": 47, "question": "Ainda aí?"}],
        "answers": {CARLA: ["sim"]},
    },
    {
        "id": 4,
        "flow_name": "Otto flow",
        "user_id": 4,
        "questions": [{"id": 48, "question": "Otto?"}],
        "answers": {ERIK: ["yes"]},
    },
]
#: The `xerochat` fixture section the HTTP tests seed (see `installation`).
INSTALLATION: dict[str, Any] = {
    "timezone": "America/Sao_Paulo",
    "users": USERS,
    "packages": PACKAGES,
    "pages": PAGES,
    "labels": LABELS,
    "subscribers": SUBSCRIBERS,
    "contact_groups": CONTACT_GROUPS,
    "contacts": CONTACTS,
    "flow_campaigns": FLOW_CAMPAIGNS,
}
#: What loading INSTALLATION counts.
INSTALLATION_COUNTS = {
    "users": 5,
    "packages": 3,
    "pages": 3,
    "labels": 5,
    "subscribers": 3,
    "contact_groups": 4,
    "contacts": 4,
    "flow_campaigns": 4,
}


def installation(**sections: Any) -> dict[str, Any]:
    """A deep copy of INSTALLATION with some sections replaced."""
    assert set(sections) <= set(INSTALLATION), set(sections) - set(INSTALLATION)
    return copy.deepcopy({**INSTALLATION, **sections})


def users_with(user_id: int, **values: Any) -> list[dict[str, Any]]:
    """USERS with one user's values changed."""
    return [{**user, **values} if user["id"] == user_id else dict(user) for user in USERS]


def load_xerochat(sandbox: Sandbox, section: Any, workspace: str = "default") -> dict[str, int]:
    """Load `section` as a workspace's `xerochat:` fixture section (replacing the
    installation); what the load counted."""
    summary = sandbox.load_fixtures({"workspaces": {workspace: {"xerochat": section}}})
    return summary[workspace]["xerochat"]


def xerochat_model(sandbox: Sandbox, workspace: str = "default", user_id: int = 2) -> XeroChat:
    """A workspace's installation as the models see it (no HTTP), as user `user_id`: the
    backend a request of that user gets; tests build the resources on it (`Users(model)`)."""
    found = sandbox.workspaces.get(workspace)
    assert found is not None, workspace
    return XeroChat.as_user(sandbox.context(found), user_id)


def exported(sandbox: Sandbox, workspace: str = "default") -> dict[str, Any]:
    """A workspace's `xerochat` section as the sandbox exports it."""
    return sandbox.export(workspace)["workspaces"][workspace].get("xerochat", {})


# -- expected answers ------------------------------------------------------------------------


def error(message: Any) -> dict[str, Any]:
    """The vendor's error envelope (always HTTP 200)."""
    return {"status": "error", "message": message}


def info(message: str) -> dict[str, Any]:
    """The vendor's answer for a no-op (always HTTP 200)."""
    return {"status": "info", "message": message}


SUCCESS = {"status": "success"}
KEY_REQUIRED = error("API Key is required")
KEY_INVALID = error("Either API Key Invalid or Member Validity Expired")

#: CodeIgniter 3's stock 404 page (application/views/errors/html/error_404.php).
CODEIGNITER_404 = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<title>404 Page Not Found</title>\n</head>\n<body>\n\t<div id="container">\n'
    "\t\t<h1>404 Page Not Found</h1>\n\t\t<p>The page you requested was not found.</p>"
    "\t</div>\n</body>\n</html>"
)
#: CodeIgniter 3's error_general.php for a URI with characters it does not permit.
CODEIGNITER_DISALLOWED = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<title>Error</title>\n</head>\n<body>\n\t<div id="container">\n'
    "\t\t<h1>An Error Was Encountered</h1>\n"
    "\t\t<p>The URI you submitted has disallowed characters.</p>\t</div>\n</body>\n</html>"
)


def answer(response: TestResponse) -> tuple[int, Any]:
    """(status, JSON body) of an answer, whatever its Content-Type says."""
    return response.status_code, json.loads(response.get_data(as_text=True))


def read_refusals(
    id_required: dict[str, Any], does_not_exist: dict[str, Any], unable: str
) -> dict[str | None, dict[str, Any]]:
    """What a get_<record> read answers, by the id sent: none, empty, 0 or not a number (the
    id is required), no such record (99; 4 is user 4's) and a soft-deleted one (3: the
    existence check sees its row, the read - deleted = '0' - does not)."""
    return {
        **dict.fromkeys([None, "", "0", "abc"], id_required),
        **dict.fromkeys(["99", "4"], does_not_exist),
        "3": error(unable),
    }


# -- HTTP ---------------------------------------------------------------------------------------

#: Leave a parameter out of a request (where None would be sent as an empty value).
OMIT: Any = object()


class XeroChatClient:
    """Calls /xerochat/api/<method> with an API key: in the query string of GET requests
    and in the form body of POST requests, as the vendor reads it.

    Pass `api_key=OMIT` to send no key, or any value to send that one instead.
    """

    def __init__(self, client: Client, key: str, prefix: str = "/xerochat") -> None:
        self.client = client
        self.key = key
        self.prefix = prefix

    def url(self, method: str) -> str:
        return f"{self.prefix}/api/{method}"

    def with_key(self, key: str) -> XeroChatClient:
        return XeroChatClient(self.client, key, self.prefix)

    def _values(self, values: dict[str, Any]) -> dict[str, Any]:
        merged = {"api_key": self.key, **values}
        return {name: value for name, value in merged.items() if value is not OMIT}

    def get(self, method: str, **params: Any) -> TestResponse:
        return self.client.get(self.url(method), query_string=self._values(params))

    def post(self, method: str, **form: Any) -> TestResponse:
        return self.client.post(self.url(method), data=self._values(form))

    def call(self, http_method: str, method: str, **values: Any) -> TestResponse:
        """`get` or `post`, by name (for tests parametrized over endpoints)."""
        return self.get(method, **values) if http_method == "GET" else self.post(method, **values)

    def ok(self, http_method: str, method: str, **values: Any) -> Any:
        """The JSON body of an HTTP 200 answer."""
        response = self.call(http_method, method, **values)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.mimetype == "application/json", response.mimetype
        return response.json


def assert_refused(
    sandbox: Sandbox, client: XeroChatClient, expected: Any, method: str, /, **form: Any
) -> None:
    """POST `form` to `method`: HTTP 200 with the JSON `expected`, and nothing stored changed
    (the vendor refuses with a 200 and must write nothing)."""
    before = exported(sandbox)

    response = client.post(method, **form)

    assert (response.status_code, response.json) == (200, expected)
    assert exported(sandbox) == before


def key_user_info(user_id: int, user_type: str) -> dict[str, Any]:
    """get_user_info of a user a fresh installation makes for its key (1 Admin, 2 Member)."""
    # get_user_info shows the stored user but for its deletion flag and password, id as text.
    stored = key_user(user_id, user_type, DUBLIN_NOW)
    shown = {name: value for name, value in stored.items() if name not in HIDDEN_USER_COLUMNS}
    return {"status": "success", "user_info": {**shown, "id": str(user_id)}}


HIDDEN_USER_COLUMNS = ("deleted", "password_md5")


#: A create_contact form with seed contact 1's (Carla's) e-mail and phone number.
CARLAS_ADDRESSES = {
    "contact_type_id": "1",
    "email": "carla.mendes@example.com",
    "phone_number": "+5511912345678",
}
