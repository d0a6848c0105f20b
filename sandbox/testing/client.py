"""A client of a running sandbox, in this process or elsewhere, given its URL."""

from __future__ import annotations

from typing import Any

from sandbox.testing.clock import SandboxClock
from sandbox.testing.http import DEFAULT_TIMEOUT, ControlAPI
from sandbox.testing.workspace import Workspace


class SandboxClient:
    """The sandbox at `url` (`http://127.0.0.1:8000`), through its control API.

    `create_workspace()` gives each test its own tenant; the other methods act on the
    whole sandbox (every workspace), so prefer the workspace's own where it has one.
    """

    def __init__(
        self, url: str, control_token: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.api = ControlAPI(url, control_token, timeout)
        #: The sandbox clock, shared by every workspace.
        self.clock = SandboxClock(self.api)
        self._base_urls: dict[str, str] | None = None

    @property
    def url(self) -> str:
        return self.api.url

    def __repr__(self) -> str:
        return f"<SandboxClient {self.url}>"

    def health(self) -> dict[str, Any]:
        """GET /_sandbox/health: status, version, the platforms served, storage recovery."""
        return self.api.get("health")  # type: ignore[no-any-return]

    @property
    def base_urls(self) -> dict[str, str]:
        """Each platform's base URL, as the server mounts it (`<url>/<platform>`, or
        `<url>` for the one platform of a server started with `--platform`)."""
        if self._base_urls is None:
            platforms = self.health()["platforms"]
            self._base_urls = {
                name: f"{self.url}{served['base_path']}" for name, served in platforms.items()
            }
        return dict(self._base_urls)

    # Workspaces ---------------------------------------------------------------------------

    def create_workspace(
        self,
        template: str | None = None,
        *,
        name: str | None = None,
        credentials: dict[str, dict[str, Any]] | None = None,
        **sections: Any,
    ) -> Workspace:
        """POST /_sandbox/workspaces: a new workspace with fresh credentials, holding a
        `template`'s data (`"demo"`) and the platform `sections` given as in a fixture
        document (`rapidpro={"contacts": [...]}`), which replace the template's. Use it
        as a context manager to have it removed at the end."""
        body: dict[str, Any] = dict(sections)
        for key, value in (("template", template), ("name", name), ("credentials", credentials)):
            if value is not None:
                body[key] = value
        created = self.api.post("workspaces", body)
        return Workspace(self.api, created, self.base_urls)

    def get_workspace(self, name: str) -> Workspace:
        """A handle on an existing workspace (`default`, say); leaving its `with` block
        removes it like any other."""
        return Workspace(self.api, self.api.get(f"workspaces/{name}"), self.base_urls)

    def workspaces(self) -> list[dict[str, Any]]:
        """Every workspace with its credentials."""
        return self.api.get("workspaces")["workspaces"]  # type: ignore[no-any-return]

    # The whole sandbox --------------------------------------------------------------------

    def reset(self, seed: int | None = None) -> None:
        """Back to the startup state: every workspace removed, `default` recreated, the
        server's fixtures reloaded, the clock on real time (ids reseeded with `seed`)."""
        self.api.post("reset", {"seed": seed} if seed is not None else {})

    def load_fixtures(self, document: dict[str, Any]) -> dict[str, Any]:
        """Load a fixture document (the workspaces it names are replaced); what it loaded."""
        return self.api.post("fixtures", document)["loaded"]  # type: ignore[no-any-return]

    def export(self, workspace: str | None = None) -> dict[str, Any]:
        """The state (every workspace, or one) as a fixture document."""
        return self.api.get("export", workspace=workspace)  # type: ignore[no-any-return]

    # Request journal and faults (thin: the JSON is the control API's) --------------------

    def requests(self, **matcher: Any) -> list[dict[str, Any]]:
        """GET /_sandbox/requests (`workspace`, `platform`, `operation`, `method`,
        `status`, `since`, `limit`), newest first."""
        return self.api.get("requests", **matcher)["requests"]  # type: ignore[no-any-return]

    def count_requests(self, **matcher: Any) -> int:
        """POST /_sandbox/requests/count with the same matcher."""
        body = {key: value for key, value in matcher.items() if value is not None}
        return self.api.post("requests/count", body)["count"]  # type: ignore[no-any-return]

    def clear_requests(self, workspace: str | None = None) -> None:
        """DELETE /_sandbox/requests: every journal, or one workspace's."""
        self.api.delete("requests", workspace=workspace)

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        """POST /_sandbox/faults: the rule as stored, with its `id`."""
        return self.api.post("faults", rule)  # type: ignore[no-any-return]

    def faults(self, workspace: str | None = None) -> list[dict[str, Any]]:
        """Every fault rule (or one workspace's), with how often each matched and fired."""
        return self.api.get("faults", workspace=workspace)["faults"]  # type: ignore[no-any-return]

    def remove_fault(self, fault_id: int) -> None:
        self.api.delete(f"faults/{fault_id}")

    def clear_faults(self, workspace: str | None = None) -> None:
        """Remove every fault rule, or one workspace's."""
        self.api.delete("faults", workspace=workspace)
