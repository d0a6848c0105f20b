"""RapidPro API v2 views: contacts.json, fields.json, groups.json (thin: parse, call the
models, shape the answer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from flask.views import MethodView

from sandbox.core.api import PlatformBlueprint, RequestBody
from sandbox.platforms.rapidpro import schemas, shapes
from sandbox.platforms.rapidpro.drf import DRFParser, Page, page_url, paginate
from sandbox.platforms.rapidpro.errors import ErrorSchema
from sandbox.platforms.rapidpro.models import RapidPro, current_rapidpro
from sandbox.platforms.rapidpro.models.common import str_to_bool
from sandbox.platforms.rapidpro.profiles import PAGE_SIZE


class RapidProBlueprint(PlatformBlueprint):
    ARGUMENTS_PARSER = DRFParser()
    # The models build DRF's exact representations, keys in the profile's order.
    DUMPS_RESPONSES = False


blp = RapidProBlueprint(
    "rapidpro",
    __name__,
    description="RapidPro API v2: contacts, contact fields and contact groups.",
)

ERROR_DESCRIPTIONS = {
    400: "Invalid URL parameter (`detail`) or body (field errors)",
    403: "Missing or invalid credentials, or not allowed (`detail`)",
    404: "No such object, or an invalid cursor (`detail`)",
    409: "Upstream profile: the workspace has reached its limit (`detail`)",
    415: "Unsupported media type (`detail`)",
}


def errors(*statuses: int) -> Callable[[Any], Any]:
    """Document the vendor errors an operation can answer with."""

    def decorator(view: Any) -> Any:
        for status in reversed(statuses):
            view = blp.alt_response(
                status, schema=ErrorSchema, description=ERROR_DESCRIPTIONS[status]
            )(view)
        return view

    return decorator


def links_by(param: str, source: str, path: str, methods: tuple[str, ...]) -> Callable[[Any], Any]:
    """Document OpenAPI links from a created object to the operations that take its id in
    `?<param>=`, so stateful tests (schemathesis) can chain create -> read/update/delete."""
    pointer = path.replace("~", "~0").replace("/", "~1")
    links = {
        f"{method.capitalize()}By{param.capitalize()}": {
            "operationRef": f"#/paths/{pointer}/{method}",
            "parameters": {f"query.{param}": f"$response.body#/{source}"},
        }
        for method in methods
    }
    return blp.doc(responses={201: {"links": links}, 200: {"links": links}})


def page_size(args: dict[str, Any], api: RapidPro) -> int:
    """250, or Weni's `limit` when it is a positive integer (anything else is ignored)."""
    limit = args.get("limit")
    if api.profile.is_weni and limit and limit.isdigit() and int(limit) > 0:
        return int(limit)
    return PAGE_SIZE


def envelope(page: Page, results: list[dict[str, Any]]) -> dict[str, Any]:
    # Working out the request's URL costs more than a one-contact page: only when needed.
    if page.next_cursor is None and page.previous_cursor is None:
        return {"next": None, "previous": None, "results": results}
    base_url, args = request.base_url, request.args
    return {
        "next": page_url(base_url, args, page.next_cursor),
        "previous": page_url(base_url, args, page.previous_cursor),
        "results": results,
    }


