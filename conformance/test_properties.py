"""Property-based layer: schemathesis over the platform's spec, every phase, with the
checks that fit the platform plus the kit's own (conformance/checks.py)."""

from __future__ import annotations

from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase

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
        """Each sequence starts from the same state: what one sequence created is deleted
        before the next, or names and URNs it took would make the next one go differently
        (which hypothesis reports as flaky data generation)."""

        def setup(self) -> None:
            self._first_created = len(RUN.session.created)

        def teardown(self) -> None:
            mine = RUN.session.created[self._first_created :]
            RUN.kit.delete_created(RUN.session, RUN.target.base_url, RUN.credentials, mine)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"session": RUN.session}

    class TestStateful(_Machine.TestCase):  # type: ignore[name-defined]
        """Sequences that follow the spec's OpenAPI links (create, then read / change / delete)."""

        # No shrinking: replaying a sequence against a target whose state moved on (objects
        # created or deleted since) draws different data, which hypothesis reports as a
        # flaky strategy instead of the failure it found.
        settings = hypothesis.settings(
            SETTINGS,
            max_examples=RUN.settings.max_examples,
            stateful_step_count=6,
            phases=(Phase.explicit, Phase.reuse, Phase.generate),
        )
