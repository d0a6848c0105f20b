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
An operation that costs in proportion to the records takes seconds a call at 100,000, so
each stops after `--budget` seconds of timed calls (and its warm-up after a fifth of it).

    .venv/bin/python bench/platform_costs.py [--counts 1000,10000,100000]
        [--platforms rapidpro,xerochat,flochat,flowxo,flowbot] [--requests 300] [--warmup 30]
        [--budget 10]

What each platform's operations are is in `platform_ops.py` (and printed). The script prints
figures; it asserts nothing (a request answering an unexpected status stops it).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from platform_ops import PLATFORMS, Bench, Operation
from werkzeug.test import Client

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig

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
