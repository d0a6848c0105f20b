"""One conformance run's settings, resolved from options and environment variables."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.options import GENERAL, Option, env_flag


@dataclass(frozen=True)
class Settings:
    platform: str
    base_url: str | None
    read_only: bool
    include_permanent: bool
    max_examples: int
    seed: int | None
    report_dir: Path
    rate_limit: str | None
    #: The platform's own options (credentials, flavour), by option dest.
    platform_options: Mapping[str, Any] = field(default_factory=dict)
    #: Values never to show (credentials).
    secrets: tuple[str, ...] = ()

    @property
    def in_process(self) -> bool:
        return self.base_url is None

    def option(self, dest: str) -> Any:
        return self.platform_options.get(dest)


def resolve(option: Option, given: Any) -> Any:
    """An option's value: the command line first, then its environment variable, then the
    default."""
    if option.flag:
        return bool(given) or env_flag(os.environ.get(option.env or ""))
    if given is not None:
        return given
    if option.env and os.environ.get(option.env):
        raw = os.environ[option.env]
        try:
            return option.type(raw)
        except ValueError as error:
            raise ValueError(f"{option.env}={raw!r} is not valid: {error}") from error
    return option.default


def build(
    platform: str, platform_options: tuple[Option, ...], lookup: Callable[[str], Any]
) -> Settings:
    """Settings from `lookup(dest)` (the parsed options) for `platform`."""
    general = {option.dest: resolve(option, lookup(option.dest)) for option in GENERAL}
    values = {option.dest: resolve(option, lookup(option.dest)) for option in platform_options}
    for option in platform_options:
        value = values[option.dest]
        if option.choices and value is not None and value not in option.choices:
            raise ValueError(
                f"{option.name} must be one of {', '.join(option.choices)}, not {value!r}"
            )
    secrets = tuple(str(values[o.dest]) for o in platform_options if o.secret and values[o.dest])
    if general["max_examples"] < 1:
        raise ValueError("--max-examples must be at least 1")
    return Settings(
        platform=platform,
        base_url=general["base_url"].rstrip("/") if general["base_url"] else None,
        read_only=general["read_only"],
        include_permanent=general["include_permanent"],
        max_examples=general["max_examples"],
        seed=general["seed"],
        report_dir=Path(general["report_dir"]),
        rate_limit=general["rate_limit"],
        platform_options=values,
        secrets=secrets,
    )
