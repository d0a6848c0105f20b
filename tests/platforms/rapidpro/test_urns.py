"""Unit tests of URN parsing, normalisation and validation (no HTTP).

Expected values come from rapidpro.md §2.3 and docs/rapidpro-fidelity.md §1 ("URN validation
and normalisation"): temba's `to_parts`, `normalize`, `normalize_number`, `parse_number`,
`validate`, WF's `validate_contact_phone` and the Weni `ensure_scheme` default.
"""

from __future__ import annotations

import pytest

from sandbox.platforms.rapidpro import urns
from sandbox.platforms.rapidpro.profiles import PROFILES, UPSTREAM, WENI, Profile
from tests.conftest import invalid_urn

WENI_PROFILE = PROFILES[WENI]
UPSTREAM_PROFILE = PROFILES[UPSTREAM]
BOTH = [pytest.param(WENI_PROFILE, id="weni"), pytest.param(UPSTREAM_PROFILE, id="upstream")]


def validation_error(value: str, profile: Profile, country: str | None = None) -> str:
    with pytest.raises(urns.URNError) as caught:
        urns.validate(value, profile, country)
    assert str(caught.value) == caught.value.message
    return caught.value.message


# -- to_parts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", BOTH)
@pytest.mark.parametrize(
    ("urn", "parts"),
    [
        ("tel:+250788123123", ("tel", "+250788123123", None)),
        ("twitter:bob?id=1", ("twitter", "bob", None)),
        ("twitter:bob#Bobby", ("twitter", "bob", "Bobby")),
        ("mailto:a@b.co:x", ("mailto", "a@b.co:x", None)),  # split on the first colon only
    ],
)
def test_to_parts_splits_scheme_path_and_display(
    profile: Profile, urn: str, parts: tuple[str, str, str | None]
) -> None:
    assert urns.to_parts(urn, profile) == parts


@pytest.mark.parametrize("profile", BOTH)
@pytest.mark.parametrize("urn", ["1234556789", ":123", "tel:", "tel:?x=1", ""])
def test_to_parts_requires_scheme_and_path(profile: Profile, urn: str) -> None:
    with pytest.raises(ValueError, match=r"^URN strings must contain scheme and path components$"):
        urns.to_parts(urn, profile)


@pytest.mark.parametrize("profile", BOTH)
def test_to_parts_rejects_unknown_scheme(profile: Profile) -> None:
    with pytest.raises(ValueError) as caught:
        urns.to_parts("foo:bar", profile)
    assert str(caught.value) == "URN contains an invalid scheme component: 'foo'"


@pytest.mark.parametrize("scheme", ["weniwebchat", "teams"])
def test_weni_only_schemes(scheme: str) -> None:
    # rapidpro.md §2.3: WF schemes include weniwebchat and teams; NY's do not.
    assert urns.to_parts(f"{scheme}:abc", WENI_PROFILE) == (scheme, "abc", None)
    with pytest.raises(ValueError):
        urns.to_parts(f"{scheme}:abc", UPSTREAM_PROFILE)


def test_webchat_is_upstream_only() -> None:
    # rapidpro.md §2.3 and fidelity §1 both list webchat for NY and not for WF.
    assert urns.to_parts("webchat:abc", UPSTREAM_PROFILE) == ("webchat", "abc", None)
    with pytest.raises(ValueError):
        urns.to_parts("webchat:abc", WENI_PROFILE)


# -- parse_number / normalize_number -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "country", "expected"),
    [
        ("+250788123123", None, "+250788123123"),
        ("0788123123", "RW", "+250788123123"),
        ("+18001234567", "RW", "+18001234567"),
    ],
)
def test_parse_number_formats_e164(number: str, country: str | None, expected: str) -> None:
    assert urns.parse_number(number, country) == expected


@pytest.mark.parametrize(
    ("number", "country"),
    [
        ("0788123123", None),  # a local number needs the org country
        ("not a number", "RW"),
        ("+2507", None),  # too short to be possible
    ],
)
def test_parse_number_rejects_impossible_numbers(number: str, country: str | None) -> None:
    with pytest.raises(ValueError):
        urns.parse_number(number, country)


