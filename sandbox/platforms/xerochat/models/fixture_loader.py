"""Loading a fixture's `xerochat` section into the store: `FixtureLoader` turns the
checked entries (models/fixture_entries.py) into the vendor's rows, giving ids and owners
to the entries that leave them out and resolving pages, labels and questions by the ids
the fixture names them with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from sandbox.core.fixtures import FixtureError, load_entries
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.common import (
    ANSWERS,
    QUESTIONS,
    ZERO_DATE,
    mysql_datetime,
)
from sandbox.platforms.xerochat.models.fixture_entries import (
    SECTION_TABLES,
    SUBSCRIBER_TEXT,
    ContactEntry,
    FlowEntry,
    GroupEntry,
    LabelEntry,
    PackageEntry,
    PageEntry,
    QuestionEntry,
    SubscriberEntry,
    UserEntry,
    stored_text,
)
from sandbox.platforms.xerochat.models.users import md5, new_user

# The table of each kind of row: a section's, or a flow campaign's questions and answers.
TABLES = {**SECTION_TABLES, "questions": QUESTIONS, "answers": ANSWERS}


class FixtureLoader:
    def __init__(self, api: XeroChat, owner: int) -> None:
        self.api = api
        self.owner = owner
        self.ids: dict[str, int] = {}
        self.page_rows: dict[str, dict[str, Any]] = {}  # by Facebook page id
        self.label_rows: dict[str, dict[str, Any]] = {}  # by Facebook label id

    def _insert(self, kind: str, records: list[dict[str, Any]]) -> int:
        table = TABLES[kind]
        seen: set[int] = set()
        for index, record in enumerate(records):
            if record["id"] in seen:
                raise FixtureError(
                    [kind, index, "id"], f"another {kind} entry has id {record['id']}"
                )
            seen.add(record["id"])
        self.api.store.insert_many(table, self.api.workspace, records)
        if records:  # AUTO_INCREMENT goes on after the highest id loaded
            self.api.reserve_id(table, max(int(record["id"]) for record in records))
        return len(records)

    def _id(self, entry: Mapping[str, Any], kind: str) -> int:
        """The entry's id, or the next after the highest of its kind so far."""
        if entry.get("id") is not None:
            self.ids[kind] = max(self.ids.get(kind, 0), entry["id"])
            return int(entry["id"])
        self.ids[kind] = self.ids.get(kind, 0) + 1
        return self.ids[kind]

    def _owned(self, entry: Mapping[str, Any], kind: str) -> dict[str, Any]:
        """A row's first columns: its id, and its owner (the key's user unless given)."""
        return {"id": self._id(entry, kind), "user_id": entry.get("user_id", self.owner)}

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
        return self._insert("users", records)

    def packages(self, entries: Any) -> int:
        records = [dict(entry) for entry in load_entries(PackageEntry(), entries, "packages")]
        return self._insert("packages", records)

    def pages(self, entries: Any) -> int:
        records = []
        for entry in load_entries(PageEntry(), entries, "pages"):
            records.append(
                {
                    **self._owned(entry, "pages"),
                    "page_id": entry["page_id"],
                    "page_name": entry["page_name"],
                    "page_access_token": entry.get("page_access_token")
                    or f"EAAG{self.api.ctx.ids.string(40)}",
                    "bot_enabled": entry["bot_enabled"],
                    "deleted": entry["deleted"],
                }
            )
        self.page_rows = {r["page_id"]: r for r in records}
        return self._insert("pages", records)

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
                    "id": self._id(entry, "labels"),
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
        return self._insert("labels", records)

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
                    **self._owned(entry, "subscribers"),
                    "page_table_id": page_row,
                    "page_id": fb_page,
                    "subscribe_id": entry.get("subscribe_id") or entry["subscriber_id"],
                    "contact_group_id": group_ids,
                    **{column: entry[column] for column in SUBSCRIBER_TEXT},
                    "full_name": full_name,
                }
            )
        return self._insert("subscribers", records)

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
                    **self._owned(entry, "contact_groups"),
                    "type": name,
                    "created_at": entry.get("created_at") or self.api.now(),
                    "deleted": entry["deleted"],
                }
            )
        return self._insert("contact_groups", records)

    def contacts(self, entries: Any) -> int:
        records = []
        for entry in load_entries(ContactEntry(), entries, "contacts"):
            records.append(
                {
                    **self._owned(entry, "contacts"),
                    **{k: v for k, v in entry.items() if k not in ("id", "user_id")},
                }
            )
        return self._insert("contacts", records)

    def flows(self, entries: Any) -> int:
        campaigns, questions, answers = [], [], []
        question_ids: set[int] = set()  # unique across campaigns (one table)
        for index, entry in enumerate(load_entries(FlowEntry(), entries, "flow_campaigns")):
            campaign = {
                **self._owned(entry, "flow_campaigns"),
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
                question_id = self._id(question, "questions")
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
        self._insert("questions", questions)
        self._insert("answers", answers)
        return self._insert("flow_campaigns", campaigns)

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
                        "id": self._id({}, "answers"),
                        "subscriber_id": str(psid),
                        "page_id": "",
                        "flow_campaign_id": campaign["id"],
                        "question_id": question_id,
                        "user_answer": stored_text(value),
                    }
                )
        return records


def _question_id(key: Any) -> int | None:
    """A question id given as an answers key (YAML reads `45:` as a number, JSON as text)."""
    try:
        return int(key)
    except (TypeError, ValueError):
        return None
