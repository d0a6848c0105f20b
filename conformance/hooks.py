"""schemathesis hooks: on real accounts, names of what generated requests create start with
the kit's prefix, so the run's objects are recognisable. Registered on import."""

from __future__ import annotations

from typing import Any

import schemathesis

from conformance.run import current


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    run = current()
    if run.target.in_process or not isinstance(case.body, dict):
        return  # an in-process workspace is thrown away whole
    mode = getattr(getattr(case.meta, "generation", None), "mode", None)
    if mode is not None and str(mode.value) == "negative":
        return  # invalid on purpose: prefixing could make it valid
    keys = run.kit.name_fields.get(f"{case.method.upper()} {case.path}", ())
    for key in keys:
        value = case.body.get(key)
        if isinstance(value, str) and not value.startswith(run.prefix):
            case.body[key] = run.prefix + value
