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
`user_id`. The users of the admin and member keys are added when `users` leaves them out.
Export writes the stored rows (ids, the vendor's column names), which load back as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validates_schema

from sandbox.core.context import Context
from sandbox.core.fixtures import FixtureError, load_entries
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.common import (
    ANSWERS,
    CONTACT_GROUPS,
    CONTACTS,
    FLOWS,
    LABELS,
    PACKAGES,
    PAGES,
    QUESTIONS,
    SETTINGS,
    SUBSCRIBERS,
    USERS,
    VARCHAR_WIDTHS,
    ZERO_DATE,
    mysql_column,
    mysql_datetime,
)
from sandbox.platforms.xerochat.models.users import key_user_id, md5, new_user

SECTIONS = (
    "users",
    "packages",
    "pages",
    "labels",
    "subscribers",
    "contact_groups",
    "contacts",
    "flow_campaigns",
)
SUBSCRIBER_TEXT = (
    "first_name",
    "last_name",
    "full_name",
    "gender",
    "locale",
    "timezone",
    "unavailable",
    "last_error_message",
    "refferer_source",
    "subscribed_at",
    "email",
    "phone_number",
    "birthdate",
    "last_subscriber_interaction_time",
)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


class Entry(Schema):
    class Meta:
        unknown = RAISE


class Text(fields.Field):
    """A column value: strings, numbers and booleans are all stored as MySQL would; a
    `column` named in VARCHAR_WIDTHS, or "notes" (TEXT), is cut as MySQL cuts it."""

    def __init__(self, *, column: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.column = column

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise ValidationError("Not a single value.")
        if self.column is None:
            return _text(value)
        return mysql_column(_text(value), VARCHAR_WIDTHS.get(self.column))


class UserEntry(Entry):
    id = fields.Integer(required=True)
    name = Text(load_default="")
    email = Text(required=True)
    password = Text()
    password_md5 = Text()
    user_type = fields.String(load_default="Member")
    status = Text(load_default="1")
    mobile = Text(load_default="")
    address = Text(load_default="")
    add_date = Text()
    last_login_at = Text(load_default=ZERO_DATE)
    expired_date = Text(load_default=ZERO_DATE)
    package_id = Text(load_default="0")
    last_login_ip = Text(load_default="")
    deleted = Text(load_default="0")


class PackageEntry(Entry):
    id = fields.Integer(required=True)
    package_name = Text(required=True)
    module_ids = Text(load_default="")
    price = Text(load_default="0")
    validity = Text(load_default="0")
    visible = Text(load_default="1")
    highlight = Text(load_default="0")
    deleted = Text(load_default="0")


class PageEntry(Entry):
    id = fields.Integer()
    user_id = fields.Integer()
    page_id = Text(required=True)
    page_name = Text(load_default="")
    page_access_token = Text()
    bot_enabled = Text(load_default="1")
    deleted = Text(load_default="0")


class LabelEntry(Entry):
    id = fields.Integer()
    user_id = fields.Integer()
    label_id = Text(required=True)
    name = Text()
    group_name = Text()
    page = Text()  # the Facebook page id; or the stored page_id + fb_page_id
    page_id = fields.Integer()
    fb_page_id = Text()
    deleted = Text(load_default="0")
    unsubscribe = Text(load_default="0")
    invisible = Text(load_default="0")

    @validates_schema
    def _named_and_placed(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not (data.get("name") or data.get("group_name")):
            raise ValidationError("a label needs a name", "name")
        if not (data.get("page") or data.get("fb_page_id")):
            raise ValidationError("a label needs the page it belongs to", "page")


class SubscriberEntry(Entry):
    id = fields.Integer()
    user_id = fields.Integer()
    subscriber_id = Text()
    subscribe_id = Text()
    page = Text()
    page_id = Text()
    page_table_id = fields.Integer()
    labels = fields.List(Text())
    contact_group_id = Text()
    first_name = Text(load_default="")
    last_name = Text(load_default="")
    full_name = Text(load_default="")
    gender = Text(load_default="")
    locale = Text(load_default="")
    timezone = Text(load_default="")
    unavailable = Text(load_default="0")
    last_error_message = Text(load_default="")
    refferer_source = Text(load_default="")  # sic: the vendor's column
    subscribed_at = Text(load_default="")
    email = Text(load_default="")
    phone_number = Text(load_default="")
    birthdate = Text(load_default=None)
    last_subscriber_interaction_time = Text(load_default="")

    @validates_schema
    def _identified(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not (data.get("subscriber_id") or data.get("subscribe_id")):
            raise ValidationError("a subscriber needs its subscriber_id (PSID)", "subscriber_id")
        if not (data.get("page") or data.get("page_id")):
            raise ValidationError("a subscriber needs the page it subscribed to", "page")


class GroupEntry(Entry):
    id = fields.Integer()
    user_id = fields.Integer()
    name = Text(column="type")
    type = Text(column="type")
    created_at = Text()
    deleted = Text(load_default="0")


class ContactEntry(Entry):
    id = fields.Integer()
    user_id = fields.Integer()
    contact_type_id = Text(required=True)
    first_name = Text(load_default="", column="first_name")
    last_name = Text(load_default="", column="last_name")
    email = Text(load_default=None, column="email")
    phone_number = Text(load_default=None, column="phone_number")
    notes = Text(load_default="", column="notes")
    unsubscribed = Text(load_default="0")
    deleted = Text(load_default="0")


class QuestionEntry(Entry):
    id = fields.Integer()
    question = Text(required=True)


class FlowEntry(Entry):
    id = fields.Integer()
    user_id = fields.Integer()
    flow_name = Text(required=True)
    deleted = Text(load_default="0")
    questions = fields.List(fields.Raw(), load_default=list)
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(), load_default=dict)


def load_fixture(ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
    """Load one workspace's `xerochat` section (the workspace starts out empty)."""
    unknown = sorted(set(data) - {"timezone", *SECTIONS})
    if unknown:
        raise FixtureError(unknown[0], "unknown key")
    if data.get("timezone") is not None:
        ctx.store.insert(SETTINGS, ctx.workspace.name, {"timezone": str(data["timezone"])})
    api = XeroChat(ctx)
    owner = key_user_id(str(ctx.workspace.credentials_for("xerochat").get("member_key", "")))
    loader = _Loader(api, owner)
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
    api.users.ensure_key_users(ctx.workspace.credentials_for("xerochat"))
    return counts


class _Loader:
    def __init__(self, api: XeroChat, owner: int) -> None:
        self.api = api
        self.owner = owner
        self.ids: dict[str, int] = {}
        self.page_rows: dict[str, dict[str, Any]] = {}  # by Facebook page id
        self.label_rows: dict[str, dict[str, Any]] = {}  # by Facebook label id

    def _insert(self, table: str, kind: str, records: list[dict[str, Any]]) -> int:
        seen: set[int] = set()
        for index, record in enumerate(records):
            if record["id"] in seen:
                raise FixtureError(
                    [kind, index, "id"], f"another {kind} entry has id {record['id']}"
                )
            seen.add(record["id"])
        self.api.store.insert_many(table, self.api.workspace, records)
        return len(records)

    def _id(self, entry: Mapping[str, Any], table: str) -> int:
        if entry.get("id") is not None:
            self.ids[table] = max(self.ids.get(table, 0), entry["id"])
            return int(entry["id"])
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def users(self, entries: Any) -> int:
        records = []
        for entry in load_entries(UserEntry(), entries, "users"):
            record = new_user(
                entry["id"],
                entry["user_type"],
                entry["name"],
                entry["email"],
                entry.get("add_date") or self.api.now(),
            )
            password = entry.get("password_md5") or md5(entry.get("password") or "")
            record.update(
                {k: v for k, v in entry.items() if k in record and k not in ("add_date",)},
                password=password,
                expired_date=mysql_datetime(entry["expired_date"])
                if entry["expired_date"] != ZERO_DATE
                else ZERO_DATE,
            )
            records.append(record)
        return self._insert(USERS, "users", records)

    def packages(self, entries: Any) -> int:
        records = [dict(entry) for entry in load_entries(PackageEntry(), entries, "packages")]
        return self._insert(PACKAGES, "packages", records)

    def pages(self, entries: Any) -> int:
        records = []
        for entry in load_entries(PageEntry(), entries, "pages"):
            records.append(
                {
                    "id": self._id(entry, PAGES),
                    "user_id": entry.get("user_id", self.owner),
                    "page_id": entry["page_id"],
                    "page_name": entry["page_name"],
                    "page_access_token": entry.get("page_access_token")
                    or f"EAAG{self.api.ctx.ids.string(40)}",
                    "bot_enabled": entry["bot_enabled"],
                    "deleted": entry["deleted"],
                }
            )
        self.page_rows = {r["page_id"]: r for r in records}
        return self._insert(PAGES, "pages", records)

    def labels(self, entries: Any) -> int:
        records = []
        for index, entry in enumerate(load_entries(LabelEntry(), entries, "labels")):
            fb_page = entry.get("fb_page_id") or entry["page"]
            page_row = entry.get("page_id")
            if page_row is None:
                page = self.page_rows.get(fb_page)
                if page is None:
                    raise FixtureError(["labels", index, "page"], f"no page {fb_page!r} in pages")
                page_row = page["id"]
            records.append(
                {
                    "id": self._id(entry, LABELS),
                    "page_id": page_row,
                    "group_name": entry.get("group_name") or entry["name"],
                    "user_id": entry.get("user_id", self.owner),
                    "label_id": entry["label_id"],
                    "deleted": entry["deleted"],
                    "unsubscribe": entry["unsubscribe"],
                    "invisible": entry["invisible"],
                    "fb_page_id": fb_page,
                }
            )
        self.label_rows = {r["label_id"]: r for r in records}
        return self._insert(LABELS, "labels", records)

    def subscribers(self, entries: Any) -> int:
        records = []
        pages = self.page_rows
        for index, entry in enumerate(load_entries(SubscriberEntry(), entries, "subscribers")):
            fb_page = entry.get("page_id") or entry["page"]
            page_row = entry.get("page_table_id")
            if page_row is None:
                if fb_page not in pages:
                    raise FixtureError(
                        ["subscribers", index, "page"], f"no page {fb_page!r} in pages"
                    )
                page_row = pages[fb_page]["id"]
            group_ids = entry.get("contact_group_id")
            if group_ids is None:
                group_ids = self._label_row_ids(entry.get("labels") or [], index)
            full_name = entry["full_name"] or f"{entry['first_name']} {entry['last_name']}".strip()
            records.append(
                {
                    "id": self._id(entry, SUBSCRIBERS),
                    "user_id": entry.get("user_id", self.owner),
                    "page_table_id": page_row,
                    "page_id": fb_page,
                    "subscribe_id": entry.get("subscribe_id") or entry["subscriber_id"],
                    "contact_group_id": group_ids,
                    **{column: entry[column] for column in SUBSCRIBER_TEXT},
                    "full_name": full_name,
                }
            )
        return self._insert(SUBSCRIBERS, "subscribers", records)

    def _label_row_ids(self, label_ids: list[str], index: int) -> str:
        rows = self.label_rows
        for position, label_id in enumerate(label_ids):
            if label_id not in rows:
                raise FixtureError(
                    ["subscribers", index, "labels", position], f"no label {label_id!r} in labels"
                )
        return ",".join(str(rows[label_id]["id"]) for label_id in label_ids)

    def groups(self, entries: Any) -> int:
        records = []
        for index, entry in enumerate(load_entries(GroupEntry(), entries, "contact_groups")):
            name = entry.get("type") or entry.get("name")
            if not name:
                raise FixtureError(
                    ["contact_groups", index, "name"], "a contact group needs a name"
                )
            records.append(
                {
                    "id": self._id(entry, CONTACT_GROUPS),
                    "user_id": entry.get("user_id", self.owner),
                    "type": name,
                    "created_at": entry.get("created_at") or self.api.now(),
                    "deleted": entry["deleted"],
                }
            )
        return self._insert(CONTACT_GROUPS, "contact_groups", records)

    def contacts(self, entries: Any) -> int:
        records = []
        for entry in load_entries(ContactEntry(), entries, "contacts"):
            records.append(
                {
                    "id": self._id(entry, CONTACTS),
                    "user_id": entry.get("user_id", self.owner),
                    **{k: v for k, v in entry.items() if k not in ("id", "user_id")},
                }
            )
        return self._insert(CONTACTS, "contacts", records)

    def flows(self, entries: Any) -> int:
        campaigns, questions, answers = [], [], []
        question_ids: set[int] = set()  # unique across campaigns (one table)
        for index, entry in enumerate(load_entries(FlowEntry(), entries, "flow_campaigns")):
            campaign = {
                "id": self._id(entry, FLOWS),
                "user_id": entry.get("user_id", self.owner),
                "flow_name": entry["flow_name"],
                "deleted": entry["deleted"],
            }
            campaigns.append(campaign)
            ordered = []
            for position, raw in enumerate(entry["questions"]):
                item = {"question": raw} if isinstance(raw, str) else raw
                try:
                    question = QuestionEntry().load(item)
                except ValidationError as error:
                    raise FixtureError(
                        ["flow_campaigns", index, "questions", position], str(error.messages)
                    ) from None
                question_id = self._id(question, QUESTIONS)
                if question_id in question_ids:
                    raise FixtureError(
                        ["flow_campaigns", index, "questions", position, "id"],
                        f"another question has id {question_id}",
                    )
                question_ids.add(question_id)
                record = {
                    "id": question_id,
                    "user_id": campaign["user_id"],
                    "flow_campaign_id": campaign["id"],
                    "serial_no": position + 1,
                    "question": question["question"],
                }
                ordered.append(record)
            questions += ordered
            answers += self._answers(entry["answers"], campaign, ordered, index)
        self._insert(QUESTIONS, "questions", questions)
        self._insert(ANSWERS, "answers", answers)
        return self._insert(FLOWS, "flow_campaigns", campaigns)

    def _answers(
        self,
        given: Mapping[str, Any],
        campaign: dict[str, Any],
        questions: list[dict[str, Any]],
        index: int,
    ) -> list[dict[str, Any]]:
        """`{psid: [answer, ...]}` in question order, or `{psid: {question_id: answer}}`."""
        records = []
        by_id = {q["id"]: q for q in questions}
        for psid, values in given.items():
            where = ["flow_campaigns", index, "answers", psid]
            if isinstance(values, list):
                if len(values) > len(questions):
                    raise FixtureError(where, "more answers than questions")
                pairs = [(q["id"], v) for q, v in zip(questions, values, strict=False)]
            elif isinstance(values, Mapping):
                pairs = []
                for key, value in values.items():
                    question_id = _question_id(key)
                    if question_id not in by_id:
                        raise FixtureError(where, f"no question with id {key}")
                    pairs.append((question_id, value))
            else:
                raise FixtureError(where, "answers are a list or a mapping by question id")
            for question_id, value in pairs:
                records.append(
                    {
                        "id": self._id({}, ANSWERS),
                        "subscriber_id": str(psid),
                        "page_id": "",
                        "flow_campaign_id": campaign["id"],
                        "question_id": question_id,
                        "user_answer": _text(value),
                    }
                )
        return records


def _question_id(key: Any) -> int | None:
    """A question id given as an answers key (YAML reads `45:` as a number, JSON as text)."""
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def export_fixture(ctx: Context) -> dict[str, Any]:
    """The installation as a `xerochat` section that loads back as it is."""
    store, workspace = ctx.store, ctx.workspace.name
    section: dict[str, Any] = {}
    settings = store.first(SETTINGS, workspace)
    if settings is not None:
        section["timezone"] = settings["timezone"]
    users = []
    for user in store.find(USERS, workspace):
        record = {k: v for k, v in user.items() if k != "password"}
        users.append({**record, "password_md5": user["password"]})
    tables = {
        "users": users,
        "packages": [dict(r) for r in store.find(PACKAGES, workspace)],
        "pages": [dict(r) for r in store.find(PAGES, workspace)],
        "labels": [dict(r) for r in store.find(LABELS, workspace)],
        "subscribers": [dict(r) for r in store.find(SUBSCRIBERS, workspace)],
        "contact_groups": [dict(r) for r in store.find(CONTACT_GROUPS, workspace)],
        "contacts": [dict(r) for r in store.find(CONTACTS, workspace)],
        "flow_campaigns": _export_flows(ctx),
    }
    section.update({key: value for key, value in tables.items() if value})
    return section


def _export_flows(ctx: Context) -> list[dict[str, Any]]:
    store, workspace = ctx.store, ctx.workspace.name
    flows = []
    for campaign in store.find(FLOWS, workspace):
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
