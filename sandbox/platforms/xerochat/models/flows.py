"""Flow campaigns (user input flows): their questions and subscribers' answers.

No vendor endpoint creates them: they come from fixtures. The answers' shapes follow the
vendor's code, including where it differs from its docs (`id` rather than `question_id`
in get_all_subscriber_flow_info) and its answers for a campaign without answers.
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.xerochat import errors
from sandbox.platforms.xerochat.errors import XeroChatError
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.common import ANSWERS, FLOWS, QUESTIONS, mysql_int


class Flows:
    def __init__(self, api: XeroChat) -> None:
        self.api = api

    def campaigns(self) -> list[dict[str, str]]:
        """A bare array of the user's campaigns, as the vendor answers."""
        return [
            {"id": str(flow["id"]), "flow_name": flow["flow_name"]}
            for flow in self.api.find(FLOWS, user_id=self.api.user_id, deleted="0")
        ]

    def _campaign(self, flow_campaign_id: Any) -> tuple[int, Record]:
        campaign_id = mysql_int(str(flow_campaign_id or "").strip())
        if campaign_id == 0:
            raise XeroChatError(errors.FLOW_CAMPAIGN_ID_REQUIRED)
        campaign = self.api.first(FLOWS, id=campaign_id, user_id=self.api.user_id)
        if campaign is None:  # soft-deleted campaigns pass this check
            raise XeroChatError(errors.FLOW_CAMPAIGN_MISSING)
        return campaign_id, campaign

    def info(self, flow_campaign_id: Any) -> dict[str, Any]:
        campaign_id, campaign = self._campaign(flow_campaign_id)
        if campaign["deleted"] != "0":
            return {"id": None, "flow_name": None, "questions": []}
        questions = [q["question"] for q in self.api.find(QUESTIONS, flow_campaign_id=campaign_id)]
        # A LEFT JOIN without questions still gives one row, whose question is NULL.
        return {
            "id": str(campaign["id"]),
            "flow_name": campaign["flow_name"],
            "questions": questions or [None],
        }

    def single_subscriber(self, subscriber_id: Any, flow_campaign_id: Any) -> dict[str, Any]:
        psid = mysql_int(str(subscriber_id or "").strip())
        if psid == 0:
            raise XeroChatError(errors.SUBSCRIBER_ID_REQUIRED)
        campaign_id, campaign = self._campaign(flow_campaign_id)
        questions = {q["id"]: q for q in self.api.find(QUESTIONS)}
        items = [
            {
                "question_id": str(answer["question_id"]),
                "question": _question(questions, answer),
                "answer": answer["user_answer"],
            }
            for answer in self.api.find(ANSWERS, flow_campaign_id=campaign_id)
            if mysql_int(answer["subscriber_id"]) == psid
        ]
        if not items:
            return {"id": None, "flow_name": None, "data": []}
        return {"id": str(campaign["id"]), "flow_name": campaign["flow_name"], "data": items}

    def all_subscribers(self, flow_campaign_id: Any) -> dict[str, Any]:
        campaign_id, campaign = self._campaign(flow_campaign_id)
        mine = {q["id"]: q for q in self.api.find(QUESTIONS, user_id=self.api.user_id)}
        data: dict[str, list[dict[str, Any]]] = {}
        for answer in self.api.find(ANSWERS, flow_campaign_id=campaign_id):
            if answer["question_id"] not in mine:
                continue  # an INNER JOIN with this user's questions
            data.setdefault(str(answer["subscriber_id"]), []).append(
                {
                    "id": str(answer["question_id"]),
                    "question": mine[answer["question_id"]]["question"],
                    "answer": answer["user_answer"],
                }
            )
        if not data:
            return {"id": None, "flow_name": None, "data": []}
        return {"id": str(campaign["id"]), "flow_name": campaign["flow_name"], "data": data}


def _question(questions: dict[int, Record], answer: Record) -> str | None:
    question = questions.get(answer["question_id"])
    return question["question"] if question else None
