"""RapidPro request and response bodies.

Write schemas are DRF serializers rebuilt in marshmallow: the same field checks, in the
same order, with the same messages, in both profiles. `WriteSchema.load_body` binds the org
(`api`), the object the URL names (`instance`) and the URL lookup, like a serializer's
context; the class alone (what the spec documents) describes the union of both profiles.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from typing import Any, ClassVar

import marshmallow as ma
import pycountry
from marshmallow import EXCLUDE, pre_load, validates, validates_schema

from sandbox.core.api import RequestBody
from sandbox.core.stacks.drf import BLANK, NOT_A_STRING, NULL, Char, Choice, DictOf, ListOf
from sandbox.core.storage import Record
from sandbox.platforms.rapidpro import urns
from sandbox.platforms.rapidpro.models.api import RapidPro
from sandbox.platforms.rapidpro.models.contacts import Contacts, Lookup
from sandbox.platforms.rapidpro.models.fields import (
    LEGACY_TYPES,
    MAX_NAME_LENGTH,
    VALUE_TYPES,
    Fields,
)
from sandbox.platforms.rapidpro.models.groups import Groups
from sandbox.platforms.rapidpro.profiles import MAX_ITEMS, Profile
from sandbox.platforms.rapidpro.shapes import UPSTREAM_ONLY


class WriteContext:
    """What a DRF serializer gets as context: the org, the object the URL names and the
    URL lookup; the resources its checks read, built when one first asks."""

    def __init__(
        self, api: RapidPro, instance: Record | None = None, lookup: Lookup | None = None
    ) -> None:
        self.api = api
        self.instance = instance
        self.lookup = lookup

    @functools.cached_property
    def contacts(self) -> Contacts:
        return Contacts(self.api)

    @property
    def fields(self) -> Fields:
        return self.contacts.fields

    @property
    def groups(self) -> Groups:
        return self.contacts.groups


_WRITE_CONTEXT: ContextVar[WriteContext] = ContextVar("rapidpro_write_context")


class WriteSchema(ma.Schema):
    """A DRF write serializer: unknown keys ignored, its context bound by `load_body`.

    The context lives in a context variable for the length of one load rather than on the
    instance, so one instance per class and profile serves every request and thread:
    building a marshmallow schema deep-copies its fields, which costs more than the load.
    """

    class Meta:
        unknown = EXCLUDE

    _shared: ClassVar[dict[tuple[type[WriteSchema], str], WriteSchema]] = {}

    def __init__(self, profile: Profile | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.for_profile = profile

    @classmethod
    def load_body(
        cls,
        body: RequestBody,
        api: RapidPro,
        instance: Record | None = None,
        lookup: Lookup | None = None,
    ) -> dict[str, Any]:
        """Parse and validate `body` as this serializer would, with this context."""
        key = (cls, api.profile.name)
        schema = cls._shared.get(key)
        if schema is None:
            schema = cls._shared.setdefault(key, cls(api.profile))
        token = _WRITE_CONTEXT.set(WriteContext(api, instance, lookup))
        try:
            return body.load(schema)
        finally:
            _WRITE_CONTEXT.reset(token)

    @property
    def api(self) -> RapidPro:
        return _WRITE_CONTEXT.get().api

    @property
    def resources(self) -> WriteContext:
        """The org's contacts, fields and groups, for checks that look them up."""
        return _WRITE_CONTEXT.get()

    @property
    def instance(self) -> Record | None:
        return _WRITE_CONTEXT.get().instance

    @property
    def lookup(self) -> Lookup | None:
        return _WRITE_CONTEXT.get().lookup

    @property
    def profile(self) -> Profile:
        return self.api.profile


def _api(field: ma.fields.Field) -> RapidPro:
    return field.root.api  # type: ignore[attr-defined]


def _resources(field: ma.fields.Field) -> WriteContext:
    return field.root.resources  # type: ignore[attr-defined]


# -- contacts ------------------------------------------------------------------------------


class ContactName(Char):
    """Weni: any string, stripped, 1-100 characters; upstream: DRF CharField(max_length=64)."""

    _WENI = Char(allow_blank=True, allow_null=True, trim=False)
    _UPSTREAM = Char(max_length=64, allow_null=True)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not _api(self).profile.is_weni:
            return self._UPSTREAM._deserialize(value, attr, data, **kwargs)
        cleaned = self._WENI._deserialize(value, attr, data, **kwargs).strip()
        if not cleaned:
            raise ma.ValidationError("Contact name cannot be empty.")
        if len(cleaned) > 100:
            raise ma.ValidationError("Contact name cannot exceed 100 characters.")
        return cleaned


