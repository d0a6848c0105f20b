"""The tricky pure logic under FlowBot's endpoints, tested directly: phone numbers, HMAC
signatures, JWT expiry on the sandbox clock, WAMIDs, placeholders and the generator's
outline of a prompt and a document."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta, timezone

import jwt
import pytest

from sandbox.core.ids import IdFactory
from sandbox.platforms.flowbot import phones, signatures, texts, tokens, wamid
from sandbox.platforms.flowbot.generator.outline import document_steps, outline, title

SECRET = "5e8f2a7c9d1b3e4f6a0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a"
BODY = b'{"phone":"+972501234567","name":"John"}'
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
#: As long as a workspace's signing secret (shorter HMAC keys make PyJWT warn).
JWT_SECRET = "9f3c1e7a5b2d4f6e8a0c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f"
OTHER_SECRET = "0" * 64

# -- phone numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("+972501234567", "+972501234567"),
        ("+972 50-123-4567", "+972501234567"),
        ("+1 (415) 555-0123", "+14155550123"),
        ("  +447700900123 ", "+447700900123"),
    ],
)
def test_international_numbers_read_as_e164(given: str, expected: str) -> None:
    assert phones.e164(given) == expected


@pytest.mark.parametrize(
    "given",
    ["0501234567", "972501234567", "+97250", "+9725012345678901", "+0501234567", "phone", "", 972],
)
def test_local_short_long_or_non_text_numbers_are_refused(given: object) -> None:
    assert phones.e164(given) is None


# -- X-Signature-256 -----------------------------------------------------------------------------


def expected_signature(body: bytes) -> str:
    return hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


@pytest.mark.parametrize("form", ["{}", "sha256={}", "SHA256={}", " {} "])
def test_a_signature_is_accepted_bare_or_prefixed(form: str) -> None:
    assert signatures.valid(SECRET, BODY, form.format(expected_signature(BODY)))
    assert signatures.valid(SECRET, BODY, form.format(expected_signature(BODY).upper()))


@pytest.mark.parametrize(
    "header",
    [
        expected_signature(BODY + b" "),  # another body (a re-serialised one, say)
        hmac.new(b"other", BODY, hashlib.sha256).hexdigest(),
        "sha1=" + hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest(),
        expected_signature(BODY)[:-1],
        "",
        "sha256=",
        "é" * 64,  # not ASCII: compared as bytes, never an error
    ],
)
def test_any_other_signature_is_refused(header: str) -> None:
    assert not signatures.valid(SECRET, BODY, header)


def test_sign_is_the_lowercase_hex_hmac_of_the_raw_body() -> None:
    assert signatures.sign(SECRET, BODY) == expected_signature(BODY)


# -- JWTs on the sandbox clock -------------------------------------------------------------------


def test_a_token_is_hs256_with_the_claims_and_expiry_asked_for() -> None:
    token = tokens.issue(JWT_SECRET, {"sub": "user-1", "type": "api"}, NOW, 3600)

    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_exp": False}) == {
        "sub": "user-1",
        "type": "api",
        "iat": int(NOW.timestamp()),
        "exp": int(NOW.timestamp()) + 3600,
    }


def test_expiry_is_judged_on_the_clock_given_not_the_machines() -> None:
    # Issued in 2026 and long expired by the machine's clock of a later year, or not yet
    # issued by an earlier one: only the sandbox's `now` counts.
    token = tokens.issue(JWT_SECRET, {"sub": "user-1"}, NOW, 60)

    assert tokens.verify(token, JWT_SECRET, NOW + timedelta(seconds=59)) is not None
    assert tokens.verify(token, JWT_SECRET, NOW + timedelta(seconds=60)) is None
    assert tokens.verify(token, JWT_SECRET, NOW - timedelta(days=400)) is not None


def test_a_token_of_another_secret_or_algorithm_is_refused() -> None:
    token = tokens.issue(JWT_SECRET, {"sub": "user-1"}, NOW, 60)
    none_alg = jwt.encode({"sub": "user-1", "exp": 2**40}, None, algorithm="none")

    assert tokens.verify(token, OTHER_SECRET, NOW) is None
    assert tokens.verify(none_alg, JWT_SECRET, NOW) is None
    assert tokens.unverified_subject(none_alg) is None
    assert tokens.unverified_subject("not.a.jwt") is None
    assert tokens.unverified_subject(token) == "user-1"


# -- WAMIDs --------------------------------------------------------------------------------------


def test_a_wamid_is_base64_of_the_recipients_digits_and_a_message_key() -> None:
    made = wamid.new_wamid(IdFactory(7), "+972501234567")

    assert made.startswith("wamid.") and len(made) <= 128
    record = base64.b64decode(made.removeprefix("wamid."), validate=True)
    assert record[:3] == b"\x1c\x18\x0c"  # field header, then 12 digits
    assert record[3:15] == b"972501234567"
    key = record[21:-1]
    assert len(key) == 20 and key.decode().isalnum() and key.decode().isupper()


def test_wamids_follow_the_seed_and_never_repeat() -> None:
    first, again = IdFactory(7), IdFactory(7)
    made = [wamid.new_wamid(first, "+14155550123") for _ in range(50)]

    assert made == [wamid.new_wamid(again, "+14155550123") for _ in range(50)]
    assert len(set(made)) == 50


# -- placeholders --------------------------------------------------------------------------------


def test_template_parameters_fill_in_by_position() -> None:
    text = "Order {{1}}: {{2}}. Again: {{ 1 }}, missing: {{3}}"

    assert texts.parameter_count(text) == 3
    assert texts.fill_parameters(text, ["ORD-1", "shipped"]) == (
        "Order ORD-1: shipped. Again: ORD-1, missing: {{3}}"
    )


def test_flow_variables_fill_in_by_name_and_unknown_ones_stay_visible() -> None:
    text = "Hi {{customerName}}, order {{orderId}} ({{paid}}, {{count}}) {{ missing }} {{items}}"
    variables = {"customerName": "Dana", "orderId": "ORD-1", "paid": True, "count": 3}

    assert texts.fill_variables(text, {**variables, "items": ["a"]}) == (
        "Hi Dana, order ORD-1 (true, 3) {{ missing }} {{items}}"
    )


# -- the generator's outline ----------------------------------------------------------------------


def test_a_document_gives_headings_and_sentences_with_broken_lines_joined() -> None:
    text = (
        "Pizza Roma Menu\n\nWe bake every pizza in a wood-fired\noven. Delivery takes about "
        "30 minutes.\n\nOpening hours\nWe are open every day. Would you like to order now?\n"
    )

    assert document_steps(text) == [
        "Pizza Roma Menu",
        "We bake every pizza in a wood-fired oven.",
        "Delivery takes about 30 minutes.",
        "Opening hours",
        "We are open every day.",
        "Would you like to order now?",
    ]


def test_an_instruction_names_the_flow_and_the_rest_of_the_prompt_are_steps() -> None:
    plan = outline("Please build me a flow for late deliveries. Apologise. Can we call you?", None)

    assert plan.name == "Flow for Late Deliveries"
    assert [(step.kind, step.text) for step in plan.steps] == [
        ("message", "Apologise."),
        ("question", "Can we call you?"),
    ]


def test_a_prompt_pointing_at_its_document_takes_the_documents_first_line_as_name() -> None:
    plan = outline("Create a flow from the attached PDF", "Spring Sale\nEverything is 20% off.")

    assert plan.name == "Spring Sale"
    assert [step.text for step in plan.steps] == ["Spring Sale", "Everything is 20% off."]


def test_titles_are_capitalised_and_clipped_at_a_word() -> None:
    assert title("support flow for a pizza place.") == "Support Flow for a Pizza Place"
    long = title("flow " + "about something rather long " * 5)
    assert len(long) <= 60 and not long.endswith(" ")
    assert title("...") == "Generated Flow"
