"""RapidPro API v2 views: contacts.json, fields.json, groups.json (thin: the stack reads
the URL parameters and, once the view has resolved the URL's object, the body; the models
build DRF's exact representations).

    @blp.destroy(CONTACTS, lookup=shapes.ContactLookupQuery, source="...")
    def delete_contact(api: RapidPro, args: dict[str, Any]) -> None:
        ...

`listing`, `write` and `destroy` are DRF's generic views (temba's mixins), each a route
and one `RapidProBlueprint.operation()`.

A view gets the request's `RapidPro` (the org), the URL parameters and, for a write, the
`RequestBody` its serializer loads (`WriteSchema.load_body`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from flask import g, request

from sandbox.core.api import RequestBody
from sandbox.core.operations import OperationBlueprint
from sandbox.core.stacks import drf
from sandbox.core.storage import Record
from sandbox.platforms.rapidpro import schemas, shapes
from sandbox.platforms.rapidpro.errors import (
    ErrorSchema,
    ObjectNotFound,
    ParseError,
    UnsupportedMediaType,
    ValidationFailed,
)
from sandbox.platforms.rapidpro.models import Contacts, Fields, Groups, RapidPro
from sandbox.platforms.rapidpro.models.common import str_to_bool
from sandbox.platforms.rapidpro.profiles import PAGE_SIZE

F = TypeVar("F", bound=Callable[..., Any])
CONTACTS = "/api/v2/contacts.json"
FIELDS = "/api/v2/fields.json"
GROUPS = "/api/v2/groups.json"


def _strict_json() -> bool:
    # Set per request from the org's profile (Weni turns DRF's STRICT_JSON off).
    return g.get("rapidpro_strict_json", True)  # type: ignore[no-any-return]


#: Django REST framework, refusing with RapidPro's errors.
DRF = drf.Stack(
    parse_error=ParseError,
    unsupported_media_type=UnsupportedMediaType,
    invalid=ValidationFailed,
    not_found=ObjectNotFound,
    strict_json=_strict_json,
)

ERRORS: dict[int, dict[str, Any]] = {
    400: {"description": "Invalid URL parameter (`detail`) or body (field errors)"},
    403: {"description": "Missing or invalid credentials, or not allowed (`detail`)"},
    404: {"description": "No such object, or an invalid cursor (`detail`)"},
    409: {"description": "Upstream profile: the workspace has reached its limit (`detail`)"},
    415: {"description": "Unsupported media type (`detail`)"},
}


class RapidProBlueprint(OperationBlueprint):
    """RapidPro's operations: DRF reads the input; every operation can answer 403 (no or
    bad credentials) and 404; the bodies are built by the models, keys in the profile's
    order, so the answer schemas only document them."""

    STACK = DRF
    ERROR_SCHEMA = ErrorSchema
    ERRORS: ClassVar[dict[int, dict[str, Any]]] = ERRORS
    COMMON_ERRORS = (403, 404)
    DUMPS_RESPONSES = False
    ANSWER_DESCRIPTION = "OK"

    def parameters(
        self, schema: type[Any], *, location: str = "query", required: bool = True
    ) -> Callable[[Any], Any]:
        # DRF validates what the schema documents, so its validation error is documented
        # as flask-smorest does for parsed arguments (the 400 an operation may word itself).
        def decorator(func: Any) -> Any:
            documented = self.arguments(
                schema, location=location, required=required, error_status_code=400
            )(func)
            func._apidoc = documented._apidoc
            return func

        return decorator

    def _document_answer(self, view: Any, answer: Any, status: int, description: str | None) -> Any:
        if answer is None:
            # A DRF delete: 204, no content, as JSON (what flask-smorest makes of None).
            return self.response(status, description=description or self.ANSWER_DESCRIPTION)(view)
        return super()._document_answer(view, answer, status, description)

    # DRF's generic views (temba's mixins), one operation each.

    def listing(
        self, path: str, *, query: type[Any], answer: type[Any], source: str, **options: Any
    ) -> Callable[[F], F]:
        """ListAPIMixin.get: a page of objects (a bad cursor is a 404)."""
        operation = self.operation(query=query, answer=answer, source=source, **options)
        return _routed(self.route(path, methods=["GET"]), operation)

    def write(
        self,
        path: str,
        *,
        lookup: type[Any],
        serializer: type[Any],
        answer: type[Any],
        link: tuple[str, tuple[str, ...]],
        source: str,
        created: str = "Created",
        updated: str = "Updated",
        errors: tuple[int, ...] = (400, 415),
    ) -> Callable[[F], F]:
        """WriteAPIMixin.post: create (201), or update the object ?<lookup>= names (200).
        The view resolves the object before it loads the body (`RequestBody`)."""
        operation = self.operation(
            query=lookup,
            body=serializer,
            body_required=False,
            read_both=True,
            answer=answer,
            status=201,
            description=created,
            alt_answers={200: updated},
            links=links_by(link[0], path, link[1]),
            errors=errors,
            source=source,
        )
        return _routed(self.route(path, methods=["POST"]), operation)

    def destroy(self, path: str, *, lookup: type[Any], source: str) -> Callable[[F], F]:
        """DeleteAPIMixin.delete: 204, or 400 for a lookup missing or refused."""
        operation = self.operation(
            query=lookup,
            answer=None,
            status=204,
            description="Deleted",
            errors=(400,),
            source=source,
        )
        return _routed(self.route(path, methods=["DELETE"]), operation)


def _routed(route: Callable[[F], F], operation: Callable[[F], F]) -> Callable[[F], F]:
    return lambda view: route(operation(view))


blp = RapidProBlueprint(
    "rapidpro",
    __name__,
    description="RapidPro API v2: contacts, contact fields and contact groups.",
)


def links_by(param: str, path: str, methods: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """OpenAPI links from a created object to the operations that take its `param` in
    `?<param>=`, so stateful tests (schemathesis) can chain create -> read/update/delete."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    return {
        f"{method.capitalize()}By{param.capitalize()}": {
            "operationRef": f"#/paths/{pointer}/{method}",
            "parameters": {f"query.{param}": f"$response.body#/{param}"},
        }
        for method in methods
    }


