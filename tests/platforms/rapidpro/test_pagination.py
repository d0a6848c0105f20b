"""Cursor paging of /api/v2/contacts.json in both profiles.

rapidpro.md §2.2 (ordering `-modified_on,-id`, 250 per page, DRF CursorPagination envelope,
absolute `next` URLs, bad cursor 404) and §6 (clients follow the absolute `next` URL, so
it must include any mount prefix); docs/rapidpro-fidelity.md §5 (Weni `limit` and
`order_by`, query parameters carried into the page URLs, the 404 body per flavour).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.test import Client, TestResponse

from sandbox.app import SandboxApp
from tests.conftest import RAPIDPRO_AUTH, MakeApp
from tests.platforms.rapidpro.helpers import Org

PAGE = 250
BASE = datetime(2026, 1, 1, tzinfo=timezone.utc)
MOUNTED = "http://localhost/rapidpro/api/v2/contacts.json"


def contact_uuid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def stamp(seconds: int) -> str:
    return (BASE + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Seeded:
    """A seeded contact: its number and its timestamps (as the API shows them)."""

    n: int
    created_on: str
    modified_on: str


class PagingOrg(Org):
    """An Org with numbered seed contacts and the contacts endpoint's pages."""

    def seed_numbered(self, count: int, *, same_time: bool = False) -> list[Seeded]:
        """`count` contacts; contact n is modified n seconds after BASE and created in a
        different order ((7n mod count) seconds after BASE), unless `same_time`."""
        seeded = []
        for n in range(count):
            if same_time:
                seeded.append(Seeded(n, stamp(0), stamp(0)))
            else:
                seeded.append(Seeded(n, stamp((7 * n) % count), stamp(n)))
        contacts = [
            {
                "uuid": contact_uuid(s.n),
                "name": f"Contact {s.n:03d}",
                "urns": [f"twitter:c{s.n}"],
                "created_on": s.created_on,
                "modified_on": s.modified_on,
            }
            for s in seeded
        ]
        self.seed(contacts=contacts)
        return seeded

    def shown(self, seeded: Seeded) -> dict[str, Any]:
        """The whole contact as this flavour lists it."""
        return self.contact(
            contact_uuid(seeded.n),
            name=f"Contact {seeded.n:03d}",
            urns=[f"twitter:c{seeded.n}"],
            created_on=seeded.created_on,
            modified_on=seeded.modified_on,
        )

    def shown_all(self, seeded: list[Seeded]) -> list[dict[str, Any]]:
        return [self.shown(s) for s in seeded]

    def get(self, **params: Any) -> TestResponse:
        return self.api.get("contacts", **params)

    def follow(self, url: str) -> TestResponse:
        """GET an absolute page URL exactly as the server gave it (host and scheme too)."""
        return follow(self.api.client, url, self.api.headers())

    def page(self, response: TestResponse) -> dict[str, Any]:
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.json
        assert body is not None
        assert list(body) == ["next", "previous", "results"]
        return body

    def walk(self, **params: Any) -> Iterator[dict[str, Any]]:
        """Every page, following `next` from the first one."""
        body = self.page(self.get(**params))
        yield body
        while body["next"] is not None:
            body = self.page(self.follow(body["next"]))
            yield body


@pytest.fixture
def org_type(frozen: datetime) -> type[PagingOrg]:
    """`weni`, `up` and `org` are PagingOrgs, on the frozen clock."""
    return PagingOrg


def follow(client: Client, url: str, headers: dict[str, str]) -> TestResponse:
    parts = urlsplit(url)
    return client.get(
        parts.path,
        query_string=parts.query,
        base_url=f"{parts.scheme}://{parts.netloc}",
        headers=headers,
    )


def newest_first(seeded: list[Seeded]) -> list[Seeded]:
    """Default order: -modified_on, -id (fixture order is id order)."""
    return sorted(seeded, key=lambda s: (s.modified_on, s.n), reverse=True)


def oldest_first(seeded: list[Seeded]) -> list[Seeded]:
    return sorted(seeded, key=lambda s: (s.modified_on, s.n))


def assert_page_url(url: str | None, base: str, **params: str) -> str:
    """`url` is `base` with the request's other parameters and a cursor; returns the cursor."""
    assert url is not None
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == base
    query = parse_qs(parts.query, keep_blank_values=True)
    cursor = query.pop("cursor")
    assert len(cursor) == 1 and cursor[0]
    assert query == {key: [value] for key, value in params.items()}
    return cursor[0]


