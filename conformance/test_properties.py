"""Property-based layer: schemathesis over the platform's spec, every phase, with the
checks that fit the platform plus the kit's own (conformance/checks.py)."""

from __future__ import annotations

from typing import Any

import hypothesis
from hypothesis import HealthCheck

from conformance.run import current

RUN = current()
SETTINGS = hypothesis.settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=RUN.settings.seed is not None,
    max_examples=RUN.settings.max_examples,
)


@RUN.schema.parametrize()
@SETTINGS
def test_operation(case: Any) -> None:
    """Every phase's cases for one operation: examples, coverage, fuzzing."""
    case.call_and_validate(session=RUN.session)


def _has_links() -> bool:
    return any(
        "links" in response
        for operation in RUN.schema.get_all_operations()
        for response in operation.ok().definition.raw.get("responses", {}).values()
    )


if _has_links():

    class _Machine(RUN.schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"session": RUN.session}

    class TestStateful(_Machine.TestCase):  # type: ignore[name-defined]
        """Sequences that follow the spec's OpenAPI links (create, then read / change / delete)."""

        settings = hypothesis.settings(
            SETTINGS, max_examples=RUN.settings.max_examples, stateful_step_count=6
        )
