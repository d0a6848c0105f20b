"""The README's "Fault injection" examples, run as written with curl against a live server
(`flow-sandbox serve`): a dropped connection is only seen on a real one."""

from __future__ import annotations

import re
import shutil
import subprocess

import requests

from tests.conftest import ROOT, LiveServer
from tests.test_readme_claims import DEMO_BASE, Example, _examples

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: What the test appends to each command, to read the status after the body.
STATUS = "\n%{http_code}"


def section() -> str:
    start = README.index("### Fault injection")
    return README[start : README.index("\n## ", start)]


def matches(answer: str, text: str) -> bool:
    """`text` as the README shows it, `…` standing for any text."""
    pattern = ".*?".join(re.escape(part) for part in answer.split("…"))
    return re.fullmatch(pattern, text.strip(), re.S) is not None


def run(example: Example, url: str) -> str:
    """What one command shows, as the README writes answers: the body, after its status
    when that is not 200; curl's own error (`-sS`) when there was no answer."""
    command = example.command.replace(DEMO_BASE, url) + f" -w '{STATUS}'"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        return done.stderr.strip()
    body, _, status = done.stdout.rpartition("\n")
    return body if status == "200" else f"{status} {body}"


def test_the_fault_examples_answer_as_the_readme_shows(live_server: LiveServer) -> None:
    assert shutil.which("curl") is not None, "the examples are curl commands"
    url = live_server.url
    assert requests.post(f"{url}/_sandbox/reset", json={}, timeout=10).status_code == 200
    examples = _examples(section())
    try:
        for example in examples:
            shown = run(example, url)
            # An example that shows no answer has none: a 204.
            assert matches(example.answer or "204", shown), (example.command, shown)
    finally:
        requests.delete(f"{url}/_sandbox/faults", timeout=10)
    assert len(examples) == 10
    assert "[docs/faults.md](docs/faults.md)" in section()
