"""`RapidPro`: one workspace's RapidPro org, as the views and schemas see it."""

from __future__ import annotations

from flask import g

from sandbox.core.context import Context, current_context
from sandbox.core.storage import Store
from sandbox.platforms.rapidpro.models.common import SETTINGS, Settings, stored_time
from sandbox.platforms.rapidpro.models.contacts import Contacts
from sandbox.platforms.rapidpro.models.fields import Fields
from sandbox.platforms.rapidpro.models.groups import Groups
from sandbox.platforms.rapidpro.profiles import Profile


class RapidPro:
    """The org of one workspace: its settings, profile and resources."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.workspace = ctx.workspace.name
        self.settings = Settings.of(ctx)
        self.profile: Profile = self.settings.resolve_profile(ctx)
        self.contacts = Contacts(self)
        self.fields = Fields(self)
        self.groups = Groups(self)

    @classmethod
    def of(cls, ctx: Context) -> RapidPro:
        """The org of `ctx`, built again only when some workspace's settings change: every
        request asks for it, and it keeps no state of its own."""
        # Keyed by the context object, which the entry holds on to (so its id stays its
        # own): a context is built anew whenever its workspace changes.
        return ctx.store.memo(SETTINGS, ("org", id(ctx)), lambda: cls(ctx))

    @property
    def store(self) -> Store:
        return self.ctx.store

    @property
    def country(self) -> str | None:
        return self.settings.country

    def now(self) -> str:
        return stored_time(self.ctx.clock.now())

    def new_uuid(self) -> str:
        return self.ctx.ids.uuid4()


def current_rapidpro() -> RapidPro:
    """The org of the request's workspace (built once per request)."""
    api = g.get("rapidpro")
    if api is None:
        api = g.rapidpro = RapidPro.of(current_context())
    return api