def page_size(args: dict[str, Any], api: RapidPro) -> int:
    """250; Weni's pagination also takes `?limit=` (upstream ignores it)."""
    return drf.page_size(args.get("limit"), PAGE_SIZE) if api.profile.is_weni else PAGE_SIZE


def envelope(page: drf.Page, results: list[dict[str, Any]]) -> dict[str, Any]:
    # Working out the request's URL costs more than a one-contact page: only when needed.
    if page.next_cursor is None and page.previous_cursor is None:
        return {"next": None, "previous": None, "results": results}
    base_url, args = request.base_url, request.args
    return {
        "next": drf.page_url(base_url, args, page.next_cursor),
        "previous": drf.page_url(base_url, args, page.previous_cursor),
        "results": results,
    }


def _by_creation(record: Any) -> str:
    return f"{record['created_on']}|{record.id:012d}"


def newest_first(resource: Fields | Groups, args: dict[str, Any], api: RapidPro) -> dict[str, Any]:
    """A page of fields or groups, newest first (250 a page)."""
    page = DRF.paginate(
        resource.query(args),
        _by_creation,
        args.get("cursor"),
        PAGE_SIZE,
        api.profile.invalid_cursor,
    )
    return envelope(page, [resource.represent(r) for r in page.results])


def resolve_then_load(
    resource: Fields | Groups,
    serializer: type[schemas.WriteSchema],
    api: RapidPro,
    args: dict[str, Any],
    body: RequestBody,
) -> tuple[Record | None, dict[str, Any]]:
    """The object ?<lookup>= names (None: create), past the org's limit check, then the
    body its serializer loads: DRF's order, so a bad lookup wins over a bad body."""
    instance = resource.lookup(args)
    resource.check_limit(instance)
    return instance, serializer.load_body(body, api, instance)


# -- contacts ------------------------------------------------------------------------------


@blp.listing(
    CONTACTS,
    query=shapes.ContactListQuery,
    answer=shapes.ContactPageSchema,
    errors=(400,),
    source="rapidpro.md §2.1-2.2 (ContactsEndpoint, ContactReadSerializer, both forks)",
)
def list_contacts(api: RapidPro, args: dict[str, Any]) -> dict[str, Any]:
    """List contacts, most recently modified first, 250 per page."""
    contacts = Contacts(api)
    size = page_size(args, api)
    # A first page needs its contacts and whether one more follows, nothing else.
    first = size + 1 if args.get("cursor") is None else None
    records, position = contacts.query(args, limit=first)
    page = DRF.paginate(records, position, args.get("cursor"), size, api.profile.invalid_cursor)
    # Only upstream has ?expand_urns; Weni ignores it as it does any unknown parameter.
    expand = not api.profile.is_weni and str_to_bool(args.get("expand_urns"))
    return envelope(page, contacts.represent_many(page.results, expand_urns=expand))


