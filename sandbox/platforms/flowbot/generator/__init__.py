"""`POST /api/flows/generate` without an AI: a prompt (and optionally a PDF or an image)
becomes a Drawflow flow, deterministically (see `outline`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sandbox.platforms.flowbot.generator import documents
from sandbox.platforms.flowbot.generator.drawflow import Node, document
from sandbox.platforms.flowbot.generator.outline import outline

MAX_PROMPT = 5000
MAX_DESCRIPTION = 500


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class GeneratedFlow:
    name: str
    description: str
    drawflow: dict[str, Any]
    node_count: int
    first_message: str


def generate(prompt: str, upload: Upload | None) -> GeneratedFlow:
    """The flow for `prompt` and the uploaded file (already checked by `documents.check`)."""
    media_type = documents.check(upload.data) if upload is not None else None
    text = documents.pdf_text(upload.data) if media_type == documents.PDF else None
    plan = outline(prompt, text)
    nodes = [Node("start", {"trigger": "incoming_message"})]
    if upload is not None and media_type != documents.PDF:
        nodes.append(
            Node(
                "image",
                {
                    "fileName": upload.filename,
                    "mediaType": media_type,
                    "sha256": hashlib.sha256(upload.data).hexdigest(),
                },
                upload.filename,
            )
        )
    for number, step in enumerate(plan.steps, start=1):
        if step.kind == "question":
            data = {"question": step.text, "variable": f"answer_{number}"}
        else:
            data = {"message": step.text}
        nodes.append(Node(step.kind, data, step.text))
    nodes.append(Node("end"))
    return GeneratedFlow(
        name=plan.name,
        description=" ".join(prompt.split())[:MAX_DESCRIPTION],
        drawflow=document(nodes),
        node_count=len(nodes),
        first_message=plan.steps[0].text,
    )
