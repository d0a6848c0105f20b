"""From a prompt and a document's text to a flow's name and steps, without an LLM.

The vendor's generator is an AI; the sandbox's stand-in is a pure function of its input
(the same prompt and file always give the same flow), so tests can assert on it:

- the prompt's first sentence, when it is an instruction ("Create a ... flow for ..."),
  names the flow; any other sentence of the prompt is a step;
- the document's text gives one step per heading (a short line without final
  punctuation) and per sentence, in order;
- a sentence ending in `?` is a question (its answer is saved in a variable), anything
  else a message;
- with no step at all, a greeting / question / hand-over skeleton stands in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_STEPS = 40
MAX_NAME = 60
MAX_STEP_TEXT = 1024
_INSTRUCTION = re.compile(
    r"^(please\s+)?(create|build|make|generate|design|write|draft|set\s+up)\b\s*"
    r"((a|an|the|me\s+a|me\s+an)\b\s*)?",
    re.IGNORECASE,
)
_UPLOAD = re.compile(
    r"\b(this|the|attached|uploaded)\s+(document|file|pdf|image|picture|photo)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or"}
_SMALL_WORDS |= {"the", "to", "with"}
_HEADING_WORDS = 8
SKELETON = (
    ("message", "Hi! Thanks for reaching out."),
    ("question", "How can we help you today?"),
    ("message", "Thanks! A member of our team will get back to you shortly."),
)


@dataclass(frozen=True)
class Step:
    kind: str  # "message" or "question"
    text: str


def sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for part in _SENTENCE_END.split(line.strip()):
            part = " ".join(part.split())
            if part:
                found.append(part)
    return found


def is_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= _HEADING_WORDS and line[-1] not in ".!?,;:"


def document_steps(text: str) -> list[str]:
    """Headings and sentences of a document, in reading order; the lines of a paragraph
    are joined first, so a sentence broken over lines stays one step. A short line that
    the next line continues in lower case ("... a wood-fired" / "oven. ...") is the start
    of a wrapped sentence, not a heading."""
    units: list[str] = []
    paragraph: list[str] = []
    lines = [" ".join(raw.split()) for raw in text.splitlines()]

    def flush() -> None:
        if paragraph:
            units.extend(sentences(" ".join(paragraph)))
            paragraph.clear()

    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not line:
            flush()
        elif is_heading(line) and not paragraph and not following[:1].islower():
            units.append(line)
        else:
            paragraph.append(line)
    flush()
    return units


def step(text: str) -> Step:
    clipped = text[:MAX_STEP_TEXT]
    return Step("question" if clipped.endswith("?") else "message", clipped)


def title(text: str) -> str:
    words = text.split()
    titled = [
        word if word[:1].isupper() or (i and word.lower() in _SMALL_WORDS) else word.capitalize()
        for i, word in enumerate(words)
    ]
    name = " ".join(titled).rstrip(".!?")
    if len(name) > MAX_NAME:
        name = name[:MAX_NAME].rsplit(" ", 1)[0]
    return name or "Generated Flow"


@dataclass(frozen=True)
class Outline:
    name: str
    steps: list[Step]


def outline(prompt: str, document: str | None) -> Outline:
    prompt_sentences = sentences(prompt)
    brief = prompt_sentences[0] if prompt_sentences else ""
    instruction = _INSTRUCTION.match(brief)
    subject = brief[instruction.end() :] if instruction else brief
    body = prompt_sentences[1:] if instruction else prompt_sentences
    doc_units = document_steps(document) if document else []
    if doc_units and (not subject or _UPLOAD.search(subject)):
        name = title(doc_units[0])
    else:
        name = title(subject)
    texts = [*body, *doc_units][:MAX_STEPS]
    steps = [step(text) for text in texts] or [Step(kind, text) for kind, text in SKELETON]
    return Outline(name, steps)
