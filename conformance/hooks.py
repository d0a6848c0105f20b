"""schemathesis hooks: on a real account, generated requests may only touch what the run
created, and what they create is recognisable and undeliverable. Registered on import."""

from __future__ import annotations

from typing import Any

import schemathesis

from conformance.platforms import PREFIX
from conformance.run import current


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    run = current()
    if run.target.in_process:
        return  # an in-process workspace is private and thrown away whole
    created = {item.id for item in run.session.created}
    mode = getattr(getattr(case.meta, "generation", None), "mode", None)
    negative = mode is not None and str(mode.value) == "negative"
    run.kit.guard(case, lambda value: value in created or _prefixed(value), negative)


def _prefixed(value: str) -> bool:
    """Values the kit made up (names, URNs, keys): no real object has them."""
    return any(marker in value for marker in (PREFIX, PREFIX.replace("-", "_")))
