"""The pytest plugin (entry point `flow_sandbox`; `-p no:flow_sandbox` turns it off).

- `flow_sandbox` (session): a SandboxClient of a sandbox served from this process on a
  free port (in memory), or of the server given with `--flow-sandbox-url` /
  FLOW_SANDBOX_URL.
- `sandbox_workspace` (function): a fresh Workspace (credentials, each platform's base
  URL, outbox, clock, journal, faults), removed after the test. Choose what it holds with
  `@pytest.mark.sandbox_workspace(template="demo", rapidpro={...})`, or for a whole
  directory by overriding the `sandbox_workspace_body` fixture in a conftest.py.

pytest imports this module in every run of every user who installed flow-sandbox, so it
imports nothing but pytest and the standard library: the server (Flask, TinyDB) is
imported when a test first asks for `flow_sandbox`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from sandbox.testing.client import SandboxClient
    from sandbox.testing.workspace import Workspace

#: Environment variables read when the matching option is not given.
URL_ENV = "FLOW_SANDBOX_URL"
TOKEN_ENV = "FLOW_SANDBOX_CONTROL_TOKEN"  # the one `flow-sandbox serve` reads
MARKER = "sandbox_workspace"
#: The packages of the flow-sandbox distribution, which pytest marks for assertion rewriting
#: because the distribution has a pytest11 entry point (this plugin).
OUR_PACKAGES = frozenset({"sandbox", "conformance"})


def _import_the_sandbox_unrewritten(pluginmanager: pytest.PytestPluginManager) -> None:
    """Take the sandbox's packages off pytest's list of modules whose asserts it rewrites.

    pytest rewrites every module of a distribution that has a pytest11 entry point, for
    plugins' own asserts. flow-sandbox's are the server's (~200 modules, no assert a user
    needs explained): rewriting them re-parses and recompiles each on import, about 0.5 s
    of the first fixture's setup wherever the rewritten bytecode cannot be cached (a
    read-only environment, PYTHONDONTWRITEBYTECODE). The list is pytest's private
    `_must_rewrite`; if a pytest release moves it, the rewriting simply goes on.
    """
    hook = getattr(pluginmanager, "rewrite_hook", None)
    marked = getattr(hook, "_must_rewrite", None)
    cache = getattr(hook, "_marked_for_rewrite_cache", None)
    if isinstance(marked, set) and isinstance(cache, dict):
        marked.difference_update(OUR_PACKAGES)
        cache.clear()


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # Called as the plugin is registered: after pytest marked the packages, before any
    # of them but this one is imported.
    _import_the_sandbox_unrewritten(pluginmanager)
    group = parser.getgroup(
        "flow_sandbox", "flow-sandbox (the flow_sandbox and sandbox_workspace fixtures)"
    )
    group.addoption(
        "--flow-sandbox-url",
        metavar="URL",
        default=None,
        help="Test against the flow-sandbox server at URL (e.g. http://127.0.0.1:8000) "
        "instead of serving one from the test process. Default: $" + URL_ENV + ".",
    )
    group.addoption(
        "--flow-sandbox-control-token",
        metavar="TOKEN",
        default=None,
        help="The control token of the server (its --control-token); the in-process "
        "server is started with it. Default: $" + TOKEN_ENV + ".",
    )
    group.addoption(
        "--flow-sandbox-fixtures",
        metavar="PATH",
        default=None,
        help="A fixture document (YAML or JSON) the in-process server loads at start and "
        "on every full reset.",
    )
    group.addoption(
        "--flow-sandbox-seed",
        metavar="N",
        type=int,
        default=None,
        help="Seed the in-process server's id generators, for reproducible ids.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(template=None, **sections): what the sandbox_workspace fixture's "
        "workspace holds: a template ('demo') and platform sections as in a fixture "
        "document (flow-sandbox).",
    )


def _setting(config: pytest.Config, option: str, env: str) -> str | None:
    value = config.getoption(option)
    return value if value is not None else (os.environ.get(env) or None)


@pytest.fixture(scope="session")
def flow_sandbox(pytestconfig: pytest.Config) -> Iterator[SandboxClient]:
    """A client of the sandbox the session tests against: one served from this process
    (in memory, on a free port, stopped at the end of the session), or the server given
    with --flow-sandbox-url / $FLOW_SANDBOX_URL."""
    url = _setting(pytestconfig, "--flow-sandbox-url", URL_ENV)
    token = _setting(pytestconfig, "--flow-sandbox-control-token", TOKEN_ENV)
    fixtures = pytestconfig.getoption("--flow-sandbox-fixtures")
    seed = pytestconfig.getoption("--flow-sandbox-seed")
    if url is not None:
        if fixtures is not None or seed is not None:
            raise pytest.UsageError(
                "--flow-sandbox-fixtures and --flow-sandbox-seed set up the in-process "
                f"server; with --flow-sandbox-url ({url}) give them to that server instead"
            )
        from sandbox.testing.client import SandboxClient

        client = SandboxClient(url, token)
        client.health()  # fail here, once, if nothing answers at the URL
        yield client
        return

    from sandbox.testing.server import SandboxServer

    if fixtures is not None:  # relative to where pytest was started, as other paths given
        fixtures = pytestconfig.invocation_params.dir / fixtures
    with SandboxServer(fixtures=fixtures, seed=seed, control_token=token) as client:
        yield client


@pytest.fixture
def sandbox_workspace_body(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The body of the POST /_sandbox/workspaces that creates `sandbox_workspace`: from
    the test's `sandbox_workspace` marker (`template` may be its one positional argument),
    else empty. Override it in a conftest.py to give a directory's tests another default."""
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        return {}
    if len(marker.args) > 1:
        raise pytest.UsageError(f"@pytest.mark.{MARKER} takes at most one positional: template")
    body = dict(marker.kwargs)
    if marker.args:
        body["template"] = marker.args[0]
    return body


@pytest.fixture
def sandbox_workspace(
    flow_sandbox: SandboxClient, sandbox_workspace_body: dict[str, Any]
) -> Iterator[Workspace]:
    """A workspace of its own for the test, removed afterwards with all it holds (its
    fault rules too), the clock back on real time if the test changed it through it."""
    with flow_sandbox.create_workspace(**sandbox_workspace_body) as workspace:
        yield workspace
