"""The kit's options, defined once for both entry points (`flow-sandbox conformance` and
`pytest conformance/`), each with the environment variable it is also read from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    """One command-line option: `--name`, stored as `dest`, optionally read from `env`."""

    name: str
    help: str
    env: str | None = None
    type: Callable[[str], Any] = str
    default: Any = None
    flag: bool = False
    choices: Sequence[str] | None = None
    #: Never echoed: its value is redacted from every output and report.
    secret: bool = False

    @property
    def dest(self) -> str:
        return self.name.lstrip("-").replace("-", "_")

    def help_text(self) -> str:
        text = self.help
        if self.env:
            text += f" [env: {self.env}]"
        if self.default is not None and not self.flag:
            text += f" [default: {self.default}]"
        return text


GENERAL: tuple[Option, ...] = (
    Option(
        "--base-url",
        "Base URL of the API to check, e.g. https://flows.weni.ai or "
        "http://127.0.0.1:8000/rapidpro. Without it, an in-process sandbox is started and "
        "checked in a fresh workspace.",
        env="CONFORMANCE_BASE_URL",
    ),
    Option(
        "--read-only",
        "Only run operations that change nothing (GET), and read-only scenarios.",
        env="CONFORMANCE_READ_ONLY",
        flag=True,
    ),
    Option(
        "--include-permanent",
        "Also run operations whose effects the API cannot undo (e.g. creating RapidPro "
        "fields, which the API cannot delete). Always on for the in-process sandbox.",
        env="CONFORMANCE_INCLUDE_PERMANENT",
        flag=True,
    ),
    Option(
        "--max-examples",
        "Generated cases per operation and phase (fuzzing) and stateful scenarios.",
        env="CONFORMANCE_MAX_EXAMPLES",
        type=int,
        default=10,
    ),
    Option("--seed", "Seed for reproducible generation.", env="CONFORMANCE_SEED", type=int),
    Option(
        "--report-dir",
        "Where junit.xml and summary.md / summary.json are written.",
        env="CONFORMANCE_REPORT_DIR",
        default="conformance-report",
    ),
    Option(
        "--rate-limit",
        "At most this many requests, e.g. 100/m or 5/s (real accounts have quotas).",
        env="CONFORMANCE_RATE_LIMIT",
    ),
)


def env_flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")
