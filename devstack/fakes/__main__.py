"""``python -m devstack.fakes --all --base-port 8701`` — start the fakes and print their URLs.

Runs until SIGINT/SIGTERM, then stops every server cleanly. ``--posts-dir`` makes each fake append its
post log to ``<dir>/<platform>.jsonl`` so another process can count what was published.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from devstack.fakes import FAKES
from devstack.fakes.base import FakeServer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m devstack.fakes", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "platforms",
        nargs="*",
        metavar="PLATFORM",
        help=f"platforms to start, among {', '.join(FAKES)} (default: all four)",
    )
    parser.add_argument("--all", action="store_true", help="start all four fakes")
    parser.add_argument(
        "--base-port",
        type=int,
        default=0,
        help="first port; the others follow consecutively (0: ephemeral ports)",
    )
    parser.add_argument(
        "--posts-dir", type=Path, help="append posted items to <dir>/<platform>.jsonl"
    )
    parser.add_argument("--seed", type=int, help="seed for fault injection")
    parser.add_argument(
        "--error-rate", type=float, default=0.0, help="share of requests answered 5xx"
    )
    parser.add_argument(
        "--rate-limit-rate", type=float, default=0.0, help="share of requests throttled"
    )
    parser.add_argument("--drop-rate", type=float, default=0.0, help="share of connections dropped")
    parser.add_argument("--latency-ms", type=int, default=0, help="added latency per request")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON line per fake instead of text"
    )
    return parser


def start_fakes(
    names: list[str],
    base_port: int = 0,
    posts_dir: Path | None = None,
    faults: dict[str, Any] | None = None,
) -> list[FakeServer]:
    started: list[FakeServer] = []
    try:
        for offset, name in enumerate(names):
            port = base_port + offset if base_port else 0
            jsonl = posts_dir / f"{name}.jsonl" if posts_dir else None
            started.append(FAKES[name](port, faults=dict(faults or {}), jsonl_path=jsonl).start())
    except OSError:
        for fake in started:
            fake.stop()
        raise
    return started


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    unknown = sorted(set(args.platforms) - set(FAKES))
    if unknown:
        parser.error(f"unknown platform(s): {', '.join(unknown)}")
    names = list(FAKES) if args.all or not args.platforms else list(dict.fromkeys(args.platforms))
    if args.posts_dir:
        args.posts_dir.mkdir(parents=True, exist_ok=True)
    faults = {
        "seed": args.seed,
        "error_rate": args.error_rate,
        "rate_limit_rate": args.rate_limit_rate,
        "drop_rate": args.drop_rate,
        "latency_ms": args.latency_ms,
    }
    try:
        fakes = start_fakes(names, args.base_port, args.posts_dir, faults)
    except OSError as exc:
        print(f"cannot start fakes: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    for fake in fakes:
        if args.json:
            print(json.dumps(fake.describe(), ensure_ascii=False))
        else:
            print(f"{fake.platform:<9} {fake.base_url}   (posts: {fake.base_url}/_fake/)")
    sys.stdout.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for fake in fakes:
            fake.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
