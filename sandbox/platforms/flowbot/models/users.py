"""Users of a deployment: who logs in, who may use the API, who owns flows.

The workspace's flowbot credentials (`username`, `password`, `client_id`, `api_key`) are
one user, an admin whose API use is approved. A fixture may list that user (by its
username) to give it an id, a display name, an e-mail or another role; its password and
API client always come from the credentials. A credentials user the fixture does not list
exists all the same, with an id derived from the workspace and username, so that it is
the same on every run.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sandbox.core.auth import secrets_equal
from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flowbot.models.common import USERS

if TYPE_CHECKING:
    from sandbox.platforms.flowbot.models.api import FlowBot

#: Namespace of the credentials user's id (uuid5 of "<workspace>/<username>").
CREDENTIALS_USER_NAMESPACE = uuid.UUID("0f4b6f3e-6c1a-4f57-9d55-6a0b4e0c2a11")


def credentials_user_id(workspace: str, username: str) -> str:
    return str(uuid.uuid5(CREDENTIALS_USER_NAMESPACE, f"{workspace}/{username}"))


def public(user: dict[str, Any]) -> dict[str, Any]:
    """The user as `/api/auth/login` answers it (seed 001)."""
    return pick(user, "id", "username", "displayName", "email", "role")


class Users:
    def __init__(self, api: FlowBot) -> None:
        self.api = api

    def credentials(self) -> dict[str, Any]:
        return self.api.ctx.workspace.credentials_for("flowbot")

    def all(self) -> list[dict[str, Any]]:
        """Every user, the credentials user first when no fixture listed it."""
        stored = [self._complete(record) for record in self.api.find(USERS)]
        username = self.credentials().get("username")
        if username and not any(user["username"] == username for user in stored):
            stored.insert(0, self._credentials_user())
        return stored

    def get(self, user_id: str) -> dict[str, Any] | None:
        return next((user for user in self.all() if user["id"] == user_id), None)

    def credentials_user(self) -> dict[str, Any]:
        """The user of the workspace's credentials (the default owner of fixture flows)."""
        username = self.credentials().get("username")
        found = next((user for user in self.all() if user["username"] == username), None)
        return found if found is not None else self._credentials_user()

    def login(self, username: str, password: str) -> dict[str, Any] | None:
        """The user with this username and password, else None."""
        return self._holding("username", username, "password", password)

    def api_client(self, client_id: str, api_key: str) -> dict[str, Any] | None:
        """The user whose API client this is (approved or not), else None."""
        return self._holding("clientId", client_id, "apiKey", api_key)

    def _holding(
        self, name_field: str, name: str, secret_field: str, secret: str
    ) -> dict[str, Any] | None:
        """The user whose `name_field` is `name` and whose (set) `secret_field` is
        `secret`, compared in constant time; else None."""
        for user in self.all():
            stored = user[secret_field]
            if user[name_field] == name and stored and secrets_equal(secret, stored):
                return user
        return None

    def _complete(self, record: Record) -> dict[str, Any]:
        """A stored user; the credentials user gets its password and client from them."""
        user = dict(record)
        credentials = self.credentials()
        if user["username"] == credentials.get("username"):
            user["password"] = credentials.get("password")
            user["clientId"] = credentials.get("client_id")
            user["apiKey"] = credentials.get("api_key")
        return user

    def _credentials_user(self) -> dict[str, Any]:
        credentials = self.credentials()
        username = credentials.get("username", "")
        return {
            "id": credentials_user_id(self.api.workspace, username),
            "username": username,
            "password": credentials.get("password"),
            "displayName": username,
            "email": f"{username}@flow-sandbox.local",
            "role": "admin",
            "apiAccessApproved": True,
            "clientId": credentials.get("client_id"),
            "apiKey": credentials.get("api_key"),
        }
