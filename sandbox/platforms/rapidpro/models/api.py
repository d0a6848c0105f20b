"""`RapidPro`: one workspace's RapidPro org (settings, profile), the platform's backend.

The core builds one per request from the principal `auth.authenticate()` returns
(`RapidPro.serving`); the resources (`Contacts`, `Fields`, `Groups`) receive it. This
module imports no resource.
"""

from __future__ import annotations

from sandbox.core.backend import WorkspaceBackend
from sandbox.core.context import Context
from sandbox.core.platform import Principal
from sandbox.platforms.rapidpro.models.common import SETTINGS, Settings, stored_time
from sandbox.platforms.rapidpro.profiles import Profile


class RapidPro(WorkspaceBackend):
    """The org of one workspace: its settings and profile, its clock and ids."""

    def __init__(self, ctx: Context, principal: Principal | None = None) -> None:
        super().__init__(ctx, principal)
        self.settings = Settings.of(ctx)
        self.profile: Profile = self.settings.resolve_profile(ctx)

    @classmethod
    def of(cls, ctx: Context) -> RapidPro:
        """The org of `ctx`, built again only when some workspace's settings change: every
        request asks for it (auth for the profile, then the views)."""
        # Keyed by the context object, which the entry holds on to (so its id stays its
        # own): a context is built anew whenever its workspace changes.
        return ctx.store.memo(SETTINGS, ("org", id(ctx)), lambda: cls(ctx))

    @classmethod
    def serving(cls, ctx: Context, principal: Principal) -> RapidPro:
        """The backend of one request: the cached org of `ctx` (`of`), for `principal`.

        A shallow copy, so that the cached org never carries one request's principal.
        """
        backend = cls.__new__(cls)
        backend.__dict__.update(cls.of(ctx).__dict__)
        backend.principal = principal
        return backend

    @property
    def country(self) -> str | None:
        return self.settings.country

    def now(self) -> str:
        return stored_time(self.clock.now())

    def new_uuid(self) -> str:
        return self.ctx.ids.uuid4()


class OrgObjects:
    """One kind of object (contacts, fields, groups) in the org of one request."""

    def __init__(self, api: RapidPro) -> None:
        self.api = api
        self.store = api.store
        self.workspace = api.workspace