def collect(org: PagingOrg, **params: Any) -> tuple[list[str], list[int]]:
    """The uuids of every page in order, and each page's size."""
    found: list[str] = []
    sizes: list[int] = []
    for body in org.walk(**params):
        found += [result["uuid"] for result in body["results"]]
        sizes.append(len(body["results"]))
    return found, sizes


def uuids_of(seeded: list[Seeded]) -> list[str]:
    return [contact_uuid(s.n) for s in seeded]


# == pages ===================================================================================


def assert_a_first_page(body: dict[str, Any], results: list[dict[str, Any]]) -> None:
    """A first page: these results, no previous link (whatever its next link is)."""
    assert body == {"next": body["next"], "previous": None, "results": results}


def test_first_page_has_250_newest_and_an_absolute_next(org: PagingOrg) -> None:
    seeded = org.seed_numbered(300)
    response = org.get()
    body = org.page(response)
    assert_page_url(body["next"], MOUNTED)
    assert_a_first_page(body, org.shown_all(newest_first(seeded)[:PAGE]))


def test_next_page_holds_the_rest_and_links_back(org: PagingOrg) -> None:
    seeded = org.seed_numbered(300)
    first = org.page(org.get())
    second = org.page(org.follow(first["next"]))
    assert_page_url(second["previous"], MOUNTED)
    assert second == {
        "next": None,
        "previous": second["previous"],
        "results": org.shown_all(newest_first(seeded)[PAGE:]),
    }
    back = org.page(org.follow(second["previous"]))
    assert_page_url(back["next"], MOUNTED)
    assert_a_first_page(back, first["results"])
    again = org.page(org.follow(back["next"]))
    assert again["results"] == second["results"]


def test_exactly_one_page(org: PagingOrg) -> None:
    seeded = org.seed_numbered(PAGE)
    assert org.page(org.get()) == {
        "next": None,
        "previous": None,
        "results": org.shown_all(newest_first(seeded)),
    }


def test_one_more_than_a_page(org: PagingOrg) -> None:
    seeded = org.seed_numbered(PAGE + 1)
    first = org.page(org.get())
    assert len(first["results"]) == PAGE
    second = org.page(org.follow(first["next"]))
    assert second == {
        "next": None,
        "previous": second["previous"],
        "results": [org.shown(newest_first(seeded)[-1])],
    }


def test_next_url_uses_the_request_host_and_scheme(org: PagingOrg) -> None:
    org.seed_numbered(260)
    response = org.api.client.get(
        org.api.url("contacts"),
        base_url="https://sandbox.example:8443",
        headers=org.api.headers(),
    )
    body = org.page(response)
    assert_page_url(body["next"], "https://sandbox.example:8443/rapidpro/api/v2/contacts.json")
    second = org.page(org.follow(body["next"]))
    assert len(second["results"]) == 10
    assert_page_url(
        second["previous"], "https://sandbox.example:8443/rapidpro/api/v2/contacts.json"
    )


@pytest.fixture
def single_platform(make_app: MakeApp) -> SandboxApp:
    return make_app(seed=1234, platform="rapidpro")


def test_next_url_in_single_platform_mode(single_platform: SandboxApp) -> None:
    contacts = [
        {"uuid": contact_uuid(n), "urns": [f"twitter:c{n}"], "modified_on": stamp(n)}
        for n in range(255)
    ]
    single_platform.sandbox.load_fixtures(
        {"workspaces": {"default": {"rapidpro": {"contacts": contacts}}}}
    )
    client = Client(single_platform)
    response = client.get("/api/v2/contacts.json", headers=RAPIDPRO_AUTH)
    assert response.status_code == 200
    body = response.json
    assert len(body["results"]) == PAGE
    assert_page_url(body["next"], "http://localhost/api/v2/contacts.json")
    response = follow(client, body["next"], RAPIDPRO_AUTH)
    assert response.status_code == 200
    second = response.json
    assert [r["uuid"] for r in second["results"]] == [contact_uuid(n) for n in range(4, -1, -1)]
    assert second["next"] is None
    assert_page_url(second["previous"], "http://localhost/api/v2/contacts.json")


