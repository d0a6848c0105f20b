"""How long a compaction keeps requests from running.

The background writer folds the journal into a new snapshot of the whole store. It runs in
the server's process, so whatever it does in one C call without releasing the GIL (encoding,
sorting) stops every request for that long. This script fills a store with contact-like
documents, compacts it in a thread the way the background writer does, and meanwhile has the
main thread wake every half millisecond, timing the gaps: the longest gap is the longest
any request would have waited.

    .venv/bin/python bench/compaction_stall.py [--docs 100000]

The script prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from sandbox.core.storage import Store


def contact(i: int) -> dict[str, Any]:
    """A document shaped like a stored RapidPro contact."""
    return {
        "uuid": f"00000000-0000-4000-8000-{i:012d}",
        "name": f"Contact {i}",
        "language": None,
        "urns": [f"whatsapp:55{8200000000 + i}"],
        "urn_displays": {},
        "groups": [],
        "fields": {},
        "status": "active",
        "is_active": True,
        "flow": None,
        "notes": [],
        "created_on": "2026-11-21T13:43:38.336345Z",
        "modified_on": "2026-11-21T13:43:38.336345Z",
        "last_seen_on": None,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the store")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "db.json", flush_interval=3600)
        print(f"storing {args.docs:,} documents ...", flush=True)
        with store.transaction():
            store.insert_many("contacts", "bench", (contact(i) for i in range(args.docs)))
        finished = threading.Event()
        took: list[float] = []

        def compact() -> None:
            began = time.perf_counter()
            store.flush()
            took.append(time.perf_counter() - began)
            finished.set()

        gaps: list[float] = []
        writer = threading.Thread(target=compact)
        writer.start()
        last = time.perf_counter()
        while not finished.is_set():
            time.sleep(0.0005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
        writer.join()
        store.close()
    gaps.sort()
    print(f"compaction of {args.docs:,} documents took {took[0]:.2f} s")
    print(
        f"longest wait for the GIL meanwhile: {gaps[-1] * 1000:.0f} ms; "
        f"99th percentile {gaps[int(len(gaps) * 0.99)] * 1000:.1f} ms ({len(gaps)} wake-ups)"
    )


if __name__ == "__main__":
    main()
