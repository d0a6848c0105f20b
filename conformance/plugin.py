"""The pytest plugin behind both entry points: options, the run's life cycle, fixtures,
redaction of secrets, and the summary."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from conformance.options import GENERAL, Option
from conformance.platforms import KITS, PLATFORM_OPTIONS
from conformance.report import PROPERTY_TEST, Outcomes, as_text, classify, summary, write
from conformance.run import Run, begin, current, end
from conformance.settings import build
from conformance.target import TargetError

SCENARIOS = Path(__file__).parent / "scenarios"
REDACTED = "[redacted]"
#: Where `flow-sandbox serve` answers by default: an in-process run's reproduction commands
#: point there, since the run's own server stops with it.
SERVE_ORIGIN = "http://127.0.0.1:8000"
REPRODUCE = "Reproduce with:"
IN_PROCESS_REPRODUCE = (
    "Reproduce with (the run's in-process sandbox has stopped: start `flow-sandbox serve`"
    " and put the default workspace's credentials, printed at its start, where the command"
    f" says {REDACTED}):"
)
_OUTCOMES = Outcomes()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "flow-sandbox conformance kit")
    group.addoption(
        "--platform",
        choices=sorted(KITS),
        help="The platform to check (required).",
    )
    for option in (*GENERAL, *PLATFORM_OPTIONS):
        _add(group, option)


def _add(group: Any, option: Option) -> None:
    if option.flag:
        group.addoption(option.name, action="store_true", default=False, help=option.help_text())
    else:
        group.addoption(option.name, type=option.type, default=None, help=option.help_text())


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "writes: changes state on the target (not with --read-only)")
    config.addinivalue_line(
        "markers", "permanent: changes the API cannot undo (in-process or --include-permanent)"
    )
    config.addinivalue_line(
        "markers", "needs(option, ...): runs only when these platform options have values"
    )
    global _OUTCOMES
    _OUTCOMES = Outcomes()  # a fresh start for each pytest.main() of one process
    platform = config.getoption("platform")
    if platform is None:
        raise pytest.UsageError(f"give --platform (one of: {', '.join(sorted(KITS))})")
    kit = KITS[platform]
    try:
        settings = build(platform, tuple(kit.options), config.getoption)
        run = begin(settings)
    except (ValueError, TargetError) as error:
        raise pytest.UsageError(str(error)) from error
    # Registering the checks and hooks needs a configured run to answer them.
    import conformance.checks
    import conformance.hooks  # noqa: F401

    _redact_terminal(config, run.secrets)
    run.settings.report_dir.mkdir(parents=True, exist_ok=True)
    if not config.option.xmlpath:
        config.option.xmlpath = str(run.settings.report_dir / "junit.xml")
    # Flow XO and FlowBot run the same tests: a CI collecting every platform's junit.xml
    # tells their test cases apart by the platform before each classname.
    if not config.option.junitprefix:
        config.option.junitprefix = platform


def pytest_sessionstart(session: pytest.Session) -> None:
    """Name the JUnit test suite after the platform, unless junit_suite_name was given.
    The JUnit reporter reads the ini option before any session starts, so its default
    ("pytest") is replaced on the reporter itself."""
    from _pytest.junitxml import xml_key

    xml = session.config.stash.get(xml_key, None)
    if xml is not None and xml.suite_name == "pytest":
        xml.suite_name = session.config.getoption("platform")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Collect only the scenario modules of the platform under test."""
    if collection_path.parent == SCENARIOS and collection_path.suffix == ".py":
        return not current().kit.holds_scenarios(collection_path.name)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Note every test collected, before pytest's -k / -m leave any out (so that a test
    without an outcome can be told from one never generated), and leave out scenarios the
    run must not perform (they are listed as not run, with why)."""
    run = current()
    kept, dropped = [], []
    for item in items:
        _OUTCOMES.collected.add(classify(item.nodeid, item.name))
        reason = _not_allowed(run, item)
        if reason is None:
            kept.append(item)
        else:
            dropped.append(item)
            _OUTCOMES.deselect(item.nodeid, item.name, reason)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_collection_finish(session: pytest.Session) -> None:
    """Leave what the run has built by now (modules, the spec, the schema, the collected
    cases) out of the garbage collector's work: it lives until the end anyway, and every
    full collection walked all of it again, Flochat's big schema included (an eighth of a
    run's CPU; pytest's own collections at the end were a third of a second each)."""
    _OUTCOMES.collection_done = True
    gc.collect()
    gc.freeze()


def _not_allowed(run: Run, item: pytest.Item) -> str | None:
    writes = item.get_closest_marker("writes") or item.get_closest_marker("permanent")
    if run.settings.read_only and writes:
        return "--read-only"
    permanent_allowed = run.target.in_process or run.settings.include_permanent
    if item.get_closest_marker("permanent") and not permanent_allowed:
        return "cannot be undone (--include-permanent runs it)"
    for marker in item.iter_markers("needs"):
        missing = [dest for dest in marker.args if not run.settings.option(dest)]
        if missing:
            return "needs " + ", ".join("--" + dest.replace("_", "-") for dest in missing)
    return None


def pytest_deselected(items: list[pytest.Item]) -> None:
    """Remember why pytest's selection (-k, -m, --deselect) left each test out."""
    for item in items:
        _OUTCOMES.deselect(item.nodeid, item.name, _deselection(item))


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[pytest.CollectReport]:
    """Remember the files pytest could not collect (it runs no test after that), by their
    path from where pytest started (a report's node id is empty outside the kit's folder)."""
    report: pytest.CollectReport = yield
    if report.failed:
        path = collector.path
        start = collector.config.invocation_params.dir
        shown = str(path.relative_to(start)) if path.is_relative_to(start) else str(path)
        if shown not in _OUTCOMES.collect_errors:
            _OUTCOMES.collect_errors.append(shown)
    return report


