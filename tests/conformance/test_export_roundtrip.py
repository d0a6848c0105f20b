"""Export, reset, load, export: the same document, after every platform's kit has used one
workspace of a live `flow-sandbox serve` the way an integration would.

`GET /_sandbox/export` promises that loading its document back gives the same state; the
kits leave the widest mix of what the APIs make (objects made on first use, things
deleted, settings changed, messages sent), so that is what this test exports. Each kit
runs with one example per operation and Flochat's properties narrowed as in its own runs:
what matters here is the state left behind, not the kits' verdicts, which their own tests
check.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.conformance import test_flochat_runs as flochat_runs
from tests.conformance import test_flowbot_runs as flowbot_runs
from tests.conformance import test_flowxo_runs as flowxo_runs
from tests.conformance import test_xerochat_runs as xerochat_runs
from tests.conformance.helpers import KitResult, KitRun, Workspace, create_workspace, finish_all
from tests.conftest import LiveServer
from tests.platforms.flochat.fresh_team import default_bot_export
from tests.platforms.xerochat.fresh_install import key_users_export

#: One generated case per operation and phase, derandomized.
BUDGET = ("--max-examples", "1", "--seed", "1")


def kit_command(platform: str) -> tuple[str, ...]:
    """`pytest conformance/ --platform <platform>`: the entry point that narrows with -k."""
    return (sys.executable, "-m", "pytest", "conformance/", "--platform", platform)


def kit_args(platform: str, workspace: Workspace) -> tuple[str, ...]:
    """Everything the platform's kit can be given about the seeded workspace, so that its
    scenarios run too (and, on a sandbox, what cannot be undone)."""
    credentials = workspace.credentials[platform]
    base = ("--base-url", workspace.url_of(platform), "--include-permanent", *BUDGET)
    if platform == "rapidpro":
        return (*base, "--rapidpro-token", credentials["token"])
    if platform == "xerochat":
        return (
            *base,
            "--xerochat-admin-key",
            credentials["admin_key"],
            "--xerochat-member-key",
            credentials["member_key"],
            "--xerochat-page-id",
            xerochat_runs.PAGE,
            "--xerochat-subscriber-id",
            xerochat_runs.PSID,
            "--xerochat-flow-campaign-id",
            "1",
        )
    if platform == "flowxo":
        return (
            *base,
            "--flowxo-api-key",
            credentials["api_key"],
            "--flowxo-connection-id",
            flowxo_runs.BOT,
            "--flowxo-workflow-id",
            flowxo_runs.WORKFLOW,
            "--flowxo-sandbox-workspace",
            workspace.name,
        )
    if platform == "flowbot":
        return (*flowbot_runs.everything(workspace), "--include-permanent", *BUDGET)
    # Flochat's team is not seeded: its first request makes the team's bot, as UChat's
    # every team starts with one (which export once failed on).
    return (*base, *flochat_runs.NARROW, "--flochat-api-key", credentials["api_key"])


def export(server: str, workspace: str) -> dict[str, Any]:
    response = requests.get(
        f"{server}/_sandbox/export", params={"workspace": workspace}, timeout=60
    )
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Where two exported documents differ, as `path: before != after` lines (the path
    names the platform, kind, index and field)."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in [*before, *(k for k in after if k not in before)]:
            where = f"{path}.{key}" if path else str(key)
            if key not in after:
                found.append(f"{where}: only before the round trip")
            elif key not in before:
                found.append(f"{where}: only after the round trip")
            else:
                found += differences(before[key], after[key], where)
        return found
    if isinstance(before, list) and isinstance(after, list):
        found = [
            line
            for index, (old, new) in enumerate(zip(before, after, strict=False))
            for line in differences(old, new, f"{path}[{index}]")
        ]
        if len(before) != len(after):
            found.append(f"{path}: {len(before)} entries before, {len(after)} after")
        return found
    if before != after or type(before) is not type(after):
        return [f"{path}: {json.dumps(before)[:200]} != {json.dumps(after)[:200]}"]
    return []


@pytest.fixture(scope="module")
def used(
    serve_process: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Workspace, dict[str, KitResult]]]:
    """One workspace seeded as each platform's kit tests seed theirs, after all five kits
    ran against it at the same time."""
    workspace = create_workspace(
        serve_process.url,
        xerochat=xerochat_runs.SEEDED,
        flowxo=flowxo_runs.SEEDED,
        flowbot=flowbot_runs.SEEDED,
    )
    platforms = ("rapidpro", "xerochat", "flowxo", "flowbot", "flochat")
    runs = {
        platform: KitRun(
            kit_args(platform, workspace),
            tmp_path_factory.mktemp(platform) / "report",
            entry=kit_command(platform),
        )
        for platform in platforms
    }
    yield workspace, finish_all(runs)


def test_every_kit_ran_against_the_workspace(
    used: tuple[Workspace, dict[str, KitResult]],
) -> None:
    """The runs sent requests and finished (not how they judged: their own tests do)."""
    _, results = used
    for platform, result in results.items():
        assert result.summary["requests"] > 0, f"{platform}\n{result.describe()}"
        assert result.returncode in (0, 1), f"{platform}\n{result.describe()}"


def test_export_reset_load_export_gives_the_same_document(
    serve_process: LiveServer, used: tuple[Workspace, dict[str, KitResult]]
) -> None:
    workspace, _ = used
    server = serve_process.url
    before = export(server, workspace.name)
    reset = requests.post(
        f"{server}/_sandbox/reset", json={"workspace": workspace.name}, timeout=60
    )
    assert reset.status_code == 200, reset.text
    emptied = export(server, workspace.name)["workspaces"][workspace.name]
    # Emptied, but for what every workspace holds from the start: XeroChat's key users
    # and the first bot of its Flochat team.
    assert set(emptied) == {"credentials", "xerochat", "flochat"}, emptied
    assert emptied["flochat"] == default_bot_export(workspace.name)
    add_date = emptied["xerochat"]["users"][0]["add_date"]
    expected = key_users_export(emptied["credentials"]["xerochat"], add_date)
    assert emptied["xerochat"] == expected
    loaded = requests.post(f"{server}/_sandbox/fixtures", json=before, timeout=60)
    assert loaded.status_code == 200, loaded.text
    after = export(server, workspace.name)
    assert differences(before, after) == []


def test_a_difference_is_named_by_platform_kind_index_and_field() -> None:
    before = {"flochat": {"flows": [{"id": 1, "type": "web"}], "labels": [{"name": "A"}]}}
    after = {"flochat": {"flows": [{"id": 1, "type": "sms"}], "labels": []}, "flowxo": {}}
    assert differences(before, after) == [
        'flochat.flows[0].type: "web" != "sms"',
        "flochat.labels: 1 entries before, 0 after",
        "flowxo: only after the round trip",
    ]
