"""The platforms the kit can check (those the sandbox implements)."""

from conformance.platforms.base import PREFIX, Created, Creates, Credentials, Ours, PlatformKit
from conformance.platforms.rapidpro import KIT as RAPIDPRO
from conformance.platforms.xerochat import KIT as XEROCHAT

KITS: dict[str, PlatformKit] = {kit.name: kit for kit in (RAPIDPRO, XEROCHAT)}
PLATFORM_OPTIONS = tuple(option for kit in KITS.values() for option in kit.options)

__all__ = [
    "KITS",
    "PLATFORM_OPTIONS",
    "PREFIX",
    "Created",
    "Creates",
    "Credentials",
    "Ours",
    "PlatformKit",
]