def _deselection(item: pytest.Item) -> str:
    """`deselected by -k 'contacts'`: the selection as the command line gave it."""
    option = item.config.option
    for prefix in option.deselect or ():
        if item.nodeid.startswith(prefix):
            return f"deselected by --deselect {_quoted(prefix)}"
    given = [
        f"{flag} {_quoted(expression)}"
        for flag, expression in (("-k", option.keyword), ("-m", option.markexpr))
        if expression
    ]
    return f"deselected by {' '.join(given)}" if given else "deselected by pytest's selection"


def _quoted(text: str) -> str:
    """Quoted as a shell would take it back, always (a bare `-k contacts` reads oddly)."""
    return "'" + text.replace("'", "'\\''") + "'"


def _stop_reason(session: pytest.Session) -> str | None:
    """Why pytest ended the run before its last test, when it says so itself."""
    option = session.config.option
    if option.collectonly:
        return "pytest --collect-only runs no test"
    if session.shouldfail:
        if option.maxfail == 1:
            return "the run stopped at its first failure (-x)"
        return f"the run stopped after {option.maxfail} failures (--maxfail {option.maxfail})"
    if session.shouldstop:
        return f"the run stopped first: {session.shouldstop}"
    return None


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    """Note the test that starts (its name is the location's: schemathesis' items share
    one node id): a Ctrl-C now stops it half-way, and the summary says so."""
    _OUTCOMES.running = classify(nodeid, location[2])


def pytest_runtest_logfinish() -> None:
    _OUTCOMES.running = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Name each operation's report after it, and redact secrets, before any reporter
    (terminal, JUnit) sees the report."""
    head = report.head_line or ""
    if head.startswith(PROPERTY_TEST) and "[" not in report.nodeid:
        # schemathesis' items share one node id; JUnit and the summary need the operation.
        report.nodeid += head[head.index("[") :]
    run = current()
    if report.longrepr is not None:
        text = str(report.longrepr)
        reportable = _reportable(text, run)
        if reportable != text:
            report.longrepr = reportable
    report.sections = [(name, _redact(content, run.secrets)) for name, content in report.sections]
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _OUTCOMES.record(report.nodeid, report.outcome)


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node: Any, call: Any, report: pytest.TestReport) -> None:
    """schemathesis rewrites a failure's text after the report was logged: redact it again."""
    if report.longrepr is not None:
        report.longrepr = _reportable(str(report.longrepr), current())


def _redact_terminal(config: pytest.Config, secrets: tuple[str, ...]) -> None:
    """Last line of defence: nothing the terminal reporter writes shows a secret."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not secrets:
        return
    writer = reporter._tw
    write = writer.write

    def redacted_write(text: str, **markup: Any) -> None:
        write(_redact(text, secrets), **markup)

    writer.write = redacted_write


def _reportable(text: str, run: Run) -> str:
    """A failure's text as the terminal and junit.xml show it: the run's secrets redacted,
    and an in-process run's reproduction commands aimed at `flow-sandbox serve`."""
    text = _redact(text, run.secrets)
    if run.target.in_process and REPRODUCE in text:
        parts = urlsplit(run.target.base_url)
        text = text.replace(f"{parts.scheme}://{parts.netloc}/", f"{SERVE_ORIGIN}/")
        text = text.replace(REPRODUCE, IN_PROCESS_REPRODUCE)
    return text


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return text


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Clean up (also after failures or Ctrl-C), then write the summary files."""
    try:
        run = current()
    except RuntimeError:
        return
    _OUTCOMES.stopped = _stop_reason(session)
    try:
        end()
    finally:
        data = summary(run, _OUTCOMES, exitstatus)
        write(run.settings.report_dir, data)
        session.config.stash[_SUMMARY] = data


_SUMMARY = pytest.StashKey[dict]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    data = config.stash.get(_SUMMARY, None)
    if data is None:
        return
    terminalreporter.write_sep("=", "conformance summary")
    terminalreporter.write(as_text(data))
    directory = Path(str(config.option.xmlpath)).parent
    terminalreporter.write_line(f"Reports: {directory}/junit.xml, summary.md, summary.json")


# -- fixtures ---------------------------------------------------------------------------


class Client:
    """Scenario-side access to the target: base URL and credentials added to every call."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.base_url = run.target.base_url

    def request(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        if headers:
            kwargs["headers"] = headers
        if auth:
            self.run.kit.authorize(method.upper(), kwargs, self.run.credentials)
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        return self.run.session.request(method, url, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture(scope="session")
def run() -> Run:
    return current()


@pytest.fixture(scope="session")
def client(run: Run) -> Client:
    return Client(run)


@pytest.fixture
def unique(run: Run) -> Iterator[str]:
    """A fresh prefixed token for names and ids created by one test."""
    import uuid

    yield f"{run.prefix}{uuid.uuid4().hex[:10]}"
