"""RapidPro domain logic: the only RapidPro code that touches the store.

`RapidPro(ctx)` is one workspace's org (settings, profile, contacts, fields, groups);
`load_fixture` / `export_fixture` implement the platform's fixture section.
"""

from sandbox.platforms.rapidpro.models.api import RapidPro, current_rapidpro
from sandbox.platforms.rapidpro.models.fixtures import export_fixture, load_fixture

__all__ = ["RapidPro", "current_rapidpro", "export_fixture", "load_fixture"]
