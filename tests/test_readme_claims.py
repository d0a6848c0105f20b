"""The README says what the server answers: its claims are read from README.md and checked
against a sandbox, so a change on either side that makes them disagree fails here."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.test import Client, TestResponse

from tests.conftest import DEMO, ROOT, MakeApp

README = (ROOT / "README.md").read_text(encoding="utf-8")
DEMO_BASE = "http://127.0.0.1:8000"


def _section(start: str, end: str) -> str:
    """The README text from the heading `start` up to the heading `end`."""
    first = README.index(start)
    return README[first : README.index(end, first)]


# -- "Unknown credentials get ..." ---------------------------------------------------------


def _unknown_credentials_paragraph() -> str:
    section = _section("## Demo credentials", "## Workspaces")
    first = section.index("Unknown credentials get")
    return section[first : section.index("\n\n", first)]


FLOWBOT_JSON = {"Content-Type": "application/json"}

#: Each claim of the paragraph, exactly as the README writes it, and the requests (made with
#: credentials the default workspace does not know, or none) that must get that answer.
UNKNOWN_CREDENTIALS: dict[str, list[Callable[[Client], TestResponse]]] = {
    '403 {"detail": "Invalid token"}': [
        lambda c: c.get("/rapidpro/api/v2/contacts.json", headers={"Authorization": "Token nope"}),
    ],
    '200 {"status": "error", "message": "Either API Key Invalid or Member Validity Expired"}': [
        lambda c: c.get("/xerochat/api/get_user_info?api_key=1-nope&user_id=2"),
    ],
    '401 {"message": "Unauthenticated."}': [
        lambda c: c.get("/flochat/flow/tags", headers={"Authorization": "Bearer nope"}),
    ],
    '401 {"message": "Unauthorized"}': [
        lambda c: c.get("/flowxo/api/workflows/simple", headers={"Authorization": "Bearer nope"}),
    ],
    '401 {"error": "Invalid or expired token"}': [
        lambda c: c.get("/flowbot/api/flows", headers={"Authorization": "Bearer nope"}),
        lambda c: _with_cookie(c, "token", "nope").get("/flowbot/api/flows"),
    ],
    '401 {"error": "Invalid client credentials"}': [
        lambda c: c.post(
            "/flowbot/api/auth/api-token",
            json={"clientId": "aiflow_0000000000000000", "apiKey": "sk_nope"},
        ),
    ],
    '401 {"error": "Invalid username or password"}': [
        lambda c: c.post(
            "/flowbot/api/auth/login",
            json={"username": DEMO["flowbot"]["username"], "password": "not-the-password"},
        ),
    ],
    '401 {"error": "Authentication required"}': [
        lambda c: c.get("/flowbot/api/flows"),
    ],
}


def _with_cookie(client: Client, name: str, value: str) -> Client:
    """Another client of the same server that sends this cookie (werkzeug's client replaces
    a Cookie header with its own jar)."""
    other = Client(client.application)
    other.set_cookie(name, value)
    return other


def test_the_readme_names_exactly_the_checked_unknown_credential_answers() -> None:
    """Every answer the paragraph claims is one this module checks, and the other way round."""
    claimed = re.findall(r"`(\d{3} \{.*?\})`", _unknown_credentials_paragraph(), re.S)
    assert sorted(" ".join(claim.split()) for claim in claimed) == sorted(UNKNOWN_CREDENTIALS)


def test_unknown_credentials_get_the_answers_the_readme_claims(client: Client) -> None:
    answers = {
        claim: [_status_and_body(send(client)) for send in requests]
        for claim, requests in UNKNOWN_CREDENTIALS.items()
    }
    expected = {
        claim: [(int(claim[:3]), json.loads(claim[4:]))] * len(requests)
        for claim, requests in UNKNOWN_CREDENTIALS.items()
    }
    assert answers == expected


def _status_and_body(response: TestResponse) -> tuple[int, object]:
    return response.status_code, response.get_json()


# -- the Flochat examples, run as written -------------------------------------------------


@dataclass
class Example:
    command: str  # the shell command, continuation lines joined
    answer: str  # the `# ...` lines after it, joined ("" when it shows none)


def _examples(section: str) -> list[Example]:
    """The commands of the section's ```sh blocks, each with the answer shown below it."""
    examples: list[Example] = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        lines = block.replace("\\\n", " ").splitlines()
        for line in lines:
            if line.startswith("#"):
                examples[-1].answer += line.lstrip("#").strip()
            elif line.strip():
                examples.append(Example(line.strip(), ""))
    return examples


def _run_curl(client: Client, command: str, variables: dict[str, str]) -> TestResponse:
    """What `curl -s [-X METHOD] [-H HEADER]... [-d DATA] URL` sends, sent to `client`."""
    # Longest names first, so that no name is replaced inside a longer one.
    for name, value in sorted(variables.items(), key=lambda item: -len(item[0])):
        command = command.replace(f"${name}", value)
    words = shlex.split(command)
    assert words[:2] == ["curl", "-s"], command
    method, headers, data, url = None, {}, None, None
    args = iter(words[2:])
    for word in args:
        if word == "-X":
            method = next(args)
        elif word == "-H":
            name, _, value = next(args).partition(":")
            headers[name] = value.strip()
        elif word == "-d":
            data = next(args)
        else:
            assert url is None and word.startswith(DEMO_BASE), command
            url = word[len(DEMO_BASE) :]
    assert url is not None, command
    return client.open(
        url, method=method or ("POST" if data is not None else "GET"), headers=headers, data=data
    )


def _matches(answer: str, response: TestResponse) -> bool:
    """The answer as the README shows it: `[status ]body`, with `…` standing for any text
    and the status shown only when it is not 200."""
    status, _, body = answer.partition(" ") if answer[:3].isdigit() else ("200", "", answer)
    pattern = ".*?".join(re.escape(part) for part in body.split("…"))
    text = response.get_data(as_text=True).strip()
    return int(status) == response.status_code and re.fullmatch(pattern, text, re.S) is not None


def test_the_flochat_examples_answer_as_the_readme_shows(make_app: MakeApp) -> None:
    """The section's commands, in order, on the demo team with the clock frozen as it says."""
    section = _section("## Flochat (`/flochat`)", "### Flochat fidelity notes")
    assert '{"now": "2026-03-01T12:00:00Z", "frozen": true}' in section
    client = Client(make_app(fixtures=ROOT / "fixtures" / "demo.yaml"))
    frozen = client.post("/_sandbox/clock", json={"now": "2026-03-01T12:00:00Z", "frozen": True})
    assert frozen.status_code == 200
    variables: dict[str, str] = {}
    checked = []
    for example in _examples(section):
        assignment = re.fullmatch(r"([A-Z]+)=(.*)", example.command)
        if assignment:
            variables[assignment[1]] = shlex.split(assignment[2])[0]
            continue
        response = _run_curl(client, example.command, variables)
        checked.append(
            (example.command, example.answer, response.status_code, response.get_data(True))
        )
        assert _matches(example.answer, response), checked[-1]
    assert len(checked) == 13
