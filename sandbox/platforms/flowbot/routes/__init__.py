"""FlowBot's views: thin (read the request, call the models, shape the answer)."""

from sandbox.platforms.flowbot.routes import auth, conversations, flows, webhooks
from sandbox.platforms.flowbot.routes.common import blp

__all__ = ["auth", "blp", "conversations", "flows", "webhooks"]
