"""The shop's catalog ("Manage Team"): product tags, types and vendors, products and their
variants."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, wrapped
from tests.platforms.flochat.test_shop_fixtures import exported_shop, flow_only, team

__all__ = ["flow_only", "team"]


# -- product tags, types, vendors -----------------------------------------------------------

KINDS = [
    ("/shop/product-tags", "Product tag", [{"id": 1, "name": "Verão"}, {"id": 2, "name": "Promo"}]),
    (
        "/shop/product-types",
        "Product type",
        [{"id": 1, "name": "Roupas"}, {"id": 2, "name": "Casa"}],
    ),
    ("/shop/product-vendors", "Product vendor", [{"id": 1, "name": "Ateliê Ana"}]),
]
kinds = pytest.mark.parametrize(("path", "thing", "loaded"), KINDS)


@kinds
def test_catalog_lists_search_and_page(
    team: FlochatClient, path: str, thing: str, loaded: list[dict[str, Any]]
) -> None:
    assert answer(team.get(path)) == {"data": loaded}
    assert answer(team.get(path, name=loaded[0]["name"][1:3].upper())) == {"data": loaded[:1]}
    assert answer(team.get(path, limit=1, page=2)) == {"data": loaded[1:2]}
    assert answer(team.get(path, limit=101), 400) == error("The limit must be between 1 and 100.")


@kinds
def test_catalog_get_info(
    team: FlochatClient, path: str, thing: str, loaded: list[dict[str, Any]]
) -> None:
    assert answer(team.get(f"{path}/1/get-info")) == wrapped(loaded[0])
    for wrong in ("99", "abc", "1.0", "²", "99999999999999999999999"):
        assert answer(team.get(f"{path}/{wrong}/get-info"), 400) == error(f"{thing} not found")


@kinds
def test_catalog_create(
    team: FlochatClient, path: str, thing: str, loaded: list[dict[str, Any]]
) -> None:
    created = answer(team.post(f"{path}/create", {"name": " Novo "}))
    new = {"id": len(loaded) + 1, "name": "Novo"}
    assert created == wrapped(new)
    assert answer(team.get(path))["data"][-1] == new
    taken = loaded[0]["name"].upper()
    assert answer(team.post(f"{path}/create", {"name": taken}), 400) == error(
        f"{thing} already exists"
    )
    assert answer(team.post(f"{path}/create", {}), 400) == error("The name field is required.")
    assert answer(team.post(f"{path}/create", {"name": "x" * 256}), 400) == error(
        "The name must not be greater than 255 characters."
    )


@kinds
def test_catalog_update(
    team: FlochatClient, path: str, thing: str, loaded: list[dict[str, Any]]
) -> None:
    renamed = answer(team.put(f"{path}/1/update", {"name": "Renamed"}))
    assert renamed == wrapped({"id": 1, "name": "Renamed"})
    assert answer(team.get(f"{path}/1/get-info")) == renamed
    assert answer(team.put(f"{path}/1/update", {"name": "RENAMED"})) == wrapped(
        {"id": 1, "name": "RENAMED"}
    )
    assert answer(team.put(f"{path}/1/update", {})) == wrapped({"id": 1, "name": "RENAMED"})
    assert answer(team.put(f"{path}/1/update", {"name": " "}), 400) == error(
        "The name field must have a value."
    )
    assert answer(team.put(f"{path}/9/update", {"name": "X"}), 400) == error(f"{thing} not found")
    if len(loaded) > 1:
        assert answer(team.put(f"{path}/1/update", {"name": loaded[1]["name"]}), 400) == error(
            f"{thing} already exists"
        )


@kinds
def test_catalog_delete(
    team: FlochatClient, path: str, thing: str, loaded: list[dict[str, Any]]
) -> None:
    assert answer(team.delete(f"{path}/1/delete")) == OK
    assert answer(team.get(path)) == {"data": loaded[1:]}
    assert answer(team.delete(f"{path}/1/delete"), 400) == error(f"{thing} not found")


def test_deleting_a_type_vendor_or_tag_takes_it_off_products(
    team: FlochatClient, sandbox: Sandbox
) -> None:
    for path in ("/shop/product-types/1", "/shop/product-vendors/1", "/shop/product-tags/1"):
        answer(team.delete(f"{path}/delete"))
    product = answer(team.get("/shop/products/1/get-info"))["data"]
    assert (product["type"], product["vendor"]) == ("", "")
    assert exported_shop(sandbox)["products"][0]["tags"] == ["Promo"]


def test_renaming_a_type_renames_it_on_products(team: FlochatClient) -> None:
    answer(team.put("/shop/product-types/1/update", {"name": "Moda"}))
    assert answer(team.get("/shop/products/1/get-info"))["data"]["type"] == "Moda"


@pytest.mark.parametrize("path", [kind[0] for kind in KINDS])
def test_catalog_needs_manage_team(
    team: FlochatClient, flow_only: FlochatClient, path: str
) -> None:
    helpers.assert_resource_refused(flow_only, path, create={"name": "X"}, update={"name": "X"})


# -- products ---------------------------------------------------------------------------------

CAMISETA_VARIANT = {
    "product_id": 1,
    "option_1": "Cor",
    "option_2": "Tamanho",
    "name": "Camiseta",
    "desc": "Algodão orgânico",
    "image": "https://loja.example/camiseta.png",
    "compare_price": 0,
    "sku": "",
    "barcode": "",
}
CAMISETA = {
    "id": 1,
    "name": "Camiseta",
    "description": "Algodão orgânico",
    "image": "https://loja.example/camiseta.png",
    "use_variant": True,
    "total_qty": 5,
    "num_of_variants": 3,
    "track_stock": True,
    "type": "Roupas",
    "vendor": "Ateliê Ana",
    "variants": [
        {
            **CAMISETA_VARIANT,
            "id": 11,
            "option_1_value": "Azul",
            "option_2_value": "M",
            "price": 59.9,
            "compare_price": 79.9,
            "sku": "CAM-AZ-M",
        },
        {
            **CAMISETA_VARIANT,
            "id": 12,
            "option_1_value": "Azul",
            "option_2_value": "G",
            "price": 59.9,
        },
        {
            **CAMISETA_VARIANT,
            "id": 13,
            "option_1_value": "Verde",
            "option_2_value": "M",
            "image": "https://loja.example/verde.png",
            "price": 64.9,
        },
    ],
}


def default_variant(product_id: int, variant_id: int, name: str, **values: Any) -> dict[str, Any]:
    return {
        "id": variant_id,
        "product_id": product_id,
        "option_1": "",
        "option_2": "",
        "option_1_value": "",
        "option_2_value": "",
        "name": name,
        "desc": "",
        "image": "",
        "price": 0,
        "compare_price": 0,
        "sku": "",
        "barcode": "",
        **values,
    }


def test_product_get_info(team: FlochatClient) -> None:
    assert answer(team.get("/shop/products/1/get-info")) == wrapped(CAMISETA)
    assert answer(team.get("/shop/products/2/get-info")) == wrapped(
        {
            "id": 2,
            "name": "Caneca",
            "description": "",
            "image": "",
            "use_variant": False,
            "total_qty": 3,
            "num_of_variants": 1,
            "track_stock": True,
            "type": "Casa",
            "vendor": "",
            "variants": [default_variant(2, 21, "Caneca", price=35)],
        }
    )
    for wrong in ("9", "x", "²", "99999999999999999999999"):
        assert answer(team.get(f"/shop/products/{wrong}/get-info"), 400) == error(
            "Product not found"
        )


def test_products_list_filters_and_pages(team: FlochatClient) -> None:
    def ids(**params: Any) -> list[int]:
        return [product["id"] for product in answer(team.get("/shop/products", **params))["data"]]

    assert answer(team.get("/shop/products"))["data"][0] == CAMISETA
    assert ids() == [1, 2, 3]
    assert ids(name="CAN") == [2]
    assert ids(product_type_id=2) == [2]
    assert ids(vendor_id=1) == [1]
    assert ids(vendor_id=9) == []
    assert ids(limit=2, page=2) == [3]
    assert answer(team.get("/shop/products", product_type_id="x"), 400) == error(
        "The product type id must be an integer."
    )


def test_create_a_product_without_variants(team: FlochatClient) -> None:
    body = {
        "name": "Sabonete",
        "description": "Artesanal",
        "image": "https://loja.example/sabonete.png",
        "type": "Banho",
        "vendor": "ateliê ana",
        "tags": ["Promo", "Novo", "Novo"],
        "price": "12.345",
        "compare_price": 15,
        "sku": "SAB-1",
        "track_stock": 1,
        "qty": 40,
    }
    created = answer(team.post("/shop/products/create", body))
    assert created == wrapped(
        {
            "id": 4,
            "name": "Sabonete",
            "description": "Artesanal",
            "image": "https://loja.example/sabonete.png",
            "use_variant": False,
            "total_qty": 40,
            "num_of_variants": 1,
            "track_stock": True,
            "type": "Banho",
            "vendor": "Ateliê Ana",
            "variants": [
                default_variant(
                    4,
                    23,
                    "Sabonete",
                    desc="Artesanal",
                    image="https://loja.example/sabonete.png",
                    price=12.35,
                    compare_price=15,
                    sku="SAB-1",
                )
            ],
        }
    )
    assert answer(team.get("/shop/products/4/get-info")) == created
    assert answer(team.get("/shop/product-types"))["data"][-1] == {"id": 3, "name": "Banho"}
    assert answer(team.get("/shop/product-tags"))["data"][-1] == {"id": 3, "name": "Novo"}
    assert answer(team.get("/shop/product-vendors"))["data"] == [{"id": 1, "name": "Ateliê Ana"}]


def test_create_a_product_with_variants(team: FlochatClient) -> None:
    body = {
        "name": "Bolsa",
        "use_variant": 1,
        "variant_1_name": "Cor",
        "price": 999,  # the variants carry their own prices
        "variants": [
            {"variant_1_value": "Preta", "price": 120, "qty": 2, "track_stock": 1},
            {"variant_1_value": "Bege", "variant_2_value": "ignored", "price": 0.1},
        ],
    }
    product = answer(team.post("/shop/products/create", body))["data"]
    assert (product["use_variant"], product["total_qty"], product["num_of_variants"]) == (
        True,
        2,
        2,
    )
    assert [
        (v["id"], v["option_1_value"], v["option_2_value"], v["price"]) for v in product["variants"]
    ] == [(23, "Preta", "", 120), (24, "Bege", "", 0.1)]
    variants = answer(team.get("/shop/products/4/variants"))["data"]
    assert [v["display_order"] for v in variants] == [1, 2]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "The name field is required."),
        ({"name": "X", "status": "draft"}, "The selected status is invalid."),
        ({"name": "X", "use_variant": 2}, "The selected use variant is invalid."),
        ({"name": "X", "price": "abc"}, "The price must be a number."),
        ({"name": "X", "price": True}, "The price must be a number."),
        ({"name": "X", "price": -1}, "The price must be at least 0."),
        ({"name": "X", "price": 10**9}, "The price must not be greater than 99999999.99."),
        ({"name": "X", "qty": -1}, "The qty must be at least 0."),
        ({"name": "X", "tags": "a"}, "The tags must be an array."),
        ({"name": "X", "tags": ["a", ""]}, "The tags.1 field is required."),
        (
            {"name": "X", "use_variant": 1},
            "The variant 1 name field is required when use variant is 1.",
        ),
        (
            {"name": "X", "use_variant": 1, "variant_1_name": "Cor"},
            "The variants field is required when use variant is 1.",
        ),
        (
            {"name": "X", "use_variant": 1, "variant_1_name": "Cor", "variants": [{}]},
            "The variants.0.variant 1 value field is required.",
        ),
        (
            {
                "name": "X",
                "use_variant": 1,
                "variant_1_name": "Cor",
                "variant_2_name": "Tam",
                "variants": [{"variant_1_value": "A"}],
            },
            "The variants.0.variant 2 value field is required when variant 2 name is present.",
        ),
        (
            {
                "name": "X",
                "use_variant": 1,
                "variant_1_name": "Cor",
                "variants": [{"variant_1_value": "A"}, {"variant_1_value": "a "}],
            },
            "Variant already exists",
        ),
        ({"name": "X", "variants": ["a"]}, "The variants.0 must be an array."),
        ({"name": "X", "variants": [{"price": "x"}]}, "The variants.0.price must be a number."),
    ],
)
def test_create_product_refusals(team: FlochatClient, body: dict[str, Any], message: str) -> None:
    assert answer(team.post("/shop/products/create", body), 400) == error(message)
    assert len(answer(team.get("/shop/products"))["data"]) == 3
    assert len(answer(team.get("/shop/product-tags"))["data"]) == 2


def test_update_a_product(team: FlochatClient, sandbox: Sandbox) -> None:
    body = {
        "id": 77,
        "name": "Camiseta Básica",
        "description": "",
        "status": "inactive",
        "type": "",
        "vendor": "Outro",
        "tags": ["Novo"],
    }
    product = answer(team.put("/shop/products/1/update", body))["data"]
    assert {key: product[key] for key in ("id", "name", "description", "type", "vendor")} == {
        "id": 1,
        "name": "Camiseta Básica",
        "description": "",
        "type": "",
        "vendor": "Outro",
    }
    assert product["variants"][0]["name"] == "Camiseta Básica"
    exported = exported_shop(sandbox)["products"][0]
    assert (exported["status"], exported["tags"]) == ("inactive", ["Novo"])
    unchanged = answer(team.put("/shop/products/1/update", {}))["data"]
    assert unchanged == product
    assert answer(team.put("/shop/products/1/update", {"name": ""}), 400) == error(
        "The name field must have a value."
    )
    assert answer(team.put("/shop/products/9/update", {"name": "X"}), 400) == error(
        "Product not found"
    )


def test_delete_a_product_takes_it_out_of_carts(team: FlochatClient, client: Client) -> None:
    assert answer(team.delete("/shop/products/1/delete")) == OK
    assert answer(team.get("/shop/products/1/get-info"), 400) == error("Product not found")
    assert answer(team.get("/shop/products/1/variants/11/get-info"), 400) == error(
        "Product not found"
    )
    cart = answer(FlochatClient(client).get("/subscriber/cart", user_ns="f123u1"))
    assert (cart["items"], cart["num_of_items"], cart["total_price"]) == ([], 0, 0)
    assert answer(team.delete("/shop/products/1/delete"), 400) == error("Product not found")


def test_products_need_manage_team(team: FlochatClient, flow_only: FlochatClient) -> None:
    helpers.assert_resource_refused(flow_only, "/shop/products", create={"name": "X"})


# -- variants ---------------------------------------------------------------------------------

AZUL_M = {
    "id": 11,
    "product_id": 1,
    "variant_1_value": "Azul",
    "variant_2_value": "M",
    "image": "",
    "price": 59.9,
    "compare_price": 79.9,
    "taxable": False,
    "sku": "CAM-AZ-M",
    "barcode": "",
    "track_stock": True,
    "allow_no_stock_sell": False,
    "qty": 5,
    "display_order": 1,
}


def test_variants_list_and_get_info(team: FlochatClient) -> None:
    listed = answer(team.get("/shop/products/1/variants"))
    assert listed["data"][0] == AZUL_M
    assert [(v["id"], v["display_order"]) for v in listed["data"]] == [(11, 1), (12, 2), (13, 3)]
    assert listed["data"][2]["taxable"] is True
    assert answer(team.get("/shop/products/1/variants", limit=1, page=3))["data"][0]["id"] == 13
    assert answer(team.get("/shop/products/1/variants/11/get-info")) == wrapped(AZUL_M)
    assert answer(team.get("/shop/products/2/variants/11/get-info"), 400) == error(
        "Variant not found"
    )
    assert answer(team.get("/shop/products/1/variants/x/get-info"), 400) == error(
        "Variant not found"
    )
    assert answer(team.get("/shop/products/9/variants"), 400) == error("Product not found")


def test_create_a_variant(team: FlochatClient) -> None:
    body = {
        "variant_1_value": "Verde",
        "variant_2_value": "G",
        "price": "64.90",
        "taxable": 1,
        "track_stock": 1,
        "allow_no_stock_sell": 0,
        "qty": 4,
        "sku": "CAM-VE-G",
        "barcode": "789",
        "image": "https://loja.example/verde-g.png",
    }
    created = answer(team.post("/shop/products/1/variants/create", body))
    assert created == wrapped(
        {
            "id": 23,
            "product_id": 1,
            "variant_1_value": "Verde",
            "variant_2_value": "G",
            "image": "https://loja.example/verde-g.png",
            "price": 64.9,
            "compare_price": 0,
            "taxable": True,
            "sku": "CAM-VE-G",
            "barcode": "789",
            "track_stock": True,
            "allow_no_stock_sell": False,
            "qty": 4,
            "display_order": 4,
        }
    )
    product = answer(team.get("/shop/products/1/get-info"))["data"]
    assert (product["num_of_variants"], product["total_qty"]) == (4, 9)


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (
            "/shop/products/2/variants/create",
            {"variant_1_value": "X"},
            "The product does not use variants",
        ),
        (
            "/shop/products/1/variants/create",
            {"variant_2_value": "M"},
            "The variant 1 value field is required.",
        ),
        (
            "/shop/products/1/variants/create",
            {"variant_1_value": "Azul"},
            "The variant 2 value field is required.",
        ),
        (
            "/shop/products/1/variants/create",
            {"variant_1_value": "azul", "variant_2_value": "m"},
            "Variant already exists",
        ),
        (
            "/shop/products/1/variants/create",
            {"taxable": "yes"},
            "The taxable must be an integer.",
        ),
        ("/shop/products/1/variants/create", {"taxable": 2}, "The selected taxable is invalid."),
        (
            "/shop/products/1/variants/create",
            {"qty": 2147483648},
            "The qty must not be greater than 2147483647.",
        ),
        ("/shop/products/9/variants/create", {}, "Product not found"),
    ],
)
def test_create_variant_refusals(
    team: FlochatClient, path: str, body: dict[str, Any], message: str
) -> None:
    assert answer(team.post(path, body), 400) == error(message)
    assert len(answer(team.get("/shop/products/1/variants"))["data"]) == 3


def test_update_a_variant(team: FlochatClient) -> None:
    updated = answer(team.put("/shop/products/1/variants/11/update", {"price": 55, "qty": 8}))
    assert updated == wrapped({**AZUL_M, "price": 55, "qty": 8})
    assert answer(team.get("/shop/products/1/variants/11/get-info")) == updated
    assert answer(
        team.put("/shop/products/1/variants/11/update", {"variant_2_value": "G"}), 400
    ) == error("Variant already exists")
    assert answer(
        team.put("/shop/products/1/variants/11/update", {"variant_1_value": " "}), 400
    ) == error("The variant 1 value field is required.")
    renamed = answer(team.put("/shop/products/1/variants/11/update", {"variant_2_value": "P"}))
    assert renamed["data"]["variant_2_value"] == "P"


def test_a_product_without_variants_changes_price_and_stock_on_its_default_variant(
    team: FlochatClient,
) -> None:
    path = "/shop/products/2/variants/21/update"
    answer(team.put(path, {"price": 39.9, "qty": 10}))
    product = answer(team.get("/shop/products/2/get-info"))["data"]
    assert (product["total_qty"], product["variants"][0]["price"]) == (10, 39.9)
    assert answer(team.put(path, {"variant_1_value": "Azul"}), 400) == error(
        "The product does not use variants"
    )


def test_delete_a_variant(team: FlochatClient, client: Client) -> None:
    assert answer(team.delete("/shop/products/1/variants/11/delete")) == OK
    assert [v["id"] for v in answer(team.get("/shop/products/1/variants"))["data"]] == [12, 13]
    cart = answer(FlochatClient(client).get("/subscriber/cart", user_ns="f123u1"))
    assert cart["items"] == []
    assert answer(team.delete("/shop/products/2/variants/21/delete"), 400) == error(
        "The last variant of a product cannot be deleted"
    )
    assert answer(team.delete("/shop/products/1/variants/11/delete"), 400) == error(
        "Variant not found"
    )


def test_variants_need_manage_team(team: FlochatClient, flow_only: FlochatClient) -> None:
    helpers.assert_resource_refused(flow_only, "/shop/products/1/variants", item="11")
