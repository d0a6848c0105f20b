"""RapidPro's URL parameters and response shapes: the query-string schemas the views load,
and the representations they document (the models build the bodies themselves, so these
response schemas only document; see RapidProBlueprint.DUMPS_RESPONSES)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import EXCLUDE
from marshmallow import fields as mf

WENI_ONLY = "Weni profile only."
UPSTREAM_ONLY = "Upstream profile only (absent in the weni profile)."


# -- URL parameters ---------------------------------------------------------------------------


class QuerySchema(ma.Schema):
    class Meta:
        unknown = EXCLUDE


def _param(description: str, **metadata: Any) -> mf.String:
    return mf.String(metadata={"description": description, **metadata})


class ContactListQuery(QuerySchema):
    uuid = _param("Only the contact with this UUID.")
    urn = _param("Only the contact with this URN.", example="whatsapp:5582999887766")
    group = _param("Only contacts in this group (name or UUID).")
    deleted = _param("true: only deleted contacts.")
    before = _param("Only contacts modified on or before this ISO 8601 instant.")
    after = _param("Only contacts modified on or after this ISO 8601 instant.")
    reverse = _param("true: oldest first.")
    cursor = _param("Opaque; follow the `next` / `previous` URLs.")
    expand_urns = _param(
        "true: each URN as an object `{channel, scheme, path, display}`. " + UPSTREAM_ONLY
    )
    search = _param(f"Exact URN or exact name. {WENI_ONLY}")
    name = _param(f"Name contains (case-insensitive). {WENI_ONLY}")
    order_by = _param(f"created_on, -created_on or modified_on. {WENI_ONLY}")
    limit = _param(f"Page size (default 250). {WENI_ONLY}")


class ContactLookupQuery(QuerySchema):
    uuid = _param("The contact with this UUID.")
    urn = _param("The contact with this URN (a POST creates it when nobody has it).")
    name = _param(f"The contact with this exact name. {WENI_ONLY}")


class FieldListQuery(QuerySchema):
    key = _param("Only the field with this key.")
    cursor = _param("Opaque; follow the `next` / `previous` URLs.")


class FieldLookupQuery(QuerySchema):
    key = _param("Update the field with this key.")


class GroupListQuery(QuerySchema):
    uuid = _param("Only the group with this UUID.")
    name = _param("Only the group with this name (case-insensitive).")
    cursor = _param("Opaque; follow the `next` / `previous` URLs.")


class GroupLookupQuery(QuerySchema):
    uuid = _param("The group with this UUID.")


# -- responses ---------------------------------------------------------------------------------


class RefSchema(ma.Schema):
    uuid = mf.String(required=True)
    name = mf.String(required=True)


class NoteSchema(ma.Schema):
    text = mf.String(required=True)
    created_on = mf.String(required=True)
    created_by = mf.Dict(required=True)


class ContactSchema(ma.Schema):
    """A contact; a deleted one has null / empty values except its uuid and dates."""

    uuid = mf.String(required=True)
    name = mf.String(required=True, allow_none=True)
    status = mf.String(allow_none=True, metadata={"description": UPSTREAM_ONLY})
    language = mf.String(required=True, allow_none=True)
    urns = mf.List(
        mf.Raw(),
        required=True,
        metadata={
            "description": "`scheme:path` strings; objects `{channel, scheme, path, display}` "
            "with upstream's `?expand_urns=true`."
        },
    )
    groups = mf.List(mf.Nested(RefSchema), required=True)
    notes = mf.List(mf.Nested(NoteSchema), metadata={"description": UPSTREAM_ONLY})
    fields = mf.Dict(keys=mf.String(), values=mf.String(allow_none=True), required=True)
    flow = mf.Nested(RefSchema, allow_none=True, metadata={"description": UPSTREAM_ONLY})
    created_on = mf.String(required=True, metadata={"format": "date-time"})
    modified_on = mf.String(required=True, metadata={"format": "date-time"})
    last_seen_on = mf.String(required=True, allow_none=True, metadata={"format": "date-time"})
    blocked = mf.Boolean(required=True, allow_none=True)
    stopped = mf.Boolean(required=True, allow_none=True)


class PageSchema(ma.Schema):
    next = mf.String(required=True, allow_none=True, metadata={"format": "uri"})
    previous = mf.String(required=True, allow_none=True, metadata={"format": "uri"})


class ContactPageSchema(PageSchema):
    results = mf.List(mf.Nested(ContactSchema), required=True)


class UsagesSchema(ma.Schema):
    flows = mf.Integer(required=True)
    groups = mf.Integer(required=True)
    campaign_events = mf.Integer(required=True)


class FieldSchema(ma.Schema):
    """A contact field (Weni: key, label, value_type, pinned)."""

    key = mf.String(required=True)
    name = mf.String(metadata={"description": UPSTREAM_ONLY})
    type = mf.String(metadata={"description": UPSTREAM_ONLY})
    featured = mf.Boolean(metadata={"description": UPSTREAM_ONLY})
    priority = mf.Integer(metadata={"description": UPSTREAM_ONLY})
    usages = mf.Nested(UsagesSchema, metadata={"description": UPSTREAM_ONLY})
    agent_access = mf.String(metadata={"description": UPSTREAM_ONLY})
    label = mf.String(required=True)
    value_type = mf.String(required=True)
    pinned = mf.Boolean(metadata={"description": WENI_ONLY})


class FieldPageSchema(PageSchema):
    results = mf.List(mf.Nested(FieldSchema), required=True)


class GroupSchema(ma.Schema):
    uuid = mf.String(required=True)
    name = mf.String(required=True)
    query = mf.String(required=True, allow_none=True)
    status = mf.String(required=True)
    system = mf.Boolean(metadata={"description": UPSTREAM_ONLY})
    count = mf.Integer(required=True)


class GroupPageSchema(PageSchema):
    results = mf.List(mf.Nested(GroupSchema), required=True)
