"""Whether a request costs the same at any number of stored records, on every platform.

For each platform (rapidpro, xerochat, flochat, flowxo, flowbot) three operations, a
read, a create and a list, are timed at each number of stored records (1,000, 10,000 and
100,000 by default); the last table gives the ratio p50 at the largest count / p50 at the
smallest, which stays near 1 when an operation does not look at the records it does not
need (the issue asks at most 1.3).

Method: in process, no server. For each platform and count, a fresh in-memory sandbox
(`create_app(SandboxConfig(db=":memory:"))`) is seeded through the platform's fixture
loader (`Sandbox.load_fixtures`: the models, not HTTP), what exists is frozen out of the
garbage collector as `flow-sandbox serve` does, and each operation is called `--requests`
times through werkzeug's test client (`Client(app)`, the whole WSGI app: routing,
authentication, validation, the view, the JSON body) after `--warmup` calls whose times
are thrown away. Each request is timed alone (`time.perf_counter`); requests/s is the
number of requests over their total time. Reads and lists run first, so they see exactly
the seeded count; every create adds a record (the store grows by `--requests` meanwhile).

    .venv/bin/python bench/platform_costs.py [--counts 1000,10000,100000]
        [--platforms rapidpro,xerochat,flochat,flowxo,flowbot] [--requests 300] [--warmup 30]

What each platform's operations are is in `PLATFORMS` (and printed). The script prints
figures; it asserts nothing (a request answering an unexpected status stops it).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from werkzeug.test import Client

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig

#: An operation: the request for its i-th call, as (method, path, werkzeug options).
Call = Callable[[int], tuple[str, str, dict[str, Any]]]


@dataclass
class Operation:
    kind: str  # "read", "create" or "list"
    label: str
    call: Call
    expected: int = 200


@dataclass
class Bench:
    """One platform's benchmark: its fixture of `n` records and its three operations."""

    name: str
    section: Callable[[int], dict[str, Any]]
    operations: Callable[[Client, int], list[Operation]]


def rid(i: int) -> str:
    """A reproducible uuid for record i."""
    return str(uuid.UUID(bytes=hashlib.md5(str(i).encode()).digest(), version=4))


def object_id(i: int) -> str:
    """A reproducible 24-hex-digit Mongo ObjectId for record i."""
    return f"65d4{i:020x}"


# -- RapidPro: contacts --------------------------------------------------------------------

RP_TOKEN = {"Authorization": "Token fcd60351118eb5c4d44f469892bbde1ed5308a45"}
RP_CONTACTS = "/rapidpro/api/v2/contacts.json"


def rapidpro_section(n: int) -> dict[str, Any]:
    contacts = [
        {"uuid": rid(i), "name": f"Contact {i}", "urns": [f"whatsapp:55{8200000000 + i}"]}
        for i in range(n)
    ]
    return {"contacts": contacts}


