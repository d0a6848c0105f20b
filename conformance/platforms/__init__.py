"""The platforms the kit can check (those the sandbox implements)."""

from conformance.platforms.base import PREFIX, Created, PlatformKit
from conformance.platforms.rapidpro import KIT as RAPIDPRO

KITS: dict[str, PlatformKit] = {kit.name: kit for kit in (RAPIDPRO,)}
PLATFORM_OPTIONS = tuple(option for kit in KITS.values() for option in kit.options)

__all__ = ["KITS", "PLATFORM_OPTIONS", "PREFIX", "Created", "PlatformKit"]
