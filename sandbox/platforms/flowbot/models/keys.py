"""The workspace's JWT signing secret: made on first use and kept in the store, so tokens
survive a restart of a sandbox that keeps its database file. Each workspace has its own,
so a token of one workspace never verifies in another."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.platforms.flowbot import tokens
from sandbox.platforms.flowbot.models.common import SIGNING_KEYS

if TYPE_CHECKING:
    from sandbox.platforms.flowbot.models.api import FlowBot

SECRET_LENGTH = 64


class SigningKeys:
    def __init__(self, api: FlowBot) -> None:
        self.api = api

    def current(self) -> str | None:
        record = self.api.first(SIGNING_KEYS)
        return record["secret"] if record else None

    def ensure(self) -> str:
        secret = self.current()
        if secret is None:
            secret = self.api.ctx.ids.hex(SECRET_LENGTH)
            self.api.insert(SIGNING_KEYS, {"secret": secret})
        return secret

    def session_token(self, user: dict[str, Any]) -> str:
        """The JWT of a login session (the `token` cookie)."""
        claims = {
            "sub": user["id"],
            "username": user["username"],
            "role": user["role"],
            tokens.KIND: tokens.SESSION,
        }
        return tokens.issue(self.ensure(), claims, self.api.now(), tokens.SESSION_TTL)

    def api_token(self, user: dict[str, Any], ttl: int) -> str:
        """A Bearer JWT for server-to-server calls, valid for `ttl` seconds."""
        claims = {
            "sub": user["id"],
            "clientId": user["clientId"],
            "role": user["role"],
            tokens.KIND: tokens.API,
        }
        return tokens.issue(self.ensure(), claims, self.api.now(), ttl)
