"""The shop's fixture sections (products and their catalog, discount codes, locations,
business hours; each flow's carts and orders): the team the other shop tests load, what
export gives back, and the errors of wrong entries."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.fixtures import FixtureError
from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import FlochatClient, answer, load_team


def _shop_team() -> dict[str, Any]:
    team = copy.deepcopy(helpers.SEED_TEAM)
    team["team"]["currency"] = "BRL"
    team["product_tags"] = [{"id": 1, "name": "Verão"}, {"id": 2, "name": "Promo"}]
    team["product_types"] = [{"id": 1, "name": "Roupas"}, {"id": 2, "name": "Casa"}]
    team["product_vendors"] = [{"id": 1, "name": "Ateliê Ana"}]
    team["products"] = [
        {
            "id": 1,
            "name": "Camiseta",
            "description": "Algodão orgânico",
            "image": "https://loja.example/camiseta.png",
            "type": "Roupas",
            "vendor": "Ateliê Ana",
            "tags": ["Verão", "Promo"],
            "use_variant": True,
            "variant_1_name": "Cor",
            "variant_2_name": "Tamanho",
            "variants": [
                {
                    "id": 11,
                    "variant_1_value": "Azul",
                    "variant_2_value": "M",
                    "price": 59.9,
                    "compare_price": "79.90",
                    "sku": "CAM-AZ-M",
                    "track_stock": True,
                    "qty": 5,
                },
                {
                    "id": 12,
                    "variant_1_value": "Azul",
                    "variant_2_value": "G",
                    "price": 59.9,
                    "track_stock": True,
                    "allow_no_stock_sell": True,
                    "qty": 0,
                },
                {
                    "id": 13,
                    "variant_1_value": "Verde",
                    "variant_2_value": "M",
                    "image": "https://loja.example/verde.png",
                    "price": 64.9,
                    "taxable": True,
                },
            ],
        },
        {
            "id": 2,
            "name": "Caneca",
            "type": "Casa",
            "variants": [{"id": 21, "price": 35, "track_stock": True, "qty": 3}],
        },
        {"id": 3, "name": "Vela", "status": "inactive", "price": 20},
    ]
    team["discount_codes"] = [
        {
            "id": 1,
            "code": "BEMVINDA10",
            "type": "percentage",
            "discount_percentage": 10,
            "start_time": "2026-01-01 00:00:00",
            "end_time": "2026-12-31 23:59:59",
        }
    ]
    team["locations"] = [
        {
            "id": 1,
            "name": "Loja Recife",
            "address": "Rua da Aurora, 100, Recife",
            "lat": -8.0631,
            "lng": -34.8711,
        }
    ]
    team["business_hours"] = [
        {"id": "1", "option": "open_1", "start": "09:00", "end": "18:00"},
        {"id": "7", "option": "close"},
    ]
    flow, other = team["flows"]
    flow["carts"] = [{"user_ns": "f123u1", "items": [{"variant_id": 11, "qty": 2}]}]
    flow["orders"] = [
        {
            "id": 1,
            "user_ns": "f123u1",
            "status": "paid",
            "items": [{"variant_id": 21, "qty": 1}],
            "payment_method": "pix",
            "shipping_method": "pickup",
            "created_at": "2026-02-20 10:00:00",
        }
    ]
    other["subscribers"] = [{"user_ns": "f456u1", "first_name": "Bia", "phone": "+5581999990000"}]
    other["orders"] = [
        {"id": 2, "user_ns": "f456u1", "status": "ordered", "items": [{"variant_id": 13}]}
    ]
    return team


#: helpers.SEED_TEAM with a shop: three products (one with variants, one with a default variant
#: 21, an inactive one), a cart for Carla (f123u1), an order in each flow.
SHOP_TEAM = _shop_team()


def load_shop(sandbox: Sandbox) -> dict[str, int]:
    return load_team(sandbox, SHOP_TEAM)


@pytest.fixture
def team(client: Client, sandbox: Sandbox, frozen: object) -> FlochatClient:
    """The shop team loaded; a key with "Manage Team" only (the catalog's and the store's
    tests import this fixture)."""
    load_shop(sandbox)
    return FlochatClient(client, helpers.TEAM_ONLY_KEY)


@pytest.fixture
def flow_only(client: Client) -> FlochatClient:
    return FlochatClient(client, helpers.FLOW_ONLY_KEY)


@pytest.fixture
def shop(sandbox: Sandbox, frozen: object) -> dict[str, int]:
    return load_shop(sandbox)


def exported_shop(sandbox: Sandbox) -> dict[str, Any]:
    section: dict[str, Any] = sandbox.export("default")["workspaces"]["default"]["flochat"]
    return section


def test_the_shop_loads_with_its_counts(shop: dict[str, int]) -> None:
    assert {key: shop[key] for key in ("product_tags", "product_types", "product_vendors")} == {
        "product_tags": 2,
        "product_types": 2,
        "product_vendors": 1,
    }
    assert (shop["products"], shop["discount_codes"], shop["locations"]) == (3, 1, 1)
    assert (shop["business_hours"], shop["carts"], shop["orders"]) == (2, 1, 2)


def test_export_gives_the_shop_back_as_it_loads(sandbox: Sandbox, shop: object) -> None:
    exported = sandbox.export("default")
    section = exported["workspaces"]["default"]["flochat"]
    assert section["team"]["currency"] == "BRL"
    assert section["products"][1] == {
        "id": 2,
        "name": "Caneca",
        "description": "",
        "image": "",
        "note": "",
        "status": "active",
        "type": "Casa",
        "vendor": "",
        "tags": [],
        "use_variant": False,
        "variant_1_name": "",
        "variant_2_name": "",
        "variants": [
            {
                "id": 21,
                "variant_1_value": "",
                "variant_2_value": "",
                "image": "",
                "price": 35,
                "compare_price": 0,
                "taxable": False,
                "sku": "",
                "barcode": "",
                "track_stock": True,
                "allow_no_stock_sell": False,
                "qty": 3,
            }
        ],
    }
    assert section["products"][2]["variants"][0]["id"] == 22
    assert section["business_hours"] == [
        {"id": "1", "name": "Monday", "option": "open_1", "start": "09:00", "end": "18:00"},
        {"id": "7", "name": "Sunday", "option": "close"},
    ]
    flow = section["flows"][0]
    assert flow["carts"] == [
        {
            "id": 1,
            "user_ns": "f123u1",
            "items": [{"variant_id": 11, "qty": 2}],
            "created_at": "2026-03-01 12:00:00",
            "updated_at": "2026-03-01 12:00:00",
        }
    ]
    assert flow["orders"] == [
        {
            "id": 1,
            "user_ns": "f123u1",
            "status": "paid",
            "currency": "brl",
            "items": [
                {
                    "variant_id": 21,
                    "product_id": 2,
                    "name": "Caneca",
                    "desc": "",
                    "image": "",
                    "price": 35,
                    "compare_price": 0,
                    "qty": 1,
                }
            ],
            "shipping_method": "pickup",
            "payment_method": "pix",
            "created_at": "2026-02-20 10:00:00",
            "updated_at": "2026-02-20 10:00:00",
        }
    ]
    sandbox.reset()
    sandbox.load_fixtures(exported)
    assert sandbox.export("default") == exported


def test_export_shows_what_the_api_changed(sandbox: Sandbox, client: Client, shop: object) -> None:
    flochat = FlochatClient(client)
    answer(flochat.post("/subscriber/cart-paid", {"user_ns": "f123u1", "note": "Presente"}))
    section = exported_shop(sandbox)
    order = section["flows"][0]["orders"][-1]
    assert (order["id"], order["status"], order["note"], order["name"]) == (
        3,
        "paid",
        "Presente",
        "Carla Mendes",
    )
    assert order["items"][0]["name"] == "Camiseta (Azul / M)"
    assert section["flows"][0]["carts"][0]["items"] == []
    assert section["products"][0]["variants"][0]["qty"] == 3


def test_orders_outlive_their_products(sandbox: Sandbox, client: Client, shop: object) -> None:
    """An order keeps its copy of a deleted product, and export writes it so that it
    loads back without the product."""
    answer(FlochatClient(client).delete("/shop/products/2/delete"))
    exported = sandbox.export("default")
    sandbox.reset()
    sandbox.load_fixtures(exported)
    assert sandbox.export("default") == exported
    flochat = FlochatClient(client)
    assert answer(flochat.get("/shop/orders/1/get-info"))["data"] == {
        "id": 1,
        "total_price": 35,
        "num_of_items": 1,
    }


def test_a_deleted_subscribers_cart_goes_and_orders_stay(
    sandbox: Sandbox, client: Client, shop: object
) -> None:
    """Export after a subscriber is deleted loads back: the cart went with its subscriber,
    the orders (the team's records) stay under the deleted user_ns."""
    flochat = FlochatClient(client)
    answer(flochat.delete("/subscriber/delete", {"user_ns": "f123u1"}))
    exported = sandbox.export("default")
    section = exported["workspaces"]["default"]["flochat"]
    assert "carts" not in section["flows"][0]
    assert [order["user_ns"] for order in section["flows"][0]["orders"]] == ["f123u1"]
    sandbox.reset()
    sandbox.load_fixtures(exported)
    assert sandbox.export("default") == exported
    orders = answer(
        FlochatClient(client, helpers.TEAM_ONLY_KEY).get("/shop/orders", user_ns="f123u1")
    )
    assert orders == {
        "data": [{"id": 1, "total": "35.00", "currency": "brl", "status": "paid"}],
        "status": "ok",
    }


def _changed(path: list[Any], value: Any) -> dict[str, Any]:
    team = copy.deepcopy(SHOP_TEAM)
    target: Any = team
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return team


PREFIX = "workspaces.default.flochat."


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["product_tags", 1, "name"], "verão", "product_tags[1].name: another product tag"),
        (["product_types", 1, "id"], 1, "product_types[1].id: another product type has id 1"),
        (["products", 0, "variants", 0, "price"], "abc", "products[0].variants[0].price: must"),
        (["products", 0, "variants", 1, "variant_1_value"], "", "variant_1_value: must not be"),
        (["products", 0, "variants", 1, "variant_2_value"], "m", "variants[1]: another variant"),
        (["products", 0, "variant_1_name"], "", "products[0].variant_1_name: a product with"),
        (["products", 1, "price"], 3, "products[1].price: give it in the product's one"),
        (["products", 2, "variants"], [{}, {}], "products[2].variants: a product without"),
        (["products", 2, "id"], 1, "products[2].id: another product has id 1"),
        (["products", 1, "variants", 0, "id"], 11, "variants[0].id: another variant has id 11"),
        (["products", 1, "status"], "draft", "products[1].status: must be one of"),
        (["discount_codes", 0, "discount_percentage"], 0, "discount_codes[0]: The discount"),
        (["discount_codes", 0, "end_time"], "2026-12-31", "end_time: must read Y-m-d H:i:s"),
        (["locations", 0, "lat"], 91, "locations[0].lat:"),
        (["business_hours", 1, "id"], "1", "business_hours[1].id: day 1 is listed twice"),
        (["business_hours", 0, "end"], "08:00", "business_hours[0]: The end must be a time"),
        (["business_hours", 0, "name"], "Sunday", "business_hours[0].name: day 1 is Monday"),
        (["flows", 0, "carts", 0, "user_ns"], "f123u9", "carts[0].user_ns: no subscriber"),
        (["flows", 0, "carts", 0, "items", 0, "variant_id"], 99, "items[0].variant_id: no var"),
        (["flows", 0, "orders", 0, "items"], [], "orders[0].items: an order has at least one"),
        (["flows", 0, "orders", 0, "items", 0, "variant_id"], 99, "no variant 99: give the"),
        (["flows", 0, "orders", 0, "status"], "lost", "orders[0].status: must be one of"),
        (["flows", 0, "orders", 0, "user_ns"], "ana", "orders[0].user_ns: no subscriber 'ana'"),
        (["flows", 0, "orders", 0, "user_ns"], "f456u1", "orders[0].user_ns: no subscriber"),
        (["flows", 1, "orders", 0, "id"], 1, "flows[1].orders[0].id: another order has id 1"),
    ],
)
def test_wrong_shop_entries_name_their_path(
    sandbox: Sandbox, path: list[Any], value: Any, message: str
) -> None:
    with pytest.raises(FixtureError) as raised:
        load_team(sandbox, _changed(path, value))
    assert str(raised.value).startswith(PREFIX)
    assert message in str(raised.value)


