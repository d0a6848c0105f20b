"""The pytest plugin as a user runs it: their test files, their command lines (pytester)."""

from __future__ import annotations

import os
import re
import threading

import pytest

from sandbox.testing import SandboxServer

#: A user's tests: each gets its own workspace, gone once the test is over, on one server.
THREE_TESTS = """
import requests

seen = {}

def test_one(sandbox_workspace, flow_sandbox):
    seen["url"], seen["name"] = flow_sandbox.url, sandbox_workspace.name
    names = [found["name"] for found in flow_sandbox.workspaces()]
    assert names == ["default", sandbox_workspace.name]
    assert sandbox_workspace.loaded == {}
    answer = requests.post(
        sandbox_workspace.base_url("rapidpro") + "/api/v2/contacts.json",
        json={"name": "Ana"},
        headers={"Authorization": "Token " + sandbox_workspace.credentials["rapidpro"]["token"]},
    )
    assert answer.status_code == 201

def test_two(sandbox_workspace, flow_sandbox):
    assert flow_sandbox.url == seen["url"]
    assert sandbox_workspace.name != seen["name"]
    assert sandbox_workspace.data("rapidpro") == {}

def test_three(flow_sandbox):
    assert [found["name"] for found in flow_sandbox.workspaces()] == ["default"]
    print("served at", flow_sandbox.url)
"""


def test_each_test_gets_a_workspace_of_its_own_on_one_server_stopped_at_the_end(
    pytester: pytest.Pytester,
) -> None:
    threads = set(threading.enumerate())
    pytester.makepyfile(test_user=THREE_TESTS)
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*served at http://127.0.0.1:*"])
    assert set(threading.enumerate()) == threads


def test_the_marker_or_a_conftest_chooses_what_the_workspace_holds(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(
        """
import pytest

@pytest.fixture
def sandbox_workspace_body(request):
    marker = request.node.get_closest_marker("sandbox_workspace")
    return dict(marker.kwargs) if marker else {"template": "demo", "name": "from-conftest"}
"""
    )
    pytester.makepyfile(
        test_marked="""
import pytest

def test_the_conftests_default(sandbox_workspace):
    assert sandbox_workspace.name == "from-conftest"
    assert sandbox_workspace.loaded["rapidpro"] == {"fields": 6, "groups": 4, "contacts": 7}

@pytest.mark.sandbox_workspace(rapidpro={"contacts": [{"name": "Ana"}]})
def test_the_markers_sections(sandbox_workspace):
    assert sandbox_workspace.loaded == {"rapidpro": {"fields": 0, "groups": 0, "contacts": 1}}
"""
    )
    pytester.makepyfile(
        test_positional="""
import pytest

pytestmark = pytest.mark.sandbox_workspace("demo", rapidpro={"contacts": [{"name": "Ana"}]})

def test_the_template_as_positional(sandbox_workspace):
    assert sandbox_workspace.loaded["rapidpro"] == {"fields": 0, "groups": 0, "contacts": 1}
    assert sandbox_workspace.loaded["flowxo"] == {
        "bots": 5, "workflows": 5, "end_users": 5, "messages": 9
    }
"""
    )
    result = pytester.runpytest("test_marked.py", "--strict-markers")
    result.assert_outcomes(passed=2)
    (pytester.path / "conftest.py").unlink()  # the plugin's own reading of the marker
    result = pytester.runpytest("test_positional.py", "--strict-markers")
    result.assert_outcomes(passed=1)


def test_a_marker_with_two_positionals_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
import pytest

@pytest.mark.sandbox_workspace("demo", "other")
def test_it(sandbox_workspace):
    pass
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*UsageError: @pytest.mark.sandbox_workspace takes at most one positional: template"]
    )


#: A user's test against a server the outer test started.
AGAINST_URL = """
def test_it(flow_sandbox, sandbox_workspace):
    assert flow_sandbox.url == "{url}"
    assert sandbox_workspace.base_url("flowxo") == "{url}/flowxo"
    assert [found["name"] for found in flow_sandbox.workspaces()] == [
        "default", sandbox_workspace.name
    ]
"""


def test_flow_sandbox_url_tests_against_that_server(pytester: pytest.Pytester) -> None:
    with SandboxServer() as external:
        pytester.makepyfile(AGAINST_URL.format(url=external.url))
        result = pytester.runpytest("--flow-sandbox-url", external.url)
        result.assert_outcomes(passed=1)
        assert [found["name"] for found in external.workspaces()] == ["default"]


