"""The spec is built on first read (sandbox/core/lazyspec.py); a second thread that reads it
while the first builds it waits for the whole document instead of taking half of it."""

from __future__ import annotations

import threading
import time
from typing import Any

import flask_smorest.blueprint
import pytest

from sandbox.app import create_app
from sandbox.config import SandboxConfig


def test_a_reader_during_the_build_gets_the_whole_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(SandboxConfig(db=":memory:"))
    try:
        api = app.platform_apps["flowbot"].extensions["flask-smorest"]["apis"][""]["ext_obj"]
        register = flask_smorest.blueprint.Blueprint.register_views_in_doc
        building = threading.Event()

        def slow_register(self: Any, *args: Any, **kwargs: Any) -> Any:
            building.set()
            time.sleep(0.05)  # the first reader is mid-build while the second one reads
            return register(self, *args, **kwargs)

        monkeypatch.setattr(
            flask_smorest.blueprint.Blueprint, "register_views_in_doc", slow_register
        )
        paths: dict[str, int] = {}

        def read(reader: str) -> None:
            paths[reader] = len(api.spec.to_dict()["paths"])

        first = threading.Thread(target=read, args=("first",))
        first.start()
        assert building.wait(5)
        read("second")
        first.join()
        assert paths["second"] == paths["first"] > 0
    finally:
        app.close()
