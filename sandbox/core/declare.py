"""One way to declare a platform: `platform_package(__name__, ...)` in its `__init__.py`.

Every package under `sandbox/platforms/` (and `examples/notes/`) has the same modules, so
the parts of a `Platform` that are the package's own modules are found by their names
instead of being listed again in every `__init__.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any, cast

from flask import Flask

from sandbox.core.context import Context
from sandbox.core.errors import VendorError
from sandbox.core.platform import (
    Platform,
    PlatformAuth,
    PlatformConversations,
    PlatformModels,
    Principal,
)


def platform_package(
    package: str,
    *,
    title: str,
    vendor: str,
    vendor_base_url: str,
    description: str,
    backend: Callable[[Context, Principal], Any],
    configure: Callable[[Flask], None] | None = None,
    conversations: PlatformConversations | None = None,
    too_many_requests: Callable[[int], VendorError] | None = None,
) -> Platform:
    """The `Platform` of a package laid out as every platform is (`__init__` calls it with
    its `__name__`), so the modules are found by convention and not listed again:

    - the name (URL mount, spec file) is the package's last component;
    - `auth` and `models` are its modules of those names;
    - `errors` gives `render` and `ErrorSchema`; `routes` gives `BLUEPRINTS`.
    """
    errors = import_module(f"{package}.errors")
    return Platform(
        name=package.rpartition(".")[2],
        title=title,
        vendor=vendor,
        vendor_base_url=vendor_base_url,
        description=description,
        auth=cast(PlatformAuth, import_module(f"{package}.auth")),
        render_error=errors.render,
        error_schema=errors.ErrorSchema,
        models=cast(PlatformModels, import_module(f"{package}.models")),
        blueprints=tuple(import_module(f"{package}.routes").BLUEPRINTS),
        configure=configure,
        conversations=conversations,
        backend=backend,
        too_many_requests=too_many_requests,
    )
