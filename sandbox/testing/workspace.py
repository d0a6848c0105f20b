"""A handle on one workspace of a sandbox: its credentials, each platform's base URL, and
what a test asks of the control API about it (outbox, inbound messages, clock, reset,
export, request journal, faults)."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any

from sandbox.testing.clock import SandboxClock
from sandbox.testing.http import ControlAPI, SandboxError


class Workspace:
    """One isolated tenant, as `POST /_sandbox/workspaces` created it (or as it exists).

    Used as a context manager (`with sandbox.create_workspace() as workspace:`) it is
    removed on exit. Every call goes through the control API over HTTP, so a handle works
    alike on an in-process server and on one running elsewhere.
    """

    def __init__(
        self,
        api: ControlAPI,
        found: Mapping[str, Any],
        base_urls: Mapping[str, str],
    ) -> None:
        self._api = api
        #: The workspace's name (generated `ws-xxxxxxxx` unless one was asked for).
        self.name: str = found["name"]
        #: Per platform, the credentials its requests carry, as the control API gives them
        #: (RapidPro: token, email, username; Flochat: token; Flow XO: api_key; ...).
        self.credentials: dict[str, dict[str, Any]] = dict(found["credentials"])
        #: What the creation loaded: {platform: {kind: count}} (empty for an existing one).
        self.loaded: dict[str, Any] = dict(found.get("loaded") or {})
        #: Each platform's base URL, the one to give the integration under test.
        self.base_urls: dict[str, str] = dict(base_urls)
        #: The sandbox clock (one for the whole sandbox): changes made through it are undone,
        #: back to real time, when this handle removes the workspace.
        self.clock = SandboxClock(api)
        self.removed = False

    def __repr__(self) -> str:
        return f"<Workspace {self.name!r} at {self._api.url}>"

    def base_url(self, platform: str) -> str:
        """The base URL of `platform`'s API, e.g. `http://127.0.0.1:PORT/rapidpro`."""
        try:
            return self.base_urls[platform]
        except KeyError:
            served = ", ".join(sorted(self.base_urls)) or "none"
            raise KeyError(
                f"the sandbox serves no platform {platform!r} (it serves {served})"
            ) from None

    # Messages -----------------------------------------------------------------------------

    def outbox(self, platform: str, conversation: str | None = None) -> list[dict[str, Any]]:
        """What the workspace "sent" on a messaging platform (flochat, flowxo, flowbot),
        oldest first, optionally of one conversation (Flochat: a subscriber's user_ns)."""
        answer = self._api.get(
            "outbox", platform=platform, workspace=self.name, conversation=conversation
        )
        return answer["messages"]  # type: ignore[no-any-return]

    def inbound(self, platform: str, conversation: str, text: str) -> dict[str, Any]:
        """A customer writes `text` in `conversation`; opens the 24-hour window. The message."""
        body = {
            "platform": platform,
            "workspace": self.name,
            "conversation": conversation,
            "text": text,
        }
        return self._api.post("inbound", body)["message"]  # type: ignore[no-any-return]

    # State --------------------------------------------------------------------------------

    def reset(self) -> None:
        """Empty the workspace (its credentials stay; its part of the server's fixtures,
        if any, is reloaded). What a template loaded is not reloaded."""
        self._api.post("reset", {"workspace": self.name})

    def export(self) -> dict[str, Any]:
        """The workspace's state as a fixture document: `{"version": 1, "workspaces":
        {name: {platform: {...}}}}`."""
        return self._api.get("export", workspace=self.name)  # type: ignore[no-any-return]

    def data(self, platform: str) -> dict[str, Any]:
        """One platform's part of `export()`: `{kind: [records]}` (empty when it holds
        nothing)."""
        return self.export()["workspaces"][self.name].get(platform, {})  # type: ignore[no-any-return]

    # Request journal ----------------------------------------------------------------------

    def requests(self, **matcher: Any) -> list[dict[str, Any]]:
        """The requests the workspace received, newest first: `platform`, `operation`,
        `method`, `status`, `since`, `limit` narrow them (GET /_sandbox/requests)."""
        answer = self._api.get("requests", **{**matcher, "workspace": self.name})
        return answer["requests"]  # type: ignore[no-any-return]

    def count_requests(self, **matcher: Any) -> int:
        """How many requests match (POST /_sandbox/requests/count), for "called N times"."""
        body = {key: value for key, value in matcher.items() if value is not None}
        return self._api.post("requests/count", {**body, "workspace": self.name})["count"]  # type: ignore[no-any-return]

    def clear_requests(self) -> None:
        """Forget the workspace's journal (DELETE /_sandbox/requests?workspace=)."""
        self._api.delete("requests", workspace=self.name)

    # Faults -------------------------------------------------------------------------------

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        """Add a fault rule limited to this workspace (POST /_sandbox/faults, docs/faults.md):
        `action` (`latency`, `error`, `drop`, `empty`, `truncate`) and its settings, the
        matcher (`platform`, `operation`, `path`, `method`), `probability`, `times`,
        `after`. The rule as stored, with its `id`; the sandbox drops it with the workspace."""
        return self._api.post("faults", {**rule, "workspace": self.name})  # type: ignore[no-any-return]

    def faults(self) -> list[dict[str, Any]]:
        """This workspace's fault rules, in the order they are consulted, with how often
        each `matched` and `fired` (and whether it `expired`)."""
        return self._api.get("faults", workspace=self.name)["faults"]  # type: ignore[no-any-return]

    def remove_fault(self, fault_id: int) -> None:
        """Remove one rule, by the `id` `add_fault` answered."""
        self._api.delete(f"faults/{fault_id}")

    def clear_faults(self) -> None:
        """Remove every fault rule of this workspace."""
        self._api.delete("faults", workspace=self.name)

    # Lifetime -----------------------------------------------------------------------------

    def remove(self) -> None:
        """Delete the workspace, its data, journal and fault rules; put the clock back on
        real time if this handle changed it. A second call does nothing."""
        if self.removed:
            return
        self.removed = True
        try:
            if self.clock.changed:
                self.clock.real()
        finally:
            try:
                self._api.delete(f"workspaces/{self.name}")
            except SandboxError as error:
                if error.status != 404:  # already gone (a full reset removes every one)
                    raise

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.remove()