@pytest.mark.parametrize(
    ("number", "country", "expected"),
    [
        # fidelity §1, normalize_number consequences (asserted with org country RW in WF tests)
        ("0788 123 123", "RW", "+250788123123"),
        ("(078) 812-3123", "RW", "+250788123123"),
        ("+1-800-123-4567", "RW", "+18001234567"),
        ("+250 788 123 123", None, "+250788123123"),
        # 11+ digits without a leading 0 get a "+"
        ("250788123123", None, "+250788123123"),
        # spreadsheet-mangled numbers
        ("2.50788123123e+11", None, "+250788123123"),
        # not possible: the bare lower-cased digits/letters, without "+"
        ("0788123123", None, "0788123123"),
        ("800-123-4567", "RW", "8001234567"),
        (" ABC-12 ", None, "abc12"),
    ],
)
def test_normalize_number(number: str, country: str | None, expected: str) -> None:
    assert urns.normalize_number(number, country) == expected


# -- ensure_scheme (Weni's default phone scheme) ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("+250788999999", None, "whatsapp:250788999999"),
        (" +250788999999 ", None, "whatsapp:250788999999"),
        ("0788123123", "RW", "whatsapp:0788123123"),
        ("1234556789", None, "1234556789"),  # not a possible number without a country
        ("tel:+250788999999", None, "tel:+250788999999"),  # already has a scheme
        ("AB.12345678", None, "AB.12345678"),  # a WhatsApp BSUID, not a phone number
        ("hello", None, "hello"),
    ],
)
def test_weni_ensure_scheme(value: str, country: str | None, expected: str) -> None:
    assert urns.ensure_scheme(value, WENI_PROFILE, country) == expected


def test_upstream_has_no_default_scheme() -> None:
    assert urns.ensure_scheme("+250788999999", UPSTREAM_PROFILE, None) == "+250788999999"


def test_looks_like_phone() -> None:
    assert urns.looks_like_phone("+250788999999", None)
    assert urns.looks_like_phone("0788123123", "RW")
    assert not urns.looks_like_phone("0788123123", None)
    assert not urns.looks_like_phone("tel:+250788999999", None)
    assert not urns.looks_like_phone("no digits", None)
    assert not urns.looks_like_phone("AB.250788999999", None)


# -- normalize ---------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", BOTH)
@pytest.mark.parametrize(
    ("urn", "country", "expected"),
    [
        ("tel:+250 788-123 123", None, "tel:+250788123123"),
        ("tel:0788 123 123", "RW", "tel:+250788123123"),
        ("tel:(078) 812-3123", "RW", "tel:+250788123123"),
        ("tel:+1-800-123-4567", "RW", "tel:+18001234567"),
        ("tel:0788123123", None, "tel:0788123123"),  # kept as digits; validate refuses it
        ("twitter:JEAN", None, "twitter:jean"),
        ("twitter:@Jean_B", None, "twitter:jean_b"),
        ("mailto:Bob@Example.COM", None, "mailto:bob@example.com"),
        ("telegram: 12345 ", None, "telegram:12345"),
        ("facebook:12345", None, "facebook:12345"),
        ("ext:SomeThing", None, "ext:SomeThing"),
    ],
)
def test_normalize(profile: Profile, urn: str, country: str | None, expected: str) -> None:
    assert urns.normalize(urn, profile, country) == expected


@pytest.mark.parametrize(
    "urn",
    ["whatsapp:5582999887766", "whatsapp:+55 82 99988-7766", "whatsapp:0788123123"],
)
def test_weni_keeps_whatsapp_paths(urn: str) -> None:
    # Current Weni does not normalise WhatsApp paths (weni-ai/flows' API tests refuse
    # "0788 123 123"); the newer-models rewrite to digits is not what the API does.
    assert urns.normalize(urn, WENI_PROFILE, "RW") == urn


def test_upstream_keeps_whatsapp_paths() -> None:
    assert urns.normalize("whatsapp:+5582999887766", UPSTREAM_PROFILE, None) == (
        "whatsapp:+5582999887766"
    )


