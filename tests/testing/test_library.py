"""sandbox.testing as a script or a unittest uses it: SandboxServer, SandboxClient and
Workspace over real HTTP."""

from __future__ import annotations

import os
import socket
import threading
from datetime import datetime
from typing import Any

import pytest
import requests

from sandbox.testing import SandboxClient, SandboxError, SandboxServer, SandboxUnreachable

PLATFORMS = ["rapidpro", "xerochat", "flochat", "flowxo", "flowbot"]
#: What `{"template": "demo"}` loads (fixtures/demo.yaml's default workspace, no FlowBot).
DEMO_LOADED = {
    "rapidpro": {"fields": 6, "groups": 4, "contacts": 7},
    "flowxo": {"bots": 5, "workflows": 5, "end_users": 5, "messages": 9},
}
REAL_CLOCK = {"frozen": False, "offset_seconds": 0.0}


def open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def clock_is_real(client: SandboxClient) -> bool:
    state = client.clock.state()
    return {key: state[key] for key in REAL_CLOCK} == REAL_CLOCK


def test_a_server_serves_every_platform_and_stops_leaving_no_thread_or_socket() -> None:
    threads, fds = set(threading.enumerate()), open_fds()
    server = SandboxServer()
    client = server.start()
    assert client.url == server.url
    assert client.base_urls == {name: f"{client.url}/{name}" for name in PLATFORMS}
    answer = requests.get(f"{client.url}/rapidpro/api/v2/contacts.json", timeout=5)
    assert (answer.status_code, answer.json()) == (
        403,
        {"detail": "Authentication credentials were not provided."},
    )
    url = client.url
    server.stop()
    server.stop()  # a second stop does nothing
    assert set(threading.enumerate()) == threads
    assert open_fds() == fds
    with pytest.raises(SandboxUnreachable) as refused:
        SandboxClient(url).health()
    assert str(refused.value).startswith(f"GET {url}/_sandbox/health: the sandbox did not answer")


def test_a_stop_waits_for_the_requests_being_answered() -> None:
    server = SandboxServer()
    client = server.start()
    served_app = server._server.app  # type: ignore[union-attr]
    entered, go_on = threading.Event(), threading.Event()

    def slow(environ: dict[str, Any], start_response: Any) -> Any:
        entered.set()
        go_on.wait()
        return served_app(environ, start_response)

    server._server.app = slow  # type: ignore[union-attr]
    answers: list[Any] = []
    asking = threading.Thread(target=lambda: answers.append(client.health()["status"]))
    asking.start()
    assert entered.wait(5)
    stopping = threading.Thread(target=server.stop)
    stopping.start()
    stopping.join(0.3)
    assert stopping.is_alive()  # the request is still being answered
    go_on.set()
    stopping.join(5)
    asking.join(5)
    assert not stopping.is_alive()
    assert answers == ["ok"]


def test_a_port_in_use_is_refused_naming_it() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=rf"^\[Errno \d+\] cannot serve on 127\.0\.0\.1:{port}: "):
            SandboxServer(port=port).start()


def test_a_workspace_holds_its_template_and_sections_and_is_removed_on_exit(
    served: SandboxClient,
) -> None:
    contacts = {"contacts": [{"name": "Ana", "urns": ["tel:+5511987654321"]}]}
    with served.create_workspace("demo", name="lib-demo", rapidpro=contacts) as workspace:
        assert workspace.name == "lib-demo"
        assert sorted(workspace.credentials) == sorted(PLATFORMS)
        assert workspace.loaded["rapidpro"] == {"fields": 0, "groups": 0, "contacts": 1}
        assert workspace.loaded["flowxo"] == DEMO_LOADED["flowxo"]
        assert workspace.base_url("flochat") == f"{served.url}/flochat"
        names = [contact["name"] for contact in workspace.data("rapidpro")["contacts"]]
        assert names == ["Ana"]
        assert [found["name"] for found in served.workspaces()] == ["default", "lib-demo"]
    assert [found["name"] for found in served.workspaces()] == ["default"]
    assert workspace.removed
    workspace.remove()  # a second removal does nothing


