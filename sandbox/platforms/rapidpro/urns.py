"""URNs (`scheme:path`): parsing, normalisation and validation as RapidPro does them.

Rebuilt from temba's `URN.to_parts / normalize / validate`, `normalize_number` and
`parse_number` (rapidpro.md §2.3; docs/rapidpro-fidelity.md §URNs), with the Weni
additions: bare phone numbers default to `whatsapp:`, a bare WhatsApp BSUID is refused
with its own message, and `tel:` and numeric `whatsapp:` paths must have 8 to 15 digits.
Current Weni does not normalise WhatsApp paths (checked against weni-ai/flows' API
tests): `whatsapp:+55 82 ...` and a bare `0788 123 123` are invalid, not rewritten.
"""

from __future__ import annotations

import re

import phonenumbers

from sandbox.platforms.rapidpro.profiles import Profile

INVALID = "Invalid URN: {}. Ensure phone numbers contain country codes."
TOO_FEW_DIGITS = "Phone number must have at least 8 digits."
TOO_MANY_DIGITS = "Phone number cannot exceed 15 digits."
BSUID_WITHOUT_SCHEME = (
    "Invalid URN: {}. WhatsApp BSUID identifiers must include the whatsapp: scheme."
)

_TWITTER = re.compile(r"^[a-zA-Z0-9_]{1,15}$")
_DIGITS = re.compile(r"^[0-9]+$")
_WENI_WHATSAPP = re.compile(r"^([0-9]+|[A-Z]{2}\.(ENT\.)?[a-zA-Z0-9]+)$")
_WENI_VIBER = re.compile(r"^[a-zA-Z0-9_=]{1,24}$")
_UPSTREAM_VIBER = re.compile(r"^[a-zA-Z0-9_=+/]{1,24}$")
_FRESHCHAT = re.compile(
    r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}/"
    r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"
)
# Django's EmailValidator, simplified to the cases an API client meets.
_EMAIL = re.compile(
    r"^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*"
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63})$"
)
_BSUID = re.compile(r"^[A-Z]{2}\.")
# A whole WhatsApp business-scoped user id (`BR.35029025746744354`, `US.ENT.abc`).
_WHOLE_BSUID = re.compile(r"^[A-Z]{2}\.(ENT\.)?[a-zA-Z0-9]+$")


class URNError(ValueError):
    """Not a URN RapidPro accepts; `message` is the exact text the vendor answers."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def to_parts(urn: str, profile: Profile) -> tuple[str, str, str | None]:
    """Split `scheme:path[?query][#display]` into (scheme, path, display); the query is
    dropped. ValueError when malformed."""
    scheme, separator, rest = urn.partition(":")
    rest, _, display = rest.partition("#")
    path = rest.partition("?")[0]
    if not separator or not scheme or not path:
        raise ValueError("URN strings must contain scheme and path components")
    if scheme not in profile.urn_schemes:
        raise ValueError(f"URN contains an invalid scheme component: '{scheme}'")
    return scheme, path, display or None


def split_display(urn: str) -> tuple[str, str | None]:
    """A normalised URN as (identity `scheme:path`, display or None)."""
    identity, _, display = urn.partition("#")
    return identity, display or None


def parse_number(number: str, country: str | None) -> str:
    """E.164 form of a possible phone number; ValueError otherwise."""
    try:
        parsed = phonenumbers.parse(number, country or None)
    except phonenumbers.NumberParseException as error:
        raise ValueError(str(error)) from error
    if phonenumbers.is_possible_number_with_reason(parsed) != (
        phonenumbers.ValidationResult.IS_POSSIBLE
    ):
        raise ValueError("not a possible number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_number(number: str, country: str | None) -> str:
    """temba's normalize_number: E.164 when it parses, else the bare digits and letters."""
    number = number.strip()
    normalized = number.lower()
    if normalized.endswith(("e+11", "e+12")):  # numbers mangled by spreadsheets
        normalized = normalized[:-4].replace(".", "")
    normalized = re.sub(r"[^0-9a-z]", "", normalized)
    parse_as = normalized
    if number.startswith("+") or (len(normalized) >= 11 and not normalized.startswith("0")):
        parse_as = "+" + normalized
    try:
        return parse_number(parse_as, country)
    except ValueError:
        return normalized


