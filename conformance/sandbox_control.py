"""The calls scenarios make to a flow-sandbox's control API (`/_sandbox/`), beside the
platform under test: only when the target is a sandbox (the `--<platform>-sandbox-workspace`
options say so). A sandbox started with `--control-token` wants the token on every call;
the kit reads it from the same environment variable `flow-sandbox serve` does."""

from __future__ import annotations

import os

from sandbox.config import CONTROL_TOKEN_ENV


def control_url(base_url: str, platform: str) -> str:
    """`http://host:port/_sandbox` from the platform's base URL on a sandbox."""
    return base_url.removesuffix(f"/{platform}") + "/_sandbox"


def control_headers() -> dict[str, str]:
    """The control token, when FLOW_SANDBOX_CONTROL_TOKEN holds one."""
    token = os.environ.get(CONTROL_TOKEN_ENV, "").strip()
    return {"Authorization": f"Bearer {token}"} if token else {}
