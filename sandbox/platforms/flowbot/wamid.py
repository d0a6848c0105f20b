"""WhatsApp message ids (WAMIDs), shaped like the Cloud API's.

A real one, `wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA`, is base64 of a
small protobuf-like record: the recipient's digits and a hex message key
(platforms.md §D.2). Meta calls it opaque (at most 128 characters); the sandbox builds the
same structure, with the key drawn from the seedable id factory.
"""

from __future__ import annotations

import base64

from sandbox.core.ids import IdFactory

PREFIX = "wamid."
MAX_LENGTH = 128
_KEY_LENGTH = 20


def new_wamid(ids: IdFactory, phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit()).encode("ascii")
    key = ids.hex(_KEY_LENGTH).upper().encode("ascii")
    record = (
        b"\x1c\x18"
        + bytes([len(digits)])
        + digits
        + b"\x15\x02\x00\x11\x18"
        + bytes([len(key)])
        + key
        + b"\x00"
    )
    return PREFIX + base64.b64encode(record).decode("ascii")
