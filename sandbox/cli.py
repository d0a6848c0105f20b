"""The `flow-sandbox` command line."""

from __future__ import annotations

import gc
import importlib
import ipaddress
import socket
import sys
from pathlib import Path

import click

from sandbox import __version__
from sandbox.config import (
    CONTROL_TOKEN_ENV,
    CORS_ENV,
    DEFAULT_DB,
    DEFAULT_HOST,
    DEFAULT_JOURNAL_SIZE,
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_PORT,
    JOURNAL_SIZE_ENV,
    THROTTLE_ENV,
    SandboxConfig,
    format_size,
    parse_size,
)

# Importing the platforms builds tens of thousands of objects that live as long as the
# process (schemas, routes, their docs): the cyclic collector would walk them again and
# again meanwhile, a sixth of the import's CPU time. Frozen afterwards (as `serve` freezes
# what its startup builds), they stay out of every later collection, the first included.
_collecting = gc.isenabled()
gc.disable()
try:
    from sandbox.core.fixtures import FixtureError
    from sandbox.core.storage import StoreError
    from sandbox.platforms import PLATFORMS
    from sandbox.platforms.rapidpro.profiles import PROFILE_NAMES
finally:
    if _collecting:
        gc.freeze()
        gc.enable()


class InputError(click.ClickException):
    """Bad input (a fixture file, a database file): exit code 2, like a usage error."""

    exit_code = 2


