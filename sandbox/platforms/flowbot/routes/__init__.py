"""FlowBot's views: thin (read the request, call the models, shape the answer)."""

from sandbox.platforms.flowbot.routes import auth, conversations, flows, webhooks
from sandbox.platforms.flowbot.routes.common import blp

#: What the platform mounts (`platform_package` reads it by this name).
BLUEPRINTS = (blp,)

__all__ = ["BLUEPRINTS", "auth", "blp", "conversations", "flows", "webhooks"]