def rapidpro_operations(client: Client, n: int) -> list[Operation]:
    target = rid(n // 2)
    return [
        Operation(
            "read",
            "GET contacts.json?uuid=",
            lambda i: ("GET", RP_CONTACTS, {"query_string": {"uuid": target}, "headers": RP_TOKEN}),
        ),
        Operation(
            "list",
            "GET contacts.json (first page of 250, newest first)",
            lambda i: ("GET", RP_CONTACTS, {"headers": RP_TOKEN}),
        ),
        Operation(
            "create",
            "POST contacts.json",
            lambda i: (
                "POST",
                RP_CONTACTS,
                {"json": {"name": f"Bench {i}", "language": "eng"}, "headers": RP_TOKEN},
            ),
            201,
        ),
    ]


# -- XeroChat: contacts, and the labels of one page -----------------------------------------

XC_KEY = "2-XcMembr1732147200DemoKey"  # the default workspace's member key (user 2)
XC_PAGE = "109876543210987"
XC_LISTED_LABELS = 20


def xerochat_section(n: int) -> dict[str, Any]:
    # n contacts, and n labels: 20 on the page listed, the others on a second page.
    labels = [
        {
            "id": i + 1,
            "label_id": str(3698521470000000 + i),
            "name": f"Label {i}",
            "page": XC_PAGE if i < XC_LISTED_LABELS else "223344556677889",
            "user_id": 2,
        }
        for i in range(n)
    ]
    contacts = [
        {
            "id": i + 1,
            "user_id": 2,
            "contact_type_id": "1",
            "first_name": f"Contact {i}",
            "email": f"contact{i}@example.com",
            "phone_number": f"+55{11900000000 + i}",
        }
        for i in range(n)
    ]
    return {
        "users": [
            {"id": 1, "name": "Admin", "email": "admin@example.com", "user_type": "Admin"},
            {"id": 2, "name": "Member", "email": "member@example.com", "package_id": 1},
        ],
        "packages": [{"id": 1, "package_name": "Everything", "module_ids": "251,80,202"}],
        "pages": [
            {"id": 1, "page_id": XC_PAGE, "page_name": "Listed", "bot_enabled": True},
            {"id": 2, "page_id": "223344556677889", "page_name": "Other", "bot_enabled": True},
        ],
        "labels": labels,
        "contact_groups": [{"id": 1, "name": "Bench", "user_id": 2}],
        "contacts": contacts,
    }


def xerochat_operations(client: Client, n: int) -> list[Operation]:
    middle = n // 2 + 1
    return [
        Operation(
            "read",
            "GET get_contact?contact_id=",
            lambda i: (
                "GET",
                "/xerochat/api/get_contact",
                {"query_string": {"api_key": XC_KEY, "contact_id": middle}},
            ),
        ),
        Operation(
            "list",
            f"GET get_all_labels?page_id= ({XC_LISTED_LABELS} labels of one page)",
            lambda i: (
                "GET",
                "/xerochat/api/get_all_labels",
                {"query_string": {"api_key": XC_KEY, "page_id": XC_PAGE}},
            ),
        ),
        Operation(
            "create",
            "POST create_contact",
            lambda i: (
                "POST",
                "/xerochat/api/create_contact",
                {
                    "data": {
                        "api_key": XC_KEY,
                        "contact_type_id": "1",
                        "email": f"new{i}@example.com",
                        "phone_number": f"+1{5550000000 + i}",
                    }
                },
            ),
        ),
    ]


# -- Flochat: subscribers of one flow ------------------------------------------------------

FC_KEY = {"Authorization": "Bearer 85f61181adbc58458636069ae41d58139ffb2cb9demo"}
FC_FLOW = 123


def flochat_section(n: int) -> dict[str, Any]:
    subscribers = [
        {
            "user_ns": f"f{FC_FLOW}u{i + 1}",
            "user_id": str(5511900000000 + i),
            "first_name": f"Subscriber {i}",
            "phone": f"+{5511900000000 + i}",
            "email": f"subscriber{i}@example.com",
        }
        for i in range(n)
    ]
    flow = {"id": FC_FLOW, "name": "Bench", "default": True, "subscribers": subscribers}
    return {"team": {"name": "Bench"}, "flows": [flow]}


def flochat_operations(client: Client, n: int) -> list[Operation]:
    target = f"f{FC_FLOW}u{n // 2 + 1}"
    return [
        Operation(
            "read",
            "GET subscriber/get-info?user_ns=",
            lambda i: (
                "GET",
                "/flochat/subscriber/get-info",
                {"query_string": {"user_ns": target}, "headers": FC_KEY},
            ),
        ),
        Operation(
            "list",
            "GET subscribers?limit=20 (first page)",
            lambda i: (
                "GET",
                "/flochat/subscribers",
                {"query_string": {"limit": 20}, "headers": FC_KEY},
            ),
        ),
        Operation(
            "create",
            "POST subscriber/create",
            lambda i: (
                "POST",
                "/flochat/subscriber/create",
                {
                    "json": {"first_name": "New", "phone": f"+1{5550000000 + i}"},
                    "headers": FC_KEY,
                },
            ),
        ),
    ]


# -- Flow XO: end users and their conversations --------------------------------------------

FX_KEY = {
    "Authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJfaWQiOiI2Nzc0ODU4MGQzZTBjMGZmZWU1YTRkYjAiLCJyb2xlIjoidXNlciIsImZlYXR1cmVzIjpbXSwi"
    "YXBpX2tleSI6dHJ1ZSwiaWF0IjoxNzM1Njg5NjAwfQ.WGXHvnhWyhuI61ERghoVjnU4COMFzqVGo7km2gGBVz4"
}
FX_BOT = "65b2f1a0c3d4e5f6a7b8c9d0"


def flowxo_section(n: int) -> dict[str, Any]:
    users = [
        {
            "_id": object_id(i),
            "connection": FX_BOT,
            "channel": str(800000000 + i),
            "created_at": "2026-02-20T09:15:00Z",
        }
        for i in range(n)
    ]
    bots = [{"_id": FX_BOT, "name": "Bench", "platform": "telegram"}]
    return {"bots": bots, "end_users": users}


def flowxo_operations(client: Client, n: int) -> list[Operation]:
    path = f"{FX_BOT}/c/{800000000 + n // 2}"
    return [
        Operation(
            "read",
            "PUT end_users (find by response path, rename)",
            lambda i: (
                "PUT",
                "/flowxo/api/end_users",
                {
                    "json": {"response_path": path, "profile": {"user_name": f"u{i}"}},
                    "headers": FX_KEY,
                },
            ),
        ),
        Operation(
            "list",
            "GET conversations?limit=20 (first page)",
            lambda i: (
                "GET",
                "/flowxo/api/conversations",
                {"query_string": {"limit": 20}, "headers": FX_KEY},
            ),
        ),
        Operation(
            "create",
            "POST end_users",
            lambda i: (
                "POST",
                "/flowxo/api/end_users",
                {"json": {"connection": FX_BOT, "channel": f"new{i}"}, "headers": FX_KEY},
            ),
        ),
    ]


# -- FlowBot: conversations of the credentials' user ----------------------------------------

FB_CLIENT = {"clientId": "aiflow_c80ffc96d6ea7763", "apiKey": "sk_c80ffc96d6ea77633de7bb8251eefa20"}
FB_FLOW = "3f1e6a52-8d0c-4b7e-9a41-2c5d7e9b1a10"


def flowbot_section(n: int) -> dict[str, Any]:
    conversations = [
        {
            "id": rid(i),
            "flowId": FB_FLOW,
            "waPhoneNumber": f"+9725{10000000 + i}",
            "customerName": f"Customer {i}",
            "status": "active",
            "startedAt": "2026-02-28T09:00:00.000Z",
        }
        for i in range(n)
    ]
    # The replied-to conversation has a customer message of a minute ago: its 24-hour
    # window is open, so a free-form text may be sent.
    recent = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat()[:23] + "Z"
    conversations[n // 2]["messages"] = [
        {"id": "wamid.bench", "direction": "inbound", "text": "Hi", "timestamp": recent}
    ]
    flow = {
        "id": FB_FLOW,
        "name": "Bench",
        "status": "active",
        "outboundToken": "a4c1e9f27b3d5e8061f2a7c9d4b3e5f10a2c4e6f8b1d3f57",
        "hmacSecret": "5e8f2a7c9d1b3e4f6a0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a",
        "firstMessage": "Hi {{name}}!",
        # A lead to a closed window opens with the flow's default template.
        "templateGroups": [
            {
                "id": "tg_lead",
                "name": "Lead welcome",
                "templates": [
                    {
                        "id": "771254096312558",
                        "name": "lead_welcome",
                        "language": "en",
                        "text": "Hi! Thanks for contacting us.",
                    }
                ],
            }
        ],
        "defaultTemplateGroupId": "tg_lead",
    }
    user = {"id": "6f1c2b9e-4d3a-4e8b-9c71-2a5e8d0f3b14", "username": "demo"}
    return {"users": [user], "flows": [flow], "conversations": conversations}


def flowbot_operations(client: Client, n: int) -> list[Operation]:
    answer = client.post("/flowbot/api/auth/api-token", json={**FB_CLIENT, "ttlSec": 86400})
    if answer.status_code != 200:
        raise SystemExit(f"flowbot api-token answered {answer.status_code}: {answer.text}")
    token = {"Authorization": f"Bearer {answer.json['accessToken']}"}  # type: ignore[index]
    target = rid(n // 2)
    return [
        Operation(
            "read",
            "POST conversations/<id>/reply (find by id, send a text)",
            lambda i: (
                "POST",
                f"/flowbot/api/conversations/{target}/reply",
                {"json": {"messageType": "text", "text": f"Reply {i}"}, "headers": token},
            ),
        ),
        Operation(
            "list",
            "GET conversations?limit=20",
            lambda i: (
                "GET",
                "/flowbot/api/conversations",
                {"query_string": {"limit": 20}, "headers": token},
            ),
        ),
        Operation(
            "create",
            "POST webhook/flow/<id>/lead (a new phone: a new conversation)",
            lambda i: (
                "POST",
                f"/flowbot/api/webhook/flow/{FB_FLOW}/lead",
                {"json": {"phone": f"+1415{5550000 + i}", "name": "New"}, "headers": token},
            ),
        ),
    ]


PLATFORMS = {
    bench.name: bench
    for bench in (
        Bench("rapidpro", rapidpro_section, rapidpro_operations),
        Bench("xerochat", xerochat_section, xerochat_operations),
        Bench("flochat", flochat_section, flochat_operations),
        Bench("flowxo", flowxo_section, flowxo_operations),
        Bench("flowbot", flowbot_section, flowbot_operations),
    )
}


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Result:
    platform: str
    count: int
    kind: str
    label: str
    per_second: float
    p50_ms: float
    p99_ms: float


def seeded_app(bench: Bench, count: int) -> SandboxApp:
    app = create_app(SandboxConfig(db=":memory:"))
    document = {"workspaces": {"default": {bench.name: bench.section(count)}}}
    began = time.perf_counter()
    app.sandbox.load_fixtures(document)
    print(f"  seeded {count:,} in {time.perf_counter() - began:.1f} s", flush=True)
    return app


def measure(
    client: Client,
    operation: Operation,
    requests: int,
    warmup: int,
    offset: int,
    budget: float = float("inf"),
) -> list[float]:
    """Seconds per request of `requests` calls, after `warmup` calls not kept. An
    operation that costs in proportion to the records takes seconds a call at 100,000,
    so the warm-up ends after a fifth of `budget` seconds, and the timed calls after
    `budget` seconds (at least 5 of them). Calls are numbered from `offset` on, so
    creates never repeat a body."""
    times: list[float] = []
    warm_spent = 0.0
    warming = warmup > 0
    for i in range(offset, offset + warmup + requests):
        if len(times) >= min(5, requests) and sum(times) > budget:
            break
        if len(times) >= requests:
            break
        method, path, options = operation.call(i)
        began = time.perf_counter()
        response = client.open(path, method=method, **options)
        elapsed = time.perf_counter() - began
        if response.status_code != operation.expected:
            raise SystemExit(
                f"{operation.label} answered {response.status_code}, expected "
                f"{operation.expected}: {response.get_data(as_text=True)[:300]}"
            )
        if warming:
            warm_spent += elapsed
            warming = i + 1 < offset + warmup and warm_spent <= budget / 5
        else:
            times.append(elapsed)
    return times


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench_platform(
    bench: Bench, counts: Sequence[int], requests: int, warmup: int, budget: float
) -> list[Result]:
    results = []
    for count in counts:
        print(f"{bench.name} at {count:,} records", flush=True)
        app = seeded_app(bench, count)
        client = Client(app)
        operations = bench.operations(client, count)
        # As `flow-sandbox serve` does after startup: what exists now stays out of collections.
        gc.collect()
        gc.freeze()
        for operation in operations:
            times = measure(client, operation, requests, warmup, count * 10, budget)
            result = Result(
                bench.name,
                count,
                operation.kind,
                operation.label,
                len(times) / sum(times),
                statistics.median(times) * 1000,
                percentile(times, 0.99) * 1000,
            )
            results.append(result)
            print(
                f"  {operation.kind}: {len(times)} calls, p50 {ms(result.p50_ms)} ms",
                flush=True,
            )
        gc.unfreeze()
        app.close()
        del app, client
        gc.collect()
    return results


def ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def report(results: list[Result], counts: Sequence[int]) -> None:
    print()
    print("| platform | operation | records | requests/s | p50 ms | p99 ms |")
    print("|---|---|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.platform} | {r.kind}: {r.label} | {r.count:,} | {r.per_second:,.0f} | "
            f"{ms(r.p50_ms)} | {ms(r.p99_ms)} |"
        )
    first, last = min(counts), max(counts)
    print()
    print(f"p50 at {last:,} records / p50 at {first:,} (at most 1.3 is flat):")
    print()
    print("| platform | read | create | list |")
    print("|---|---:|---:|---:|")
    for platform in dict.fromkeys(r.platform for r in results):
        p50 = {(r.kind, r.count): r.p50_ms for r in results if r.platform == platform}
        ratios = []
        for kind in ("read", "create", "list"):
            if (kind, first) in p50 and (kind, last) in p50:
                ratios.append(f"{p50[(kind, last)] / p50[(kind, first)]:.2f}x")
            else:
                ratios.append("-")
        print(f"| {platform} | {' | '.join(ratios)} |")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--counts", default="1000,10000,100000", help="stored records, comma-separated"
    )
    parser.add_argument(
        "--platforms", default=",".join(PLATFORMS), help="platforms to measure, comma-separated"
    )
    parser.add_argument("--requests", type=int, default=300, help="timed calls per operation")
    parser.add_argument("--warmup", type=int, default=30, help="calls before timing starts")
    parser.add_argument(
        "--budget",
        type=float,
        default=10.0,
        help="seconds of timed calls per operation and count, after which it stops early "
        "(at least 5 calls)",
    )
    args = parser.parse_args(argv)
    counts = [int(c.replace("_", "")) for c in args.counts.split(",") if c]
    names = [p for p in args.platforms.split(",") if p]
    unknown = set(names) - set(PLATFORMS)
    if unknown:
        parser.error(f"unknown platforms: {', '.join(sorted(unknown))}")
    results: list[Result] = []
    for name in names:
        results.extend(
            bench_platform(PLATFORMS[name], counts, args.requests, args.warmup, args.budget)
        )
    report(results, counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
