"""The suffix-less URLs (`/api/v2/fields`) take the writes their JSON view has, and refuse
the others as DRF does (405), in both profiles.

Oracle: ../shared/reference/rapidpro.md §1 and §5 (DRF's 405 `detail`).
"""

from __future__ import annotations

import pytest

from tests.conftest import RapidProClient


@pytest.mark.parametrize("profile", ["weni", "upstream"])
def test_a_method_the_view_lacks_is_refused_on_the_docs_url(
    profile: str, rapidpro: RapidProClient, upstream: RapidProClient
) -> None:
    api = rapidpro if profile == "weni" else upstream
    # contacts.json and groups.json delete; fields.json has no DELETE (temba's FieldsEndpoint).
    response = api.client.delete("/rapidpro/api/v2/fields", headers=api.headers())
    assert response.status_code == 405
    assert response.get_json() == {"detail": 'Method "DELETE" not allowed.'}
    assert response.headers["Allow"] == "GET, POST, HEAD, OPTIONS"


def test_the_docs_url_writes_reach_the_json_view(rapidpro: RapidProClient) -> None:
    created = rapidpro.client.post(
        "/rapidpro/api/v2/groups", json={"name": "Docs"}, headers=rapidpro.headers()
    )
    assert created.status_code == 201
    assert created.headers["Allow"] == "POST, DELETE, OPTIONS"
    uuid = created.get_json()["uuid"]
    deleted = rapidpro.client.delete(
        f"/rapidpro/api/v2/groups?uuid={uuid}", headers=rapidpro.headers()
    )
    assert deleted.status_code == 204
    field = rapidpro.client.post(
        "/rapidpro/api/v2/fields",
        json={"label": "Docs", "value_type": "text"},
        headers=rapidpro.headers(),
    )
    assert field.status_code == 201
    assert field.headers["Allow"] == "POST, OPTIONS"