# == every record exactly once =================================================================


@pytest.mark.parametrize("same_time", [False, True], ids=["distinct-times", "same-time"])
def test_paging_reaches_every_record_once(org: PagingOrg, same_time: bool) -> None:
    seeded = org.seed_numbered(620, same_time=same_time)
    found, sizes = collect(org)
    assert sizes == [250, 250, 120]
    assert found == uuids_of(newest_first(seeded))
    assert len(set(found)) == 620


@pytest.mark.parametrize("same_time", [False, True], ids=["distinct-times", "same-time"])
def test_reverse_paging_reaches_every_record_once(org: PagingOrg, same_time: bool) -> None:
    seeded = org.seed_numbered(620, same_time=same_time)
    pages = list(org.walk(reverse="true"))
    for body in pages[:-1]:
        assert_page_url(body["next"], MOUNTED, reverse="true")
    found = [result["uuid"] for body in pages for result in body["results"]]
    assert [len(body["results"]) for body in pages] == [250, 250, 120]
    assert found == uuids_of(oldest_first(seeded))


def test_reverse_first_page(org: PagingOrg) -> None:
    seeded = org.seed_numbered(300)
    body = org.page(org.get(reverse="true"))
    assert_a_first_page(body, org.shown_all(oldest_first(seeded)[:PAGE]))


def test_walking_back_with_previous(org: PagingOrg) -> None:
    seeded = org.seed_numbered(620)
    pages = list(org.walk())
    last = pages[-1]
    backwards: list[str] = []
    body = last
    while body["previous"] is not None:
        body = org.page(org.follow(body["previous"]))
        backwards = [result["uuid"] for result in body["results"]] + backwards
    assert backwards == uuids_of(newest_first(seeded))[:500]


# == stability ===============================================================================


def create_contacts(org: PagingOrg, count: int) -> list[str]:
    created = []
    for n in range(count):
        response = org.api.post("contacts", {"name": f"New {n}"})
        assert response.status_code == 201
        created.append(response.json["uuid"])
    return created


def test_records_added_between_pages_do_not_shift_the_next_page(org: PagingOrg) -> None:
    seeded = org.seed_numbered(300)
    first = org.page(org.get())
    create_contacts(org, 5)  # modified now: they sort before page one
    second = org.page(org.follow(first["next"]))
    assert second["next"] is None
    assert second["results"] == org.shown_all(newest_first(seeded)[PAGE:])


def test_records_added_between_pages_appear_at_the_end_of_reverse_paging(org: PagingOrg) -> None:
    seeded = org.seed_numbered(300)
    first = org.page(org.get(reverse="true"))
    created = create_contacts(org, 5)
    second = org.page(org.follow(first["next"]))
    assert second["next"] is None
    found = [result["uuid"] for result in second["results"]]
    assert found == uuids_of(oldest_first(seeded)[PAGE:]) + created


def test_deleting_the_page_boundary_record_keeps_the_next_page(org: PagingOrg) -> None:
    seeded = org.seed_numbered(300)
    first = org.page(org.get())
    boundary = first["results"][-1]["uuid"]
    assert org.api.delete("contacts", uuid=boundary).status_code == 204
    second = org.page(org.follow(first["next"]))
    assert second["results"] == org.shown_all(newest_first(seeded)[PAGE:])


def test_updating_a_seen_record_does_not_repeat_it(org: PagingOrg) -> None:
    seeded = org.seed_numbered(300)
    first = org.page(org.get())
    seen = first["results"][10]["uuid"]
    response = org.api.post("contacts", {"name": "Renamed"}, uuid=seen)
    assert response.status_code == 200
    second = org.page(org.follow(first["next"]))
    assert second["results"] == org.shown_all(newest_first(seeded)[PAGE:])


def test_page_urls_keep_the_other_parameters(org: PagingOrg) -> None:
    org.seed_numbered(300)
    body = org.page(org.get(reverse="true", after=stamp(0), before=stamp(299)))
    assert_page_url(body["next"], MOUNTED, reverse="true", after=stamp(0), before=stamp(299))
    second = org.page(org.follow(body["next"]))
    assert len(second["results"]) == 50
    assert_page_url(second["previous"], MOUNTED, reverse="true", after=stamp(0), before=stamp(299))


