"""Inputs and answers of the team's integrations and installed mini apps
(uchat-openapi.json tag "Integration") and OpenAI embeddings (tag "OpenAI")."""

from __future__ import annotations

from marshmallow import Schema, fields

from sandbox.core.envelopes import OK_STATUS, envelope, many, one
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.schemas.common import PageQuery
from sandbox.platforms.flochat.schemas.shop import filled

SECRET = "Shown masked: its last 4 characters behind asterisks"
STATUS = {"description": "verified or failed", "example": "verified"}

# -- integrations -----------------------------------------------------------------------------


class ShopifyInput(laravel.Input):
    url = laravel.Varchar(required=True, metadata={"description": "MyShopify domain"})
    api_key = laravel.LongText(required=True)
    token = laravel.LongText(required=True, metadata={"description": "Access token"})
    wait_time = laravel.Integer(
        validate=laravel.at_least(1),
        metadata={"description": "Abandoned cart wait time in minutes, 30 by default"},
    )


class WoocommerceInput(laravel.Input):
    url = laravel.Varchar(required=True, metadata={"description": "Store URL"})
    api_key = laravel.LongText(required=True, metadata={"description": "API consumer key"})
    token = laravel.LongText(required=True, metadata={"description": "API consumer secret"})


class DropiInput(laravel.Input):
    url = laravel.Varchar(required=True, metadata={"description": "API URL"})
    api_key = laravel.LongText(required=True)


class MetaConversionsInput(laravel.Input):
    token = laravel.LongText(required=True, metadata={"description": "Access token"})
    dataset_id = laravel.Varchar(required=True)


class OpenAiInput(laravel.Input):
    api_key = laravel.LongText(required=True)
    org_id = laravel.Varchar(metadata={"description": "Organization id"})


class S3StorageInput(laravel.Input):
    url = laravel.Varchar(required=True, metadata={"description": "Endpoint"})
    api_key = laravel.LongText(required=True, metadata={"description": "Key"})
    secret = laravel.LongText(required=True)
    bucket = laravel.Varchar(required=True, metadata={"description": "Bucket name"})
    region = laravel.Varchar()


def _secret() -> fields.String:
    return fields.String(metadata={"description": SECRET})


def _config(body: type[laravel.Input], name: str = "", **renamed: str) -> type[Schema]:
    """An integration's config as answered: its body's fields in their order (the long ones,
    keys, tokens and secrets, masked), then its status; `renamed` gives a field the answer
    names otherwise. Named as its body without "Input" unless `name` says."""
    declared: dict[str, fields.Field] = {}
    for key, field in body._declared_fields.items():
        if isinstance(field, laravel.LongText):
            declared[renamed.get(key, key)] = _secret()
        elif isinstance(field, laravel.Integer):
            declared[renamed.get(key, key)] = fields.Integer()
        else:
            declared[renamed.get(key, key)] = fields.String()
    answer = {**declared, "status": fields.String(metadata=STATUS)}
    return Schema.from_dict(answer, name=name or body.__name__.removesuffix("Input"))


Shopify = _config(ShopifyInput)
Woocommerce = _config(WoocommerceInput)
Dropi = _config(DropiInput)
MetaConversions = _config(MetaConversionsInput)
OpenAi = _config(OpenAiInput)
#: The POST's answer names the key `api_key`, as it was given. Not `S3StorageSaved`: that is
#: the name of the answer wrapping it (`integration_answer`).
S3StorageSavedData = _config(S3StorageInput, "S3StorageSavedData")
#: The GET's answer names the key `key` (as the vendor documents it).
S3Storage = _config(S3StorageInput, "S3Storage", api_key="key")


def integration_answer(data: type[Schema], name: str) -> type[Schema]:
    """`{"status": "ok", "data": {...}}` ({} as data when the integration is not set up)."""
    return Schema.from_dict(
        {
            "status": fields.String(metadata={"example": "ok"}),
            "data": fields.Nested(data, metadata={"description": "{} when not set up"}),
        },
        name=name,
    )


# -- mini apps --------------------------------------------------------------------------------


class MiniAppQuery(PageQuery):
    title = laravel.Text(metadata={"description": "Search by title (contains, any case)"})


class MiniAppKeyInput(laravel.Input):
    api_key = laravel.LongText(
        metadata={"description": "Each of the app's param_names is a required field"}
    )


class InstalledApp(Schema):
    id = fields.Integer(required=True)
    title = fields.String()
    intro = fields.String()
    logo = fields.String()
    image = fields.String()
    app_ns = fields.String()
    status = fields.String()
    version = fields.String()
    auth_type = fields.String(metadata={"enum": ["apikey", "oauth2"]})
    param_names = fields.List(fields.String())


InstalledAppList = envelope("InstalledAppList", status=OK_STATUS, data=many(InstalledApp))


# -- OpenAI embeddings ------------------------------------------------------------------------


class EmbeddingQuery(PageQuery):
    heading = laravel.Text(metadata={"description": "Search by heading (contains, any case)"})
    text = laravel.Text(metadata={"description": "Search by text (contains, any case)"})


class EmbeddingInput(laravel.Input):
    type = laravel.Varchar(length=50)
    heading = laravel.Varchar(required=True, length=50)
    text = laravel.Varchar(required=True, length=1000)


class EmbeddingChanges(laravel.Input):
    """Only what is given changes; a heading or text given must not be blank."""

    type = laravel.Varchar(length=50)
    heading = laravel.Varchar(validate=filled, length=50)
    text = laravel.Varchar(validate=filled, length=1000)


class EmbeddingImport(laravel.Input):
    rows = laravel.Array(fields.Nested(EmbeddingInput), required=True, max_items=100)


class OpenAiEmbedding(Schema):
    id = fields.Integer()
    type = fields.String()
    heading = fields.String()
    text = fields.String()


EmbeddingList = envelope("EmbeddingList", data=many(OpenAiEmbedding))


EmbeddingAnswer = envelope("EmbeddingAnswer", data=one(OpenAiEmbedding), status=OK_STATUS)


class ImportAnswer(Schema):
    status = fields.String(metadata={"example": "ok"})
    inserted = fields.Integer()
    updated = fields.Integer()
    skipped = fields.Integer()
