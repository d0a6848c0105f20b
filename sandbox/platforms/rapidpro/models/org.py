"""`Org`: a workspace's org with all its resources at hand, for scripts and model tests.

The views build only the resources they use from the request's backend (`RapidPro`);
this is the same backend with the three resources built up front.
"""

from __future__ import annotations

from sandbox.core.context import Context
from sandbox.core.platform import Principal
from sandbox.platforms.rapidpro.models.api import RapidPro
from sandbox.platforms.rapidpro.models.contacts import Contacts


class Org(RapidPro):
    def __init__(self, ctx: Context, principal: Principal | None = None) -> None:
        super().__init__(ctx, principal)
        self.contacts = Contacts(self)
        self.fields = self.contacts.fields
        self.groups = self.contacts.groups