# == invalid cursors =========================================================================


@pytest.mark.parametrize("cursor", ["not-a-cursor!", "abc", "cD0xMjM=x", "%%%"])
def test_invalid_cursor(org: PagingOrg, cursor: str) -> None:
    org.seed_numbered(3)
    response = org.get(cursor=cursor)
    assert response.status_code == 404
    detail = "Not found." if org.weni else "Invalid cursor"
    assert response.json == {"detail": detail}


# == Weni limit and order_by =================================================================


def test_weni_limit_sets_the_page_size(weni: PagingOrg) -> None:
    seeded = weni.seed_numbered(300)
    pages = list(weni.walk(limit="100"))
    assert [len(body["results"]) for body in pages] == [100, 100, 100]
    for body in pages[:-1]:
        assert_page_url(body["next"], MOUNTED, limit="100")
    assert pages[-1]["next"] is None
    assert_page_url(pages[-1]["previous"], MOUNTED, limit="100")
    found = [result["uuid"] for body in pages for result in body["results"]]
    assert found == uuids_of(newest_first(seeded))
    assert pages[0] == {
        "next": pages[0]["next"],
        "previous": None,
        "results": weni.shown_all(newest_first(seeded)[:100]),
    }


def test_weni_limit_has_no_upper_cap(weni: PagingOrg) -> None:
    seeded = weni.seed_numbered(300)
    assert weni.page(weni.get(limit="1000")) == {
        "next": None,
        "previous": None,
        "results": weni.shown_all(newest_first(seeded)),
    }


@pytest.mark.parametrize("limit", ["0", "-5", "abc", "2.5", ""])
def test_weni_invalid_limit_falls_back_to_250(weni: PagingOrg, limit: str) -> None:
    weni.seed_numbered(300)
    body = weni.page(weni.get(limit=limit))
    assert len(body["results"]) == PAGE


def test_upstream_ignores_limit(up: PagingOrg) -> None:
    seeded = up.seed_numbered(300)
    body = up.page(up.get(limit="100"))
    assert body["results"] == up.shown_all(newest_first(seeded)[:PAGE])
    assert_page_url(body["next"], MOUNTED, limit="100")


def by_created(descending: bool) -> Callable[[list[Seeded]], list[Seeded]]:
    def order(seeded: list[Seeded]) -> list[Seeded]:
        return sorted(seeded, key=lambda s: s.created_on, reverse=descending)

    return order


@pytest.mark.parametrize(
    ("order_by", "order"),
    [
        ("created_on", by_created(False)),
        ("-created_on", by_created(True)),
        ("modified_on", oldest_first),
        ("name", newest_first),  # not accepted: the default order
        ("-modified_on", newest_first),  # not accepted either
    ],
)
def test_weni_order_by(
    weni: PagingOrg, order_by: str, order: Callable[[list[Seeded]], list[Seeded]]
) -> None:
    seeded = weni.seed_numbered(300)
    pages = list(weni.walk(order_by=order_by, limit="120"))
    assert [len(body["results"]) for body in pages] == [120, 120, 60]
    for body in pages[:-1]:
        assert_page_url(body["next"], MOUNTED, limit="120", order_by=order_by)
    assert pages[0]["results"] == weni.shown_all(order(seeded)[:120])
    found = [result["uuid"] for body in pages for result in body["results"]]
    assert found == uuids_of(order(seeded))


def test_weni_order_by_wins_over_reverse(weni: PagingOrg) -> None:
    seeded = weni.seed_numbered(300)
    found, _ = collect(weni, order_by="-created_on", reverse="true")
    assert found == uuids_of(by_created(True)(seeded))


def test_weni_order_by_created_on_with_additions(weni: PagingOrg) -> None:
    seeded = weni.seed_numbered(300)
    first = weni.page(weni.get(order_by="created_on"))
    created = create_contacts(weni, 3)
    second = weni.page(weni.follow(first["next"]))
    found = [result["uuid"] for result in second["results"]]
    assert found == uuids_of(by_created(False)(seeded)[PAGE:]) + created


def test_upstream_ignores_order_by(up: PagingOrg) -> None:
    seeded = up.seed_numbered(300)
    found, _ = collect(up, order_by="created_on")
    assert found == uuids_of(newest_first(seeded))
