"""Declaring a platform (`sandbox/core/declare.py`): `platform_package` finds a package's
modules by their names; and the resource base's `by_text_id`, the lookup of a request's
string id that FlowBot's flows and Flow XO's bots share."""

from __future__ import annotations

import pytest

from examples.notes import auth, errors, models, routes
from sandbox.core.backend import WorkspaceBackend
from sandbox.core.declare import platform_package
from sandbox.core.resources import Resource

ROBOTS = "test.robots"


class Robots(Resource[WorkspaceBackend]):
    TABLE = ROBOTS
    ID_FIELD = "_id"


def test_platform_package_takes_the_modules_of_the_package_by_name() -> None:
    declared = platform_package(
        "examples.notes",
        title="T",
        vendor="V",
        vendor_base_url="https://v.example",
        description="D",
        backend=models.Notebook.of,
    )
    assert declared.name == "notes"  # the package's last name: mount and spec file
    assert declared.auth is auth
    assert declared.models is models
    assert declared.render_error is errors.render
    assert declared.error_schema is errors.ErrorSchema
    assert declared.blueprints == (routes.blp,)
    assert declared.blueprints == routes.BLUEPRINTS
    assert (declared.configure, declared.conversations) == (None, None)
    assert (declared.title, declared.vendor, declared.vendor_base_url) == (
        "T",
        "V",
        "https://v.example",
    )


def test_by_text_id_finds_a_string_id_in_the_id_field(backend: WorkspaceBackend) -> None:
    stored = backend.insert(ROBOTS, {"_id": "r1", "id": "other"})
    robots = Robots(backend)
    assert robots.by_text_id("r1") == stored
    assert robots.by_text_id("other") is None  # `id` is not this resource's id field
    assert robots.by_text_id("r2") is None


@pytest.mark.parametrize("given", [None, 1, ["r1"], {"_id": "r1"}])
def test_by_text_id_answers_none_for_an_id_that_is_not_a_string(
    backend: WorkspaceBackend, given: object
) -> None:
    backend.insert(ROBOTS, {"_id": "r1"})
    assert Robots(backend).by_text_id(given) is None
