"""Plain helpers the FlowBot tests share: credentials, the ids of the demo deployment
(deployment.yaml), answers, and a client that sends FlowBot's credentials.

Expected values are spelled out literally (from seed 001, platforms.md §D and
docs/flowbot-fidelity.md), never read from the sandbox's code, so the tests can fail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from werkzeug.test import Client, TestResponse

from sandbox.core.fixtures import read_document
from sandbox.core.sandbox import Sandbox

BASE = "/flowbot"
DEPLOYMENT_FILE = Path(__file__).with_name("deployment.yaml")
#: tests/conftest.py's FROZEN_AT, as FlowBot writes times.
NOW = "2026-03-01T12:00:00.000Z"

# -- credentials ---------------------------------------------------------------------------

CLIENT_ID = "aiflow_c80ffc96d6ea7763"
API_KEY = "sk_c80ffc96d6ea77633de7bb8251eefa20"
USERNAME = "demo"
PASSWORD = "demo-password"
MAYA_CLIENT = ("aiflow_5b2d9e7c1a4f8e30", "sk_5b2d9e7c1a4f8e30c9d1e2f3a4b5c6d7")
EITAN_CLIENT = ("aiflow_e1a2b3c4d5e6f708", "sk_e1a2b3c4d5e6f7080f1e2d3c4b5a6978")

# -- the deployment ------------------------------------------------------------------------

DEMO_USER = "6f1c2b9e-4d3a-4e8b-9c71-2a5e8d0f3b14"
MAYA = "2b7d5f0a-93c4-4a1e-8f62-7c0e1d9b4a35"
EITAN = "9c3e1a7b-5d2f-4b8e-a0c4-3f6d8e2b1c57"

ORDERS = "3f1e6a52-8d0c-4b7e-9a41-2c5d7e9b1a10"
LEADS = "8b0d4c1e-2f6a-4d9b-b3e7-5a1c9f8e2d46"
SALE = "d5a8f3c1-7e2b-4c6d-9f0a-1b3e5c7d9f2e"  # draft
RETURNS = "e0b7c2d4-6f1a-4e3b-8c5d-9a2f4b6d8e13"  # inactive
SUPPORT = "4a6c8e0f-1b3d-4f5a-8c7e-9d0b2f4a6c8e"  # Maya's
ORDERS_TOKEN = "a4c1e9f27b3d5e8061f2a7c9d4b3e5f10a2c4e6f8b1d3f57"
LEADS_TOKEN = "7d2e9b4f1a6c3e8d5b0f2a4c6e8d1b3f5a7c9e0d2b4f6a81"
ORDERS_SECRET = "5e8f2a7c9d1b3e4f6a0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a"
LEADS_SECRET = "c0ffee5d3b1a9e7f5c3d1b9a7e5f3c1d9b7a5e3f1c9d7b5a3e1f9c7d5b3a1e9f"

DANA = "c7a1e3f5-9b2d-4e6f-8a0c-2d4f6b8e0a13"  # window open (last reply 10:15)
YOSSI = "1e3a5c7e-9f0b-4d2a-8c4e-6f8a0b2d4c61"  # pending: lead template sent, no reply
RONIT = "5b7d9f1a-3c5e-4a7b-9d1f-3e5a7c9b1d82"  # closed, window closed
AVI = "9d1f3b5d-7f9a-4c1e-8b3d-5f7b9d1f3a24"  # Maya's
DANA_PHONE = "+972501234567"
YOSSI_PHONE = "+972546789012"
RONIT_PHONE = "+972529998877"
AVI_PHONE = "+14155550123"

DEPLOYMENT_COUNTS = {"users": 3, "flows": 5, "conversations": 4}

RE_ENGAGEMENT = (
    "(#131047) Re-engagement message: Message failed to send because more than 24 hours "
    "have passed since the customer last replied to this number."
)
WAMID_PATTERN = r"wamid\.[A-Za-z0-9+/]+={0,2}"


def error(message: str) -> dict[str, str]:
    return {"error": message}


def deployment() -> dict[str, Any]:
    return read_document(DEPLOYMENT_FILE)


def load_deployment(sandbox: Sandbox) -> dict[str, int]:
    return sandbox.load_fixtures(deployment())["default"]["flowbot"]


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class FlowBotClient:
    """Calls /flowbot/api/... with fixed headers (a Bearer token, say)."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = dict(headers or {})

    def get(self, path: str, **params: Any) -> TestResponse:
        return self.client.get(f"{BASE}{path}", query_string=params, headers=self.headers)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> TestResponse:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        return self.client.post(f"{BASE}{path}", headers=headers, **kwargs)


def api_token(client: Client, client_id: str, api_key: str, ttl: int = 3600) -> str:
    response = client.post(
        f"{BASE}/api/auth/api-token", json={"clientId": client_id, "apiKey": api_key, "ttlSec": ttl}
    )
    assert response.status_code == 200, response.json
    return response.json["accessToken"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def outbox(client: Client, conversation: str | None = None, workspace: str = "default") -> Any:
    params = {"platform": "flowbot", "workspace": workspace}
    if conversation is not None:
        params["conversation"] = conversation
    response = client.get("/_sandbox/outbox", query_string=params)
    assert response.status_code == 200, response.json
    return response.json["messages"]


def sends_nothing(client: Client, api: FlowBotClient, path: str, body: Any) -> tuple[int, Any]:
    """POST `body` to `path` with `api`, checking the outbox did not change (a refused
    send sends nothing); returns (status, JSON body) of the answer."""
    before = outbox(client)
    response = api.post(path, body)
    assert outbox(client) == before
    return response.status_code, response.json


def inbound(client: Client, conversation: str, text: str, workspace: str = "default") -> Any:
    body = {"platform": "flowbot", "workspace": workspace, "conversation": conversation}
    return client.post("/_sandbox/inbound", json={**body, "text": text})


# -- files for the flow generator --------------------------------------------------------------


def make_pdf(*pages: list[str]) -> bytes:
    """A real PDF (one text line per entry, one page per list), written by hand: pypdf
    reads documents but cannot lay out text."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for index, lines in enumerate(pages):
        content_id = page_ids[index] + 1
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                f"/Contents {content_id} 0 R /Resources << /Font << /F1 {font_id} 0 R >> >> >>"
            ).encode()
        )
        text = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(
            f"({escape(line)}) Tj T*" for line in lines
        )
        stream = text.encode("latin-1") + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG of white pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