def looks_like_phone(value: str, country: str | None) -> bool:
    if ":" in value or not any(c.isdigit() for c in value) or _BSUID.match(value):
        return False
    try:
        parse_number(normalize_number(value, country), country)
    except ValueError:
        return False
    return True


def ensure_scheme(value: str, profile: Profile, country: str | None) -> str:
    """Weni: a bare phone number becomes a URN of the default phone scheme."""
    value = value.strip()
    if ":" in value or profile.default_phone_scheme is None:
        return value
    if looks_like_phone(value, country):
        return f"{profile.default_phone_scheme}:{value.lstrip('+')}"
    return value


def normalize(urn: str, profile: Profile, country: str | None) -> str:
    """The canonical `scheme:path[#display]`; ValueError when the URN does not even parse."""
    scheme, path, display = to_parts(ensure_scheme(urn, profile, country), profile)
    path = path.strip()
    if scheme == "tel":
        path = normalize_number(path, country)
    elif scheme == "twitter":
        path = path.lower().lstrip("@")
    elif scheme == "mailto":
        path = path.lower()
    if display and scheme == "twitterid":
        display = display.lower().lstrip("@")
    return f"{scheme}:{path}#{display}" if display else f"{scheme}:{path}"


def is_valid(urn: str, profile: Profile, country: str | None) -> bool:
    scheme, path, display = to_parts(urn, profile)
    if scheme == "tel":
        try:
            parse_number(path, country)
        except ValueError:
            return False
        return True
    if scheme == "twitter":
        return bool(_TWITTER.match(path))
    if scheme == "twitterid":
        return path.isdigit() and (display is None or bool(_TWITTER.match(display)))
    if scheme == "mailto":
        return bool(_EMAIL.match(path))
    if scheme == "facebook":
        return path.startswith("ref:") or path.lstrip("-").isdigit()
    if scheme in ("telegram", "instagram", "discord"):
        return bool(_DIGITS.match(path))
    if scheme == "whatsapp":
        return bool((_WENI_WHATSAPP if profile.is_weni else _DIGITS).match(path))
    if scheme == "viber":
        return bool((_WENI_VIBER if profile.is_weni else _UPSTREAM_VIBER).match(path))
    if scheme == "freshchat":
        return bool(_FRESHCHAT.match(path))
    return True


def validate(value: str, profile: Profile, country: str | None) -> str:
    """A URN from a request body, normalised; URNError with the vendor's message otherwise."""
    if profile.is_weni and _WHOLE_BSUID.match(value.strip()):
        raise URNError(BSUID_WITHOUT_SCHEME.format(value))
    try:
        normalized = normalize(value, profile, country)
        if not is_valid(normalized, profile, country):
            raise ValueError("invalid path")
    except ValueError as error:
        raise URNError(INVALID.format(value)) from error
    identity = split_display(normalized)[0]
    scheme, _, path = identity.partition(":")
    # Weni counts the digits of phone numbers: tel: paths, and whatsapp: paths that are
    # numbers (a BSUID such as BR.350... is not one).
    if profile.checks_phone_digits and (
        scheme == "tel" or (scheme == "whatsapp" and _DIGITS.match(path))
    ):
        digits = len(re.sub(r"[^0-9]", "", path))
        if digits < 8:
            raise URNError(TOO_FEW_DIGITS)
        if digits > 15:
            raise URNError(TOO_MANY_DIGITS)
    return normalized


def normalize_lookup(value: str, profile: Profile, country: str | None) -> str:
    """The identity of a URN from the URL (`?urn=`), normalised but not validated, as
    temba's lookups do."""
    try:
        return split_display(normalize(value, profile, country))[0]
    except ValueError as error:
        raise URNError(f"Invalid URN: {value}") from error