@blp.write(
    CONTACTS,
    lookup=shapes.ContactLookupQuery,
    serializer=schemas.ContactWriteSchema,
    answer=shapes.ContactSchema,
    link=("uuid", ("get", "post", "delete")),
    created="Created (also by an unknown ?urn=)",
    source="seed 004; rapidpro.md §2.3 (ContactWriteSerializer, WriteAPIMixin.post)",
)
def save_contact(
    api: RapidPro, args: dict[str, Any], body: RequestBody
) -> tuple[dict[str, Any], int]:
    """Create a contact, or update the one named by ?uuid= / ?urn= (an unknown URN creates)."""
    contacts = Contacts(api)
    lookup = contacts.lookup(args)
    data = schemas.ContactWriteSchema.load_body(body, api, lookup.contact, lookup)
    contact, created = contacts.save(data, lookup)
    return contacts.represent(contact), 201 if created else 200


@blp.destroy(
    CONTACTS,
    lookup=shapes.ContactLookupQuery,
    source="seed 004; rapidpro.md §2.4 (DeleteAPIMixin.delete)",
)
def delete_contact(api: RapidPro, args: dict[str, Any]) -> None:
    """Delete the contact named by ?uuid= or ?urn=; it stays listed under ?deleted=true."""
    contacts = Contacts(api)
    lookup = contacts.lookup(args, for_delete=True)
    contacts.delete(lookup.contact)  # type: ignore[arg-type]


# -- fields --------------------------------------------------------------------------------


@blp.listing(
    FIELDS,
    query=shapes.FieldListQuery,
    answer=shapes.FieldPageSchema,
    source="rapidpro.md §3 (FieldsEndpoint, ContactFieldReadSerializer)",
)
def list_fields(api: RapidPro, args: dict[str, Any]) -> dict[str, Any]:
    """List contact fields, newest first."""
    return newest_first(Fields(api), args, api)


@blp.write(
    FIELDS,
    lookup=shapes.FieldLookupQuery,
    serializer=schemas.FieldWriteSchema,
    answer=shapes.FieldSchema,
    link=("key", ("get", "post")),
    errors=(400, 409, 415),
    source="seed 004; rapidpro.md §3 (ContactFieldWriteSerializer)",
)
def save_field(
    api: RapidPro, args: dict[str, Any], body: RequestBody
) -> tuple[dict[str, Any], int]:
    """Create a contact field (its key comes from the label), or update ?key=."""
    fields = Fields(api)
    instance, data = resolve_then_load(fields, schemas.FieldWriteSchema, api, args, body)
    label = data.get("label") or data["name"]
    value_type = data.get("value_type") or schemas.LEGACY_TYPES[data["type"]]
    field, created = fields.save(label, value_type, instance)
    return fields.represent(field), 201 if created else 200


# -- groups --------------------------------------------------------------------------------


@blp.listing(
    GROUPS,
    query=shapes.GroupListQuery,
    answer=shapes.GroupPageSchema,
    errors=(400,),
    source="rapidpro.md §4 (GroupsEndpoint, ContactGroupReadSerializer)",
)
def list_groups(api: RapidPro, args: dict[str, Any]) -> dict[str, Any]:
    """List contact groups, newest first."""
    return newest_first(Groups(api), args, api)


@blp.write(
    GROUPS,
    lookup=shapes.GroupLookupQuery,
    serializer=schemas.GroupWriteSchema,
    answer=shapes.GroupSchema,
    link=("uuid", ("get", "post", "delete")),
    updated="Renamed",
    errors=(400, 409, 415),
    source="seed 004; rapidpro.md §4 (ContactGroupWriteSerializer)",
)
def save_group(
    api: RapidPro, args: dict[str, Any], body: RequestBody
) -> tuple[dict[str, Any], int]:
    """Create a contact group, or rename the one named by ?uuid=."""
    groups = Groups(api)
    instance, data = resolve_then_load(groups, schemas.GroupWriteSchema, api, args, body)
    group, created = groups.save(data["name"], instance)
    return groups.represent(group), 201 if created else 200


@blp.destroy(
    GROUPS,
    lookup=shapes.GroupLookupQuery,
    source="seed 004; rapidpro.md §4 (GroupsEndpoint.delete)",
)
def delete_group(api: RapidPro, args: dict[str, Any]) -> None:
    """Delete the group named by ?uuid= (400 while a trigger, flow or campaign uses it)."""
    groups = Groups(api)
    group = groups.lookup(args, for_delete=True)
    groups.delete(group)  # type: ignore[arg-type]


#: What the platform mounts (`platform_package` reads it by this name).
BLUEPRINTS = (blp,)
