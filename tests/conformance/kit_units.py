"""What the kit's per-platform unit tests (test_<platform>_kit.py) share: a run's settings,
the kit's refusals, and the workspace an in-process run gets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conformance.settings import Settings
from sandbox.core.context import Workspace
from sandbox.core.sandbox import Sandbox


def kit_settings(
    platform: str,
    report_dir: Path,
    base_url: str | None = None,
    *,
    read_only: bool = False,
    **platform_options: Any,
) -> Settings:
    """A run's settings as the kit's unit tests want them: few examples, no seed, nothing
    permanent, and these platform options."""
    return Settings(
        platform=platform,
        base_url=base_url,
        read_only=read_only,
        include_permanent=False,
        max_examples=3,
        seed=None,
        report_dir=report_dir,
        rate_limit=None,
        platform_options=platform_options,
    )


def refusal(call: Callable[[], object]) -> str:
    """The message of the ValueError `call` raises (how the kit refuses a setting)."""
    with pytest.raises(ValueError) as error:
        call()
    return str(error.value)


def in_process_workspace(
    sandbox: Sandbox,
    sandbox_workspace: Callable[[Sandbox, Settings], dict[str, Any]],
    settings: Settings,
) -> tuple[dict[str, Any], Workspace]:
    """The options a kit's `sandbox_workspace` gives an in-process run, and the one
    workspace it added to `sandbox` for it."""
    before = {workspace.name for workspace in sandbox.workspaces.all()}
    options = sandbox_workspace(sandbox, settings)
    (name,) = {workspace.name for workspace in sandbox.workspaces.all()} - before
    workspace = sandbox.workspaces.get(name)
    assert workspace is not None
    return options, workspace
