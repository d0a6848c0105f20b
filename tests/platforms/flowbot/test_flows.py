"""Flows: the list (own flows; admins name a userId) and the flow generator (a prompt and
an optional PDF or image become a draft Drawflow flow, the same input the same flow)."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

import pytest
from werkzeug.test import Client

from tests.platforms.flowbot.helpers import (
    DEMO_USER,
    LEADS,
    MAYA,
    NOW,
    ORDERS,
    RETURNS,
    SALE,
    SUPPORT,
    FlowBotClient,
    error,
    make_pdf,
    make_png,
)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
PIZZA_PROMPT = "Create a customer support flow for a pizza restaurant"
MENU = make_pdf(
    [
        "Pizza Roma Menu",
        "We bake every pizza in a wood-fired oven.",
        "Delivery takes about 30 minutes. Would you like to order now?",
    ],
    ["Opening hours", "We are open every day from 11:00 to 23:00."],
)
SUMMARIES = {
    ORDERS: {
        "id": ORDERS,
        "name": "Order updates",
        "description": "Tells customers where their order is and answers delivery questions",
        "status": "active",
        "createdAt": "2025-09-14T08:30:00.000Z",
        "updatedAt": "2026-01-20T14:30:00.000Z",
    },
    LEADS: {
        "id": LEADS,
        "name": "Website leads",
        "description": "Calls back the leads of the website's contact form",
        "status": "active",
        "createdAt": "2025-10-02T11:00:00.000Z",
        "updatedAt": "2026-02-11T09:45:00.000Z",
    },
    SALE: {
        "id": SALE,
        "name": "Holiday sale",
        "description": "Announces the spring holiday sale",
        "status": "draft",
        "createdAt": "2026-02-25T16:20:00.000Z",
        "updatedAt": "2026-02-25T16:20:00.000Z",
    },
    RETURNS: {
        "id": RETURNS,
        "name": "Returns (2025)",
        "description": "Last year's returns process",
        "status": "inactive",
        "createdAt": "2025-06-01T07:00:00.000Z",
        "updatedAt": "2025-12-31T22:00:00.000Z",
    },
    SUPPORT: {
        "id": SUPPORT,
        "name": "Customer support",
        "description": "Maya's support desk",
        "status": "active",
        "createdAt": "2025-11-05T10:00:00.000Z",
        "updatedAt": "2025-11-05T10:00:00.000Z",
    },
}


def generate(user: FlowBotClient, prompt: str | None, file: tuple[bytes, str] | None = None) -> Any:
    data: dict[str, Any] = {}
    if prompt is not None:
        data["prompt"] = prompt
    if file is not None:
        data["file"] = (io.BytesIO(file[0]), file[1])
    return user.client.post("/flowbot/api/flows/generate", data=data, headers=user.headers)


def chain(response: Any) -> list[tuple[str, dict[str, Any]]]:
    """The generated nodes in order, as (name, data), after checking the links."""
    nodes = response.json["flow"]["drawflowData"]["drawflow"]["Home"]["data"]
    assert list(nodes) == [str(i) for i in range(1, len(nodes) + 1)]
    for key, node in nodes.items():
        number = int(key)
        expected_in = (
            {}
            if number == 1
            else {"input_1": {"connections": [{"node": str(number - 1), "input": "output_1"}]}}
        )
        expected_out = (
            {}
            if number == len(nodes)
            else {"output_1": {"connections": [{"node": str(number + 1), "output": "input_1"}]}}
        )
        assert (node["inputs"], node["outputs"]) == (expected_in, expected_out), key
    return [(node["name"], node["data"]) for node in nodes.values()]


# -- the list ------------------------------------------------------------------------------


def test_the_list_is_the_users_own_flows_newest_first(noa: FlowBotClient) -> None:
    response = noa.get("/api/flows")

    assert (response.status_code, response.json) == (
        200,
        [SUMMARIES[SALE], SUMMARIES[LEADS], SUMMARIES[ORDERS], SUMMARIES[RETURNS]],
    )


def test_a_user_sees_their_own_flows(maya: FlowBotClient) -> None:
    assert maya.get("/api/flows").json == [SUMMARIES[SUPPORT]]
    assert maya.get("/api/flows", userId=MAYA).json == [SUMMARIES[SUPPORT]]


def test_an_admin_lists_another_users_flows(noa: FlowBotClient) -> None:
    assert noa.get("/api/flows", userId=MAYA).json == [SUMMARIES[SUPPORT]]
    assert noa.get("/api/flows", userId="00000000-0000-4000-8000-000000000000").json == []


def test_only_an_admin_names_another_user(maya: FlowBotClient) -> None:
    response = maya.get("/api/flows", userId=DEMO_USER)

    assert (response.status_code, response.json) == (403, error("Admin access required"))


# -- the generator -------------------------------------------------------------------------


def test_a_prompt_alone_gives_a_greeting_question_handover_flow(
    client: Client, noa: FlowBotClient
) -> None:
    response = generate(noa, PIZZA_PROMPT)

    assert response.status_code == 200
    body = response.json
    flow_id = body["flow"].pop("id")
    assert UUID.match(flow_id)
    assert body == {
        "success": True,
        "flow": {
            "name": "Customer Support Flow for a Pizza Restaurant",
            "status": "draft",
            "drawflowData": {
                "drawflow": {
                    "Home": {
                        "data": {
                            "1": {
                                "id": 1,
                                "name": "start",
                                "data": {"trigger": "incoming_message"},
                                "class": "start",
                                "html": '<div class="title-box">Start</div>',
                                "typenode": False,
                                "inputs": {},
                                "outputs": {
                                    "output_1": {
                                        "connections": [{"node": "2", "output": "input_1"}]
                                    }
                                },
                                "pos_x": 80,
                                "pos_y": 80,
                            },
                            "2": {
                                "id": 2,
                                "name": "message",
                                "data": {"message": "Hi! Thanks for reaching out."},
                                "class": "message",
                                "html": '<div class="title-box">Message</div>'
                                '<div class="box"><p>Hi! Thanks for reaching out.</p></div>',
                                "typenode": False,
                                "inputs": {
                                    "input_1": {"connections": [{"node": "1", "input": "output_1"}]}
                                },
                                "outputs": {
                                    "output_1": {
                                        "connections": [{"node": "3", "output": "input_1"}]
                                    }
                                },
                                "pos_x": 400,
                                "pos_y": 80,
                            },
                            "3": {
                                "id": 3,
                                "name": "question",
                                "data": {
                                    "question": "How can we help you today?",
                                    "variable": "answer_2",
                                },
                                "class": "question",
                                "html": '<div class="title-box">Question</div>'
                                '<div class="box"><p>How can we help you today?</p></div>',
                                "typenode": False,
                                "inputs": {
                                    "input_1": {"connections": [{"node": "2", "input": "output_1"}]}
                                },
                                "outputs": {
                                    "output_1": {
                                        "connections": [{"node": "4", "output": "input_1"}]
                                    }
                                },
                                "pos_x": 720,
                                "pos_y": 80,
                            },
                            "4": {
                                "id": 4,
                                "name": "message",
                                "data": {
                                    "message": "Thanks! A member of our team will get back to "
                                    "you shortly."
                                },
                                "class": "message",
                                "html": '<div class="title-box">Message</div>'
                                '<div class="box"><p>Thanks! A member of our team will get back '
                                "to you shortly.</p></div>",
                                "typenode": False,
                                "inputs": {
                                    "input_1": {"connections": [{"node": "3", "input": "output_1"}]}
                                },
                                "outputs": {
                                    "output_1": {
                                        "connections": [{"node": "5", "output": "input_1"}]
                                    }
                                },
                                "pos_x": 1040,
                                "pos_y": 80,
                            },
                            "5": {
                                "id": 5,
                                "name": "end",
                                "data": {},
                                "class": "end",
                                "html": '<div class="title-box">End</div>',
                                "typenode": False,
                                "inputs": {
                                    "input_1": {"connections": [{"node": "4", "input": "output_1"}]}
                                },
                                "outputs": {},
                                "pos_x": 80,
                                "pos_y": 280,
                            },
                        }
                    }
                }
            },
        },
        "nodeCount": 5,
        "message": "Flow generated with 5 nodes",
    }
    # The flow is stored as a draft of the user and listed first.
    assert noa.get("/api/flows").json[0] == {
        "id": flow_id,
        "name": "Customer Support Flow for a Pizza Restaurant",
        "description": PIZZA_PROMPT,
        "status": "draft",
        "createdAt": NOW,
        "updatedAt": NOW,
    }


def test_the_same_input_gives_the_same_flow(noa: FlowBotClient) -> None:
    first = generate(noa, "Build a flow from this document", (MENU, "menu.pdf")).json
    second = generate(noa, "Build a flow from this document", (MENU, "menu.pdf")).json

    assert first["flow"]["id"] != second["flow"]["id"]  # two stored flows ...
    first["flow"].pop("id")
    second["flow"].pop("id")
    assert first == second  # ... of one design
    assert [flow["name"] for flow in noa.get("/api/flows").json[:2]] == ["Pizza Roma Menu"] * 2


def test_a_pdf_gives_a_node_per_heading_and_sentence(noa: FlowBotClient) -> None:
    response = generate(noa, "Build a flow from this document", (MENU, "menu.pdf"))

    assert (response.json["nodeCount"], response.json["message"]) == (
        8,
        "Flow generated with 8 nodes",
    )
    assert response.json["flow"]["name"] == "Pizza Roma Menu"
    assert chain(response) == [
        ("start", {"trigger": "incoming_message"}),
        ("message", {"message": "Pizza Roma Menu"}),
        ("message", {"message": "We bake every pizza in a wood-fired oven."}),
        ("message", {"message": "Delivery takes about 30 minutes."}),
        ("question", {"question": "Would you like to order now?", "variable": "answer_4"}),
        ("message", {"message": "Opening hours"}),
        ("message", {"message": "We are open every day from 11:00 to 23:00."}),
        ("end", {}),
    ]
    nodes = response.json["flow"]["drawflowData"]["drawflow"]["Home"]["data"]
    assert [(n["pos_x"], n["pos_y"]) for n in nodes.values()] == [
        (80, 80),
        (400, 80),
        (720, 80),
        (1040, 80),
        (80, 280),
        (400, 280),
        (720, 280),
        (1040, 280),
    ]


def test_a_prompt_that_names_its_subject_keeps_it_and_adds_its_own_steps(
    noa: FlowBotClient,
) -> None:
    prompt = "Create a lunch menu flow. Greet the customer. What would you like today?"

    response = generate(noa, prompt, (MENU, "menu.pdf"))

    assert response.json["flow"]["name"] == "Lunch Menu Flow"
    assert [data for _, data in chain(response)][1:4] == [
        {"message": "Greet the customer."},
        {"question": "What would you like today?", "variable": "answer_2"},
        {"message": "Pizza Roma Menu"},
    ]


def test_an_image_becomes_an_image_node(noa: FlowBotClient) -> None:
    png = make_png()

    response = generate(noa, "Create a flow for our catalogue", (png, "catalogue.png"))

    assert response.json["flow"]["name"] == "Flow for Our Catalogue"
    assert chain(response)[:2] == [
        ("start", {"trigger": "incoming_message"}),
        (
            "image",
            {
                "fileName": "catalogue.png",
                "mediaType": "image/png",
                "sha256": hashlib.sha256(png).hexdigest(),
            },
        ),
    ]
    assert response.json["nodeCount"] == 6


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "image/jpeg"),
        (b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00", "image/webp"),
    ],
)
def test_jpeg_and_webp_are_read_by_their_signature(
    noa: FlowBotClient, data: bytes, media_type: str
) -> None:
    response = generate(noa, "Create a flow", (data, "upload.bin"))

    assert response.status_code == 200
    assert chain(response)[1][1]["mediaType"] == media_type


def test_a_prompt_may_come_as_json(noa: FlowBotClient) -> None:
    response = noa.post("/api/flows/generate", {"prompt": PIZZA_PROMPT})

    assert (response.status_code, response.json["nodeCount"]) == (200, 5)


def test_an_empty_file_part_is_no_file(noa: FlowBotClient) -> None:
    response = generate(noa, PIZZA_PROMPT, (b"", ""))

    assert (response.status_code, response.json["nodeCount"]) == (200, 5)


@pytest.mark.parametrize(
    ("prompt", "file", "status", "message"),
    [
        (None, None, 400, "prompt is required"),
        ("   ", None, 400, "prompt is required"),
        ("x" * 5001, None, 400, "prompt must be at most 5000 characters"),
        (
            "Create a flow",
            (b"name,phone\nDana,+972501234567\n", "leads.csv"),
            415,
            "Unsupported file type: upload a PDF, PNG, JPEG or WebP file",
        ),
        (
            "Create a flow",
            (b"GIF89a\x01\x00\x01\x00", "logo.gif"),
            415,
            "Unsupported file type: upload a PDF, PNG, JPEG or WebP file",
        ),
        (
            "Create a flow",
            (b"%PDF-" + b"\x00" * (10 * 1024 * 1024), "big.pdf"),
            413,
            "File too large: the maximum size is 10 MB",
        ),
        (
            "Create a flow",
            (b"%PDF-1.4\nthis is no PDF", "broken.pdf"),
            400,
            "Could not read the PDF file",
        ),
    ],
)
def test_a_bad_generation_is_refused_and_stores_nothing(
    noa: FlowBotClient,
    prompt: str | None,
    file: tuple[bytes, str] | None,
    status: int,
    message: str,
) -> None:
    before = noa.get("/api/flows").json

    response = generate(noa, prompt, file)

    assert (response.status_code, response.json) == (status, error(message))
    assert noa.get("/api/flows").json == before


def test_a_file_of_exactly_10_mb_is_taken(noa: FlowBotClient) -> None:
    png = make_png()
    data = png + b"\x00" * (10 * 1024 * 1024 - len(png))

    assert generate(noa, "Create a flow", (data, "big.png")).status_code == 200


def test_a_generated_flow_is_a_draft_that_cannot_be_triggered(noa: FlowBotClient) -> None:
    flow_id = generate(noa, PIZZA_PROMPT).json["flow"]["id"]

    response = noa.post("/api/webhook/outbound", {"phone": "+972501234567", "flowId": flow_id})

    assert (response.status_code, response.json) == (400, error("Flow is not active"))