def test_twitterid_display_is_lowercased_and_kept() -> None:
    # fidelity §1 URN.normalize: "twitterid: display lower-cased, @ removed"; the read form
    # is scheme:path#display.
    assert urns.normalize("twitterid:12345#@BobSmith", WENI_PROFILE, None) == (
        "twitterid:12345#bobsmith"
    )


# -- is_valid ----------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", BOTH)
@pytest.mark.parametrize(
    ("urn", "valid"),
    [
        ("tel:+250788123123", True),
        ("tel:0788123123", False),
        ("twitter:jean_b", True),
        ("twitter:this_handle_is_too_long", False),
        ("twitter:bad-char", False),
        ("twitterid:12345", True),
        ("twitterid:abc", False),
        ("mailto:bob@example.com", True),
        ("mailto:not-an-email", False),
        ("facebook:12345", True),
        ("facebook:ref:abc", True),
        ("facebook:abc", False),
        ("telegram:12345", True),
        ("telegram:abc", False),
        ("instagram:12345", True),
        ("instagram:abc", False),
        ("viber:abc_DEF=", True),
        ("viber:" + "a" * 25, False),
        (
            "freshchat:0c5e3d2a-1111-4a4a-9b9b-123456789abc/0c5e3d2a-2222-4a4a-9b9b-123456789abc",
            True,
        ),
        ("freshchat:abc/def", False),
        ("ext:anything goes", True),
        ("line:anything", True),
    ],
)
def test_is_valid(profile: Profile, urn: str, valid: bool) -> None:
    assert urns.is_valid(urn, profile, None) is valid


@pytest.mark.parametrize(
    ("urn", "weni", "upstream"),
    [
        ("whatsapp:5582999887766", True, True),
        ("whatsapp:AB.ENT.abc123", True, False),  # WF fa571bbe regex; NY: digits only
        ("whatsapp:abc", False, False),
        ("viber:ab+c/d", False, True),  # NY's viber regex also allows + and /
    ],
)
def test_is_valid_per_profile(urn: str, weni: bool, upstream: bool) -> None:
    assert urns.is_valid(urn, WENI_PROFILE, None) is weni
    assert urns.is_valid(urn, UPSTREAM_PROFILE, None) is upstream


def test_tel_validity_uses_the_country() -> None:
    assert urns.is_valid("tel:0788123123", WENI_PROFILE, "RW")
    assert not urns.is_valid("tel:0788123123", WENI_PROFILE, None)


# -- validate ----------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", BOTH)
@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("tel:+250-78-5555555", None, "tel:+250785555555"),
        ("tel:0788 123 123", "RW", "tel:+250788123123"),
        ("twitter:JEAN", None, "twitter:jean"),
        ("mailto:Bob@Example.com", None, "mailto:bob@example.com"),
        ("tel:+24712345", None, "tel:+24712345"),  # 8 digits: the Weni minimum
        ("tel:+491234567890123", None, "tel:+491234567890123"),  # 15 digits: the maximum
    ],
)
def test_validate_returns_normalized_urn(
    profile: Profile, value: str, country: str | None, expected: str
) -> None:
    assert urns.validate(value, profile, country) == expected


@pytest.mark.parametrize("profile", BOTH)
@pytest.mark.parametrize(
    ("value", "country"),
    [
        ("1234556789", None),
        ("tel:0788123123", None),
        ("tel:800-123-4567", "RW"),
        ("foo:bar", None),
        ("twitter:this_handle_is_too_long", None),
        ("mailto:not-an-email", None),
        ("telegram:abc", None),
        ("tel:", None),
    ],
)
def test_validate_invalid_echoes_raw_input(
    profile: Profile, value: str, country: str | None
) -> None:
    assert validation_error(value, profile, country) == invalid_urn(value)


def test_weni_validate_bare_number_defaults_to_whatsapp() -> None:
    assert urns.validate("+250788999999", WENI_PROFILE, None) == "whatsapp:250788999999"


def test_upstream_validate_bare_number_is_invalid() -> None:
    assert validation_error("+250788999999", UPSTREAM_PROFILE) == invalid_urn("+250788999999")


