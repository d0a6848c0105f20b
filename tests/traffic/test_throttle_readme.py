"""The README's "Vendor throttling" examples, run as written on a new sandbox (as `make
serve` starts it), and the claims of its paragraph."""

from __future__ import annotations

from werkzeug.test import Client

from sandbox.core.traffic.throttle import rates_of
from sandbox.platforms import PLATFORMS
from tests.conftest import MakeApp
from tests.test_readme_claims import _examples, _matches, _run_curl, _section


def section() -> str:
    return _section("### Vendor throttling", "### Fault injection")


def test_the_throttling_examples_answer_as_the_readme_shows(make_app: MakeApp) -> None:
    client = Client(make_app())
    examples = _examples(section())
    retry_after = []
    for example in examples:
        response = _run_curl(client, example.command, {})
        assert _matches(example.answer, response), (example.command, response.get_data())
        if response.status_code == 429:
            retry_after.append(response.headers["Retry-After"])
    assert len(examples) == 9
    assert retry_after == ["60", "15"]
    assert "(The 429s carry `Retry-After: 60` and `Retry-After: 15`.)" in section()
    assert "[docs/throttling.md](docs/throttling.md)" in section()


def test_the_rates_the_readme_names_are_the_declared_ones() -> None:
    text = " ".join(section().split())
    rapidpro = rates_of(PLATFORMS["rapidpro"])
    flochat = rates_of(PLATFORMS["flochat"])
    assert rapidpro is not None and flochat is not None
    named = {scope: str(rate) for scope, rate in rapidpro.scopes.items()}
    assert named == {
        **dict.fromkeys(("v2", "v2.contacts", "v2.messages", "v2.runs"), "2500/hour"),
        "v2.broadcasts": "36000/hour",
    }
    assert (
        "2,500 requests an hour per scope (`v2`, `v2.contacts`, `v2.messages`, `v2.runs`) "
        "and 36,000 for `v2.broadcasts`" in text
    )
    assert str(flochat.scopes["api"]) == "60/minute"
    assert "Flochat 60 a minute" in text