@blp.route("/api/v2/contacts.json")
class Contacts(MethodView):
    @blp.fidelity(
        "documented", "rapidpro.md §2.1-2.2 (ContactsEndpoint, ContactReadSerializer, both forks)"
    )
    @blp.arguments(shapes.ContactListQuery, location="query")
    @blp.response(200, shapes.ContactPageSchema)
    @errors(400, 403, 404)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List contacts, most recently modified first, 250 per page."""
        api = current_rapidpro()
        size = page_size(args, api)
        # A first page needs its contacts and whether one more follows, nothing else.
        first = size + 1 if args.get("cursor") is None else None
        records, position = api.contacts.query(args, limit=first)
        page = paginate(records, position, args.get("cursor"), size, api.profile.invalid_cursor)
        # Only upstream has ?expand_urns; Weni ignores it as it does any unknown parameter.
        expand = not api.profile.is_weni and str_to_bool(args.get("expand_urns"))
        return envelope(page, api.contacts.represent_many(page.results, expand_urns=expand))

    @blp.fidelity(
        "documented", "seed 004; rapidpro.md §2.3 (ContactWriteSerializer, WriteAPIMixin.post)"
    )
    @blp.arguments(shapes.ContactLookupQuery, location="query")
    @blp.body(schemas.ContactWriteSchema, required=False)
    @blp.response(201, shapes.ContactSchema, description="Created (also by an unknown ?urn=)")
    @blp.alt_response(200, schema=shapes.ContactSchema, success=True, description="Updated")
    @links_by("uuid", "uuid", "/api/v2/contacts.json", ("get", "post", "delete"))
    @errors(400, 403, 404, 415)
    def post(self, args: dict[str, Any], body: RequestBody) -> tuple[dict[str, Any], int]:
        """Create a contact, or update the one named by ?uuid= / ?urn= (an unknown URN creates)."""
        api = current_rapidpro()
        lookup = api.contacts.lookup(args)
        data = schemas.ContactWriteSchema.load_body(body, api, lookup.contact, lookup)
        contact, created = api.contacts.save(data, lookup)
        return api.contacts.represent(contact), 201 if created else 200

    @blp.fidelity("documented", "seed 004; rapidpro.md §2.4 (DeleteAPIMixin.delete)")
    @blp.arguments(shapes.ContactLookupQuery, location="query")
    @blp.response(204, description="Deleted")
    @errors(400, 403, 404)
    def delete(self, args: dict[str, Any]) -> None:
        """Delete the contact named by ?uuid= or ?urn=; it stays listed under ?deleted=true."""
        api = current_rapidpro()
        lookup = api.contacts.lookup(args, for_delete=True)
        api.contacts.delete(lookup.contact)  # type: ignore[arg-type]


@blp.route("/api/v2/fields.json")
class Fields(MethodView):
    @blp.fidelity("documented", "rapidpro.md §3 (FieldsEndpoint, ContactFieldReadSerializer)")
    @blp.arguments(shapes.FieldListQuery, location="query")
    @blp.response(200, shapes.FieldPageSchema)
    @errors(403, 404)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List contact fields, newest first."""
        api = current_rapidpro()
        page = paginate(
            api.fields.query(args),
            lambda r: f"{r['created_on']}|{r.id:012d}",
            args.get("cursor"),
            PAGE_SIZE,
            api.profile.invalid_cursor,
        )
        return envelope(page, [api.fields.represent(r) for r in page.results])

    @blp.fidelity("documented", "seed 004; rapidpro.md §3 (ContactFieldWriteSerializer)")
    @blp.arguments(shapes.FieldLookupQuery, location="query")
    @blp.body(schemas.FieldWriteSchema, required=False)
    @blp.response(201, shapes.FieldSchema, description="Created")
    @blp.alt_response(200, schema=shapes.FieldSchema, success=True, description="Updated")
    @links_by("key", "key", "/api/v2/fields.json", ("get", "post"))
    @errors(400, 403, 404, 409, 415)
    def post(self, args: dict[str, Any], body: RequestBody) -> tuple[dict[str, Any], int]:
        """Create a contact field (its key comes from the label), or update ?key=."""
        api = current_rapidpro()
        instance = api.fields.lookup(args)
        api.fields.check_limit(instance)
        data = schemas.FieldWriteSchema.load_body(body, api, instance)
        label = data.get("label") or data["name"]
        value_type = data.get("value_type") or schemas.LEGACY_TYPES[data["type"]]
        field, created = api.fields.save(label, value_type, instance)
        return api.fields.represent(field), 201 if created else 200


@blp.route("/api/v2/groups.json")
class Groups(MethodView):
    @blp.fidelity("documented", "rapidpro.md §4 (GroupsEndpoint, ContactGroupReadSerializer)")
    @blp.arguments(shapes.GroupListQuery, location="query")
    @blp.response(200, shapes.GroupPageSchema)
    @errors(400, 403, 404)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """List contact groups, newest first."""
        api = current_rapidpro()
        page = paginate(
            api.groups.query(args),
            lambda r: f"{r['created_on']}|{r.id:012d}",
            args.get("cursor"),
            PAGE_SIZE,
            api.profile.invalid_cursor,
        )
        return envelope(page, [api.groups.represent(r) for r in page.results])

    @blp.fidelity("documented", "seed 004; rapidpro.md §4 (ContactGroupWriteSerializer)")
    @blp.arguments(shapes.GroupLookupQuery, location="query")
    @blp.body(schemas.GroupWriteSchema, required=False)
    @blp.response(201, shapes.GroupSchema, description="Created")
    @blp.alt_response(200, schema=shapes.GroupSchema, success=True, description="Renamed")
    @links_by("uuid", "uuid", "/api/v2/groups.json", ("get", "post", "delete"))
    @errors(400, 403, 404, 409, 415)
    def post(self, args: dict[str, Any], body: RequestBody) -> tuple[dict[str, Any], int]:
        """Create a contact group, or rename the one named by ?uuid=."""
        api = current_rapidpro()
        instance = api.groups.lookup(args)
        api.groups.check_limit(instance)
        data = schemas.GroupWriteSchema.load_body(body, api, instance)
        group, created = api.groups.save(data["name"], instance)
        return api.groups.represent(group), 201 if created else 200

    @blp.fidelity("documented", "seed 004; rapidpro.md §4 (GroupsEndpoint.delete)")
    @blp.arguments(shapes.GroupLookupQuery, location="query")
    @blp.response(204, description="Deleted")
    @errors(400, 403, 404)
    def delete(self, args: dict[str, Any]) -> None:
        """Delete the group named by ?uuid= (400 while a trigger, flow or campaign uses it)."""
        api = current_rapidpro()
        group = api.groups.lookup(args, for_delete=True)
        api.groups.delete(group)  # type: ignore[arg-type]
