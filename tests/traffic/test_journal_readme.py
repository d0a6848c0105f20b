"""The README's "Request journal" examples, run as written on a new sandbox (as `make serve`
starts it), and what its paragraph claims."""

from __future__ import annotations

from werkzeug.test import Client

from sandbox.config import DEFAULT_JOURNAL_SIZE, JOURNAL_SIZE_ENV
from sandbox.core.traffic.exchange import BODY_KEPT
from tests.conftest import MakeApp
from tests.test_readme_claims import _examples, _matches, _run_curl, _section


def section() -> str:
    return _section("### Request journal", "### Vendor throttling")


def test_the_journal_examples_answer_as_the_readme_shows(make_app: MakeApp) -> None:
    client = Client(make_app())
    examples = _examples(section())
    checked = []
    for example in examples:
        response = _run_curl(client, example.command, {})
        checked.append((example.command, response.status_code, response.get_data(as_text=True)))
        assert _matches(example.answer, response), checked[-1]
    assert len(checked) == 8


def test_the_paragraph_states_the_limits_the_code_has() -> None:
    text = " ".join(section().split())
    assert (BODY_KEPT, DEFAULT_JOURNAL_SIZE, JOURNAL_SIZE_ENV) == (
        16 * 1024,
        1000,
        "FLOW_SANDBOX_JOURNAL_SIZE",
    )
    assert "each body cut at 16 KiB" in text
    assert (
        "keeps the last 1,000 requests (`--journal-size N`, or `FLOW_SANDBOX_JOURNAL_SIZE`" in text
    )
    assert "[docs/journal.md](docs/journal.md)" in text
