"""The kit against a live `flow-sandbox serve`, as against a real account: write runs in both
profiles pass and leave nothing behind (but fields, which the API cannot delete, when
--include-permanent asks for them); --read-only changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.conformance.helpers import (
    FAST,
    OPERATIONS,
    PERMANENT_OPERATION,
    PERMANENT_REASON,
    PERMANENT_SCENARIOS,
    PREFIX,
    READ_OPERATIONS,
    READ_SCENARIOS,
    SCENARIOS,
    WRITE_OPERATIONS,
    WRITE_SCENARIOS,
    KitResult,
    KitRun,
    Workspace,
    create_workspace,
    finish_all,
)
from tests.conformance.platform_runs import assert_read_only_passed
from tests.conftest import LiveServer

#: What the read-only run's workspace holds before (and must hold after) the run.
SEEDED = {
    "profile": "weni",
    "fields": [{"label": "Nickname", "value_type": "text"}],
    "groups": [{"name": "Newsletter"}],
    "contacts": [
        {
            "name": "Ana",
            "urns": ["whatsapp:5511987654321"],
            "groups": ["Newsletter"],
            "fields": {"nickname": "Bia"},
        }
    ],
}
#: --read-only, rate limited (accepted; its spacing is unit-tested), small and seeded.
READ_ONLY = ("--read-only", "--rate-limit", "1000/s", *FAST)


@dataclass
class LiveRun:
    workspace: Workspace
    before: dict[str, Any]
    result: KitResult

    @property
    def after(self) -> dict[str, Any]:
        return self.workspace.rapidpro()


@pytest.fixture(scope="module")
def live_runs(
    serve_process: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, LiveRun]:
    """Three runs at the same time, each in its own new workspace of one live server."""
    server = serve_process.url
    workspaces = {
        "weni": create_workspace(server),
        "upstream": create_workspace(server, {"profile": "upstream"}),
        "read_only": create_workspace(server, SEEDED),
    }
    before = {name: workspace.rapidpro() for name, workspace in workspaces.items()}
    weni, upstream, seeded = workspaces["weni"], workspaces["upstream"], workspaces["read_only"]
    runs = {
        "weni": KitRun(
            ("--base-url", weni.base_url, "--rapidpro-token", weni.token, *FAST),
            tmp_path_factory.mktemp("weni") / "report",
        ),
        # Everything from the documented environment variables this time.
        "upstream": KitRun(
            (),
            tmp_path_factory.mktemp("upstream") / "report",
            env={
                "CONFORMANCE_BASE_URL": upstream.base_url,
                "RAPIDPRO_TOKEN": upstream.token,
                "RAPIDPRO_PROFILE": "upstream",
                "CONFORMANCE_INCLUDE_PERMANENT": "1",
                "CONFORMANCE_MAX_EXAMPLES": "3",
                "CONFORMANCE_SEED": "1",
            },
        ),
        "read_only": KitRun(
            ("--base-url", seeded.base_url, "--rapidpro-token", seeded.token, *READ_ONLY),
            tmp_path_factory.mktemp("read_only") / "report",
        ),
    }
    results = finish_all(runs)
    return {name: LiveRun(workspaces[name], before[name], results[name]) for name in runs}


def live_contacts(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Contacts not deleted (RapidPro keeps deleted ones, emptied, listed as deleted)."""
    return [contact for contact in state.get("contacts", []) if not contact["deleted"]]


def assert_nothing_created_is_left(state: dict[str, Any]) -> None:
    """The workspace started empty: no contact or group may remain, prefixed or not."""
    assert live_contacts(state) == []
    assert state.get("groups", []) == []
    deleted_names = [c["name"] for c in state.get("contacts", []) if c["name"] is not None]
    assert deleted_names == []


def assert_a_clean_write_run(
    run: LiveRun,
    operations: dict[str, str],
    scenarios: dict[str, str],
    not_run: dict[str, str],
) -> KitResult:
    """A write run passed with these outcomes and left the workspace as empty as it found it."""
    result = run.result
    assert result.returncode == 0, result.describe()
    assert result.operations == operations
    assert result.summary["scenarios"] == scenarios
    assert result.summary["scenarios_not_run"] == not_run
    assert result.summary["stateful"] == "passed"
    assert result.summary["passed"] is True
    assert_nothing_created_is_left(run.after)
    return result


# -- write runs ---------------------------------------------------------------------------


def test_a_weni_write_run_passes_and_removes_what_it_created(
    live_runs: dict[str, LiveRun],
) -> None:
    run = live_runs["weni"]
    expected = dict.fromkeys(OPERATIONS, "passed")
    expected[PERMANENT_OPERATION] = f"not run: {PERMANENT_REASON}"
    result = assert_a_clean_write_run(
        run,
        expected,
        {name: "passed" for name in sorted(set(SCENARIOS) - PERMANENT_SCENARIOS)},
        dict.fromkeys(sorted(PERMANENT_SCENARIOS), PERMANENT_REASON),
    )
    assert result.summary["cleanup_problems"] == []
    assert sorted(result.summary["created"]) == ["contacts", "groups"]
    assert run.after.get("fields", []) == []


def test_an_upstream_write_run_configured_from_the_environment_passes(
    live_runs: dict[str, LiveRun],
) -> None:
    run = live_runs["upstream"]
    # --include-permanent (CONFORMANCE_INCLUDE_PERMANENT=1) runs field creation too.
    result = assert_a_clean_write_run(
        run, dict.fromkeys(OPERATIONS, "passed"), dict.fromkeys(sorted(SCENARIOS), "passed"), {}
    )
    assert result.summary["target"] == run.workspace.base_url


def test_fields_remain_only_with_include_permanent_and_are_listed(
    live_runs: dict[str, LiveRun],
) -> None:
    run = live_runs["upstream"]
    fields = run.after.get("fields", [])
    keys = sorted(field["key"] for field in fields)
    assert keys, "the run created no field"
    assert run.result.created("fields") == len(keys)
    assert run.result.summary["cleanup_problems"] == [
        "the API cannot delete contact fields; remove these by hand: " + ", ".join(keys)
    ]
    # Recognisable: labels carry the prefix (spaces for dashes where a label takes no dash).
    for field in fields:
        assert field["label"].replace(" ", "-").startswith(PREFIX), field


def test_credentials_from_the_environment_never_appear(live_runs: dict[str, LiveRun]) -> None:
    for name in ("weni", "upstream"):
        run = live_runs[name]
        texts = {
            "stdout": run.result.stdout,
            "stderr": run.result.stderr,
            **run.result.report_texts(),
        }
        assert [text for text, value in texts.items() if run.workspace.token in value] == []


# -- --read-only ----------------------------------------------------------------------------


def test_read_only_runs_only_what_changes_nothing(live_runs: dict[str, LiveRun]) -> None:
    result = live_runs["read_only"].result
    summary = assert_read_only_passed(result, READ_OPERATIONS, WRITE_OPERATIONS, READ_SCENARIOS)
    assert summary["scenarios_not_run"] == dict.fromkeys(sorted(WRITE_SCENARIOS), "--read-only")
    assert summary["passed"] is True
    stdout = result.stdout.splitlines()
    for name in WRITE_SCENARIOS:
        assert f"  not run (--read-only): {name}" in stdout


def test_read_only_leaves_the_target_as_it_was(live_runs: dict[str, LiveRun]) -> None:
    run = live_runs["read_only"]
    assert len(run.before["contacts"]) == 1
    assert run.after == run.before