def test_the_url_and_the_control_token_come_from_the_environment(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SandboxServer(control_token="s3cret") as external:
        monkeypatch.setenv("FLOW_SANDBOX_URL", external.url)
        monkeypatch.setenv("FLOW_SANDBOX_CONTROL_TOKEN", "s3cret")
        pytester.makepyfile(AGAINST_URL.format(url=external.url))
        result = pytester.runpytest()
        result.assert_outcomes(passed=1)
        assert [found["name"] for found in external.workspaces()] == ["default"]


def test_a_url_where_nothing_answers_fails_the_tests_that_need_it(
    pytester: pytest.Pytester,
) -> None:
    with SandboxServer() as gone:
        url = gone.url  # a free port once the server has stopped
    pytester.makepyfile(
        """
def test_needs_it(sandbox_workspace):
    pass

def test_does_not(flow_sandbox=None):
    pass
"""
    )
    result = pytester.runpytest("--flow-sandbox-url", url)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [f"*SandboxUnreachable: GET {url}/_sandbox/health: the sandbox did not answer*"]
    )


def test_in_process_options_with_a_url_are_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(flow_sandbox):\n    pass\n")
    result = pytester.runpytest(
        "--flow-sandbox-url", "http://127.0.0.1:9", "--flow-sandbox-seed", "1"
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*UsageError: --flow-sandbox-fixtures and --flow-sandbox-seed set up the in-process "
            "server; with --flow-sandbox-url (http://127.0.0.1:9) give them to that server instead"
        ]
    )


def test_the_in_process_server_takes_fixtures_a_seed_and_a_token(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(
        ".yaml",
        seeded="""
version: 1
workspaces:
  default:
    rapidpro:
      contacts: [{name: Bia}]
""",
    )
    pytester.makepyfile(
        """
import os
import pytest
from sandbox.testing import SandboxClient, SandboxError

# A test run may move elsewhere before the server starts: the fixture file given on the
# command line is still found where pytest was started.
os.makedirs("elsewhere", exist_ok=True)
os.chdir("elsewhere")

def test_it(flow_sandbox, sandbox_workspace):
    default = flow_sandbox.get_workspace("default")
    assert [contact["name"] for contact in default.data("rapidpro")["contacts"]] == ["Bia"]
    with pytest.raises(SandboxError) as refused:
        SandboxClient(flow_sandbox.url).workspaces()
    assert refused.value.status == 401
    print("workspace", sandbox_workspace.name)
"""
    )
    options = ["-s", "--flow-sandbox-fixtures", "seeded.yaml", "--flow-sandbox-seed", "3"]
    options += ["--flow-sandbox-control-token", "s3cret"]
    first = pytester.runpytest(*options)
    first.assert_outcomes(passed=1)
    os.chdir(pytester.path)
    second = pytester.runpytest(*options)
    # The seed makes the generated workspace names repeat from run to run.
    names = [re.findall(r"workspace (ws-\w+)", "\n".join(run.outlines)) for run in (first, second)]
    assert names[0] == names[1] and len(names[0]) == 1


def test_p_no_flow_sandbox_disables_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(flow_sandbox):\n    pass\n")
    result = pytester.runpytest("-p", "no:flow_sandbox")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'flow_sandbox' not found*"])
    refused = pytester.runpytest("-p", "no:flow_sandbox", "--flow-sandbox-url", "http://x")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*unrecognized arguments: --flow-sandbox-url*"])


def test_help_lists_the_options_in_their_own_group(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(
        [
            "flow-sandbox (the flow_sandbox and sandbox_workspace fixtures):",
            "  --flow-sandbox-url=URL",
            "*Test against the flow-sandbox server at URL*",
            "*FLOW_SANDBOX_URL.",
            "  --flow-sandbox-control-token=TOKEN",
            "*",
            "  --flow-sandbox-fixtures=PATH",
            "*",
            "  --flow-sandbox-seed=N*",
        ]
    )


def test_the_marker_is_registered_for_strict_markers(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(
        ["@pytest.mark.sandbox_workspace(template=None, **sections): what the*"]
    )


def test_a_client_can_be_built_in_a_users_own_fixture(pytester: pytest.Pytester) -> None:
    """What a user who wants a module-scoped workspace writes."""
    pytester.makepyfile(
        """
import pytest

@pytest.fixture(scope="module")
def shared_workspace(flow_sandbox):
    with flow_sandbox.create_workspace("demo") as workspace:
        yield workspace

def test_one(shared_workspace):
    assert shared_workspace.loaded["flowxo"]["bots"] == 5

def test_two(shared_workspace, flow_sandbox):
    assert len(flow_sandbox.workspaces()) == 2
"""
    )
    pytester.runpytest().assert_outcomes(passed=2)
