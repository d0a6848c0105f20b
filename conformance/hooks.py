"""schemathesis hooks: on a real account, generated requests may only touch what the run
created, and what they create is recognisable and undeliverable. Registered on import."""

from __future__ import annotations

from typing import Any

import schemathesis

from conformance.platforms import Ours
from conformance.run import current


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    run = current()
    run.kit.prepare(case, run.credentials)
    if run.target.in_process:
        return  # an in-process workspace is private and thrown away whole
    mode = getattr(getattr(case.meta, "generation", None), "mode", None)
    negative = mode is not None and str(mode.value) == "negative"
    run.kit.guard(case, Ours(tuple(run.session.created)), negative)
