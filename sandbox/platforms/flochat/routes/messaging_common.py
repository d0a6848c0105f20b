"""What the messaging modules share: the blueprint and the notes their sources repeat."""

from __future__ import annotations

from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.routes.common import FlochatBlueprint

blp = FlochatBlueprint(
    "messaging",
    "sandbox.platforms.flochat.routes.messaging",
    description="Sending, broadcasts, chat state, chat messages, WhatsApp templates, custom events",
)
ASSUMED_ERRORS = "error texts assumed"
RULES = (
    "refused (400) to an unsubscribed subscriber, and on WhatsApp outside the 24-hour "
    "window with error 131047"
)
#: Said of every operation that runs a flow's nodes.
PAUSED = f"{RULES}, and while the bot is paused; {ASSUMED_ERRORS}"


def comma_list(value: str, attribute: str, most: int) -> list[str]:
    """A comma separated list (Laravel would explode and check its size)."""
    found = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if len(found) > most:
        raise FlochatError(f"The {attribute} must not have more than {most} items.")
    return found