class URNItem(ma.fields.Field):
    """temba's URNField: a URN string, validated and normalised with the org's country."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages={"null": NULL}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        api = _api(self)
        # Current Weni refuses a URN that is not a string (`[18001234567]`) rather than
        # reading its str() as the older URNField did; upstream still coerces.
        if api.profile.is_weni and not isinstance(value, str):
            raise ma.ValidationError(NOT_A_STRING)
        if str(value).strip() == "":
            raise ma.ValidationError(BLANK)
        try:
            urn = urns.validate(str(value), api.profile, api.country)
        except urns.URNError as error:
            raise ma.ValidationError(error.message) from error
        if not api.profile.is_weni and len(urn) > 255:
            raise ma.ValidationError("Ensure this field has no more than 255 characters.")
        return urn


class ProfileList(ListOf):
    """The 100-item limit on `urns`: Weni checks it first, upstream after the items."""

    def size_rule(self) -> tuple[bool, str]:
        profile = _api(self).profile
        return profile.is_weni, profile.too_many_items


class ProfileDict(DictOf):
    """The 100-item limit on `fields`: Weni checks it first, upstream after the values."""

    def size_rule(self) -> tuple[bool, str]:
        profile = _api(self).profile
        return profile.is_weni, profile.too_many_items


class GroupRefs(ma.fields.Field):
    """DRF's ManyRelatedField over groups: UUIDs or names, first bad item reported flat."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].update(type="array", items={"type": "string"}, maxItems=MAX_ITEMS)
        super().__init__(error_messages={"null": NULL}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list:
        if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence):
            raise ma.ValidationError(
                f'Expected a list of items but got type "{type(value).__name__}".'
            )
        api = _api(self)
        if len(value) > MAX_ITEMS:  # both flavours check the size before the items
            raise ma.ValidationError(api.profile.too_many_items)
        groups = []
        for item in value:
            if not isinstance(item, (str, int)):
                raise ma.ValidationError("Must be a string or integer")
            group = _resources(self).groups.resolve(item)
            if group is None:
                raise ma.ValidationError(f"No such object: {item}")
            if group["query"]:
                raise ma.ValidationError(api.profile.smart_group.format(item))
            groups.append(group)
        return groups


class ContactWriteSchema(WriteSchema):
    """A contact to create, or the changes to make to one (only the keys given)."""

    name = ContactName(
        allow_null=True,
        metadata={
            "description": "Weni: 1-100 characters after trimming; upstream: at most 64.",
        },
    )
    language = Char(
        min_length=3,
        max_length=3,
        allow_null=True,
        metadata={"description": "An ISO 639-3 code.", "example": "por"},
    )
    urns = ProfileList(
        URNItem(metadata={"type": "string", "example": "whatsapp:5582999887766"}),
        max_items=MAX_ITEMS,
        metadata={"description": "scheme:path strings; Weni reads bare numbers as whatsapp:"},
    )
    groups = GroupRefs(metadata={"description": "Group UUIDs or names."})
    fields = ProfileDict(
        Char(allow_blank=True, allow_null=True),
        max_items=MAX_ITEMS,
        metadata={"description": 'Field key -> value; "" or null clears a value.'},
    )
    note = Char(max_length=10000, allow_blank=True, metadata={"description": UPSTREAM_ONLY})

    @pre_load
    def _drop_unknown_to_profile(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, Mapping) and self.profile.is_weni and "note" in data:
            data = {k: v for k, v in data.items() if k != "note"}
        return data

    @validates("language")
    def _language(self, value: str | None, **kwargs: Any) -> None:
        if value and not _is_iso639_3(value):
            raise ma.ValidationError("Not a valid ISO639-3 language code.")

    @validates("urns")
    def _urns(self, value: list[str], **kwargs: Any) -> None:
        if self.lookup is not None and self.lookup.url_urn is not None:
            raise ma.ValidationError("Field not allowed when using URN in URL")
        if self.profile.is_weni and self.instance is None:
            for urn in value:
                identity = urns.split_display(urn)[0]
                if self.resources.contacts.owner_of(identity) is not None:
                    raise ma.ValidationError(f"URN belongs to another contact: {urn}")

    @validates("groups")
    def _groups(self, value: list[Record], **kwargs: Any) -> None:
        if self.instance is not None and self.instance["status"] != "active" and value:
            raise ma.ValidationError("Non-active contacts can't be added to groups")

    @validates("fields")
    def _fields(self, value: dict[str, Any], **kwargs: Any) -> None:
        known = {field["key"] for field in self.resources.fields.active()}
        for key in value:
            if key not in known:
                raise ma.ValidationError(f"Invalid contact field key: {key}")

    @validates_schema
    def _contact(self, data: dict[str, Any], **kwargs: Any) -> None:
        if self.instance is not None and not self.instance["is_active"]:
            raise ma.ValidationError(self.profile.inactive_contact)