def test_upstream_whatsapp_with_plus_is_invalid() -> None:
    value = "whatsapp:+5582999887766"
    assert validation_error(value, UPSTREAM_PROFILE) == invalid_urn(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("tel:+6831234", "Phone number must have at least 8 digits."),
        ("tel:+2901234", "Phone number must have at least 8 digits."),
        ("tel:+4912345678901234", "Phone number cannot exceed 15 digits."),
    ],
)
def test_weni_phone_digit_rule(value: str, message: str) -> None:
    # fidelity §1 validate_contact_phone: counted on the normalised tel: path, Weni only.
    assert validation_error(value, WENI_PROFILE) == message
    assert urns.validate(value, UPSTREAM_PROFILE, None) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("whatsapp:6831234", "Phone number must have at least 8 digits."),
        ("whatsapp:4912345678901234", "Phone number cannot exceed 15 digits."),
    ],
)
def test_weni_digit_rule_applies_to_whatsapp_numbers(value: str, message: str) -> None:
    # weni-ai/flows' API tests refuse whatsapp:6831234 (fewer than 8 digits).
    assert validation_error(value, WENI_PROFILE) == message
    assert urns.validate("whatsapp:24712345", WENI_PROFILE, None) == "whatsapp:24712345"
    assert urns.validate(value, UPSTREAM_PROFILE, None) == value


def test_weni_digit_rule_skips_bsuids_and_other_schemes() -> None:
    assert urns.validate("whatsapp:BR.350", WENI_PROFILE, None) == "whatsapp:BR.350"
    assert urns.validate("telegram:1234", WENI_PROFILE, None) == "telegram:1234"


@pytest.mark.parametrize("value", ["BR.35029025746744354", "US.ENT.abc123", " BR.350 "])
def test_weni_bare_bsuid_needs_the_whatsapp_scheme(value: str) -> None:
    # weni-ai/flows' API tests: a BSUID without `whatsapp:` has its own message.
    assert validation_error(value, WENI_PROFILE) == (
        f"Invalid URN: {value}. WhatsApp BSUID identifiers must include the whatsapp: scheme."
    )
    assert validation_error(value, UPSTREAM_PROFILE) == invalid_urn(value)


@pytest.mark.parametrize(
    "value", ["0788 123 123", "+55 (82) 99988-7766", "whatsapp:+5582999887766"]
)
def test_weni_refuses_whatsapp_paths_that_are_not_digits(value: str) -> None:
    # The bare number becomes `whatsapp:0788 123 123`, which is not rewritten to digits.
    assert validation_error(value, WENI_PROFILE, "BR") == invalid_urn(value)


# -- normalize_lookup (?urn=) --------------------------------------------------------------------


@pytest.mark.parametrize("profile", BOTH)
def test_lookup_normalizes_without_validating(profile: Profile) -> None:
    # fidelity §4: only a missing or invalid scheme raises; tel:abc simply matches nothing.
    assert urns.normalize_lookup("tel:abc", profile, None) == "tel:abc"
    assert urns.normalize_lookup("tel:078-8000004", profile, "RW") == "tel:+250788000004"
    assert urns.normalize_lookup("twitter:XAVIER", profile, None) == "twitter:xavier"


@pytest.mark.parametrize("profile", BOTH)
@pytest.mark.parametrize("value", ["12345", "foo:bar", "tel:"])
def test_lookup_invalid_urn_message(profile: Profile, value: str) -> None:
    with pytest.raises(urns.URNError) as caught:
        urns.normalize_lookup(value, profile, None)
    assert caught.value.message == f"Invalid URN: {value}"


def test_weni_lookup_applies_the_default_scheme() -> None:
    # rapidpro.md §2.3: the whatsapp default is "also applied to ?urn= lookups".
    assert urns.normalize_lookup("+250788999999", WENI_PROFILE, None) == ("whatsapp:250788999999")
    with pytest.raises(urns.URNError):
        urns.normalize_lookup("+250788999999", UPSTREAM_PROFILE, None)
