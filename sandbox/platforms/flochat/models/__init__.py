"""Flochat domain logic: the only Flochat code that touches the store.

`Flochat(ctx, flow_id, scopes)` is one workspace's team as an API key sees it; each module
holds one part of the domain (tags, fields, subscribers, ...) as a class over it, and
lists the fixture sections it loads and exports (see `sections.py`).
"""

from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.fixtures import export_fixture, load_fixture
from sandbox.platforms.flochat.models.flows import provision

__all__ = ["Flochat", "export_fixture", "load_fixture", "provision"]
