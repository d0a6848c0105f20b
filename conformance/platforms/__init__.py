"""The platforms the kit can check (those the sandbox implements)."""

from conformance.platforms.base import PREFIX, Created, Creates, Credentials, Ours, PlatformKit
from conformance.platforms.flochat import KIT as FLOCHAT
from conformance.platforms.flowbot import KIT as FLOWBOT
from conformance.platforms.flowxo import KIT as FLOWXO
from conformance.platforms.rapidpro import KIT as RAPIDPRO
from conformance.platforms.xerochat import KIT as XEROCHAT

KITS: dict[str, PlatformKit] = {
    kit.name: kit for kit in (RAPIDPRO, XEROCHAT, FLOWXO, FLOCHAT, FLOWBOT)
}
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
