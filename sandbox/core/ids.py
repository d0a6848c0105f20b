"""Seedable generators for the id and secret formats the vendors use.

Every random-looking value the sandbox hands out (UUIDs, API tokens, WhatsApp message
ids, ...) comes from one `IdFactory`. Seed it (`flow-sandbox serve --seed`, or the
control API's reset) and a run that makes the same requests in the same order gets the
same ids, which keeps recorded demos and snapshot tests stable.
"""

from __future__ import annotations

import random
import string
import threading
from collections.abc import Iterator
from contextlib import contextmanager

HEX = "0123456789abcdef"
# RFC 4122 version 4: the version nibble (bits 76-79) is 4, the variant (bits 62-63) is 10.
_UUID4_KEPT = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
_UUID4_SET = (0x4 << 76) | (0x2 << 62)
ALPHANUMERIC = string.ascii_letters + string.digits


class IdFactory:
    """A thread-safe source of ids, random by default, reproducible when seeded."""

    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(seed)
        self.seed = seed

    def reseed(self, seed: int | None) -> None:
        with self._lock:
            self._random.seed(seed)
            self.seed = seed

    @contextmanager
    def drawing_from(self, seed: int) -> Iterator[None]:
        """Within the block, ids come from a generator seeded with `seed`; after it, the
        usual generator goes on where it was (a fixture load's values depend on the
        document only, and the ids of later requests do not depend on the load)."""
        with self._lock:
            usual, self._random = self._random, random.Random(seed)
        try:
            yield
        finally:
            with self._lock:
                self._random = usual

    def uuid4(self) -> str:
        """A version-4 UUID string, as RapidPro and most vendors use."""
        with self._lock:
            bits = self._random.getrandbits(128)
        # What str(uuid.UUID(int=bits, version=4)) gives, at a quarter of the cost: every
        # create makes one, and the UUID object was thrown away at once.
        digits = "%032x" % ((bits & _UUID4_KEPT) | _UUID4_SET)
        return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"

    def string(self, length: int, alphabet: str = ALPHANUMERIC) -> str:
        with self._lock:
            return "".join(self._random.choice(alphabet) for _ in range(length))

    def hex(self, length: int) -> str:
        return self.string(length, HEX)

    def digits(self, length: int) -> str:
        """A run of digits that does not start with 0, like a numeric database id."""
        with self._lock:
            first = self._random.choice("123456789")
            return first + "".join(self._random.choice(string.digits) for _ in range(length - 1))

    def integer(self, low: int, high: int) -> int:
        with self._lock:
            return self._random.randint(low, high)