class _SizeType(click.ParamType):
    """A byte count as people write it: 16MiB, 512k, 1048576 (`config.parse_size`)."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class _Commands(click.Group):
    """The command group, loading `conformance` (pytest and schemathesis, a tenth of a
    second and more) only when it is asked for, so `serve` starts without it."""

    LAZY = {"conformance": ("conformance.cli", "conformance")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            module, attribute = self.LAZY[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="flow-sandbox")
def main() -> None:
    """Local, stateful sandboxes of chatbot and flow platform APIs.

    Start with `flow-sandbox serve`, then point your integration at
    http://127.0.0.1:8000/<platform> instead of the vendor's base URL.
    """


@main.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=int,
    # The container image sets its port this way, and its health check reads the same
    # variable (sandbox/healthcheck.py).
    envvar="FLOW_SANDBOX_PORT",
    show_envvar=True,
    help="Port.",
)
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    help="TinyDB file holding the state (survives restarts), or :memory:.",
)
@click.option(
    "--fixtures",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Fixture document (YAML or JSON) loaded at start and on every full reset; the "
    "workspaces it names are replaced.",
)
@click.option(
    "--platform",
    type=click.Choice(list(PLATFORMS)),
    help="Serve only this platform, at the root (an integration then changes only "
    "scheme, host and port).",
)
@click.option(
    "--rapidpro-profile",
    type=click.Choice(PROFILE_NAMES),
    default="weni",
    show_default=True,
    help="RapidPro flavour of workspaces whose fixtures do not choose one.",
)
@click.option(
    "--seed",
    type=int,
    help="Seed the id generators for reproducible ids, and the draws of fault rules' "
    "probability (docs/faults.md).",
)
@click.option(
    "--fsync/--no-fsync",
    default=False,
    show_default=True,
    help="Wait until each write is on disk before answering: survives power loss, not only "
    "a killed process (every acknowledged write survives kill -9 either way).",
)
@click.option(
    "--journal-size",
    default=DEFAULT_JOURNAL_SIZE,
    show_default=True,
    type=click.IntRange(0),
    envvar=JOURNAL_SIZE_ENV,
    show_envvar=True,
    metavar="N",
    help="Requests the request journal (GET /_sandbox/requests) keeps per workspace, each "
    "body cut at 16 KiB; 0 turns it off.",
)
@click.option(
    "--threads",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Python threads running requests (one process: TinyDB files are not process-safe). "
    "Every connection is served either way; reads run alongside writes, but under the GIL "
    "more threads mostly add contention (bench/README.md).",
)
@click.option(
    "--control-token",
    envvar=CONTROL_TOKEN_ENV,
    show_envvar=True,
    metavar="TOKEN",
    help="Secret every /_sandbox/ call but health must carry (Authorization: Bearer TOKEN). "
    "Set it whenever others can reach the port; prefer the environment variable, which "
    "`ps` does not show.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Host name the control API answers without a token, besides localhost and IP "
    "addresses (other names are refused against DNS rebinding). Repeatable.",
)
@click.option(
    "--max-body-size",
    type=_SizeType(),
    default=format_size(DEFAULT_MAX_BODY_SIZE).replace(" ", ""),
    show_default=True,
    help="Largest request body (bytes, or with KiB, MiB, GiB) any API reads; larger ones "
    "get 413. Raise it to load large fixture documents through /_sandbox/fixtures.",
)
@click.option(
    "--cors",
    is_flag=True,
    envvar=CORS_ENV,
    show_envvar=True,
    help="Let web pages of any origin call the platforms' APIs from a browser (answers CORS "
    "preflights, adds Access-Control-Allow-Origin). The control API stays closed to them.",
)
@click.option(
    "--throttle",
    is_flag=True,
    envvar=THROTTLE_ENV,
    show_envvar=True,
    help="Throttle every workspace at its vendors' documented rates (RapidPro's 2,500/hour, "
    "...), answering their own 429 with Retry-After on the sandbox clock. A workspace's "
    "fixture section can turn it on or off and set low rates (docs/throttling.md).",
)
@click.option("--access-log/--no-access-log", default=False, show_default=True)
def serve(
    host: str,
    port: int,
    db: str,
    journal_size: int,
    fixtures: Path | None,
    platform: str | None,
    rapidpro_profile: str,
    seed: int | None,
    fsync: bool,
    threads: int,
    control_token: str | None,
    allowed_hosts: tuple[str, ...],
    max_body_size: int,
    cors: bool,
    throttle: bool,
    access_log: bool,
) -> None:
    """Serve every platform (or one) plus the control API at /_sandbox."""
    from sandbox.app import create_app
    from sandbox.core.dblock import DatabaseError, lock_database
    from sandbox.server import FinalWriteError, ServeError, bind_listener
    from sandbox.server import serve as run_server

    config = SandboxConfig(
        db=db,
        journal_size=journal_size,
        fixtures=fixtures,
        seed=seed,
        platform=platform,
        defaults={"rapidpro": {"profile": rapidpro_profile}},
        fsync=fsync,
        max_body_size=max_body_size,
        # An empty FLOW_SANDBOX_CONTROL_TOKEN= (a compose file's placeholder) sets none.
        control_token=control_token or None,
        # The name the server was told to bind is one its clients use.
        allowed_hosts=(*allowed_hosts, host),
        cors=cors,
        throttle=throttle,
    )
    # Refused before anything loads, in one line: a database another server holds (two
    # servers on one file would each lose the other's writes), a directory that cannot
    # be written, a port in use. The lock is this process's until it ends, however it ends.
    try:
        lock = lock_database(db, create_directory=db == DEFAULT_DB)
        listener = bind_listener(host, port)
    except (DatabaseError, ServeError) as error:
        raise InputError(str(error)) from error
    # Startup builds objects that live as long as the process (the apps, the stored
    # documents). The cyclic collector would walk them again and again meanwhile (at 100k
    # contacts, a good part of the startup); frozen afterwards, they stay out of every later
    # collection too, so no full collection walks every stored document (a latency spike
    # each time).
    gc.disable()
    try:
        app = create_app(config)
    except BaseException as error:
        # Nothing was served: give the port and the database back before saying why (an
        # in-process caller, a test, would otherwise keep both until garbage collection).
        listener.close()
        if lock is not None:
            lock.release()
        if isinstance(error, (FixtureError, StoreError)):
            raise InputError(str(error)) from error
        raise
    finally:
        gc.freeze()
        gc.enable()
    if app.sandbox.store.recovery:  # damaged files were repaired: never silently
        click.echo(f"warning: {app.sandbox.store.recovery.summary()}", err=True)
    _print_banner(app, host, listener.getsockname()[1])
    _warn_if_open(host, listener.getsockname()[1], config.control_token)
    try:
        drained = run_server(app, listener, threads, access_log)
    except FinalWriteError as error:
        # The final snapshot could not be written (a full disk): every acknowledged write
        # is still in the journal, which the next start replays.
        raise click.ClickException(
            f"could not write the final state ({error}); every acknowledged write is in "
            f"{db}.journal and is loaded at the next start"
        ) from error
    # A request still running after the drain may yet commit (to the journal): the lock
    # then stays held until the process ends, so no other server opens the file meanwhile.
    if drained and lock is not None:
        lock.release()


def _warn_if_open(host: str, port: int, token: str | None) -> None:
    """Say so when the control API is open to more than this machine."""
    if token is not None or _is_loopback(host):
        return
    click.echo(
        f"warning: serving on {host} without a control token: anyone who can reach port "
        f"{port} can read every workspace's credentials and wipe the state through "
        f"/_sandbox/. Set --control-token (or {CONTROL_TOKEN_ENV}).",
        err=True,
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve to any interface


#: The request the banner suggests first, per platform: a path under the platform's base
#: URL and where the demo workspace's credential goes (formatted with its credentials).
_FIRST_REQUESTS = {
    "rapidpro": ("/api/v2/contacts.json", "-H 'Authorization: Token {token}' "),
    "flowxo": ("/api/workflows/simple", "-H 'Authorization: Bearer {api_key}' "),
    "flochat": ("/flow/agents", "-H 'Authorization: Bearer {api_key}' "),
}


def _print_banner(app, host: str, port: int) -> None:  # type: ignore[no-untyped-def]
    sandbox = app.sandbox
    every_interface = host in ("0.0.0.0", "::")
    # Clients on this machine (and through `docker run -p`) reach a wildcard bind here.
    shown_host = "127.0.0.1" if every_interface else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    root = f"http://{shown_host}:{port}"
    db = sandbox.config.db
    state = "in memory only" if db == ":memory:" else db
    lines = [f"flow-sandbox {__version__} on {root} (state: {state})"]
    if every_interface:
        lines.append(f"listening on every interface ({_wildcard_address(host, port)})")
    lines.append("")
    default = sandbox.workspaces.get("default")
    first: str | None = None
    for name, platform in sandbox.platforms.items():
        if sandbox.config.platform not in (None, name):
            continue
        base = root if sandbox.config.platform == name else f"{root}/{name}"
        status = "" if platform.implemented else "  (not implemented yet)"
        lines.append(f"  {name:<9} {base}{status}")
        if default is not None:
            credentials = default.credentials_for(name)
            lines.append("            " + ", ".join(f"{k}={v}" for k, v in credentials.items()))
            if first is None and name in _FIRST_REQUESTS:
                path, auth = _FIRST_REQUESTS[name]
                first = f"curl {auth.format(**credentials)}{base}{path}"
    # With --platform the platform's app is the root, its spec at /openapi.json.
    spec = f"{root}/openapi.json" if sandbox.config.platform else f"{root}/<platform>/openapi.json"
    docs = f"{root}/docs" if sandbox.config.platform else f"{root}/<platform>/docs"
    lines += [
        "",
        f"  control   {root}/_sandbox/  (reset, fixtures, export, clock, workspaces)",
        f"  specs     {spec}",
        f"  docs      {docs}  (Swagger UI in a browser, the demo credentials filled in)",
        "",
        f"Try: {first or f'curl {spec}'}",
        "",
        "Ctrl-C stops the server; "
        + (
            "the state ends with it (--db :memory:)."
            if db == ":memory:"
            else f"the state is written to {db} first."
        ),
    ]
    click.echo("\n".join(lines))


def _wildcard_address(host: str, port: int) -> str:
    """Where other machines reach a wildcard bind: the address of the interface this
    machine's default route leaves by (a UDP connect sends nothing and asks no DNS)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probe = "2001:db8::1" if family == socket.AF_INET6 else "192.0.2.1"
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as udp:
            udp.connect((probe, 9))
            address = udp.getsockname()[0]
    except OSError:
        return f"{host}:{port}"
    shown = f"[{address}]" if family == socket.AF_INET6 else address
    return f"{host}:{port}; from other machines e.g. http://{shown}:{port}"


@main.command()
@click.option(
    "--check", is_flag=True, help="Fail if the files differ from what the code generates."
)
@click.option(
    "--out",
    default="specs",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of the spec files.",
)
def specs(check: bool, out: Path) -> None:
    """Write specs/<platform>.openapi.json (and the control API's) from the code."""
    from sandbox.core.lazyspec import SchemaNameClash

    try:
        _write_specs(check, out)
    except SchemaNameClash as error:  # a defect in the code, said in one line
        raise click.ClickException(f"cannot build the specs: {error}") from error


def _write_specs(check: bool, out: Path) -> None:
    from sandbox import specgen

    if check:
        stale = specgen.check(out)
        if stale:
            click.echo(
                "These specs differ from what the code generates (run `flow-sandbox specs`):",
                err=True,
            )
            for name in stale:
                click.echo(f"  {out / name}", err=True)
            sys.exit(1)
        click.echo(f"specs in {out}/ are up to date")
        return
    changed = specgen.write(out)
    click.echo(f"wrote {len(changed)} changed spec(s) to {out}/" if changed else "no changes")
    for name in changed:
        click.echo(f"  {out / name}")


if __name__ == "__main__":  # pragma: no cover
    main()
