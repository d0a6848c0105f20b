"""Workflows ("flows") and their activation (article 279, platforms.md §C.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.core.storage import Record
from sandbox.platforms.flowxo import errors
from sandbox.platforms.flowxo.errors import NotFound
from sandbox.platforms.flowxo.models import inputs
from sandbox.platforms.flowxo.models.common import WORKFLOWS

if TYPE_CHECKING:
    from sandbox.platforms.flowxo.models.api import FlowXO


def simple(workflow: Record) -> dict[str, Any]:
    """The documented `{"_id", "name", "active"}` shape."""
    return {"_id": workflow["_id"], "name": workflow["name"], "active": workflow["active"]}


class Workflows:
    def __init__(self, api: FlowXO) -> None:
        self.api = api

    def list_simple(self) -> list[dict[str, Any]]:
        """Every workflow by name, as the documented example lists them."""
        workflows = sorted(self.api.find(WORKFLOWS), key=lambda w: (w["name"], w["_id"]))
        return [simple(w) for w in workflows]

    def set_active(self, workflow_id: str, body: Any) -> dict[str, Any]:
        """Enable or disable a workflow; the id is looked up before the body is read."""
        workflow = self.api.first(WORKFLOWS, _id=workflow_id)
        if workflow is None:
            raise NotFound(errors.WORKFLOW_NOT_FOUND)
        active = inputs.boolean(inputs.body_object(body), "active")
        if workflow["active"] != active:
            workflow = self.api.update(WORKFLOWS, workflow, {"active": active})
        return simple(workflow)
