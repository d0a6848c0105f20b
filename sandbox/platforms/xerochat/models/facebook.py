"""The Facebook side: pages with or without an enabled bot, subscribers (PSIDs) and labels.

No vendor endpoint creates pages or subscribers: they come from fixtures. Facebook's own
answers (a new label's id, refusing a user who is not the page's subscriber) are simulated
by `FacebookGraph`, which knows which page each label really lives on.
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.xerochat import errors
from sandbox.platforms.xerochat.errors import XeroChatError
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.common import (
    LABELS,
    PAGES,
    SUBSCRIBER_COLUMNS,
    SUBSCRIBERS,
    row,
    same_text,
    truthy,
)

# create_label stores the Facebook page id in an int(11) column: MySQL clamps it.
INT_MAX = 2147483647


class FacebookError(XeroChatError):
    """An error relayed from the Graph API."""


class Facebook:
    def __init__(self, api: XeroChat) -> None:
        self.api = api

    # -- reads -------------------------------------------------------------------------------

    def subscriber_information(self, subscriber_id: Any) -> dict[str, Any]:
        if not truthy(subscriber_id):
            raise XeroChatError(errors.PROVIDE_SUBSCRIBER_ID)
        for subscriber in self.api.find(SUBSCRIBERS, user_id=self.api.user_id):
            if same_text(subscriber["subscribe_id"], subscriber_id):
                page = self.api.first(PAGES, id=subscriber["page_table_id"])
                values = {
                    **subscriber,
                    "subscriber_id": subscriber["subscribe_id"],
                    "labels": subscriber["contact_group_id"],
                    "page_name": page["page_name"] if page else None,
                }
                return {"status": "success", "subscriber_info": row(values, SUBSCRIBER_COLUMNS)}
        raise XeroChatError(errors.NO_MATCHING_SUBSCRIBER)

    def all_labels(self, page_id: Any) -> dict[str, Any]:
        if not truthy(page_id):
            raise XeroChatError(errors.PROVIDE_PAGE_ID)
        pages = {
            page["id"]: page
            for page in self.api.find(PAGES)
            if same_text(page["page_id"], page_id) and page["bot_enabled"] == "1"
        }
        # The labels of those pages only, through the index on page_id (not every label
        # of the user), in id order as one query over them all gives them.
        found = [
            label
            for page_id in pages
            for label in self.api.find(
                LABELS, page_id=page_id, user_id=self.api.user_id, deleted="0"
            )
        ]
        labels = [
            {"label_id": label["label_id"], "label_name": label["group_name"]}
            for label in sorted(found, key=lambda label: label.id)
        ]
        if not labels:
            raise XeroChatError(errors.NO_MATCHING_LABEL)
        return {"status": "success", "label_info": labels}

    # -- writes (through Facebook) -----------------------------------------------------------

    def enabled_page(self, page_id: Any) -> Record:
        """The user's page with an enabled bot and a token, or "No Enabled Bot Found"."""
        for page in self.api.find(PAGES, user_id=self.api.user_id, bot_enabled="1", deleted="0"):
            matches = page_id is not None and same_text(page["page_id"], page_id)
            if matches and page["page_access_token"]:
                return page
        raise XeroChatError(errors.NO_ENABLED_BOT)

    def create_label(self, page_id: Any, label_name: Any) -> dict[str, Any]:
        if not truthy(page_id):
            raise XeroChatError(errors.PROVIDE_PAGE_ID)
        if not truthy(label_name):
            raise XeroChatError(errors.PROVIDE_LABEL_NAME)
        page = self.enabled_page(page_id)
        label_id = FacebookGraph(self.api).create_label(page, str(label_name))
        self.api.insert(
            LABELS,
            {
                "id": self.api.next_id(LABELS),
                # The vendor stores the Facebook page id where the page's own id belongs,
                # so labels made through the API never show in get_all_labels.
                "page_id": min(int(page["page_id"]), INT_MAX)
                if str(page["page_id"]).isdigit()
                else 0,
                "group_name": str(label_name),
                "user_id": self.api.user_id,
                "label_id": label_id,
                "deleted": "0",
                "unsubscribe": "0",
                "invisible": "0",
                "fb_page_id": page["page_id"],
            },
        )
        return {"status": "success", "label_id": label_id}

    def assign_label(self, subscriber_id: Any, page_id: Any, label_ids: Any) -> dict[str, Any]:
        wanted = str(label_ids).split(",") if label_ids is not None else [""]
        self.enabled_page(page_id)
        labels = [
            label
            for label in self.api.find(LABELS, deleted="0")  # any user's: the vendor's query
            if label["label_id"] in wanted
        ]
        if not labels:
            raise XeroChatError(errors.NO_LABEL)
        graph = FacebookGraph(self.api)
        answer: dict[str, Any] = {}
        for label in labels:
            answer = graph.assign_label(label, str(subscriber_id or ""))
            self._add_label(str(subscriber_id or ""), page_id, label["id"])
        return {**answer, "status": "success"}

    def _add_label(self, psid: str, page_id: Any, label_row_id: int) -> None:
        """Append the label to the subscriber's contact_group_id (as the vendor does: by PSID
        and Facebook page id, whoever owns the subscriber)."""
        for subscriber in self.api.find(SUBSCRIBERS):
            if subscriber["subscribe_id"] == psid and same_text(subscriber["page_id"], page_id):
                ids = [i for i in str(subscriber["contact_group_id"] or "").split(",") if i]
                ids = list(dict.fromkeys([*ids, str(label_row_id)]))
                joined = ",".join(ids).strip(",")
                self.api.update(SUBSCRIBERS, subscriber.id, {"contact_group_id": joined})


class FacebookGraph:
    """The Graph API calls the label endpoints make, answered from the sandbox's state."""

    def __init__(self, api: XeroChat) -> None:
        self.api = api

    def create_label(self, page: Record, name: str) -> str:
        """POST /me/custom_labels: a new label id, or Facebook's error for a taken name."""
        for label in self.api.find(LABELS, deleted="0"):
            if label.get("fb_page_id") == page["page_id"] and label["group_name"] == name:
                raise FacebookError(
                    {
                        "message": errors.FB_DUPLICATE_LABEL,
                        "type": "OAuthException",
                        "code": 100,
                        "fbtrace_id": self.api.ctx.ids.string(11),
                    }
                )
        return self.api.ctx.ids.digits(16)

    def assign_label(self, label: Record, psid: str) -> dict[str, Any]:
        """POST /{label_id}/label: only a subscriber of the label's page can be labelled.

        An error stops the vendor's loop, but what it stored for earlier labels stays.
        """
        fb_page = label.get("fb_page_id")
        for subscriber in self.api.find(SUBSCRIBERS):
            if subscriber["subscribe_id"] == psid and subscriber["page_id"] == fb_page:
                return {"success": True}
        error = FacebookError(errors.FB_INVALID_USER)
        error.keeps_changes = True
        raise error
