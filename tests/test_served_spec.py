"""The spec each platform serves lists the sandbox first, so tools importing it call the
sandbox; the committed specs (and the spec object every request shares) keep the vendor's."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from werkzeug.test import Client

from sandbox import specgen
from sandbox.app import SandboxApp
from sandbox.platforms import PLATFORMS
from tests.conftest import MakeApp

SPECS = Path(__file__).resolve().parents[1] / "specs"


def test_a_mounted_platform_lists_its_sandbox_url_first(client: Client) -> None:
    response = client.get("/rapidpro/openapi.json", base_url="http://127.0.0.1:8000/")

    assert response.status_code == 200
    assert response.json["servers"] == [
        {"url": "http://127.0.0.1:8000/rapidpro", "description": "flow-sandbox"},
        {"url": "https://flows.weni.ai", "description": "Weni Flows / RapidPro API"},
    ]


def test_the_url_is_the_one_the_request_came_to(client: Client) -> None:
    response = client.get("/flowxo/openapi.json", base_url="https://sandbox.example:9443/")

    assert response.json["servers"] == [
        {"url": "https://sandbox.example:9443/flowxo", "description": "flow-sandbox"},
        {"url": PLATFORMS["flowxo"].vendor_base_url, "description": "Flow XO API"},
    ]


def test_one_platform_at_the_root_lists_the_bare_host(make_app: MakeApp) -> None:
    client = Client(make_app(platform="flochat"))

    response = client.get("/openapi.json", base_url="http://127.0.0.1:8123/")

    assert response.status_code == 200
    assert response.json["servers"] == [
        {"url": "http://127.0.0.1:8123", "description": "flow-sandbox"},
        {"url": PLATFORMS["flochat"].vendor_base_url, "description": "Flochat API"},
    ]


def test_serving_leaves_the_shared_spec_and_the_committed_file_alone(
    sandbox_app: SandboxApp,
) -> None:
    client = Client(sandbox_app)
    hosts = [f"http://host{n}:8000/" for n in range(8)]

    with ThreadPoolExecutor(4) as pool:
        served = list(
            pool.map(lambda host: client.get("/xerochat/openapi.json", base_url=host), hosts)
        )

    # Each answer names only its own host: no request saw another's entry.
    assert [answer.json["servers"][0]["url"] for answer in served] == [
        f"{host}xerochat" for host in hosts
    ]
    assert all(len(answer.json["servers"]) == 2 for answer in served)
    api = sandbox_app.platform_apps["xerochat"].extensions["flask-smorest"]["apis"][""]["ext_obj"]
    committed = (SPECS / "xerochat.openapi.json").read_text(encoding="utf-8")
    # What `flow-sandbox specs` writes, from the very spec object that served them.
    assert specgen.render(api.spec.to_dict()) == committed
    assert json.loads(committed)["servers"] == [
        {"url": PLATFORMS["xerochat"].vendor_base_url, "description": "XeroChat API"}
    ]