@functools.lru_cache(maxsize=1024)
def _is_iso639_3(code: str) -> bool:
    # pycountry's lookup walks its database on every call; the codes in use are few.
    return pycountry.languages.get(alpha_3=code) is not None


# -- fields -----------------------------------------------------------------------------------


class UniqueLabel(Char):
    """A field's label (or upstream name), unique in the org ignoring case."""

    def validator_errors(self, text: str) -> list[str]:
        schema: WriteSchema = self.root  # type: ignore[assignment]
        if schema.resources.fields.label_taken(text, schema.instance):
            return ["This field must be unique."]
        return []


class FieldWriteSchema(WriteSchema):
    """A contact field: Weni takes label + value_type; upstream also name + type."""

    label = UniqueLabel(max_length=MAX_NAME_LENGTH, metadata={"example": "Nick name"})
    value_type = Choice(VALUE_TYPES, metadata={"example": "text"})
    name = UniqueLabel(max_length=MAX_NAME_LENGTH, metadata={"description": UPSTREAM_ONLY})
    type = Choice(list(LEGACY_TYPES), metadata={"description": UPSTREAM_ONLY})

    def __init__(self, profile: Profile | None = None, **kwargs: Any) -> None:
        super().__init__(profile, **kwargs)
        if profile is not None and profile.is_weni:
            # Weni's serializer requires label and value_type and has no name/type.
            self.load_fields["label"].required = True
            self.load_fields["value_type"].required = True

    @pre_load
    def _drop_unknown_to_profile(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, Mapping) and self.profile.is_weni:
            data = {k: v for k, v in data.items() if k not in ("name", "type")}
        return data

    @validates("label")
    def _label(self, value: str, **kwargs: Any) -> None:
        fields_ = self.resources.fields
        errors = (
            fields_.label_errors(value, self.instance)
            if self.profile.is_weni
            else fields_.name_errors(value)
        )
        if errors:
            raise ma.ValidationError(errors)

    @validates("name")
    def _name(self, value: str, **kwargs: Any) -> None:
        errors = self.resources.fields.name_errors(value)
        if errors:
            raise ma.ValidationError(errors)

    @validates("type")
    def _type(self, value: str, **kwargs: Any) -> None:
        self._type_change(value)

    @validates("value_type")
    def _value_type(self, value: str, **kwargs: Any) -> None:
        # Weni has no such check and crashes with a 500 further on; the sandbox refuses
        # with upstream's message instead (README, fidelity notes).
        self._type_change(value)

    def _type_change(self, value: str) -> None:
        instance = self.instance
        if (
            instance is not None
            and instance["usages"].get("campaign_events")
            and value not in ("datetime",)
        ):
            raise ma.ValidationError(
                "Can't change type of date field being used by campaign events."
            )

    @validates_schema
    def _field(self, data: dict[str, Any], **kwargs: Any) -> None:
        if self.profile.is_weni:
            self.resources.fields.weni_limit_error(self.instance)
            return
        if not data.get("name") and not data.get("label"):
            raise ma.ValidationError("Field 'name' is required.")
        if not data.get("type") and not data.get("value_type"):
            raise ma.ValidationError("Field 'type' is required.")


# -- groups ----------------------------------------------------------------------------------


class GroupName(Char):
    """A group name: upstream's NameValidator, then uniqueness (both before DRF's length)."""

    def validator_errors(self, text: str) -> list[str]:
        schema: WriteSchema = self.root  # type: ignore[assignment]
        groups = schema.resources.groups
        errors = [] if schema.profile.is_weni else groups.name_errors(text)
        if groups.name_taken(text, schema.instance):
            errors.append("This field must be unique.")
        return errors


class GroupWriteSchema(WriteSchema):
    name = GroupName(required=True, max_length=64, metadata={"example": "Reporters"})

    @validates("name")
    def _name(self, value: str, **kwargs: Any) -> None:
        if self.profile.is_weni:
            errors = self.resources.groups.name_errors(value)
            if errors:
                raise ma.ValidationError(errors)

    @validates_schema
    def _group(self, data: dict[str, Any], **kwargs: Any) -> None:
        if self.profile.is_weni:
            self.resources.groups.weni_limit_error()
