"""The `xerochat` section of a fixture document: the installation's users, packages,
Facebook pages / labels / subscribers, contact groups, contacts and flow campaigns.

    xerochat:
      timezone: Europe/Dublin          # for add_date / created_at; the vendor's fallback
      users:    [{id: 1, name: Admin, email: admin@example.com, user_type: Admin}, ...]
      packages: [{id: 1, package_name: Trial}]
      pages:    [{page_id: "109876543210987", page_name: Acme, bot_enabled: true}]
      labels:   [{label_id: "3698521470123", name: VIP, page: "109876543210987"}]
      subscribers: [{subscriber_id: "2499454673490220", page: "109876543210987",
                     first_name: Ana, labels: ["3698521470123"]}]
      contact_groups: [{id: 1, name: Customers}]
      contacts: [{contact_type_id: 1, first_name: Ana, email: ana@example.com}]
      flow_campaigns:
        - {id: 1, flow_name: Lead form, questions: ["Your e-mail?"],
           answers: {"2499454673490220": ["ana@example.com"]}}

Objects belong to the workspace's member (the user of its member key) unless they give a
`user_id`. The users of the admin and member keys are added when `users` leaves them out
(by `provision`, which the core runs after the load).
Export writes the stored rows (ids, the vendor's column names), which load back as they are.

This module holds the section's entry points; the entries' schemas are in
models/fixture_entries.py and the loading into the store in models/fixture_loader.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.core.context import Context
from sandbox.core.fixtures import FixtureError
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.common import ANSWERS, QUESTIONS, SETTINGS
from sandbox.platforms.xerochat.models.fixture_entries import SECTION_TABLES, SECTIONS
from sandbox.platforms.xerochat.models.fixture_loader import FixtureLoader
from sandbox.platforms.xerochat.models.users import Users, key_user_id


def load_fixture(ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
    """Load one workspace's `xerochat` section (the workspace starts out empty)."""
    unknown = sorted(set(data) - {"timezone", *SECTIONS})
    if unknown:
        raise FixtureError(unknown[0], "unknown key")
    if data.get("timezone") is not None:
        ctx.store.insert(SETTINGS, ctx.workspace.name, {"timezone": str(data["timezone"])})
    api = XeroChat(ctx)
    owner = key_user_id(str(ctx.workspace.credentials_for("xerochat").get("member_key", "")))
    loader = FixtureLoader(api, owner)
    counts = {
        "users": loader.users(data.get("users")),
        "packages": loader.packages(data.get("packages")),
        "pages": loader.pages(data.get("pages")),
        "labels": loader.labels(data.get("labels")),
        "subscribers": loader.subscribers(data.get("subscribers")),
        "contact_groups": loader.groups(data.get("contact_groups")),
        "contacts": loader.contacts(data.get("contacts")),
        "flow_campaigns": loader.flows(data.get("flow_campaigns")),
    }
    return counts  # the keys' users the section left out: `provision`, which follows


def provision(ctx: Context) -> None:
    """Store the users of the workspace's admin and member keys that are not stored (a
    new or cleared installation has them, as a fresh install does; a fixture's rows with
    their ids stay as they are)."""
    Users(XeroChat(ctx)).ensure_key_users(ctx.workspace.credentials_for("xerochat"))


def export_fixture(ctx: Context) -> dict[str, Any]:
    """The installation as a `xerochat` section that loads back as it is."""
    store, workspace = ctx.store, ctx.workspace.name
    section: dict[str, Any] = {}
    settings = store.first(SETTINGS, workspace)
    if settings is not None:
        section["timezone"] = settings["timezone"]
    for key, table in SECTION_TABLES.items():
        rows = [dict(row) for row in store.find(table, workspace)]
        if key == "users":  # the stored hash loads back as password_md5
            rows = [_exported_user(row) for row in rows]
        elif key == "flow_campaigns":
            rows = _export_flows(ctx, rows)
        if rows:
            section[key] = rows
    return section


def _exported_user(user: dict[str, Any]) -> dict[str, Any]:
    record = {k: v for k, v in user.items() if k != "password"}
    return {**record, "password_md5": user["password"]}


def _export_flows(ctx: Context, campaigns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The campaigns with their questions and answers."""
    store, workspace = ctx.store, ctx.workspace.name
    flows = []
    for campaign in campaigns:
        questions = store.find(QUESTIONS, workspace, flow_campaign_id=campaign["id"])
        answers: dict[str, dict[str, str]] = {}
        for answer in store.find(ANSWERS, workspace, flow_campaign_id=campaign["id"]):
            answers.setdefault(answer["subscriber_id"], {})[str(answer["question_id"])] = answer[
                "user_answer"
            ]
        flows.append(
            {
                **dict(campaign),
                "questions": [{"id": q["id"], "question": q["question"]} for q in questions],
                "answers": answers,
            }
        )
    return flows
