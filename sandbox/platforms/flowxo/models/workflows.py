"""Workflows ("flows") and their activation (article 279, platforms.md §C.3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.core.storage import Record
from sandbox.platforms.flowxo import errors
from sandbox.platforms.flowxo.errors import NotFound
from sandbox.platforms.flowxo.models.common import WORKFLOWS

if TYPE_CHECKING:
    from sandbox.platforms.flowxo.models.api import FlowXO


def simple(workflow: Record) -> dict[str, Any]:
    """The documented `{"_id", "name", "active"}` shape."""
    return {"_id": workflow["_id"], "name": workflow["name"], "active": workflow["active"]}


class Workflows:
    def __init__(self, account: FlowXO) -> None:
        self.account = account

    def list_simple(self) -> list[dict[str, Any]]:
        """Every workflow by name, as the documented example lists them."""
        workflows = sorted(self.account.find(WORKFLOWS), key=lambda w: (w["name"], w["_id"]))
        return [simple(w) for w in workflows]

    def get(self, workflow_id: str) -> Record:
        """The workflow with that id, or the vendor's 404."""
        workflow = self.account.first(WORKFLOWS, _id=workflow_id)
        if workflow is None:
            raise NotFound(errors.WORKFLOW_NOT_FOUND)
        return workflow

    def set_active(self, workflow_id: str, active: bool) -> dict[str, Any]:
        """Enable or disable a workflow."""
        workflow = self.get(workflow_id)
        if workflow["active"] != active:
            workflow = self.account.update(WORKFLOWS, workflow, {"active": active})
        return simple(workflow)
