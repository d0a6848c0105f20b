"""FlowBot domain logic: the only FlowBot code that touches the store.

`FlowBot(ctx, principal)` is one workspace's deployment as the request's credentials see
it; `load_fixture` / `export_fixture` implement the platform's fixture section.
"""

from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.fixtures import export_fixture, load_fixture

__all__ = ["FlowBot", "export_fixture", "load_fixture"]
