"""RapidPro domain logic: the only RapidPro code that touches the store.

`RapidPro` is one workspace's org (settings, profile), the platform's backend; the
resources `Contacts`, `Fields` and `Groups` receive it (whoever uses one builds it).
`load_fixture` / `export_fixture` implement the platform's fixture section.
"""

from sandbox.platforms.rapidpro.models.api import RapidPro
from sandbox.platforms.rapidpro.models.contacts import Contacts
from sandbox.platforms.rapidpro.models.fields import Fields
from sandbox.platforms.rapidpro.models.fixtures import export_fixture, load_fixture
from sandbox.platforms.rapidpro.models.groups import Groups

__all__ = ["Contacts", "Fields", "Groups", "RapidPro", "export_fixture", "load_fixture"]
