"""WhatsApp numbers: E.164 (`+` and the country code), checked with libphonenumber."""

from __future__ import annotations

from typing import Any

import phonenumbers


def e164(value: Any) -> str | None:
    """The number in E.164 form, or None when it is not a valid international number.

    Only `+<country code><number>` is read (spaces, dashes and brackets allowed): without
    a country the number cannot be told apart from a local one. The country code must
    exist and the length fit its numbering plan; whether the number is assigned is not
    checked, since the vendor's own example (+972501234567) is in no assigned range.
    """
    if not isinstance(value, str) or not value.strip().startswith("+"):
        return None
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