def test_an_order_line_of_a_deleted_product_loads_from_its_own_details(
    sandbox: Sandbox, client: Client, frozen: object
) -> None:
    line = {"variant_id": 99, "product_id": 9, "name": "Velha", "price": "10.50", "qty": 2}
    load_team(sandbox, _changed(["flows", 0, "orders", 0, "items"], [line]))
    order = answer(FlochatClient(client).get("/shop/orders/1/get-info"))["data"]
    assert order == {"id": 1, "total_price": 21, "num_of_items": 2}


@pytest.mark.parametrize(
    ("path", "body", "new_id"),
    [
        ("/shop/product-tags/2", {"name": "Novo"}, 3),
        ("/shop/product-types/2", {"name": "Novo"}, 3),
        ("/shop/product-vendors/1", {"name": "Novo"}, 2),
        (
            "/shop/discount-codes/1",
            {
                "code": "NOVO",
                "type": "free_shipping",
                "start_time": "2026-03-01 00:00:00",
                "end_time": "2026-04-01 00:00:00",
            },
            2,
        ),
        ("/shop/locations/1", {"name": "Olinda", "address": "Rua Amparo", "lat": 0, "lng": 0}, 2),
    ],
)
def test_a_fixtures_ids_are_never_given_again(
    client: Client, shop: object, path: str, body: dict[str, Any], new_id: int
) -> None:
    """Ids are AUTO_INCREMENTs: deleting the row a fixture gave the highest id does not
    free it."""
    team = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    answer(team.delete(f"{path}/delete"))
    collection = path.rsplit("/", 1)[0]
    assert answer(team.post(f"{collection}/create", body))["data"]["id"] == new_id


def test_a_deleted_products_variant_ids_are_not_given_again(client: Client, shop: object) -> None:
    team = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    answer(team.delete("/shop/products/3/delete"))  # product 3 and its variant 22
    product = answer(team.post("/shop/products/create", {"name": "Sabonete", "price": 12}))
    assert (product["data"]["id"], product["data"]["variants"][0]["id"]) == (4, 23)
