"""The control API (`/_sandbox/...`) over HTTP, with the standard library only.

urllib rather than requests: this module is imported by the pytest plugin's fixtures in
every test run of a user who installed flow-sandbox, and the standard library costs
nothing more to import; the control API needs no sessions, retries or streaming.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

#: Seconds a control call may take before it is abandoned (a fixture load can be slow).
DEFAULT_TIMEOUT = 30.0
#: How much of an error body a SandboxError quotes.
_QUOTED = 500


class SandboxError(Exception):
    """A control call the sandbox refused: the method, the URL, the status and the body."""

    def __init__(self, method: str, url: str, status: int, body: Any) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.body = body
        text = body if isinstance(body, str) else json.dumps(body)
        super().__init__(f"{method} {url} answered {status}: {text[:_QUOTED]}")


class SandboxUnreachable(SandboxError):
    """No answer at all: nothing listens at the URL, or it took longer than the timeout."""

    def __init__(self, method: str, url: str, reason: object) -> None:
        self.method = method
        self.url = url
        self.status = 0
        self.body = None
        Exception.__init__(self, f"{method} {url}: the sandbox did not answer ({reason})")


def _query(params: Mapping[str, Any] | None) -> str:
    """A query string of the parameters that have a value (None means "not given")."""
    given = {key: _text(value) for key, value in (params or {}).items() if value is not None}
    return f"?{urllib.parse.urlencode(given)}" if given else ""


def _text(value: Any) -> str:
    # The control API reads booleans as JSON does; str(True) would be "True".
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _decode(data: bytes, content_type: str) -> Any:
    if not data:
        return None
    if "json" in content_type:
        return json.loads(data)
    return data.decode("utf-8", errors="replace")


class ControlAPI:
    """Calls `<url>/_sandbox/<path>`, sending JSON and the control token, answering the
    decoded body (None for a 204) or raising SandboxError for any status of 400 and up."""

    def __init__(
        self, url: str, control_token: str | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.url = url.rstrip("/")
        self.control_token = control_token
        self.timeout = timeout

    def call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        """`method` on `/_sandbox/<path>`; `body` (JSON-encoded unless None) and the query
        parameters that are not None."""
        url = f"{self.url}/_sandbox/{path.lstrip('/')}{_query(query)}"
        headers = {"Accept": "application/json"}
        if self.control_token:
            headers["Authorization"] = f"Bearer {self.control_token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _decode(response.read(), response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as error:
            with error:
                answer = _decode(error.read(), error.headers.get("Content-Type", ""))
            raise SandboxError(method, url, error.code, answer) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise SandboxUnreachable(method, url, reason) from None

    def get(self, path: str, **query: Any) -> Any:
        return self.call("GET", path, query=query)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body=body)

    def delete(self, path: str, **query: Any) -> Any:
        return self.call("DELETE", path, query=query)
