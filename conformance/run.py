"""One conformance run: settings, target, session, the loaded schema, and the clean-up."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import schemathesis
from schemathesis.config import SchemathesisConfig

from conformance.platforms import KITS, PREFIX, Credentials, PlatformKit
from conformance.session import ApiSession
from conformance.settings import Settings
from conformance.target import Target, TargetError, start
from conformance.wsgi import route_fresh_sessions

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
READ_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class Operation:
    """An operation of the spec, and whether this run checks it (and why not)."""

    label: str  # "GET /api/v2/contacts.json"
    fidelity: str
    source: str
    excluded: str | None = None  # the reason it is not run


@dataclass
class Run:
    settings: Settings
    kit: PlatformKit
    target: Target
    session: ApiSession
    credentials: Credentials
    spec: dict[str, Any]
    operations: list[Operation]
    schema: Any = None
    cleanup_problems: list[str] = field(default_factory=list)
    #: Undoes route_fresh_sessions (an in-process run).
    unroute: Callable[[], None] = field(default=lambda: None)

    @property
    def secrets(self) -> tuple[str, ...]:
        return self.settings.secrets

    @property
    def prefix(self) -> str:
        return PREFIX

    def selected(self) -> list[Operation]:
        return [op for op in self.operations if op.excluded is None]

    def stateful_excluded(self) -> str | None:
        """Why no stateful sequence can run (they start at an operation whose answer has
        OpenAPI links), or None when one can."""
        linked = linked_operations(self.spec)
        if not linked:
            return "the spec has no OpenAPI links"
        reasons = [op.excluded for op in self.operations if op.label in linked]
        if not reasons or None in reasons:
            return None
        return "; ".join(dict.fromkeys(str(reason) for reason in reasons))

    def close(self) -> None:
        """Undo what the run created, then stop an in-process target."""
        try:
            # A read-only run created nothing, and its clean-up sweep must not delete what
            # an earlier, interrupted run left behind: that is a write.
            if not self.target.in_process and not self.settings.read_only:
                self.cleanup_problems = self._cleanup()
        finally:
            self.unroute()
            self.target.stop()
            self.session.close()

    def _cleanup(self) -> list[str]:
        try:
            return self.kit.cleanup(
                self.session,
                self.target.base_url,
                self.credentials,
                self.session.created,
                self.target.started_at,
            )
        except Exception as error:  # a broken target must not hide the run's results
            return [f"clean-up stopped: {error.__class__.__name__}: {error}"]


_CURRENT: Run | None = None


def _nothing() -> None:
    """What there is to undo when nothing was routed."""


def current() -> Run:
    if _CURRENT is None:
        raise RuntimeError("no conformance run is configured (run with --platform)")
    return _CURRENT


def begin(settings: Settings) -> Run:
    """Start the target, check it answers, load the spec; the run becomes `current()`."""
    global _CURRENT
    kit = KITS[settings.platform]
    target = start(kit, settings)
    unroute: Callable[[], None] = _nothing
    try:
        if target.options:
            settings = replace(
                settings,
                platform_options={**settings.platform_options, **target.options},
                secrets=settings.secrets
                + tuple(str(v) for k, v in target.options.items() if _is_secret(kit, k)),
            )
        try:
            credentials = kit.credentials(settings)
        except ValueError as error:
            raise TargetError(str(error)) from error
        # Credentials a kit obtained itself (FlowBot exchanges its keys for a JWT) are as
        # secret as the options they came from: reports redact them too.
        obtained = tuple(
            str(value)
            for value in credentials.values()
            if len(str(value)) >= 8 and str(value) not in settings.secrets
        )
        settings = replace(settings, secrets=settings.secrets + obtained)
        session = ApiSession(kit, target.base_url, settings.rate_limit)
        if target.adapter is not None:
            origin = urlsplit(target.base_url)
            session.mount(f"{origin.scheme}://{origin.netloc}/", target.adapter)
            unroute = route_fresh_sessions(f"{origin.scheme}://{origin.netloc}/", target.adapter)
            # The app is called directly: no proxy, netrc or CA bundle from the environment
            # applies, and requests looked them all up again for every request (a tenth of
            # a kit run's CPU: proxy_bypass walks os.environ twice per request).
            session.trust_env = False
        spec = load_spec(kit)
        operations = _operations(spec, settings, kit, target)
        run = Run(settings, kit, target, session, credentials, spec, operations, unroute=unroute)
        run.schema = _schema(run)
    except BaseException:
        unroute()
        target.stop()
        raise
    _CURRENT = run
    return run


def end() -> None:
    global _CURRENT
    if _CURRENT is not None:
        _CURRENT.close()
        _CURRENT = None


def _is_secret(kit: PlatformKit, dest: str) -> bool:
    return any(option.secret and option.dest == dest for option in kit.options)


def load_spec(kit: PlatformKit) -> dict[str, Any]:
    """The committed spec, or (in an installed package without specs/) the generated one."""
    if kit.spec_path.exists():
        return json.loads(kit.spec_path.read_text(encoding="utf-8"))
    from sandbox import specgen

    return json.loads(specgen.generate()[kit.spec_path.name])


def linked_operations(spec: dict[str, Any]) -> set[str]:
    """`METHOD /path` of the operations with an answer that has OpenAPI links."""
    return {
        f"{method.upper()} {path}"
        for path, item in spec.get("paths", {}).items()
        for method, operation in item.items()
        if method in HTTP_METHODS
        and any("links" in answer for answer in operation.get("responses", {}).values())
    }


def _operations(
    spec: dict[str, Any], settings: Settings, kit: PlatformKit, target: Target
) -> list[Operation]:
    operations = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            label = f"{method.upper()} {path}"
            excluded = None
            if settings.read_only and method.upper() not in READ_METHODS:
                excluded = "--read-only"
            elif label in kit.in_process_only and not target.in_process:
                excluded = kit.in_process_only[label]
            elif label in kit.permanent and not (target.in_process or settings.include_permanent):
                excluded = "cannot be undone (--include-permanent runs it)"
            operations.append(
                Operation(
                    label,
                    operation.get("x-fidelity", "unknown"),
                    operation.get("x-fidelity-source", ""),
                    excluded,
                )
            )
    return operations


def _schema(run: Run) -> Any:
    settings = run.settings
    config: dict[str, Any] = {
        "base-url": run.target.base_url,
        "generation": {"max-examples": settings.max_examples},
        "phases": {"stateful": {"enabled": True}},
        # schemathesis' sanitizer hides every Authorization header and api_key parameter as
        # "[Filtered]", a made-up "Bearer nope" of a negative case included, which leaves a
        # reproduction curl that cannot reproduce. The kit redacts the run's own secrets
        # instead (plugin._reportable), and only those.
        "output": {"sanitization": {"enabled": False}},
        **run.kit.schemathesis(settings, run.credentials),
    }
    if settings.seed is not None:
        config["seed"] = settings.seed
    schema = schemathesis.openapi.from_dict(run.spec, config=SchemathesisConfig.from_dict(config))
    for operation in run.operations:
        if operation.excluded is not None:
            method, path = operation.label.split(" ", 1)
            schema = schema.exclude(method=method, path=path)
    _remember_checks_config(schema.config)
    return schema


def _remember_checks_config(config: Any) -> None:
    """Work out each operation's and phase's check settings once: schemathesis merged the
    run's configuration layers anew for every response it checked (a fortieth of
    Flochat's CPU), and nothing changes them during a run."""
    resolve = config.checks_config_for
    known: dict[tuple[str, str, str | None], Any] = {}

    def checks_config_for(*, operation: Any = None, phase: str | None = None) -> Any:
        if operation is None:
            return resolve(operation=operation, phase=phase)
        key = (operation.method, operation.path, phase)
        if key not in known:
            known[key] = resolve(operation=operation, phase=phase)
        return known[key]

    config.checks_config_for = checks_config_for
