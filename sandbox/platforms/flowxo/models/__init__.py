"""Flow XO domain logic: the only Flow XO code that touches the store.

`FlowXO(ctx)` is one workspace's account; `load_fixture` / `export_fixture` implement the
platform's fixture section and `CONVERSATIONS` is the control API's conversations hook.
"""

from sandbox.platforms.flowxo.models.api import FlowXO
from sandbox.platforms.flowxo.models.conversations import ConversationsHook
from sandbox.platforms.flowxo.models.fixtures import export_fixture, load_fixture

CONVERSATIONS = ConversationsHook()

__all__ = ["CONVERSATIONS", "FlowXO", "export_fixture", "load_fixture"]
