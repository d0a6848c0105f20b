"""The control API's view of Flochat's conversations (`/_sandbox/outbox`,
`/_sandbox/inbound`). A conversation is one subscriber's chat, named by its `user_ns`;
the outbox without one lists what every flow of the workspace sent."""

from __future__ import annotations

from typing import Any

from sandbox.core.context import Context
from sandbox.platforms.flochat.models import messaging
from sandbox.platforms.flochat.models.common import SUBSCRIBERS


class FlochatConversations:
    """`PlatformConversations` for Flochat, over the messaging models (group C)."""

    def outbox(self, ctx: Context, conversation: str | None) -> list[dict[str, Any]]:
        try:
            return messaging.outbox(ctx, user_ns=conversation)
        except LookupError:
            raise _unknown(conversation) from None

    def inbound(self, ctx: Context, conversation: str, text: str) -> dict[str, Any]:
        # A user_ns names one subscriber of one flow: the flow is the subscriber's.
        subscriber = ctx.store.first(SUBSCRIBERS, ctx.workspace.name, user_ns=conversation)
        if subscriber is None:
            raise _unknown(conversation)
        return messaging.simulate_inbound(
            ctx, flow=subscriber["flow"], user_ns=conversation, text=text
        )


def _unknown(conversation: str | None) -> LookupError:
    # The control API's wording, the same for every platform (not the vendor's).
    return LookupError(f"no conversation {conversation!r}")


CONVERSATIONS = FlochatConversations()