def test_an_unknown_platform_names_those_served(served: SandboxClient) -> None:
    with served.create_workspace() as workspace, pytest.raises(KeyError) as missing:
        workspace.base_url("uchat")
    served_names = ", ".join(sorted(PLATFORMS))
    assert missing.value.args == (
        f"the sandbox serves no platform 'uchat' (it serves {served_names})",
    )


def test_inbound_and_outbox_with_the_clock_put_back_on_real_time(served: SandboxClient) -> None:
    with served.create_workspace("demo") as workspace:
        workspace.clock.freeze("2026-03-01T12:00:00Z")
        message = workspace.inbound("flochat", "f123456u2", "Obrigado!")
        assert message == {
            "flow": 123456,
            "user_ns": "f123456u2",
            "mid": 7,
            "type": "in",
            "msg_type": "text",
            "content": "Obrigado!",
            "payload": {"text": "Obrigado!"},
            "sender_id": "f123456u2",
            "ts": 1772366400,
            "via": "whatsapp_cloud",
            "kind": "inbound",
            "details": {},
            "status": "sent",
        }
        answer = requests.post(
            f"{workspace.base_url('flochat')}/subscriber/send-text",
            json={"user_ns": "f123456u2", "content": "Por nada!"},
            headers={"Authorization": f"Bearer {workspace.credentials['flochat']['api_key']}"},
            timeout=5,
        )
        assert (answer.status_code, answer.json()) == (200, {"status": "ok"})
        assert workspace.outbox("flochat", "f123456u2")[-1] == {
            **message,
            "mid": 8,
            "type": "out",
            "content": "Por nada!",
            "payload": {"text": "Por nada!"},
            "sender_id": "",
            "kind": "text",
        }
        assert not clock_is_real(served)
    assert clock_is_real(served)


def test_the_clock_freezes_sets_advances_and_runs_again(served: SandboxClient) -> None:
    clock = served.clock
    try:
        assert clock.freeze(datetime(2030, 1, 1))["now"] == "2030-01-01T00:00:00+00:00"
        assert clock.advance(86400)["now"] == "2030-01-02T00:00:00+00:00"
        assert clock.set("2031-06-01T08:00:00Z")["now"] == "2031-06-01T08:00:00+00:00"
        assert clock.now() == datetime.fromisoformat("2031-06-01T08:00:00+00:00")
        assert clock.state()["frozen"] is True
        assert clock.unfreeze()["frozen"] is False
        assert clock.changed
    finally:
        clock.real()
    assert not clock.changed
    assert clock_is_real(served)


def test_reset_empties_the_workspace_and_export_shows_it(served: SandboxClient) -> None:
    contacts = {"contacts": [{"name": "Ana"}]}
    with served.create_workspace(name="lib-reset", rapidpro=contacts) as workspace:
        assert len(workspace.data("rapidpro")["contacts"]) == 1
        workspace.reset()
        exported = workspace.export()
        assert list(exported["workspaces"]) == ["lib-reset"]
        assert workspace.data("rapidpro") == {}


def test_a_refused_call_raises_with_the_control_apis_answer(served: SandboxClient) -> None:
    with pytest.raises(SandboxError) as refused:
        served.create_workspace(name="bad name!")
    body = {
        "code": 400,
        "status": "Bad Request",
        "message": "invalid workspace name 'bad name!': use letters, digits, '_', '.' and '-' "
        "(at most 64 characters, starting with a letter or digit)",
    }
    assert (refused.value.status, refused.value.body) == (400, body)
    assert str(refused.value).startswith(f"POST {served.url}/_sandbox/workspaces answered 400: ")


def test_a_handle_on_a_workspace_a_full_reset_removed_leaves_quietly(served: SandboxClient) -> None:
    workspace = served.create_workspace(name="lib-gone")
    served.reset()
    workspace.remove()
    assert served.get_workspace("default").name == "default"


def test_a_control_token_is_sent_and_required() -> None:
    with SandboxServer(control_token="s3cret") as client:
        with client.create_workspace(name="guarded") as workspace:
            assert workspace.name == "guarded"
        with pytest.raises(SandboxError) as refused:
            SandboxClient(client.url).workspaces()
        assert refused.value.status == 401
